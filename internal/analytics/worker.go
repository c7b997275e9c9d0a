package analytics

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Worker keeps the per-customer analytics state and the browsing rollups
// up to date: it runs in `cxm serve`, reads each workspace's new events and
// merges after its durable cursors, and works out again the state of every
// customer they touch, in one transaction with the cursor's move, so that
// after a crash nothing is counted twice or missed. When the time zone,
// the stages, the stage rules or the milestones change, it rebuilds the
// workspace's state.
type Worker struct {
	st   *store.Store
	log  *slog.Logger
	Poll time.Duration
}

// NewWorker returns the analytics worker.
func NewWorker(st *store.Store, log *slog.Logger) *Worker {
	return &Worker{st: st, log: log, Poll: time.Second}
}

// batchSize is how many events one transaction of the worker takes.
const batchSize = 500

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) { Every(ctx, w.Poll, w.log, "analytics worker", w.Step) }

// Step brings every workspace up to date once.
func (w *Worker) Step(ctx context.Context) error { return EachWorkspace(ctx, w.st, w.CatchUp) }

// CatchUp brings one workspace's state up to date with its events and merges.
func (w *Worker) CatchUp(ctx context.Context, wsID string) error {
	for ctx.Err() == nil {
		cur, ok, err := w.st.AnalyticsCursorOf(ctx, wsID)
		if err != nil {
			return err
		}
		fp, err := w.st.AnalyticsFingerprint(ctx, wsID)
		if err != nil {
			return err
		}
		if !ok || cur.Fingerprint != fp {
			_, err := Rebuild(ctx, w.st, wsID)
			return err
		}
		done, err := w.step(ctx, wsID, cur)
		if errors.Is(err, store.ErrCursorMoved) {
			continue
		}
		if err != nil || done {
			return err
		}
	}
	return ctx.Err()
}

// step takes one batch of events and merges; done is true when there were none.
func (w *Worker) step(ctx context.Context, wsID string, cur store.AnalyticsCursor) (done bool, err error) {
	events, err := w.st.AnalyticsEventsAfter(ctx, wsID, cur.LastEventID, batchSize)
	if err != nil {
		return false, err
	}
	merges, err := w.st.MergesAfter(ctx, wsID, cur.LastMergeID, batchSize)
	if err != nil || len(events) == 0 && len(merges) == 0 {
		return true, err
	}
	m, err := loadModel(ctx, w.st, wsID)
	if err != nil {
		return false, err
	}
	next := cur
	if len(events) > 0 {
		next.LastEventID = events[len(events)-1].ID
	}
	if len(merges) > 0 {
		next.LastMergeID = merges[len(merges)-1].ID
	}
	// Everything is read and worked out first, so that the write
	// transaction, which ingestion waits for on SQLite, stays short.
	deltas, err := browsingDeltas(ctx, w.st, m, wsID, events)
	if err != nil {
		return false, err
	}
	var customers []string
	for _, mg := range merges {
		customers = append(customers, mg.Survivor)
	}
	for _, e := range events {
		customers = append(customers, e.CustomerID)
	}
	states, err := workOut(ctx, w.st, m, wsID, customers)
	if err != nil {
		return false, err
	}
	return false, w.st.Analytics(ctx, func(tx *store.AnalyticsTx) error {
		if err := tx.MoveCursor(wsID, cur, next); err != nil {
			return err
		}
		if err := tx.AddBrowsing(wsID, deltas); err != nil {
			return err
		}
		for _, mg := range merges {
			if err := tx.ForgetCustomer(wsID, mg.Merged); err != nil {
				return err
			}
		}
		return states.write(tx, wsID)
	})
}

// customerStates are customers' states worked out, nil for a customer who
// is no more (merged or deleted).
type customerStates struct {
	ids    []string
	states []*store.CustomerState
}

// workOut reads each customer once and works out their state.
func workOut(ctx context.Context, st *store.Store, m *model, wsID string, customers []string) (customerStates, error) {
	var out customerStates
	seen := map[string]bool{}
	for _, id := range customers {
		if seen[id] {
			continue
		}
		seen[id] = true
		raw, err := st.CustomerRaw(ctx, wsID, id)
		if err != nil {
			return out, err
		}
		out.ids = append(out.ids, id)
		if !raw.Exists {
			out.states = append(out.states, nil)
			continue
		}
		state := m.derive(raw)
		out.states = append(out.states, &state)
	}
	return out, nil
}

