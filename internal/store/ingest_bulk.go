package store

import (
	"database/sql"
	"sort"
	"strings"
	"time"

	"cxm/internal/cx"
)

// The pipeline works on a whole batch at once: it looks up the identities,
// user ids, stages and orders of all its events with one query per table,
// and writes new customers, identities, events, orders, stages and
// summaries with multi-row statements. On PostgreSQL that turns hundreds
// of round trips per request into about a dozen; on SQLite it saves the
// per-statement cost of the driver, which was most of the writer's time
// beside the b-tree work.

// lookupSizes are the sizes of the IN lists of the batch look-ups, and
// rowSizes those of the multi-row statements: a batch takes the largest
// that fits again and again, so each statement has a few fixed shapes,
// prepared once on SQLite and cached by PostgreSQL's driver.
var (
	lookupSizes = []int{512, 128, 32, 8, 1}
	rowSizes    = []int{256, 64, 16, 4, 1}
)

// lookup runs q(n) on the values n at a time, n one of lookupSizes, the
// last chunk padded with repeats; args come before the values, and scan
// reads each row.
func (tx *IngestTx) lookup(q func(n int) string, args []any, values []string, scan func(*sql.Rows) error) error {
	for len(values) > 0 {
		size := lookupSizes[0] // the largest
		for _, n := range lookupSizes {
			if n >= len(values) {
				size = n // the smallest that takes them all
			}
		}
		chunk := values[:min(size, len(values))]
		values = values[len(chunk):]
		all := append(make([]any, 0, len(args)+size), args...)
		for i := range size {
			all = append(all, chunk[min(i, len(chunk)-1)])
		}
		if err := tx.scanRows(q(size), all, scan); err != nil {
			return err
		}
	}
	return nil
}

