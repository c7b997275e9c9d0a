package cx

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// CustomerMerge records a profile merged into another (by alias, or by an
// identify that tied an anonymous visitor to a known user), so that a person
// reading the profile sees where its history came from.
type CustomerMerge struct {
	ID       string    `json:"id"`
	MergedID string    `json:"merged_id"` // the profile that no longer exists
	Reason   string    `json:"reason"`
	EventID  string    `json:"event_id,omitempty"`
	MergedAt time.Time `json:"merged_at"`
}

// TimelineItem is one thing on a customer's timeline: an event they did or,
// from the feedback side, something they said. Kind says which field is set.
type TimelineItem struct {
	Kind         string    `json:"kind"` // TimelineEvent, or another source's kind
	ID           string    `json:"id"`
	Time         time.Time `json:"time"`
	TouchpointID string    `json:"touchpoint_id,omitempty"`
	Event        *Event    `json:"event,omitempty"`
	Feedback     *Feedback `json:"feedback,omitempty"`
}

// Timeline item kinds.
const (
	TimelineEvent    = "event"
	TimelineFeedback = "feedback"
)

// Profile traits kept in their own columns; every other trait stays in
// Customer.Traits as sent.
const (
	TraitFullName   = "full_name"
	TraitGivenName  = "given_name"
	TraitSalutation = "salutation"
	TraitEmail      = "email"
	TraitPhone      = "phone"
	TraitBirthday   = "birthday"
	TraitCity       = "city"
)

// Limits of what a trait edit may hold.
const (
	maxTraitKey    = 100
	maxTraitsBytes = 32 << 10
)

// ValidateTraitEdit checks a change of traits: keys are short and non-empty,
// the profile columns are strings of sensible length, a birthday is a date,
// and the whole stays under 32 KB. A nil value removes the trait.
func ValidateTraitEdit(traits map[string]any) error {
	if len(traits) == 0 {
		return FieldErrorf("traits", "traits are required")
	}
	for k, v := range traits {
		if k == "" || utf8.RuneCountInString(k) > maxTraitKey {
			return FieldErrorf("traits", "a trait name must have 1 to %d characters", maxTraitKey)
		}
		if err := validateProfileTrait(k, v); err != nil {
			return err
		}
	}
	b, err := json.Marshal(traits)
	if err != nil || len(b) > maxTraitsBytes {
		return FieldErrorf("traits", "traits are larger than %d KB", maxTraitsBytes>>10)
	}
	return nil
}

// validateProfileTrait checks a trait that has its own column.
func validateProfileTrait(k string, v any) error {
	switch k {
	case TraitFullName, TraitGivenName, TraitSalutation, TraitCity, TraitEmail, TraitPhone, TraitBirthday:
	default:
		return nil
	}
	if v == nil {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		return FieldErrorf(k, "%s must be text", k)
	}
	if k == TraitBirthday && strings.TrimSpace(s) != "" {
		if _, err := ParseBirthday(s); err != nil {
			return err
		}
	}
	return validateString(k, s, 200, false)
}

// ParseBirthday accepts YYYY-MM-DD, DD/MM/YYYY and --MM-DD (a birthday
// without its year) and returns it as YYYY-MM-DD or --MM-DD.
func ParseBirthday(s string) (string, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "--") {
		if _, err := time.Parse("2006-01-02", "2000"+s[1:]); err == nil && len(s) == 7 {
			return s, nil
		}
		return "", FieldErrorf(TraitBirthday, "%q is not a date: use YYYY-MM-DD or DD/MM/YYYY", s)
	}
	d, err := parseLocalDate(s)
	if err != nil {
		return "", FieldErrorf(TraitBirthday, "%q is not a date: use YYYY-MM-DD or DD/MM/YYYY", s)
	}
	return d.Format("2006-01-02"), nil
}

// ParseDate reads a date or time as Vietnamese files write them:
// YYYY-MM-DD, DD/MM/YYYY (also D/M/YYYY), either with a time of day, or
// RFC 3339. Times without a zone are taken in Vietnam's time (UTC+7).
func ParseDate(s string) (time.Time, error) {
	t, err := parseLocalDate(s)
	return t.UTC(), err
}

// parseLocalDate is ParseDate in the time zone the date was written in.
func parseLocalDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, vietnamTime); err == nil {
			return t, nil
		}
	}
	return time.Time{}, FieldErrorf("date", "%q is not a date: use YYYY-MM-DD or DD/MM/YYYY", s)
}

var dateLayouts = []string{
	"2006-01-02", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04",
	"2/1/2006", "2/1/2006 15:04:05", "2/1/2006 15:04",
}

// vietnamTime is UTC+7, without daylight saving.
var vietnamTime = time.FixedZone("ICT", 7*3600)
