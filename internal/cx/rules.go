package cx

import (
	"strings"
	"time"
)

// MappingRule maps events to a touchpoint. Empty conditions match every
// event; the rule with the lowest position that matches wins, so that a
// business can put its specific rules before the defaults.
type MappingRule struct {
	ID            string `json:"id"`
	Position      int    `json:"position"`
	EventType     string `json:"event_type"`     // track, page, screen … or "" for any
	EventName     string `json:"event_name"`     // "" for any; compared without case
	Channel       string `json:"channel"`        // context.channel, "" for any
	Property      string `json:"property"`       // a property such as source or utm_source
	PropertyValue string `json:"property_value"` // compared without case
	PathPrefix    string `json:"path_prefix"`    // page path, such as /san-pham
	TouchpointID  string `json:"touchpoint_id"`
}

// Validate cleans and checks a mapping rule. Whether TouchpointID names a
// touchpoint of the workspace is checked by the store.
func (r *MappingRule) Validate() error {
	r.EventType = strings.TrimSpace(r.EventType)
	r.EventName = strings.TrimSpace(r.EventName)
	r.Channel = strings.TrimSpace(r.Channel)
	r.Property = strings.TrimSpace(r.Property)
	r.PropertyValue = strings.TrimSpace(r.PropertyValue)
	r.PathPrefix = strings.TrimSpace(r.PathPrefix)
	if r.EventType != "" && !oneOf(r.EventType, EventTypes) {
		return FieldErrorf("event_type", "event_type must be empty or one of identify, track, page, screen, group, alias")
	}
	for _, f := range []struct{ name, v string }{{"event_name", r.EventName}, {"channel", r.Channel},
		{"property", r.Property}, {"property_value", r.PropertyValue}, {"path_prefix", r.PathPrefix}} {
		if err := validateString(f.name, f.v, 200, false); err != nil {
			return err
		}
	}
	if (r.Property == "") != (r.PropertyValue == "") {
		return FieldErrorf("property_value", "give both a property and its value, or neither")
	}
	if r.PathPrefix != "" && !strings.HasPrefix(r.PathPrefix, "/") {
		return FieldErrorf("path_prefix", "path_prefix must start with /")
	}
	if r.EventType == "" && r.EventName == "" && r.Channel == "" && r.Property == "" && r.PathPrefix == "" {
		return FieldErrorf("event_name", "a rule needs at least one condition: an event type, name, channel, property or path")
	}
	if r.TouchpointID == "" {
		return FieldErrorf("touchpoint_id", "touchpoint_id is required")
	}
	return nil
}

// StageRule moves a customer into a journey stage the nth time an event
// happens to them: the first "Order Completed" into purchase, the second
// into retention. Customers only move forward in a journey.
type StageRule struct {
	ID         string `json:"id"`
	Position   int    `json:"position"`
	EventName  string `json:"event_name"` // compared without case
	Occurrence int    `json:"occurrence"` // 1 for the first time, 2 for the second …
	JourneyID  string `json:"journey_id"` // set by the store from the stage
	StageID    string `json:"stage_id"`
}

// Validate cleans and checks a stage rule. Whether StageID names a stage of
// the workspace is checked by the store.
func (r *StageRule) Validate() error {
	r.EventName = strings.TrimSpace(r.EventName)
	if err := validateString("event_name", r.EventName, 200, true); err != nil {
		return err
	}
	if r.Occurrence == 0 {
		r.Occurrence = 1
	}
	if r.Occurrence < 1 || r.Occurrence > 1000 {
		return FieldErrorf("occurrence", "occurrence must be a whole number from 1 to 1000")
	}
	if r.StageID == "" {
		return FieldErrorf("stage_id", "stage_id is required")
	}
	return nil
}

// Identity conflict statuses.
const (
	ConflictOpen      = "open"
	ConflictMerged    = "merged"
	ConflictDismissed = "dismissed"
)

// IdentityConflict is an email, phone or other id that two customers with
// different user ids both claim. cxm never merges them silently; a person
// decides.
type IdentityConflict struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Value      string     `json:"value"`
	CustomerID string     `json:"customer_id"` // who holds the identity
	ClaimantID string     `json:"claimant_id"` // who also claimed it
	EventID    string     `json:"event_id,omitempty"`
	Status     string     `json:"status"`
	CreatedAt  time.Time  `json:"created_at"`
	ResolvedAt *time.Time `json:"resolved_at"`
}

// Merge reasons.
const (
	MergeAlias    = "alias"    // an alias call
	MergeIdentify = "identify" // an identify tied an anonymous visitor to a user
	MergeIdentity = "identity" // a profile without user id shared an email, phone or other id
	MergeConflict = "conflict" // a person resolved an identity conflict by merging
)

// UnmappedEvent is a group of events that no mapping rule maps to a
// touchpoint: a sign of a touchpoint the business has not described yet.
type UnmappedEvent struct {
	Type     string    `json:"type"`
	Name     string    `json:"name"`
	Source   string    `json:"source"`
	Count    int64     `json:"count"`
	LastSeen time.Time `json:"last_seen"`
}