// write stores the states in the worker's transaction.
func (cs customerStates) write(tx *store.AnalyticsTx, wsID string) error {
	for i, id := range cs.ids {
		var err error
		if cs.states[i] == nil {
			err = tx.ForgetCustomer(wsID, id)
		} else {
			err = tx.ReplaceCustomer(wsID, id, *cs.states[i])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Rebuild works out a workspace's analytics state and rollups again from
// the raw events, orders, transitions and merges, and returns how many
// customers it went through. It is what `cxm analytics rebuild` runs, and
// what the worker does when the model the state depends on changed.
func Rebuild(ctx context.Context, st *store.Store, wsID string) (int, error) {
	fp, err := st.AnalyticsFingerprint(ctx, wsID)
	if err != nil {
		return 0, err
	}
	lastMerge, err := st.LastMergeID(ctx, wsID)
	if err != nil {
		return 0, err
	}
	m, err := loadModel(ctx, st, wsID)
	if err != nil {
		return 0, err
	}
	cur := store.AnalyticsCursor{LastMergeID: lastMerge, Fingerprint: fp, ConversionDays: m.conversionDays}
	err = st.Analytics(ctx, func(tx *store.AnalyticsTx) error {
		if err := tx.Wipe(wsID); err != nil {
			return err
		}
		return tx.ResetCursor(wsID, cur)
	})
	if err != nil {
		return 0, err
	}
	// The browsing rollups, event by event, as the worker adds them.
	for {
		events, err := st.AnalyticsEventsAfter(ctx, wsID, cur.LastEventID, batchSize)
		if err != nil || len(events) == 0 {
			if err != nil {
				return 0, err
			}
			break
		}
		next := cur
		next.LastEventID = events[len(events)-1].ID
		deltas, err := browsingDeltas(ctx, st, m, wsID, events)
		if err != nil {
			return 0, err
		}
		err = st.Analytics(ctx, func(tx *store.AnalyticsTx) error {
			if err := tx.MoveCursor(wsID, cur, next); err != nil {
				return err
			}
			return tx.AddBrowsing(wsID, deltas)
		})
		if err != nil {
			return 0, err
		}
		cur = next
	}
	// Then every customer once. Events stored meanwhile are after the
	// cursor: the worker takes their customers again.
	total := 0
	for after := ""; ; {
		ids, err := st.CustomerIDs(ctx, wsID, after, 200)
		if err != nil || len(ids) == 0 {
			return total, err
		}
		states, err := workOut(ctx, st, m, wsID, ids)
		if err != nil {
			return total, err
		}
		err = st.Analytics(ctx, func(tx *store.AnalyticsTx) error { return states.write(tx, wsID) })
		if err != nil {
			return total, err
		}
		after, total = ids[len(ids)-1], total+len(ids)
	}
}

// Browsing rollups.

// visitGap is the time without events after which a page view starts a
// new visit, making its page an entry page.
const visitGap = 30 * time.Minute

// maxTimeOnPage caps what one event adds to time on page, as ingestion does.
const maxTimeOnPage = 4 * 60 * 60 * 1000

// maxItem bounds a page path or product id in the rollup.
const maxItem = 200

// browsingDeltas works out what events add to the daily browsing rollup:
// page and screen views (with their time on page), entry pages (a view
// with no event of the customer in the 30 minutes before it), the time of
// "Page Left" events, and products viewed.
func browsingDeltas(ctx context.Context, st *store.Store, m *model, wsID string, events []store.AnalyticsEvent) ([]store.BrowsingDelta, error) {
	var ds []store.BrowsingDelta
	for _, e := range events {
		day := time.UnixMilli(e.At).In(m.loc).Format(DateLayout)
		isPage := e.Type == cx.EventPage || e.Type == cx.EventScreen
		isLeft := e.Type == cx.EventTrack && strings.EqualFold(e.Name, "Page Left")
		isProduct := e.Type == cx.EventTrack && strings.EqualFold(e.Name, "Product Viewed")
		if !isPage && !isLeft && !isProduct {
			continue
		}
		props := map[string]any{}
		_ = json.Unmarshal([]byte(e.Properties), &props) // an odd row counts as one without properties
		if isProduct {
			ds = append(ds, store.BrowsingDelta{Kind: "product", Day: day, Item: item(props, e.Name, "product_id", "sku", "name"), Views: 1})
			continue
		}
		page := item(props, e.Name, "path", "url", "name")
		d := store.BrowsingDelta{Kind: "page", Day: day, Item: page, TimeMS: timeOnPage(props)}
		if isLeft {
			ds = append(ds, d)
			continue
		}
		d.Views = 1
		ds = append(ds, d)
		seen, err := st.SeenWithin(ctx, wsID, e.CustomerID, e.ID, e.At-visitGap.Milliseconds(), e.At)
		if err != nil {
			return nil, err
		}
		if !seen {
			ds = append(ds, store.BrowsingDelta{Kind: "entry", Day: day, Item: page, Views: 1})
		}
	}
	return ds, nil
}

// item is the first non-empty string property among keys, else the
// event's name, bounded.
func item(props map[string]any, name string, keys ...string) string {
	v := name
	for _, k := range keys {
		if s, ok := props[k].(string); ok && strings.TrimSpace(s) != "" {
			v = strings.TrimSpace(s)
			break
		}
	}
	if v == "" {
		v = "(none)"
	}
	if len(v) > maxItem {
		v = strings.ToValidUTF8(v[:maxItem], "")
	}
	return v
}

func timeOnPage(props map[string]any) int64 {
	v, ok := props["time_on_page_ms"].(float64)
	if !ok || math.IsNaN(v) || v <= 0 {
		return 0
	}
	return int64(math.Min(math.Round(v), maxTimeOnPage))
}
