package store

import (
	"encoding/json"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync"
)

// A stored JSON value that does not decode — a number beyond float64 kept
// before /v1 refused them, text changed by hand — must never fail a list,
// an export, a timeline or a rebuild: the readers leave the bad value out
// (the rest of the row stays) and log it once.

// oddLog logs each odd stored value once per process, so that a list read
// every few seconds does not fill the log.
type oddLog struct {
	log  *slog.Logger
	mu   sync.Mutex
	seen map[string]bool
}

// maxOddSeen bounds what oddLog remembers; beyond it, it starts afresh.
const maxOddSeen = 10_000

// SetLogger sets where the store logs the stored values it had to leave
// out; by default it logs nowhere.
func (s *Store) SetLogger(l *slog.Logger) { s.odd.log = l }

func newOddLog() *oddLog {
	return &oddLog{log: slog.New(slog.DiscardHandler), seen: map[string]bool{}}
}

// report logs, once, that where (table.column) of row id held values that
// were left out.
func (o *oddLog) report(where, id, what string) {
	if o == nil {
		return
	}
	key := where + "\x00" + id
	o.mu.Lock()
	seen := o.seen[key]
	if !seen {
		if len(o.seen) >= maxOddSeen {
			clear(o.seen)
		}
		o.seen[key] = true
	}
	o.mu.Unlock()
	if !seen {
		o.log.Warn("store: a stored value does not decode and was left out", "column", where, "id", id, "left_out", what)
	}
}

// object decodes a JSON object column of row id. Numbers beyond float64
// are left out; a value that is not a JSON object at all reads as {}.
func (o *oddLog) object(raw, where, id string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err == nil {
		return m
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		o.report(where, id, "the whole value: not a JSON object")
		return map[string]any{}
	}
	var dropped []string
	keepFloats(m, "", &dropped)
	o.report(where, id, strings.Join(dropped, ", "))
	return m
}

// decode decodes a JSON column of row id into v, which is left as it is
// when the value does not decode.
func (o *oddLog) decode(raw string, v any, where, id string) {
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		o.report(where, id, "the whole value: "+err.Error())
	}
}

// keepFloats turns the json.Numbers below v into float64, as a plain
// decode would, and leaves out those beyond float64: deleted from an
// object, null in an array. It notes the paths it left out.
func keepFloats(v any, at string, dropped *[]string) any {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || math.IsInf(f, 0) {
			*dropped = append(*dropped, strings.TrimPrefix(at, "."))
			return nil
		}
		return f
	case map[string]any:
		for k, y := range x {
			if z := keepFloats(y, at+"."+k, dropped); z != nil || y == nil {
				x[k] = z
			} else {
				delete(x, k)
			}
		}
	case []any:
		for i, y := range x {
			x[i] = keepFloats(y, at+"["+strconv.Itoa(i)+"]", dropped)
		}
	}
	return v
}
