package cx

import (
	"fmt"
	"time"
)

// Consent is a customer's answer to whether the business may contact them
// for a purpose through a channel. A pair with no row was never asked.
type Consent struct {
	Purpose   string    `json:"purpose"`
	Channel   string    `json:"channel"`
	Granted   bool      `json:"granted"`
	Source    string    `json:"source"` // where the answer came from: one of ConsentSources
	UpdatedAt time.Time `json:"updated_at"`
}

// Consent purposes, channels and sources.
var (
	ConsentPurposes = []string{"marketing", "surveys", "service"}
	ConsentChannels = []string{"email", "sms", "zalo", "phone"}
	ConsentSources  = []string{"api", "dashboard", "identify"}
)

// Validate checks a consent's purpose, channel and source.
func (c *Consent) Validate() error {
	if !oneOf(c.Purpose, ConsentPurposes) {
		return FieldErrorf("purpose", "purpose must be marketing, surveys or service")
	}
	if !oneOf(c.Channel, ConsentChannels) {
		return FieldErrorf("channel", "channel must be email, sms, zalo or phone")
	}
	if !oneOf(c.Source, ConsentSources) {
		return FieldErrorf("source", "source must be api, dashboard or identify")
	}
	return nil
}

// ConsentTrait is the identify trait that carries consent, in the shape
// {"marketing": {"email": true, "zalo": false}, "surveys": {"email": true}}.
const ConsentTrait = "consent"

// ConsentsFromTrait reads the consent trait. It returns an invalid error
// naming the first purpose or channel it does not know.
func ConsentsFromTrait(v any, source string, at time.Time) ([]Consent, error) {
	purposes, ok := v.(map[string]any)
	if !ok {
		return nil, FieldErrorf("traits.consent", "traits.consent must be an object of purposes, each an object of channels set to true or false")
	}
	var out []Consent
	for purpose, chans := range purposes {
		channels, ok := chans.(map[string]any)
		if !ok {
			return nil, FieldErrorf("traits.consent."+purpose, "traits.consent.%s must be an object of channels set to true or false", purpose)
		}
		for channel, granted := range channels {
			g, ok := granted.(bool)
			if !ok {
				return nil, FieldErrorf(fmt.Sprintf("traits.consent.%s.%s", purpose, channel), "consent must be true or false")
			}
			c := Consent{Purpose: purpose, Channel: channel, Granted: g, Source: source, UpdatedAt: at}
			if err := c.Validate(); err != nil {
				e := AsError(err)
				return nil, &Error{Code: Invalid, Field: "traits.consent." + purpose + "." + channel, Message: e.Message, Format: e.Format, Args: e.Args}
			}
			out = append(out, c)
		}
	}
	return out, nil
}
