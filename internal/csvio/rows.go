package csvio

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"cxm/internal/cx"
	"cxm/internal/phone"
)

// OrderCompleted is the Segment e-commerce event an imported order becomes.
const OrderCompleted = "Order Completed"

// Trait names of the identities a customer file may hold besides user id,
// email and phone.
const (
	TraitZalo    = "zalo_id"
	TraitLoyalty = "loyalty_card"
)

// profile is what a row says about a customer.
type profile struct {
	userID string
	traits map[string]any
}

// readProfile reads the customer fields of a row; unknown columns become
// traits. The first bad value is the error.
func readProfile(cols []column, rec []string) (profile, error) {
	p := profile{traits: map[string]any{}}
	for i, c := range cols {
		if i >= len(rec) || c.field == FieldIgnore {
			continue
		}
		if err := c.checkText(rec[i]); err != nil {
			return p, err
		}
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue
		}
		if c.field == "" {
			p.traits[c.trait] = v
			continue
		}
		if err := p.set(c.field, v); err != nil {
			return p, err
		}
	}
	return p, nil
}

// set checks and keeps one customer field; order fields are left to the
// order reader.
func (p *profile) set(field, v string) error {
	var err error
	switch field {
	case FieldUserID:
		p.userID = v
		return checkLength(field, v)
	case FieldEmail:
		v, err = cx.NormalizeEmail(v)
	case FieldPhone:
		v, err = phone.Normalize(v)
	case FieldBirthday:
		v, err = cx.ParseBirthday(v)
	case FieldGender:
		v, err = ParseGender(v)
	case FieldZalo:
		field = TraitZalo
	case FieldLoyalty:
		field = TraitLoyalty
	case FieldTraits:
		return p.setJSON(v)
	case FieldFullName, FieldGivenName, FieldSalutation, FieldCity:
	default:
		return nil
	}
	if err != nil {
		return err
	}
	p.traits[field] = v
	return checkLength(field, v)
}

// setJSON adds the traits of a JSON object, as exports write them; the
// row's own columns win.
func (p *profile) setJSON(v string) error {
	var m map[string]any
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return cx.FieldErrorf(FieldTraits, "traits must be a JSON object")
	}
	if hasNUL(m) {
		return cx.FieldErrorf(FieldTraits, "column %q holds a NUL character", FieldTraits)
	}
	for k, x := range m {
		if _, ok := p.traits[k]; !ok && x != nil {
			p.traits[k] = x
		}
	}
	return nil
}

// checkText refuses a value the store must not keep, under the column's
// field (traits for a column that becomes a trait).
func (c column) checkText(v string) error {
	field := c.field
	if field == "" {
		field = FieldTraits
	}
	return CheckText(field, c.header, v)
}

// hasNUL reports whether a decoded JSON value holds a NUL character, which
// JSON may write as \u0000 in a cell that is itself clean.
func hasNUL(x any) bool {
	switch x := x.(type) {
	case string:
		return strings.IndexByte(x, 0) >= 0
	case []any:
		for _, v := range x {
			if hasNUL(v) {
				return true
			}
		}
	case map[string]any:
		for k, v := range x {
			if hasNUL(k) || hasNUL(v) {
				return true
			}
		}
	}
	return false
}

func checkLength(field, v string) error {
	if utf8.RuneCountInString(v) > 200 {
		return cx.FieldErrorf(field, "%s is longer than %d characters", field, 200)
	}
	return nil
}

// identified reports whether the profile names someone: a user id, an
// email, a phone, a Zalo id or a loyalty card.
func (p profile) identified() bool {
	if p.userID != "" {
		return true
	}
	for _, k := range []string{FieldEmail, FieldPhone, TraitZalo, TraitLoyalty} {
		if p.traits[k] != nil {
			return true
		}
	}
	return false
}

var errNoIdentity = cx.FieldErrorf("user_id", "the row has no user id, email, phone, Zalo id or loyalty card")

// customerEvent turns a customer row into an identify event. Its message
// id is a hash of what the row says, so importing the same file twice
// adds nothing, while a corrected row is applied.
func customerEvent(cols []column, rec []string, at time.Time) (cx.Event, error) {
	p, err := readProfile(cols, rec)
	if err != nil {
		return cx.Event{}, err
	}
	if !p.identified() {
		return cx.Event{}, errNoIdentity
	}
	return cx.Event{
		MessageID: "csv-c-" + rowHash(cols, rec), Type: cx.EventIdentify, UserID: p.userID, Traits: p.traits,
		Context: importContext(), Timestamp: at, ReceivedAt: at,
	}, nil
}

// rowHash identifies a row by its content, ignoring column order and
// surrounding spaces.
func rowHash(cols []column, rec []string) string {
	h := sha256.New()
	for i, c := range cols {
		if i < len(rec) && c.field != FieldIgnore {
			h.Write([]byte(c.field + "/" + c.trait + "=" + strings.TrimSpace(rec[i]) + "\x00"))
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// importContext marks events that came from a file, so that they can be
// told apart from what customers did live.
func importContext() map[string]any {
	return map[string]any{"channel": "import", "library": map[string]any{"name": "cxm-csv"}}
}

func trimmed(s string) string { return strings.TrimSpace(s) }