func (tx *IngestTx) scanRows(q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// IdentityOwners returns who has each of the identities that somebody
// has: one query per kind of identity.
func (tx *IngestTx) IdentityOwners(wsID string, ids []cx.Identity) (map[cx.Identity]string, error) {
	byKind := map[string][]string{}
	for _, id := range ids {
		byKind[id.Kind] = append(byKind[id.Kind], id.Value)
	}
	out := map[cx.Identity]string{}
	for kind, values := range byKind {
		err := tx.lookup(qIdentityOwners, []any{wsID, kind}, values, func(rows *sql.Rows) error {
			var value, customer string
			err := rows.Scan(&value, &customer)
			out[cx.Identity{Kind: kind, Value: value}] = customer
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CustomerUserIDs returns the user ids of customers ("" for an anonymous
// one); a customer that does not exist is left out.
func (tx *IngestTx) CustomerUserIDs(wsID string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := tx.lookup(qCustomerUserIDs, []any{wsID}, ids, func(rows *sql.Rows) error {
		var id, user string
		err := rows.Scan(&id, &user)
		out[id] = user
		return err
	})
	return out, err
}

// CustomersStages returns where customers stand: customer → journey →
// stage, with an empty map for a customer in no stage.
func (tx *IngestTx) CustomersStages(wsID string, ids []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, id := range ids {
		out[id] = map[string]string{}
	}
	err := tx.lookup(qCustomersStages, []any{wsID}, ids, func(rows *sql.Rows) error {
		var id, journey, stage string
		err := rows.Scan(&id, &journey, &stage)
		out[id][journey] = stage
		return err
	})
	return out, err
}

// SeenOrderIDs returns which of the order ids the workspace has stored.
func (tx *IngestTx) SeenOrderIDs(wsID string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	err := tx.lookup(qSeenOrders, []any{wsID}, ids, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		out[id] = true
		return err
	})
	return out, err
}

// insertRows inserts rows of a table, several per statement (see
// rowSizes); each row holds one value per column.
func (tx *IngestTx) insertRows(stmt *bulkStmt, rows [][]any) error {
	for len(rows) > 0 {
		n := rowsPerStatement(len(rows))
		args := make([]any, 0, n*stmt.columns)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := tx.exec(stmt.sql[n], args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// NewCustomer is a profile the pipeline creates, with the summary of its
// first events, so that a new customer costs one row and no update.
type NewCustomer struct {
	ID, UserID string
	Summary    SummaryDelta
}

// InsertCustomers creates profiles, with the search term of their user id.
func (tx *IngestTx) InsertCustomers(wsID string, cs []NewCustomer) error {
	t := ms(now())
	rows, terms := make([][]any, 0, len(cs)), [][]any{}
	for _, c := range cs {
		d := c.Summary
		other := "{}"
		if len(d.RevenueOther) > 0 {
			other = toJSON(d.RevenueOther)
		}
		rows = append(rows, []any{wsID, c.ID, nullable(c.UserID), d.Events, d.PageViews, d.TimeOnPageMS, d.ProductsViewed,
			d.Orders, d.RevenueVND, other, zeroNull(d.FirstSeen), zeroNull(d.LastSeen), zeroNull(d.FirstOrder), zeroNull(d.LastOrder), t, t})
		if c.UserID != "" {
			terms = append(terms, []any{wsID, userTerm(c.UserID), c.ID})
		}
	}
	if err := tx.insertRows(bulkCustomers, rows); err != nil {
		return err
	}
	return tx.insertRows(bulkTerms, terms)
}

// zeroNull stores 0, the delta's "none", as NULL.
func zeroNull(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// IdentityRow is an identity given to a customer.
type IdentityRow struct {
	cx.Identity
	CustomerID string
}

// AddIdentities gives identities to customers. The caller has checked that
// nobody has them.
func (tx *IngestTx) AddIdentities(wsID string, ids []IdentityRow) error {
	t := ms(now())
	rows := make([][]any, len(ids))
	for i, id := range ids {
		rows[i] = []any{wsID, id.Kind, id.Value, id.CustomerID, t}
	}
	return tx.insertRows(bulkIdentities, rows)
}

// InsertOrders stores orders; one whose id the workspace has is left as
// it is (the caller has counted only the new ones).
func (tx *IngestTx) InsertOrders(wsID string, orders []cx.Order) error {
	rows := make([][]any, len(orders))
	for i, o := range orders {
		rows[i] = []any{wsID, o.ID, o.CustomerID, o.Total, o.Currency, toJSON(o.Items), ms(o.PlacedAt), nullable(o.EventID)}
	}
	return tx.insertRows(bulkOrders, rows)
}

// StageMove is a customer entering a stage of a journey; From is "" when
// they stood in none.
type StageMove struct {
	CustomerID, JourneyID, From, To, EventID string
	At                                       time.Time
}

// MoveStages records moves: where each customer stands (the last move of a
// customer in a journey wins) and every transition.
func (tx *IngestTx) MoveStages(wsID string, moves []StageMove) error {
	last := map[[2]string]int{}
	transitions := make([][]any, len(moves))
	for i, m := range moves {
		last[[2]string{m.CustomerID, m.JourneyID}] = i
		transitions[i] = []any{wsID, tx.s.ids.New("str"), m.CustomerID, m.JourneyID, nullable(m.From), m.To, ms(m.At), m.EventID}
	}
	var stages [][]any
	for i, m := range moves {
		if last[[2]string{m.CustomerID, m.JourneyID}] == i {
			stages = append(stages, []any{wsID, m.CustomerID, m.JourneyID, m.To, ms(m.At), m.EventID})
		}
	}
	if err := tx.insertRows(bulkStages, stages); err != nil {
		return err
	}
	return tx.insertRows(bulkTransitions, transitions)
}

// AddSummaries adds deltas to the summaries of existing customers, in
// customer order so that concurrent transactions lock rows alike. A
// customer that does not exist is not-found: the caller's cache was stale.
func (tx *IngestTx) AddSummaries(wsID string, deltas map[string]*SummaryDelta) error {
	ids := make([]string, 0, len(deltas))
	for id := range deltas {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var rows [][]any
	for _, id := range ids {
		d := deltas[id]
		if len(d.RevenueOther) > 0 { // rare: the JSON is read and written back
			if err := tx.AddSummary(wsID, id, *d); err != nil {
				return err
			}
			continue
		}
		rows = append(rows, []any{id, d.Events, d.PageViews, d.TimeOnPageMS, d.ProductsViewed, d.Orders, d.RevenueVND,
			zeroNull(d.FirstSeen), zeroNull(d.LastSeen), zeroNull(d.FirstOrder), zeroNull(d.LastOrder)})
	}
	t := ms(now())
	for len(rows) > 0 {
		n := rowsPerStatement(len(rows))
		args := make([]any, 0, n*11+2)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		res, err := tx.exec(qAddSummaries[n], append(args, t, wsID)...)
		if err != nil {
			return err
		}
		if changed, err := res.RowsAffected(); err != nil || changed != int64(n) {
			if err == nil {
				err = cx.Errorf(cx.NotFound, "%s not found", "customer")
			}
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// bulkStmt is a multi-row INSERT in each of rowSizes.
type bulkStmt struct {
	columns int
	sql     map[int]string
}

func newBulk(table, columns, suffix string) *bulkStmt {
	n := strings.Count(columns, ",") + 1
	return &bulkStmt{columns: n, sql: sized(rowSizes, func(rows int) string {
		return `INSERT INTO ` + table + ` (` + columns + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat("("+placeholders(n)+"), ", rows), ", ") + suffix
	})}
}

var (
	bulkCustomers = newBulk("customers", `workspace_id, customer_id, user_id, events, page_views, time_on_page_ms, products_viewed,
		orders, revenue_vnd, revenue_other, first_seen, last_seen, first_order_at, last_order_at, created_at, updated_at`, "")
	bulkTerms      = newBulk("customer_terms", "workspace_id, term, customer_id", " ON CONFLICT DO NOTHING")
	bulkIdentities = newBulk("identities", "workspace_id, kind, value, customer_id, created_at", "")
	bulkEvents     = newBulk("events", eventColumnsIn, "")
	bulkOrders     = newBulk("orders", "workspace_id, order_id, customer_id, total, currency, items, placed_at, event_id", " ON CONFLICT (workspace_id, order_id) DO NOTHING")
	bulkStages     = newBulk("customer_stages", "workspace_id, customer_id, journey_id, stage_id, entered_at, event_id", ` ON CONFLICT (workspace_id, customer_id, journey_id)
		DO UPDATE SET stage_id = excluded.stage_id, entered_at = excluded.entered_at, event_id = excluded.event_id`)
	bulkTransitions = newBulk("stage_transitions", "workspace_id, transition_id, customer_id, journey_id, from_stage_id, to_stage_id, occurred_at, event_id", "")
	bulkAll         = []*bulkStmt{bulkCustomers, bulkTerms, bulkIdentities, bulkEvents, bulkOrders, bulkStages, bulkTransitions}
)

// The batch look-ups, in each of lookupSizes.
var (
	identityOwnersSQL = sized(lookupSizes, func(n int) string {
		return `SELECT value, customer_id FROM identities WHERE workspace_id = ? AND kind = ? AND value IN (` + placeholders(n) + `)`
	})
	customerUserIDsSQL = sized(lookupSizes, func(n int) string {
		return `SELECT customer_id, COALESCE(user_id, '') FROM customers WHERE workspace_id = ? AND customer_id IN (` + placeholders(n) + `)`
	})
	customersStagesSQL = sized(lookupSizes, func(n int) string {
		return `SELECT customer_id, journey_id, stage_id FROM customer_stages WHERE workspace_id = ? AND customer_id IN (` + placeholders(n) + `)`
	})
	seenOrdersSQL = sized(lookupSizes, func(n int) string {
		return `SELECT order_id FROM orders WHERE workspace_id = ? AND order_id IN (` + placeholders(n) + `)`
	})
	lookupAll = []map[int]string{seenSQL, identityOwnersSQL, customerUserIDsSQL, customersStagesSQL, seenOrdersSQL}
)

func qIdentityOwners(n int) string  { return identityOwnersSQL[n] }
func qCustomerUserIDs(n int) string { return customerUserIDsSQL[n] }
func qCustomersStages(n int) string { return customersStagesSQL[n] }
func qSeenOrders(n int) string      { return seenOrdersSQL[n] }

// qAddSummaries adds n deltas to n customers in one UPDATE over a VALUES
// list; NULL times leave a column as it is. The casts tell PostgreSQL the
// types of the parameters.
var qAddSummaries = sized(rowSizes, func(n int) string {
	row := "(?, " + strings.TrimSuffix(strings.Repeat("CAST(? AS BIGINT), ", 10), ", ") + ")"
	earliest := func(c string) string {
		return c + ` = CASE WHEN v.` + c + ` IS NULL THEN customers.` + c + ` WHEN customers.` + c + ` IS NULL OR customers.` + c + ` > v.` + c +
			` THEN v.` + c + ` ELSE customers.` + c + ` END`
	}
	latest := func(c string) string {
		return c + ` = CASE WHEN v.` + c + ` IS NULL THEN customers.` + c + ` WHEN customers.` + c + ` IS NULL OR customers.` + c + ` < v.` + c +
			` THEN v.` + c + ` ELSE customers.` + c + ` END`
	}
	add := func(c string) string { return c + ` = customers.` + c + ` + v.` + c }
	return `WITH v (customer_id, events, page_views, time_on_page_ms, products_viewed, orders, revenue_vnd, first_seen, last_seen, first_order_at, last_order_at) AS (VALUES ` +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + `)
		UPDATE customers SET ` + strings.Join([]string{add("events"), add("page_views"), add("time_on_page_ms"), add("products_viewed"),
		add("orders"), add("revenue_vnd"), earliest("first_seen"), latest("last_seen"), earliest("first_order_at"), latest("last_order_at")}, ", ") +
		`, updated_at = ? FROM v WHERE customers.workspace_id = ? AND customers.customer_id = v.customer_id`
})

// bulkQueries lists every statement of this file, for PrepareIngest.
func bulkQueries() []string {
	var out []string
	for _, n := range rowSizes {
		for _, b := range bulkAll {
			out = append(out, b.sql[n])
		}
		out = append(out, qAddSummaries[n])
	}
	for _, n := range lookupSizes {
		for _, m := range lookupAll {
			out = append(out, m[n])
		}
	}
	return out
}

// rowsPerStatement is the largest of rowSizes that left rows fill, so that
// a batch takes few statements of few distinct shapes (each one prepared).
func rowsPerStatement(left int) int {
	for _, size := range rowSizes {
		if size <= left {
			return size
		}
	}
	return rowSizes[len(rowSizes)-1]
}
