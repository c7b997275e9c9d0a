package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// The analytics worker keeps per-customer state (stages passed, touches
// with the order they led to, order months, milestone progress) and daily
// browsing rollups behind a durable cursor on the events and one on the
// merges. This file holds its SQL; the rules are in internal/analytics.

// AnalyticsCursor is how far a workspace's analytics state has got.
type AnalyticsCursor struct {
	LastEventID, LastMergeID string
	Fingerprint              string // of what the state was worked out with; see AnalyticsFingerprint
	ConversionDays           int    // the conversion days the touches were worked out with (set by a rebuild)
}

// AnalyticsCursorOf returns a workspace's cursor; ok is false when it has none.
func (s *Store) AnalyticsCursorOf(ctx context.Context, wsID string) (cur AnalyticsCursor, ok bool, err error) {
	err = s.reader().queryRow(ctx, `SELECT last_event_id, last_merge_id, fingerprint, conversion_days FROM analytics_cursors WHERE workspace_id = ?`, wsID).
		Scan(&cur.LastEventID, &cur.LastMergeID, &cur.Fingerprint, &cur.ConversionDays)
	if errors.Is(err, sql.ErrNoRows) {
		return cur, false, nil
	}
	return cur, err == nil, err
}

// AnalyticsFingerprint sums up what the per-customer state depends on
// besides the raw data: the workspace's time zone, its stages and their
// order, its stage rules and its milestones. When it changes, the state is
// worked out again.
func (s *Store) AnalyticsFingerprint(ctx context.Context, wsID string) (string, error) {
	c := s.reader()
	var tz string
	if err := c.queryRow(ctx, `SELECT timezone FROM workspaces WHERE workspace_id = ?`, wsID).Scan(&tz); err != nil {
		return "", notFound(err, "workspace")
	}
	parts := []string{stateVersion, tz}
	for _, q := range []string{
		`SELECT journey_id || ':' || stage_id || ':' || CAST(position AS TEXT) FROM stages WHERE workspace_id = ?`,
		`SELECT rule_id || ':' || event_name || ':' || CAST(occurrence AS TEXT) || ':' || stage_id || ':' || CAST(position AS TEXT) FROM stage_rules WHERE workspace_id = ?`,
		`SELECT milestone_id || ':' || CAST(updated_at AS TEXT) FROM milestones WHERE workspace_id = ?`,
		`SELECT 'conversion:' || CAST(conversion_days AS TEXT) FROM analytics_settings WHERE workspace_id = ?`,
	} {
		rows, err := collect(ctx, c, scanString, q, wsID)
		if err != nil {
			return "", err
		}
		sort.Strings(rows)
		parts = append(parts, strings.Join(rows, ","))
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return hex.EncodeToString(sum[:12]), nil
}

// stateVersion names the shape of the per-customer state: a new one (a
// migration that adds to what is worked out) rebuilds every workspace's.
const stateVersion = "state 2: day rollups"

// AnalyticsEvent is what the analytics worker reads of an event.
type AnalyticsEvent struct {
	ID, CustomerID, Type, Name, TouchpointID, Properties string
	At                                                   int64 // Unix ms
}

// AnalyticsEventsAfter returns up to limit events of a workspace after the
// event id after, in id order (the order they were stored).
func (s *Store) AnalyticsEventsAfter(ctx context.Context, wsID, after string, limit int) ([]AnalyticsEvent, error) {
	return collect(ctx, s.reader(), scanAnalyticsEvent, `SELECT event_id, customer_id, type, name, COALESCE(touchpoint_id, ''), properties, occurred_at
		FROM events WHERE workspace_id = ? AND event_id > ? ORDER BY event_id LIMIT ?`, wsID, after, limit)
}

func scanAnalyticsEvent(row scanner) (AnalyticsEvent, error) {
	var e AnalyticsEvent
	err := row.Scan(&e.ID, &e.CustomerID, &e.Type, &e.Name, &e.TouchpointID, &e.Properties, &e.At)
	return e, err
}

// MergeRef is one customer merged into another.
type MergeRef struct{ ID, Survivor, Merged string }

// MergesAfter returns up to limit merges of a workspace after the merge id
// after, in id order.
func (s *Store) MergesAfter(ctx context.Context, wsID, after string, limit int) ([]MergeRef, error) {
	return collect(ctx, s.reader(), func(row scanner) (MergeRef, error) {
		var m MergeRef
		return m, row.Scan(&m.ID, &m.Survivor, &m.Merged)
	}, `SELECT merge_id, survivor_id, merged_id FROM customer_merges WHERE workspace_id = ? AND merge_id > ? ORDER BY merge_id LIMIT ?`, wsID, after, limit)
}

// LastMergeID is the newest merge id of a workspace ("" for none).
func (s *Store) LastMergeID(ctx context.Context, wsID string) (string, error) {
	var id string
	err := s.reader().queryRow(ctx, `SELECT COALESCE(MAX(merge_id), '') FROM customer_merges WHERE workspace_id = ?`, wsID).Scan(&id)
	return id, err
}

// AnalyticsTx is one write transaction of the analytics worker.
type AnalyticsTx struct {
	ctx context.Context
	c   conn
}

// Analytics runs fn in one write transaction, committing when it returns nil.
func (s *Store) Analytics(ctx context.Context, fn func(tx *AnalyticsTx) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&AnalyticsTx{ctx: ctx, c: c}) })
}

