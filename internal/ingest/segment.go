package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cxm/internal/cx"
	"cxm/internal/jsonvalue"
	"cxm/internal/secret"
)

// Limits of the Segment HTTP tracking API, which cxm keeps.
const (
	MaxEventBytes   = 32 << 10
	MaxRequestBytes = 500 << 10
)

// ItemError says why one event of a request was refused. Index is the
// event's place in the batch (0 for a single call), or -1 when the request
// as a whole is wrong.
type ItemError struct {
	Index  int    `json:"index"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Request is a parsed /v1 call: the write key in its body, if any, and its
// events, validated.
type Request struct {
	WriteKey string
	Events   []cx.Event
}

// message is one Segment call as sent. Ids are raw so that numbers are
// accepted as well as strings, as Segment does.
type message struct {
	Type              string          `json:"type"`
	MessageID         json.RawMessage `json:"messageId"`
	UserID            json.RawMessage `json:"userId"`
	AnonymousID       json.RawMessage `json:"anonymousId"`
	PreviousID        json.RawMessage `json:"previousId"`
	GroupID           json.RawMessage `json:"groupId"`
	Event             string          `json:"event"`
	Name              string          `json:"name"`
	Category          string          `json:"category"`
	Channel           string          `json:"channel"`
	Properties        map[string]any  `json:"properties"`
	Traits            map[string]any  `json:"traits"`
	Context           map[string]any  `json:"context"`
	Timestamp         string          `json:"timestamp"`
	OriginalTimestamp string          `json:"originalTimestamp"`
	SentAt            string          `json:"sentAt"`
	WriteKey          string          `json:"writeKey"`
}

// batchBody is the body of /v1/batch: the calls, and what applies to all.
type batchBody struct {
	Batch    []json.RawMessage `json:"batch"`
	Context  map[string]any    `json:"context"`
	SentAt   string            `json:"sentAt"`
	WriteKey string            `json:"writeKey"`
}

// Parse reads the body of a /v1 call: kind is the call's type, or "batch".
// A request with any invalid event is refused whole: errs then lists every
// problem and no event is returned.
func Parse(kind string, body []byte, received time.Time) (Request, []ItemError) {
	if len(body) > MaxRequestBytes {
		return Request{}, []ItemError{{-1, "", fmt.Sprintf("the request is larger than %d KB", MaxRequestBytes>>10)}}
	}
	raws, shared, err := split(kind, body)
	if err != nil {
		return Request{}, []ItemError{{-1, "", err.Error()}}
	}
	req := Request{WriteKey: shared.WriteKey}
	var errs []ItemError
	for i, raw := range raws {
		e, field, reason := parseEvent(kind, raw, shared, received)
		if reason != "" {
			errs = append(errs, ItemError{i, field, reason})
			continue
		}
		req.Events = append(req.Events, e)
	}
	if len(errs) == 0 {
		errs = checkShared(body, shared)
	}
	if len(errs) > 0 {
		return Request{}, errs
	}
	return req, nil
}

// checkShared checks what a batch sends outside its events (its context,
// write key and sentAt) by the rules of checkValues.
func checkShared(body []byte, shared batchBody) []ItemError {
	if !utf8.Valid(body) {
		field := jsonvalue.InvalidText(body)
		return []ItemError{{-1, field, strings.TrimSpace(field + " is not valid UTF-8 text")}}
	}
	if at, why := jsonvalue.Bad(shared.Context); why != "" {
		return []ItemError{{-1, "context" + at, "context" + at + " " + why}}
	}
	if strings.IndexByte(shared.WriteKey, 0) >= 0 {
		return []ItemError{{-1, "writeKey", "writeKey contains a NUL character"}}
	}
	return nil
}

// split returns the raw calls of a request and the batch's shared fields.
func split(kind string, body []byte) ([]json.RawMessage, batchBody, error) {
	var b batchBody
	if kind != "batch" {
		if err := json.Unmarshal(body, &b); err != nil {
			return nil, b, jsonProblem(err)
		}
		b.Batch, b.Context, b.SentAt = []json.RawMessage{body}, nil, ""
		return b.Batch, b, nil
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, b, jsonProblem(err)
	}
	if len(b.Batch) == 0 {
		return nil, b, fmt.Errorf("batch is empty: send {\"batch\": [ … ]}")
	}
	return b.Batch, b, nil
}

func jsonProblem(err error) error {
	return fmt.Errorf("the body is not a JSON object: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// parseEvent validates one call and turns it into an event. It returns the
// field and reason of the first problem.
func parseEvent(kind string, raw json.RawMessage, shared batchBody, received time.Time) (cx.Event, string, string) {
	if len(raw) > MaxEventBytes {
		return cx.Event{}, "", fmt.Sprintf("the event is larger than %d KB", MaxEventBytes>>10)
	}
	var m message
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return cx.Event{}, "", "not a JSON object: " + strings.TrimPrefix(err.Error(), "json: ")
	}
	if kind != "batch" {
		m.Type = kind
	}
	e := cx.Event{Type: m.Type, Properties: m.Properties, Traits: m.Traits, Context: m.Context, ReceivedAt: received}
	ids := []struct {
		field string
		raw   json.RawMessage
		dst   *string
	}{{"messageId", m.MessageID, &e.MessageID}, {"userId", m.UserID, &e.UserID}, {"anonymousId", m.AnonymousID, &e.AnonymousID},
		{"previousId", m.PreviousID, &e.PreviousID}, {"groupId", m.GroupID, &e.GroupID}}
	for _, id := range ids {
		v, ok := idString(id.raw)
		if !ok {
			return e, id.field, id.field + " must be a string or a number of at most 200 characters"
		}
		*id.dst = v
	}
	if field, reason := checkValues(raw, m, &e); reason != "" {
		return e, field, strings.TrimSpace(field + " " + reason)
	}
	if e.Type == cx.EventIdentify {
		e.Traits = identifyTraits(e.Traits, e.Context)
	}
	if field, reason := checkEvent(&e, m); reason != "" {
		return e, field, reason
	}
	if e.Type == cx.EventTrack && strings.EqualFold(e.Name, EventOrderCompleted) {
		// The workspace's currency is not known yet; the limits are in
		// whole units of any currency.
		if _, err := orderOf(&e, ""); err != nil {
			f := cx.AsError(err)
			return e, f.Field, f.Field + ": " + f.Message
		}
	}
	e.Context = withShared(e.Context, shared.Context, m.Channel)
	ts, field, reason := eventTime(m, shared.SentAt, received)
	if reason != "" {
		return e, field, reason
	}
	e.Timestamp = ts
	if e.MessageID == "" {
		e.MessageID = "cxm-" + strings.ToLower(secret.RandomToken(16))
	}
	return e, "", ""
}

// checkEvent checks what each type of call needs and sets its name.
func checkEvent(e *cx.Event, m message) (field, reason string) {
	switch e.Type {
	case cx.EventTrack:
		e.Name = strings.TrimSpace(m.Event)
		if e.Name == "" {
			return "event", "track needs the event's name in event"
		}
	case cx.EventPage, cx.EventScreen:
		e.Name = strings.TrimSpace(m.Name)
		if e.Name == "" && m.Category != "" {
			e.Name = strings.TrimSpace(m.Category)
		}
	case cx.EventAlias:
		if e.PreviousID == "" {
			return "previousId", "alias needs previousId"
		}
		if e.UserID == "" {
			return "userId", "alias needs userId"
		}
	case cx.EventGroup:
		if e.GroupID == "" {
			return "groupId", "group needs groupId"
		}
	case cx.EventIdentify:
		if v, ok := e.Traits[cx.ConsentTrait]; ok {
			if _, err := cx.ConsentsFromTrait(v, "identify", e.ReceivedAt); err != nil {
				f := cx.AsError(err)
				return f.Field, f.Message
			}
		}
	case "":
		return "type", "type is required: identify, track, page, screen, group or alias"
	default:
		return "type", fmt.Sprintf("type %q is not one of identify, track, page, screen, group or alias", e.Type)
	}
	if len(e.Name) > 200 {
		return "event", "the event's name is longer than 200 characters"
	}
	if e.UserID == "" && e.AnonymousID == "" {
		return "userId", "every call needs a userId or an anonymousId"
	}
	return "", ""
}

// idString reads an id sent as a string or a number; absent is "".
func idString(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false
		}
	} else {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", false
		}
		s = n.String()
	}
	s = strings.TrimSpace(s)
	return s, len(s) <= 200
}

// withShared adds the batch's context under the event's own, and the
// call's channel as context.channel when the context has none.
func withShared(own, shared map[string]any, channel string) map[string]any {
	if len(shared) == 0 && channel == "" {
		return own
	}
	out := make(map[string]any, len(own)+len(shared)+1)
	for k, v := range shared {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	if _, ok := out["channel"]; !ok && channel != "" {
		out["channel"] = channel
	}
	return out
}

// eventTime returns when the event happened, as the Segment spec computes
// it: the client's timestamp corrected for its clock's skew, which is the
// difference between its sentAt and the time cxm received the request.
func eventTime(m message, batchSentAt string, received time.Time) (time.Time, string, string) {
	field, original := "timestamp", m.Timestamp
	if original == "" {
		field, original = "originalTimestamp", m.OriginalTimestamp
	}
	sentField, sentAt := "sentAt", m.SentAt
	if sentAt == "" {
		sentAt = batchSentAt
	}
	if original == "" {
		return received, "", ""
	}
	ts, err := parseTime(original)
	if err != nil {
		return time.Time{}, field, field + " must be an ISO 8601 date and time, such as 2026-11-22T10:00:00.000Z"
	}
	if sentAt != "" {
		sent, err := parseTime(sentAt)
		if err != nil {
			return time.Time{}, sentField, "sentAt must be an ISO 8601 date and time, such as 2026-11-22T10:00:00.000Z"
		}
		ts = received.Add(-sent.Sub(ts))
	}
	if ts.Year() < 2000 || ts.After(received.Add(24*time.Hour)) {
		return time.Time{}, field, field + " is before 2000 or in the future"
	}
	return ts.UTC().Truncate(time.Millisecond), "", ""
}

// parseTime reads an ISO 8601 time with a zone, as the SDKs send it.
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	// Some libraries write the zone without a colon: +0700.
	if t, err := time.Parse("2006-01-02T15:04:05.999999999Z0700", s); err == nil {
		return t, nil
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil && ms > 0 {
		return time.UnixMilli(ms), nil
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}
