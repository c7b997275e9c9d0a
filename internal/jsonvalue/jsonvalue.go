// Package jsonvalue finds, in JSON from outside, the first value cxm could
// not keep: a string with a NUL character (PostgreSQL refuses it), bytes
// that are not UTF-8 (decoding would silently replace them, SQLite would
// keep them and exports would break), or a number beyond float64 (1e400,
// which decodes into nothing). Ingestion and the JSON API both refuse such
// input at the door with the path of the value. A leaf: it imports nothing
// of ours.
package jsonvalue

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Check returns the path ("traits.age", "items[2].text") and the reason of
// the first value of the JSON document raw that cannot be kept, or no
// reason when all can. raw that is not JSON is left to the caller's
// decoder. It decodes raw once more: for request bodies of the API, not for
// the /v1 hot path, which checks its decoded events with Bad.
func Check(raw []byte) (at, reason string) {
	if !utf8.Valid(raw) {
		return InvalidText(raw), NotUTF8
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return "", ""
	}
	at, reason = Bad(v)
	return strings.TrimPrefix(at, "."), reason
}

// The reasons Check and Bad give.
const (
	NotUTF8 = "is not valid UTF-8 text"
	HasNUL  = "contains a NUL character"
	TooBig  = "is a number too large to keep: at most about ±1.8e308"
)

// Bad returns where below v (".name", "[2]" …) and why a value cannot
// be kept, or no reason when all can.
func Bad(v any) (at, reason string) {
	switch x := v.(type) {
	case string:
		if strings.IndexByte(x, 0) >= 0 {
			return "", HasNUL
		}
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil {
			return "", TooBig
		}
	case map[string]any:
		for k, y := range x {
			if strings.IndexByte(k, 0) >= 0 {
				return "." + strings.ReplaceAll(k, "\x00", `\u0000`), "has a name with a NUL character"
			}
			if at, why := Bad(y); why != "" {
				return "." + k + at, why
			}
		}
	case []any:
		for i, y := range x {
			if at, why := Bad(y); why != "" {
				return "[" + strconv.Itoa(i) + "]" + at, why
			}
		}
	}
	return "", ""
}

// InvalidText returns the path of the first key or value of the JSON raw
// (valid JSON, but not valid UTF-8) whose bytes are not UTF-8. It walks the
// tokens, since decoding replaces invalid bytes with U+FFFD.
func InvalidText(raw []byte) string {
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

// pathStep is one level of InvalidText's walk: an object and the key it is
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