// ErrCursorMoved means another process moved a workspace's analytics
// cursor meanwhile: the transaction must be dropped and the work started
// again from the new cursor.
var ErrCursorMoved = errors.New("store: the analytics cursor moved meanwhile")

// ResetCursor sets a workspace's cursor, whatever it was: the start of a rebuild.
func (tx *AnalyticsTx) ResetCursor(wsID string, cur AnalyticsCursor) error {
	_, err := tx.c.exec(tx.ctx, `INSERT INTO analytics_cursors (workspace_id, last_event_id, last_merge_id, fingerprint, updated_at, conversion_days) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET last_event_id = excluded.last_event_id, last_merge_id = excluded.last_merge_id,
		fingerprint = excluded.fingerprint, updated_at = excluded.updated_at, conversion_days = excluded.conversion_days`,
		wsID, cur.LastEventID, cur.LastMergeID, cur.Fingerprint, ms(now()), cur.ConversionDays)
	return err
}

// MoveCursor moves a workspace's cursor from old to next, or returns
// ErrCursorMoved when it is no longer at old: two workers never count the
// same events twice.
func (tx *AnalyticsTx) MoveCursor(wsID string, old, next AnalyticsCursor) error {
	res, err := tx.c.exec(tx.ctx, `UPDATE analytics_cursors SET last_event_id = ?, last_merge_id = ?, fingerprint = ?, updated_at = ?
		WHERE workspace_id = ? AND last_event_id = ? AND last_merge_id = ? AND fingerprint = ?`,
		next.LastEventID, next.LastMergeID, next.Fingerprint, ms(now()), wsID, old.LastEventID, old.LastMergeID, old.Fingerprint)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(err, ErrCursorMoved)
	}
	return nil
}

// analyticsTables are the tables of per-customer state, and browsing_daily
// the rollup; Wipe empties them all for a workspace.
var analyticsTables = []string{"customer_stage_reached", "customer_touches", "customer_orders", "customer_order_months", "customer_milestones"}

// Wipe forgets a workspace's analytics state and rollups, for a rebuild.
func (tx *AnalyticsTx) Wipe(wsID string) error {
	for _, t := range append(analyticsTables, "browsing_daily", "order_days", "stage_days", "touch_days", "credit_days") {
		if _, err := tx.c.exec(tx.ctx, `DELETE FROM `+t+` WHERE workspace_id = ?`, wsID); err != nil {
			return err
		}
	}
	return nil
}

// ForgetCustomer removes a customer's analytics state (a merged or deleted customer).
func (tx *AnalyticsTx) ForgetCustomer(wsID, customerID string) error {
	if err := tx.rollBehaviour(wsID, customerID, nil); err != nil {
		return err
	}
	if err := tx.replaceTouches(wsID, customerID, nil); err != nil { // takes them off touch_days
		return err
	}
	for _, t := range analyticsTables {
		if _, err := tx.c.exec(tx.ctx, `DELETE FROM `+t+` WHERE workspace_id = ? AND customer_id = ?`, wsID, customerID); err != nil {
			return err
		}
	}
	return nil
}

// CustomerRaw is what a customer's analytics state is worked out from.
type CustomerRaw struct {
	Exists      bool
	Events      []RawEvent // in time order
	Orders      []RawOrder // in time order
	Transitions []RawTransition
}

// RawEvent is one event of a customer.
type RawEvent struct {
	ID, Name, TouchpointID string
	At                     int64
}

// RawOrder is one order of a customer.
type RawOrder struct {
	ID, Currency, EventID string
	Total, At             int64
}

// RawTransition is one move of a customer into a stage.
type RawTransition struct {
	JourneyID, StageID string
	At                 int64
}

