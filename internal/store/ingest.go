package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cxm/internal/cx"
)

// IngestTx is one transaction of the ingestion pipeline. The pipeline
// decides who an event belongs to and what it changes; IngestTx holds the
// SQL. Everything done through it commits together or not at all.
type IngestTx struct {
	ctx context.Context
	s   *Store
	c   conn
	sp  int
}

// ErrTxBroken says a transaction can no longer be used: a savepoint could
// not be rolled back. The pipeline then fails the whole transaction.
var ErrTxBroken = errors.New("store: ingestion transaction broken")

// Ingest runs fn in one write transaction, committing when it returns nil.
func (s *Store) Ingest(ctx context.Context, fn func(tx *IngestTx) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&IngestTx{ctx: ctx, s: s, c: c}) })
}

// Savepoint runs fn so that, when it fails, only what fn wrote is undone and
// the transaction goes on: one caller's bad batch does not fail the others
// that share its group commit.
func (tx *IngestTx) Savepoint(fn func() error) error {
	tx.sp++
	name := "ingest_" + itoa(tx.sp)
	if _, err := tx.c.exec(tx.ctx, `SAVEPOINT `+name); err != nil {
		return fmt.Errorf("%w: %v", ErrTxBroken, err)
	}
	if err := fn(); err != nil {
		if _, rbErr := tx.c.exec(tx.ctx, `ROLLBACK TO SAVEPOINT `+name); rbErr != nil {
			return fmt.Errorf("%w: %v (after %v)", ErrTxBroken, rbErr, err)
		}
		if _, relErr := tx.c.exec(tx.ctx, `RELEASE SAVEPOINT `+name); relErr != nil {
			return fmt.Errorf("%w: %v (after %v)", ErrTxBroken, relErr, err)
		}
		return err
	}
	if _, err := tx.c.exec(tx.ctx, `RELEASE SAVEPOINT `+name); err != nil {
		return fmt.Errorf("%w: %v", ErrTxBroken, err)
	}
	return nil
}

// IngestSetup is what the pipeline needs to know about a workspace to map
// its events: the rules, where each stage stands in its journey, and the
// currency orders are in when they do not say.
type IngestSetup struct {
	Currency       string
	MappingRules   []cx.MappingRule
	StageRules     []cx.StageRule
	StagePositions map[string]int // stage id → position in its journey
}

// Setup reads a workspace's ingestion setup, seeding its default rules if
// it never had them. A workspace that does not exist is not-found.
func (tx *IngestTx) Setup(wsID string) (IngestSetup, error) {
	var set IngestSetup
	err := tx.c.queryRow(tx.ctx, `SELECT currency FROM workspaces WHERE workspace_id = ?`, wsID).Scan(&set.Currency)
	if err != nil {
		return set, notFound(err, "workspace")
	}
	if err := tx.s.seedRules(tx.ctx, tx.c, wsID); err != nil {
		return set, err
	}
	if set.MappingRules, err = mappingRulesOf(tx.ctx, tx.c, wsID); err != nil {
		return set, err
	}
	if set.StageRules, err = stageRulesOf(tx.ctx, tx.c, wsID); err != nil {
		return set, err
	}
	set.StagePositions = map[string]int{}
	rows, err := tx.c.query(tx.ctx, `SELECT stage_id, position FROM stages WHERE workspace_id = ?`, wsID)
	if err != nil {
		return set, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var pos int
		if err := rows.Scan(&id, &pos); err != nil {
			return set, err
		}
		set.StagePositions[id] = pos
	}
	return set, rows.Err()
}

// SeenMessageIDs returns which of the message ids the workspace has stored.
func (tx *IngestTx) SeenMessageIDs(wsID string, ids []string) (map[string]bool, error) {
	seen := map[string]bool{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, wsID)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.c.query(tx.ctx, `SELECT message_id FROM events WHERE workspace_id = ? AND message_id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			seen[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return seen, nil
}

// IdentityOwner returns the customer an identity belongs to, or "".
func (tx *IngestTx) IdentityOwner(wsID, kind, value string) (string, error) {
	var id string
	err := tx.c.queryRow(tx.ctx, `SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = ? AND value = ?`, wsID, kind, value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// CustomerUserID returns a customer's user id ("" for an anonymous one).
func (tx *IngestTx) CustomerUserID(wsID, id string) (string, error) {
	var userID string
	err := tx.c.queryRow(tx.ctx, `SELECT COALESCE(user_id, '') FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, id).Scan(&userID)
	return userID, notFound(err, "customer")
}

