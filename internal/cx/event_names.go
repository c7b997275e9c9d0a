package cx

import "time"

// StandardEvents are the standard Segment events (the e-commerce and
// lifecycle specs) that pickers offer before a workspace has seen them.
// The pages name them in words through the segment.* catalogue keys.
var StandardEvents = []string{"Order Completed", "Order Refunded", "Order Cancelled", "Product Viewed", "Product Added", "Product Removed", "Cart Viewed", "Checkout Started", "Payment Info Entered", "Coupon Applied", "Products Searched", "Product List Viewed", "Promotion Viewed", "Promotion Clicked", "Product Reviewed", "Signed Up", "Signed In", "Email Opened", "Email Link Clicked", "Email Unsubscribed"}

// EventName is a kind of event a workspace has received (or a standard one
// it has not yet): its type and name, the label people read, how many
// arrived and when the last one did.
type EventName struct {
	Type     string     `json:"type"` // track, page or screen
	Name     string     `json:"name"`
	Label    Text       `json:"label"`    // the standard events in words; others as they came
	Standard bool       `json:"standard"` // one of StandardEvents
	Count    int64      `json:"count"`
	LastSeen *time.Time `json:"last_seen"` // null when none has arrived
}

// IsStandardEvent reports whether name is one of StandardEvents.
func IsStandardEvent(name string) bool { return oneOf(name, StandardEvents) }