// CustomerRaw reads a customer's events, orders and stage transitions,
// outside the worker's write transaction: should the customer change
// meanwhile, the change comes with an event after the cursor, and the
// worker reads them again.
func (s *Store) CustomerRaw(ctx context.Context, wsID, id string) (CustomerRaw, error) {
	c := s.reader()
	var raw CustomerRaw
	var n int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, id).Scan(&n); err != nil || n == 0 {
		return raw, err
	}
	raw.Exists = true
	var err error
	raw.Events, err = collect(ctx, c, func(row scanner) (RawEvent, error) {
		var e RawEvent
		return e, row.Scan(&e.ID, &e.Name, &e.TouchpointID, &e.At)
	}, `SELECT event_id, name, COALESCE(touchpoint_id, ''), occurred_at FROM events WHERE workspace_id = ? AND customer_id = ? ORDER BY occurred_at, event_id`, wsID, id)
	if err != nil {
		return raw, err
	}
	raw.Orders, err = collect(ctx, c, func(row scanner) (RawOrder, error) {
		var o RawOrder
		return o, row.Scan(&o.ID, &o.Currency, &o.EventID, &o.Total, &o.At)
	}, `SELECT order_id, currency, COALESCE(event_id, ''), total, placed_at FROM orders WHERE workspace_id = ? AND customer_id = ? ORDER BY placed_at, order_id`, wsID, id)
	if err != nil {
		return raw, err
	}
	raw.Transitions, err = collect(ctx, c, func(row scanner) (RawTransition, error) {
		var t RawTransition
		return t, row.Scan(&t.JourneyID, &t.StageID, &t.At)
	}, `SELECT journey_id, to_stage_id, occurred_at FROM stage_transitions WHERE workspace_id = ? AND customer_id = ? ORDER BY occurred_at, transition_id`, wsID, id)
	return raw, err
}

// CustomerState is a customer's analytics state, worked out from CustomerRaw.
type CustomerState struct {
	Stages     []StageReached
	Touches    []Touch
	Orders     []OrderFact
	Months     []OrderMonth
	Milestones []MilestoneProgress
}

// StageReached is a stage a customer passed.
type StageReached struct {
	JourneyID, StageID string
	ReachedAt          int64
	PreviousAt         int64 // 0 for a journey's first stage
	Day                int64 // the day number of ReachedAt in the workspace's zone (behaviour_rollups.go)
}

// Touch is an event at a touchpoint and the first order at or after it.
type Touch struct {
	EventID, TouchpointID string
	At                    int64
	OrderID               string // "" when none followed
	OrderAt, OrderVND     int64
	// Day is the touch's day number; Gap the days since the customer's
	// touch before it at the same touchpoint (GapCap, GapNone as for
	// orders); ConvGap, for a touch followed by an order within the
	// conversion days, the same since the previous such touch, else -1.
	Day, Gap, ConvGap int64
	// CreditK is, for a touch credited with the order after it, the number
	// of touches that share it (0 for none); CreditFirst and CreditLast
	// whether it is the first and the last of them; OrderDay the order's day.
	CreditK, OrderDay       int64
	CreditFirst, CreditLast bool
}

// OrderFact is an order with the times of the customer's two orders
// before it (0 for none).
type OrderFact struct {
	OrderID         string
	At, Prev, Prev2 int64
	VND             bool
	TotalVND        int64
	// Day is the order's day number in the workspace's zone; Gap1 and Gap2
	// the days since the day of the order before it and the one before
	// that, GapCap for GapCap or more, GapNone for none.
	Day, Gap1, Gap2 int64
}

// OrderMonth is a month a customer ordered in (YYYY-MM) and their cohort.
type OrderMonth struct{ Month, Cohort string }

// MilestoneProgress is where a customer stands on a milestone.
type MilestoneProgress struct {
	MilestoneID                string
	StartedAt, DueAt, Achieved int64 // Achieved is 0 until it is
}

// ReplaceCustomer stores a customer's analytics state in place of the old
// one. Touches, by far the most rows, are only written when they changed.
func (tx *AnalyticsTx) ReplaceCustomer(wsID, id string, st CustomerState) error {
	if err := tx.rollBehaviour(wsID, id, &st); err != nil {
		return err
	}
	for _, t := range analyticsTables {
		if t == "customer_touches" {
			continue
		}
		if _, err := tx.c.exec(tx.ctx, `DELETE FROM `+t+` WHERE workspace_id = ? AND customer_id = ?`, wsID, id); err != nil {
			return err
		}
	}
	if err := tx.replaceTouches(wsID, id, st.Touches); err != nil {
		return err
	}
	for _, r := range st.Stages {
		var gap any
		if r.PreviousAt != 0 {
			gap = r.ReachedAt - r.PreviousAt
		}
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO customer_stage_reached (workspace_id, customer_id, journey_id, stage_id, reached_at, previous_at, gap_ms, day)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, wsID, id, r.JourneyID, r.StageID, r.ReachedAt, nullableMS(r.PreviousAt), gap, r.Day); err != nil {
			return err
		}
	}
	for _, o := range st.Orders {
		vnd := 0
		if o.VND {
			vnd = 1
		}
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO customer_orders (workspace_id, order_id, customer_id, placed_at, prev_at, prev2_at, vnd, total_vnd, day, gap1, gap2)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, o.OrderID, id, o.At, nullableMS(o.Prev), nullableMS(o.Prev2), vnd, o.TotalVND, o.Day, o.Gap1, o.Gap2); err != nil {
			return err
		}
	}
	for _, m := range st.Months {
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO customer_order_months (workspace_id, customer_id, month, cohort) VALUES (?, ?, ?, ?)`,
			wsID, id, m.Month, m.Cohort); err != nil {
			return err
		}
	}
	for _, m := range st.Milestones {
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO customer_milestones (workspace_id, milestone_id, customer_id, started_at, due_at, achieved_at) VALUES (?, ?, ?, ?, ?, ?)`,
			wsID, m.MilestoneID, id, m.StartedAt, m.DueAt, nullableMS(m.Achieved)); err != nil {
			return err
		}
	}
	return nil
}