// NewCustomer creates an empty profile, with a user id or anonymous.
func (tx *IngestTx) NewCustomer(wsID, userID string) (string, error) {
	id := tx.s.ids.New("cus")
	t := ms(now())
	_, err := tx.c.exec(tx.ctx, `INSERT INTO customers (workspace_id, customer_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		wsID, id, nullable(userID), t, t)
	return id, err
}

// AddIdentity gives an identity to a customer. The caller has checked that
// nobody has it.
func (tx *IngestTx) AddIdentity(wsID, kind, value, customerID string) error {
	_, err := tx.c.exec(tx.ctx, `INSERT INTO identities (workspace_id, kind, value, customer_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		wsID, kind, value, customerID, ms(now()))
	return err
}

// SetUserID records the user id of a customer that had none, or that was
// given a new one by an alias.
func (tx *IngestTx) SetUserID(wsID, customerID, userID string) error {
	_, err := tx.c.exec(tx.ctx, `UPDATE customers SET user_id = ?, updated_at = ? WHERE workspace_id = ? AND customer_id = ?`,
		userID, ms(now()), wsID, customerID)
	return err
}

// Profile is what an identify says about a person. Empty fields leave the
// profile as it is; Traits are merged into the other traits.
type Profile struct {
	FullName, GivenName, Salutation, Email, Phone, Birthday, City string
	Traits                                                        map[string]any
}

// UpdateProfile applies an identify's traits to a customer.
func (tx *IngestTx) UpdateProfile(wsID, customerID string, p Profile) error {
	traits := ""
	if len(p.Traits) > 0 {
		var cur string
		err := tx.c.queryRow(tx.ctx, `SELECT traits FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, customerID).Scan(&cur)
		if err != nil {
			return notFound(err, "customer")
		}
		merged := map[string]any{}
		if err := fromJSON(cur, &merged); err != nil {
			return err
		}
		for k, v := range p.Traits {
			merged[k] = v
		}
		traits = toJSON(merged)
	}
	keep := func(column string) string { return column + ` = CASE WHEN ? = '' THEN ` + column + ` ELSE ? END` }
	q := `UPDATE customers SET ` + strings.Join([]string{keep("full_name"), keep("given_name"), keep("salutation"),
		keep("email"), keep("phone"), keep("birthday"), keep("city"), keep("traits")}, ", ") +
		`, updated_at = ? WHERE workspace_id = ? AND customer_id = ?`
	var args []any
	for _, v := range []string{p.FullName, p.GivenName, p.Salutation, p.Email, p.Phone, p.Birthday, p.City, traits} {
		args = append(args, v, v)
	}
	_, err := tx.c.exec(tx.ctx, q, append(args, ms(now()), wsID, customerID)...)
	return err
}

// EventRow is an event as the pipeline stores it: the event, the source it
// came from and the ids it was sent with.
type EventRow struct {
	Event  *cx.Event
	Source string
}

// InsertEvents stores events, several rows per statement.
func (tx *IngestTx) InsertEvents(wsID string, rows []EventRow) error {
	const cols = 16
	const perStatement = 50
	for start := 0; start < len(rows); start += perStatement {
		chunk := rows[start:min(start+perStatement, len(rows))]
		args := make([]any, 0, len(chunk)*cols)
		values := make([]string, len(chunk))
		for i, r := range chunk {
			e := r.Event
			props := e.Properties
			if e.Type == cx.EventIdentify || e.Type == cx.EventGroup {
				props = e.Traits
			}
			values[i] = "(" + placeholders(cols) + ")"
			args = append(args, wsID, e.ID, e.MessageID, e.CustomerID, e.Type, e.Name, e.UserID, e.AnonymousID, e.PreviousID, e.GroupID,
				nullable(e.TouchpointID), r.Source, jsonObject(props), jsonObject(e.Context), ms(e.Timestamp), ms(e.ReceivedAt))
		}
		_, err := tx.c.exec(tx.ctx, `INSERT INTO events (workspace_id, event_id, message_id, customer_id, type, name, user_id, anonymous_id,
			previous_id, group_id, touchpoint_id, source, properties, context, occurred_at, received_at) VALUES `+strings.Join(values, ", "), args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// NewEventID returns an id for an event, in the order events arrive.
func (tx *IngestTx) NewEventID() string { return tx.s.ids.New("evt") }

// jsonObject encodes a map, nil as {}.
func jsonObject(m map[string]any) string {
	if len(m) == 0 {
		return "{}"
	}
	return toJSON(m)
}

// SummaryDelta is what a batch of events adds to a customer's summary.
// Times are Unix milliseconds, 0 for none.
type SummaryDelta struct {
	Events, PageViews, TimeOnPageMS, ProductsViewed, Orders, RevenueVND int64
	RevenueOther                                                        map[string]int64
	FirstSeen, LastSeen, FirstOrder, LastOrder                          int64
}

// Add folds another delta into d.
func (d *SummaryDelta) Add(o SummaryDelta) {
	d.Events += o.Events
	d.PageViews += o.PageViews
	d.TimeOnPageMS += o.TimeOnPageMS
	d.ProductsViewed += o.ProductsViewed
	d.Orders += o.Orders
	d.RevenueVND += o.RevenueVND
	for cur, v := range o.RevenueOther {
		if d.RevenueOther == nil {
			d.RevenueOther = map[string]int64{}
		}
		d.RevenueOther[cur] += v
	}
	d.FirstSeen, d.LastSeen = minTime(d.FirstSeen, o.FirstSeen), max(d.LastSeen, o.LastSeen)
	d.FirstOrder, d.LastOrder = minTime(d.FirstOrder, o.FirstOrder), max(d.LastOrder, o.LastOrder)
}

// minTime is the earlier of two times, where 0 is none.
func minTime(a, b int64) int64 {
	if a == 0 || b != 0 && b < a {
		return b
	}
	return a
}

// earlier and later set a time column from a parameter given three times:
// 0 leaves it, else the earlier (later) of the two wins. The cast tells
// PostgreSQL the parameter is a BIGINT.
func earlier(column string) string {
	return `CASE WHEN CAST(? AS BIGINT) = 0 THEN ` + column + ` WHEN ` + column + ` IS NULL OR ` + column + ` > CAST(? AS BIGINT) THEN CAST(? AS BIGINT) ELSE ` + column + ` END`
}

func later(column string) string {
	return `CASE WHEN CAST(? AS BIGINT) = 0 THEN ` + column + ` WHEN ` + column + ` IS NULL OR ` + column + ` < CAST(? AS BIGINT) THEN CAST(? AS BIGINT) ELSE ` + column + ` END`
}

// AddSummary adds a delta to a customer's summary counters.
func (tx *IngestTx) AddSummary(wsID, customerID string, d SummaryDelta) error {
	other := ""
	if len(d.RevenueOther) > 0 {
		var cur string
		err := tx.c.queryRow(tx.ctx, `SELECT revenue_other FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, customerID).Scan(&cur)
		if err != nil {
			return notFound(err, "customer")
		}
		sum := map[string]int64{}
		if err := fromJSON(cur, &sum); err != nil {
			return err
		}
		for k, v := range d.RevenueOther {
			sum[k] += v
		}
		other = toJSON(sum)
	}
	res, err := tx.c.exec(tx.ctx, `UPDATE customers SET events = events + ?, page_views = page_views + ?, time_on_page_ms = time_on_page_ms + ?,
		products_viewed = products_viewed + ?, orders = orders + ?, revenue_vnd = revenue_vnd + ?,
		revenue_other = CASE WHEN ? = '' THEN revenue_other ELSE ? END,
		first_seen = `+earlier("first_seen")+`, last_seen = `+later("last_seen")+`,
		first_order_at = `+earlier("first_order_at")+`, last_order_at = `+later("last_order_at")+`,
		updated_at = ?
		WHERE workspace_id = ? AND customer_id = ?`,
		d.Events, d.PageViews, d.TimeOnPageMS, d.ProductsViewed, d.Orders, d.RevenueVND, other, other,
		d.FirstSeen, d.FirstSeen, d.FirstSeen, d.LastSeen, d.LastSeen, d.LastSeen,
		d.FirstOrder, d.FirstOrder, d.FirstOrder, d.LastOrder, d.LastOrder, d.LastOrder,
		ms(now()), wsID, customerID)
	return mustAffect(res, err, "customer")
}

// InsertOrder stores an order unless the workspace has one with its id, and
// reports whether it did: an order sent twice counts once.
func (tx *IngestTx) InsertOrder(wsID string, o cx.Order) (bool, error) {
	res, err := tx.c.exec(tx.ctx, `INSERT INTO orders (workspace_id, order_id, customer_id, total, currency, items, placed_at, event_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, order_id) DO NOTHING`,
		wsID, o.ID, o.CustomerID, o.Total, o.Currency, toJSON(o.Items), ms(o.PlacedAt), nullable(o.EventID))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CustomerStages returns where a customer stands: journey id → stage id.
func (tx *IngestTx) CustomerStages(wsID, customerID string) (map[string]string, error) {
	out := map[string]string{}
	stages, err := customerStages(tx.ctx, tx.c, wsID, customerID)
	for _, st := range stages {
		out[st.JourneyID] = st.StageID
	}
	return out, err
}

// EventNameCounts counts a customer's events by name. Names are folded by
// the caller, in Go, so that both engines compare them alike.
func (tx *IngestTx) EventNameCounts(wsID, customerID string) (map[string]int, error) {
	rows, err := tx.c.query(tx.ctx, `SELECT name, COUNT(*) FROM events WHERE workspace_id = ? AND customer_id = ? GROUP BY name`, wsID, customerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, rows.Err()
}

// MoveStage puts a customer in a stage of a journey and records the
// transition with the event that caused it.
func (tx *IngestTx) MoveStage(wsID, customerID, journeyID, from, to, eventID string, at time.Time) error {
	if err := tx.SetStage(wsID, customerID, journeyID, to, eventID, at); err != nil {
		return err
	}
	_, err := tx.c.exec(tx.ctx, `INSERT INTO stage_transitions (workspace_id, transition_id, customer_id, journey_id, from_stage_id, to_stage_id, occurred_at, event_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, wsID, tx.s.ids.New("str"), customerID, journeyID, nullable(from), to, ms(at), eventID)
	return err
}

// SetStage records where a customer stands in a journey, without a
// transition: for a merge that only finds an earlier way into the same stage.
func (tx *IngestTx) SetStage(wsID, customerID, journeyID, stageID, eventID string, at time.Time) error {
	_, err := tx.c.exec(tx.ctx, `INSERT INTO customer_stages (workspace_id, customer_id, journey_id, stage_id, entered_at, event_id)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, customer_id, journey_id)
		DO UPDATE SET stage_id = excluded.stage_id, entered_at = excluded.entered_at, event_id = excluded.event_id`,
		wsID, customerID, journeyID, stageID, ms(at), eventID)
	return err
}

// CustomerIDs returns up to limit of a workspace's customer ids after the
// id after, in order, for going through every customer.
func (s *Store) CustomerIDs(ctx context.Context, wsID, after string, limit int) ([]string, error) {
	rows, err := s.reader().query(ctx, `SELECT customer_id FROM customers WHERE workspace_id = ? AND customer_id > ? ORDER BY customer_id LIMIT ?`, wsID, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ResetCustomer forgets what was worked out from a customer's events (the
// summary, the orders that came from events, stages and transitions), so
// that it can be worked out again. Imported orders stay.
func (tx *IngestTx) ResetCustomer(wsID, id string) error {
	for _, q := range []string{
		`UPDATE customers SET first_seen = NULL, last_seen = NULL, events = 0, page_views = 0, time_on_page_ms = 0, products_viewed = 0,
			orders = 0, revenue_vnd = 0, revenue_other = '{}', first_order_at = NULL, last_order_at = NULL WHERE workspace_id = ? AND customer_id = ?`,
		`DELETE FROM orders WHERE workspace_id = ? AND customer_id = ? AND event_id IS NOT NULL`,
		`DELETE FROM customer_stages WHERE workspace_id = ? AND customer_id = ?`,
		`DELETE FROM stage_transitions WHERE workspace_id = ? AND customer_id = ?`,
	} {
		if _, err := tx.c.exec(tx.ctx, q, wsID, id); err != nil {
			return err
		}
	}
	return nil
}

// CustomerEvents returns a customer's events in the order they arrived.
func (tx *IngestTx) CustomerEvents(wsID, id string) ([]cx.Event, error) {
	rows, err := tx.c.query(tx.ctx, `SELECT event_id, message_id, type, name, properties, context, occurred_at, received_at
		FROM events WHERE workspace_id = ? AND customer_id = ? ORDER BY event_id`, wsID, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cx.Event
	for rows.Next() {
		e := cx.Event{CustomerID: id}
		var props, ctxJSON string
		var occurred, received int64
		if err := rows.Scan(&e.ID, &e.MessageID, &e.Type, &e.Name, &props, &ctxJSON, &occurred, &received); err != nil {
			return nil, err
		}
		e.Timestamp, e.ReceivedAt = fromMS(occurred), fromMS(received)
		if err := fromJSON(props, &e.Properties); err != nil {
			return nil, err
		}
		if err := fromJSON(ctxJSON, &e.Context); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ImportedOrders returns a customer's orders that came from no event (a
// CSV import), for counting them in a rebuilt summary.
func (tx *IngestTx) ImportedOrders(wsID, id string) ([]cx.Order, error) {
	rows, err := tx.c.query(tx.ctx, `SELECT order_id, total, currency, placed_at FROM orders
		WHERE workspace_id = ? AND customer_id = ? AND event_id IS NULL ORDER BY placed_at, order_id`, wsID, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cx.Order
	for rows.Next() {
		o := cx.Order{CustomerID: id}
		var placed int64
		if err := rows.Scan(&o.ID, &o.Total, &o.Currency, &placed); err != nil {
			return nil, err
		}
		o.PlacedAt = fromMS(placed)
		out = append(out, o)
	}
	return out, rows.Err()
}
