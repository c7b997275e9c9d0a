package ingest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"cxm/internal/cx"
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
		return invalidText(raw), "is not valid UTF-8 text"
	}
	for _, s := range [...]struct{ name, v string }{{"type", m.Type}, {"event", m.Event}, {"name", m.Name}, {"category", m.Category},
		{"channel", m.Channel}, {"messageId", e.MessageID}, {"userId", e.UserID}, {"anonymousId", e.AnonymousID},
		{"previousId", e.PreviousID}, {"groupId", e.GroupID}} {
		if strings.IndexByte(s.v, 0) >= 0 {
			return s.name, "contains a NUL character"
		}
	}
	for _, o := range [...]struct {
		name string
		v    map[string]any
	}{{"properties", m.Properties}, {"traits", m.Traits}, {"context", m.Context}} {
		if at, why := badValue(o.v); why != "" {
			return o.name + at, why
		}
	}
	return "", ""
}

// badValue returns where below v (".name", "[2]" …) and why a value cannot
// be kept, or no reason when all can.
func badValue(v any) (at, reason string) {
	switch x := v.(type) {
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			return "", "contains a NUL character"
		}
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil {
			return "", "is a number too large to keep: at most about ±1.8e308"
		}
	case map[string]any:
		for k, y := range x {
			if strings.IndexByte(k, 0) >= 0 {
				return "." + strings.ReplaceAll(k, "\x00", `\u0000`), "has a name with a NUL character"
			}
			if at, why := badValue(y); why != "" {
				return "." + k + at, why
			}
		}
	case []any:
		for i, y := range x {
			if at, why := badValue(y); why != "" {
				return "[" + strconv.Itoa(i) + "]" + at, why
			}
		}
	}
	return "", ""
}

// invalidText returns the path of the first key or value of the JSON raw
// (valid JSON, but not valid UTF-8) whose bytes are not UTF-8. It walks the
// tokens, since decoding replaces invalid bytes with U+FFFD.
func invalidText(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var stack []pathStep
	var last int64
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		seg := raw[last:dec.InputOffset()]
		last = dec.InputOffset()
		var top *pathStep
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].valueDone()
			}
			continue
		}
		if top != nil && !top.array && top.wantKey {
			top.key, top.wantKey = tok.(string), false
			if !utf8.Valid(seg) {
				return pathOf(stack)
			}
			continue
		}
		if top != nil && top.array {
			top.index++
		}
		if !utf8.Valid(seg) {
			return pathOf(stack)
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, pathStep{wantKey: true})
		case json.Delim('['):
			stack = append(stack, pathStep{array: true, index: -1})
		default:
			if top != nil {
				top.valueDone()
			}
		}
	}
}

// pathStep is one level of invalidText's walk: an object and the key it is
// at, or an array and the index.
type pathStep struct {
	array   bool
	wantKey bool
	key     string
	index   int
}

func (s *pathStep) valueDone() {
	if !s.array {
		s.wantKey = true
	}
}

func pathOf(stack []pathStep) string {
	var b strings.Builder
	for i, s := range stack {
		switch {
		case s.array:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case i > 0:
			b.WriteString("." + s.key)
		default:
			b.WriteString(s.key)
		}
	}
	return b.String()
}
