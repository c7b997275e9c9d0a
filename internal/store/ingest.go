package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"cxm/internal/cx"
)

// IngestTx is one transaction of the ingestion pipeline. The pipeline
// decides who an event belongs to and what it changes; IngestTx holds the
// SQL. Everything done through it commits together or not at all.
type IngestTx struct {
	ctx   context.Context
	s     *Store
	c     conn
	stmts map[string]*sql.Stmt // prepared statements bound to this transaction
}

// Ingest runs fn in one write transaction, committing when it returns nil.
//
// On PostgreSQL the transaction plans every statement for its parameters:
// the driver keeps statements prepared, and a generic plan chosen while
// the events table was small (a scan of it) would stay, making the look-up
// of message ids slower with every event.
func (s *Store) Ingest(ctx context.Context, fn func(tx *IngestTx) error) error {
	return s.inTx(ctx, func(c conn) error {
		if s.dialect.name == "postgres" {
			if _, err := c.exec(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
				return err
			}
		}
		return fn(&IngestTx{ctx: ctx, s: s, c: c})
	})
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
	err := tx.queryRow(`SELECT currency FROM workspaces WHERE workspace_id = ?`, wsID).Scan(&set.Currency)
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
	rows, err := tx.query(`SELECT stage_id, position FROM stages WHERE workspace_id = ?`, wsID)
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
	err := tx.lookup(qSeen, []any{wsID}, ids, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		seen[id] = true
		return err
	})
	return seen, err
}