// replaceTouches writes the touches that are new or changed and removes
// those that are gone.
func (tx *AnalyticsTx) replaceTouches(wsID, id string, touches []Touch) error {
	old, err := collect(tx.ctx, tx.c, func(row scanner) (Touch, error) {
		var t Touch
		var oid sql.NullString
		var oat sql.NullInt64
		var first, last int64
		err := row.Scan(&t.EventID, &t.TouchpointID, &t.At, &oid, &oat, &t.OrderVND, &t.Day, &t.Gap, &t.ConvGap, &t.CreditK, &first, &last, &t.OrderDay)
		t.OrderID, t.OrderAt, t.CreditFirst, t.CreditLast = oid.String, oat.Int64, first == 1, last == 1
		return t, err
	}, `SELECT event_id, touchpoint_id, touched_at, next_order_id, next_order_at, next_order_vnd, day, gap, conv_gap,
		credit_k, credit_first, credit_last, order_day FROM customer_touches
		WHERE workspace_id = ? AND customer_id = ?`, wsID, id)
	if err != nil {
		return err
	}
	if err := tx.rollTouches(wsID, old, touches); err != nil {
		return err
	}
	had := make(map[string]Touch, len(old))
	for _, t := range old {
		had[t.EventID] = t
	}
	for _, t := range touches {
		if o, ok := had[t.EventID]; ok {
			delete(had, t.EventID)
			if o == t {
				continue
			}
			if _, err := tx.c.exec(tx.ctx, `DELETE FROM customer_touches WHERE workspace_id = ? AND event_id = ?`, wsID, t.EventID); err != nil {
				return err
			}
		}
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO customer_touches (workspace_id, event_id, customer_id, touchpoint_id, touched_at, next_order_id, next_order_at,
			next_order_vnd, day, gap, conv_gap, credit_k, credit_first, credit_last, order_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			wsID, t.EventID, id, t.TouchpointID, t.At, nullable(t.OrderID), nullableMS(t.OrderAt), t.OrderVND, t.Day, t.Gap, t.ConvGap,
			t.CreditK, b2i(t.CreditFirst), b2i(t.CreditLast), t.OrderDay); err != nil {
			return err
		}
	}
	for eventID := range had {
		if _, err := tx.c.exec(tx.ctx, `DELETE FROM customer_touches WHERE workspace_id = ? AND event_id = ?`, wsID, eventID); err != nil {
			return err
		}
	}
	return nil
}

func nullableMS(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// BrowsingDelta is what events add to one row of the daily browsing rollup.
type BrowsingDelta struct {
	Kind, Day, Item string
	Views, TimeMS   int64
}

// AddBrowsing adds deltas to the daily browsing rollup.
func (tx *AnalyticsTx) AddBrowsing(wsID string, ds []BrowsingDelta) error {
	for _, d := range ds {
		_, err := tx.c.exec(tx.ctx, `INSERT INTO browsing_daily (workspace_id, kind, day, item, views, time_on_page_ms) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, kind, day, item) DO UPDATE SET views = browsing_daily.views + excluded.views,
			time_on_page_ms = browsing_daily.time_on_page_ms + excluded.time_on_page_ms`, wsID, d.Kind, d.Day, d.Item, d.Views, d.TimeMS)
		if err != nil {
			return fmt.Errorf("browsing rollup: %w", err)
		}
	}
	return nil
}

// SeenWithin reports whether the customer has an event stored before the
// event id before that happened in [from, to]: whether a page view
// continues a visit rather than starting one.
func (s *Store) SeenWithin(ctx context.Context, wsID, customerID, before string, from, to int64) (bool, error) {
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE workspace_id = ? AND customer_id = ? AND occurred_at >= ? AND occurred_at <= ?
		AND event_id < ? LIMIT 1) AS x`, wsID, customerID, from, to, before).Scan(&n)
	return n > 0, err
}
