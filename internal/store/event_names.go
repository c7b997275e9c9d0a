package store

import (
	"context"
	"sort"

	"cxm/internal/cx"
)

// MaxEventNames is the most kinds of events EventNames returns.
const MaxEventNames = 500

// eventNameKey is a kind of event as event_names counts it.
type eventNameKey struct{ typ, name string }

type eventNameCount struct{ n, first, last int64 }

const qCountEventName = `INSERT INTO event_names (workspace_id, type, name, events, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
	ON CONFLICT (workspace_id, type, name) DO UPDATE SET events = event_names.events + excluded.events,
	last_seen = CASE WHEN excluded.last_seen > event_names.last_seen THEN excluded.last_seen ELSE event_names.last_seen END`

// countEventNames adds a batch's events to event_names, one statement per
// kind of event (a batch holds a handful), in key order so that concurrent
// writers lock the rows alike.
func (tx *IngestTx) countEventNames(wsID string, rows []EventRow) error {
	counts := map[eventNameKey]*eventNameCount{}
	for _, r := range rows {
		e := r.Event
		if e.Name == "" || (e.Type != cx.EventTrack && e.Type != cx.EventPage && e.Type != cx.EventScreen) {
			continue
		}
		k, at := eventNameKey{e.Type, e.Name}, ms(e.ReceivedAt)
		c := counts[k]
		if c == nil {
			c = &eventNameCount{first: at, last: at}
			counts[k] = c
		}
		c.n++
		c.first, c.last = min(c.first, at), max(c.last, at)
	}
	keys := make([]eventNameKey, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].typ < keys[j].typ || keys[i].typ == keys[j].typ && keys[i].name < keys[j].name
	})
	for _, k := range keys {
		c := counts[k]
		if _, err := tx.exec(qCountEventName, wsID, k.typ, k.name, c.n, c.first, c.last); err != nil {
			return err
		}
	}
	return nil
}

// EventNames lists the kinds of events a workspace has received, the most
// frequent first (at most MaxEventNames), then the standard events it has
// not received yet. It reads the counters the writer keeps, never the
// events themselves.
func (s *Store) EventNames(ctx context.Context, wsID string) ([]cx.EventName, error) {
	seen, err := collect(ctx, s.reader(), scanEventName, `SELECT type, name, events, last_seen FROM event_names
		WHERE workspace_id = ? ORDER BY events DESC, name, type LIMIT ?`, wsID, MaxEventNames)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, e := range seen {
		if e.Type == cx.EventTrack {
			have[e.Name] = true
		}
	}
	for _, name := range cx.StandardEvents {
		if !have[name] {
			seen = append(seen, cx.EventName{Type: cx.EventTrack, Name: name, Standard: true})
		}
	}
	return seen, nil
}

func scanEventName(row scanner) (cx.EventName, error) {
	var e cx.EventName
	var last int64
	err := row.Scan(&e.Type, &e.Name, &e.Count, &last)
	t := fromMS(last)
	e.LastSeen, e.Standard = &t, e.Type == cx.EventTrack && cx.IsStandardEvent(e.Name)
	return e, err
}