// IdentityOwner returns the customer an identity belongs to, or "".
func (tx *IngestTx) IdentityOwner(wsID, kind, value string) (string, error) {
	var id string
	err := tx.queryRow(qIdentityOwner, wsID, kind, value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// CustomerUserID returns a customer's user id ("" for an anonymous one).
func (tx *IngestTx) CustomerUserID(wsID, id string) (string, error) {
	var userID string
	err := tx.queryRow(qCustomerUserID, wsID, id).Scan(&userID)
	return userID, notFound(err, "customer")
}

// NewCustomerID returns an id for a profile the pipeline is about to
// create (see InsertCustomers).
func (tx *IngestTx) NewCustomerID() string { return tx.s.ids.New("cus") }

// NewCustomer creates an empty profile, with a user id or anonymous.
func (tx *IngestTx) NewCustomer(wsID, userID string) (string, error) {
	id := tx.NewCustomerID()
	return id, tx.InsertCustomers(wsID, []NewCustomer{{ID: id, UserID: userID}})
}

// SetUserID records the user id of a customer that had none, or that was
// given a new one by an alias.
func (tx *IngestTx) SetUserID(wsID, customerID, userID string) error {
	_, err := tx.exec(`UPDATE customers SET user_id = ?, updated_at = ? WHERE workspace_id = ? AND customer_id = ?`,
		userID, ms(now()), wsID, customerID)
	if err != nil {
		return err
	}
	return reindexCustomer(tx.ctx, tx.c, wsID, customerID)
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
		err := tx.queryRow(`SELECT traits FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, customerID).Scan(&cur)
		if err != nil {
			return notFound(err, "customer")
		}
		merged := tx.c.odd.object(cur, "customers.traits", customerID)
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
	if _, err := tx.exec(q, append(args, ms(now()), wsID, customerID)...); err != nil {
		return err
	}
	if p.FullName == "" && p.Email == "" && p.Phone == "" {
		return nil
	}
	return reindexCustomer(tx.ctx, tx.c, wsID, customerID)
}

// EventRow is an event as the pipeline stores it: the event, the source it
// came from, and its properties (traits for identify and group) and context
// as JSON — encoded by the caller, outside the writer's transaction.
type EventRow struct {
	Event      *cx.Event
	Source     string
	Props, Ctx string
}

// EncodeEvent returns the JSON of an event's properties (traits for
// identify and group) and context, as InsertEvents stores them.
func EncodeEvent(e *cx.Event) (props, context string) {
	p := e.Properties
	if e.Type == cx.EventIdentify || e.Type == cx.EventGroup {
		p = e.Traits
	}
	return jsonObject(p), jsonObject(e.Context)
}

// InsertEvents stores events, several rows per statement.
func (tx *IngestTx) InsertEvents(wsID string, rows []EventRow) error {
	all := make([][]any, len(rows))
	for i, r := range rows {
		e := r.Event
		if r.Props == "" {
			r.Props, r.Ctx = EncodeEvent(e)
		}
		all[i] = []any{wsID, e.ID, e.MessageID, e.CustomerID, e.Type, e.Name, e.UserID, e.AnonymousID, e.PreviousID, e.GroupID,
			nullable(e.TouchpointID), r.Source, r.Props, r.Ctx, ms(e.Timestamp), ms(e.ReceivedAt)}
	}
	if err := tx.insertRows(bulkEvents, all); err != nil {
		return err
	}
	return tx.countEventNames(wsID, rows)
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
		err := tx.queryRow(qRevenueOther, wsID, customerID).Scan(&cur)
		if err != nil {
			return notFound(err, "customer")
		}
		sum := map[string]int64{}
		tx.c.odd.decode(cur, &sum, "customers.revenue_other", customerID)
		for k, v := range d.RevenueOther {
			sum[k] += v
		}
		other = toJSON(sum)
	}
	if d.Orders == 0 && d.RevenueVND == 0 && len(d.RevenueOther) == 0 && d.FirstOrder == 0 && d.LastOrder == 0 && d.FirstSeen != 0 && d.LastSeen != 0 {
		res, err := tx.exec(qAddCounts, d.Events, d.PageViews, d.TimeOnPageMS, d.ProductsViewed, d.FirstSeen, d.FirstSeen, d.LastSeen, d.LastSeen,
			ms(now()), wsID, customerID)
		return mustAffect(res, err, "customer")
	}
	res, err := tx.exec(qAddSummary,
		d.Events, d.PageViews, d.TimeOnPageMS, d.ProductsViewed, d.Orders, d.RevenueVND, other, other,
		d.FirstSeen, d.FirstSeen, d.FirstSeen, d.LastSeen, d.LastSeen, d.LastSeen,
		d.FirstOrder, d.FirstOrder, d.FirstOrder, d.LastOrder, d.LastOrder, d.LastOrder,
		ms(now()), wsID, customerID)
	return mustAffect(res, err, "customer")
}

// InsertOrder stores an order unless the workspace has one with its id, and
// reports whether it did: an order sent twice counts once.
func (tx *IngestTx) InsertOrder(wsID string, o cx.Order) (bool, error) {
	res, err := tx.exec(qInsertOrder, wsID, o.ID, o.CustomerID, o.Total, o.Currency, toJSON(o.Items), ms(o.PlacedAt), nullable(o.EventID))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CustomerStages returns where a customer stands: journey id → stage id.
func (tx *IngestTx) CustomerStages(wsID, customerID string) (map[string]string, error) {
	rows, err := tx.query(qCustomerStages, wsID, customerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var journey, stage string
		if err := rows.Scan(&journey, &stage); err != nil {
			return nil, err
		}
		out[journey] = stage
	}
	return out, rows.Err()
}

// EventNameCounts counts a customer's events by name. Names are folded by
// the caller, in Go, so that both engines compare them alike.
func (tx *IngestTx) EventNameCounts(wsID, customerID string) (map[string]int, error) {
	rows, err := tx.query(qEventNameCounts, wsID, customerID)
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
	_, err := tx.exec(qTransition, wsID, tx.s.ids.New("str"), customerID, journeyID, nullable(from), to, ms(at), eventID)
	return err
}

// SetStage records where a customer stands in a journey, without a
// transition: for a merge that only finds an earlier way into the same stage.
func (tx *IngestTx) SetStage(wsID, customerID, journeyID, stageID, eventID string, at time.Time) error {
	_, err := tx.exec(qSetStage, wsID, customerID, journeyID, stageID, ms(at), eventID)
	return err
}
