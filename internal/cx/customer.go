package cx

import "time"

// Customer is one unified profile (seeds 001 and 003): who the person is,
// how to reach them, and a summary of what they did, kept up to date in the
// same transaction as each event.
type Customer struct {
	ID         string          `json:"id"`
	UserID     string          `json:"user_id,omitempty"` // the business's own id for the person
	FullName   string          `json:"full_name"`
	GivenName  string          `json:"given_name"`
	Salutation string          `json:"salutation"` // anh, chị, cô, chú, Mr, Ms …
	Email      string          `json:"email"`
	Phone      string          `json:"phone"`    // E.164, such as +84912345678
	Birthday   string          `json:"birthday"` // YYYY-MM-DD, or --MM-DD without a year
	City       string          `json:"city"`
	Traits     map[string]any  `json:"traits"` // every other trait, as sent
	Identities []Identity      `json:"identities,omitempty"`
	Stages     []CustomerStage `json:"stages,omitempty"`
	Consents   []Consent       `json:"consents"`
	Summary    Summary         `json:"summary"`
	Merges     []CustomerMerge `json:"merges,omitempty"` // profiles merged into this one
	CSMOwner   string          `json:"csm_owner"`        // the customer-success manager: a member's user id, "" for none
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
}

// Identity is one way to recognise a customer.
type Identity struct {
	Kind  string `json:"kind"` // one of IdentityKinds
	Value string `json:"value"`
}

// Identity kinds. Email is lower-cased and trimmed, phone is E.164.
const (
	IDUser      = "user_id"
	IDAnonymous = "anonymous_id"
	IDEmail     = "email"
	IDPhone     = "phone"
	IDZalo      = "zalo"
	IDLoyalty   = "loyalty"
	IDOther     = "other"
)

// IdentityKinds lists the identity kinds.
var IdentityKinds = []string{IDUser, IDAnonymous, IDEmail, IDPhone, IDZalo, IDLoyalty, IDOther}

// Summary is what a customer did, counted as events arrive. Money is in
// whole VND; other currencies are kept apart in their own minor units.
type Summary struct {
	FirstSeen      *time.Time       `json:"first_seen"`
	LastSeen       *time.Time       `json:"last_seen"`
	Events         int64            `json:"events"`
	PageViews      int64            `json:"page_views"`
	TimeOnPageMS   int64            `json:"time_on_page_ms"`
	ProductsViewed int64            `json:"products_viewed"`
	Orders         int64            `json:"orders"`
	RevenueVND     int64            `json:"revenue_vnd"`
	RevenueOther   map[string]int64 `json:"revenue_other"` // currency code → amount in minor units
	FirstOrderAt   *time.Time       `json:"first_order_at"`
	LastOrderAt    *time.Time       `json:"last_order_at"`
}

// CustomerStage is where a customer stands in one journey.
type CustomerStage struct {
	JourneyID string    `json:"journey_id"`
	StageID   string    `json:"stage_id"`
	EnteredAt time.Time `json:"entered_at"`
	EventID   string    `json:"event_id"` // the event that moved them there
}

// Event is something a customer did, in the shape of the Segment tracking
// spec: identify, track, page, screen, group or alias.
type Event struct {
	ID           string         `json:"id"`
	MessageID    string         `json:"message_id"`
	Type         string         `json:"type"`
	Name         string         `json:"name"` // track: the event; page and screen: the page's name
	UserID       string         `json:"user_id,omitempty"`
	AnonymousID  string         `json:"anonymous_id,omitempty"`
	PreviousID   string         `json:"previous_id,omitempty"` // alias
	GroupID      string         `json:"group_id,omitempty"`    // group
	Properties   map[string]any `json:"properties,omitempty"`
	Traits       map[string]any `json:"traits,omitempty"`
	Context      map[string]any `json:"context,omitempty"`
	CustomerID   string         `json:"customer_id"`
	TouchpointID string         `json:"touchpoint_id,omitempty"`
	Timestamp    time.Time      `json:"timestamp"`   // when it happened, corrected for clock skew
	ReceivedAt   time.Time      `json:"received_at"` // when cxm received it
}

// Event types of the Segment spec.
const (
	EventIdentify = "identify"
	EventTrack    = "track"
	EventPage     = "page"
	EventScreen   = "screen"
	EventGroup    = "group"
	EventAlias    = "alias"
)

// EventTypes lists the event types.
var EventTypes = []string{EventIdentify, EventTrack, EventPage, EventScreen, EventGroup, EventAlias}

// Order is a completed purchase, from an "Order Completed" event or a CSV
// import. Total is in whole VND, or in minor units of another currency.
type Order struct {
	ID         string      `json:"id"` // the business's order id
	CustomerID string      `json:"customer_id"`
	Total      int64       `json:"total"`
	Currency   string      `json:"currency"`
	Items      []OrderItem `json:"items"`
	PlacedAt   time.Time   `json:"placed_at"`
	EventID    string      `json:"event_id,omitempty"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	ProductID string `json:"product_id"`
	SKU       string `json:"sku,omitempty"`
	Name      string `json:"name"`
	Category  string `json:"category,omitempty"`
	Quantity  int64  `json:"quantity"`
	Price     int64  `json:"price"` // per unit, same currency as the order
}
