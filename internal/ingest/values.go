package ingest

import (
	"strings"
	"unicode/utf8"

	"cxm/internal/cx"
	"cxm/internal/jsonvalue"
)

// Every string of an event must be valid UTF-8 without NUL, and every
// number must fit a float64: PostgreSQL refuses NUL in text, SQLite would
// keep invalid bytes that then make exports invalid, and a number such as
// 1e400 decodes into nothing, so that a list holding it could not be read.
// Such a call is refused whole, naming the field, like any invalid event.

// checkValues returns the field and reason of the first value of an event
// that cxm cannot keep: its properties, traits and context at any depth,
// and its names and ids. raw is the event as sent.
func checkValues(raw []byte, m message, e *cx.Event) (field, reason string) {
	if !utf8.Valid(raw) {
		return jsonvalue.InvalidText(raw), jsonvalue.NotUTF8
	}
	for _, s := range [...]struct{ name, v string }{{"type", m.Type}, {"event", m.Event}, {"name", m.Name}, {"category", m.Category},
		{"channel", m.Channel}, {"messageId", e.MessageID}, {"userId", e.UserID}, {"anonymousId", e.AnonymousID},
		{"previousId", e.PreviousID}, {"groupId", e.GroupID}} {
		if strings.IndexByte(s.v, 0) >= 0 {
			return s.name, jsonvalue.HasNUL
		}
	}
	for _, o := range [...]struct {
		name string
		v    map[string]any
	}{{"properties", m.Properties}, {"traits", m.Traits}, {"context", m.Context}} {
		if at, why := jsonvalue.Bad(o.v); why != "" {
			return o.name + at, why
		}
	}
	return "", ""
}
