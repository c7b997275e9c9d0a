package store

import (
	"context"
	"database/sql"
	"strconv"
)

// writerCacheKiB is the write connection's page cache, in KiB.
const writerCacheKiB = 64 << 10

// Ingestion runs the same few statements thousands of times a second. On
// SQLite, parsing them took a third of the writer's time, so they are
// prepared once on the write connection (SQLite has one) and reused by every
// transaction. PostgreSQL's driver caches prepared statements by itself.

// Hot statements of the pipeline, prepared by PrepareIngest.
const (
	qIdentityOwner  = `SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = ? AND value = ?`
	qCustomerUserID = `SELECT COALESCE(user_id, '') FROM customers WHERE workspace_id = ? AND customer_id = ?`
	qAddTerm        = `INSERT INTO customer_terms (workspace_id, term, customer_id) VALUES (?, ?, ?)`
	qInsertOrder    = `INSERT INTO orders (workspace_id, order_id, customer_id, total, currency, items, placed_at, event_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, order_id) DO NOTHING`
	qCustomerStages  = `SELECT journey_id, stage_id FROM customer_stages WHERE workspace_id = ? AND customer_id = ?`
	qEventNameCounts = `SELECT name, COUNT(*) FROM events WHERE workspace_id = ? AND customer_id = ? GROUP BY name`
	qSetStage        = `INSERT INTO customer_stages (workspace_id, customer_id, journey_id, stage_id, entered_at, event_id)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, customer_id, journey_id)
		DO UPDATE SET stage_id = excluded.stage_id, entered_at = excluded.entered_at, event_id = excluded.event_id`
	qTransition = `INSERT INTO stage_transitions (workspace_id, transition_id, customer_id, journey_id, from_stage_id, to_stage_id, occurred_at, event_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	qRevenueOther = `SELECT revenue_other FROM customers WHERE workspace_id = ? AND customer_id = ?`
)

// qAddSummary adds a delta to a customer's counters; see AddSummary.
var qAddSummary = `UPDATE customers SET events = events + ?, page_views = page_views + ?, time_on_page_ms = time_on_page_ms + ?,
		products_viewed = products_viewed + ?, orders = orders + ?, revenue_vnd = revenue_vnd + ?,
		revenue_other = CASE WHEN ? = '' THEN revenue_other ELSE ? END,
		first_seen = ` + earlier("first_seen") + `, last_seen = ` + later("last_seen") + `,
		first_order_at = ` + earlier("first_order_at") + `, last_order_at = ` + later("last_order_at") + `,
		updated_at = ?
		WHERE workspace_id = ? AND customer_id = ?`

// qAddCounts is qAddSummary for the common delta without orders: fewer
// parameters and expressions, a fifth of the writer's time on SQLite.
var qAddCounts = `UPDATE customers SET events = events + ?, page_views = page_views + ?, time_on_page_ms = time_on_page_ms + ?,
		products_viewed = products_viewed + ?,
		first_seen = CASE WHEN first_seen IS NULL OR first_seen > CAST(? AS BIGINT) THEN CAST(? AS BIGINT) ELSE first_seen END,
		last_seen = CASE WHEN last_seen IS NULL OR last_seen < CAST(? AS BIGINT) THEN CAST(? AS BIGINT) ELSE last_seen END,
		updated_at = ?
		WHERE workspace_id = ? AND customer_id = ?`

const eventColumnsIn = `workspace_id, event_id, message_id, customer_id, type, name, user_id, anonymous_id,
	previous_id, group_id, touchpoint_id, source, properties, context, occurred_at, received_at`

// seenSQL looks message ids up, in each of lookupSizes.
var seenSQL = sized(lookupSizes, func(n int) string {
	return `SELECT message_id FROM events WHERE workspace_id = ? AND message_id IN (` + placeholders(n) + `)`
})

func sized(sizes []int, f func(int) string) map[int]string {
	out := map[int]string{}
	for _, n := range sizes {
		out[n] = f(n)
	}
	return out
}

// qSeen looks n message ids up, n one of lookupSizes.
func qSeen(n int) string { return seenSQL[n] }

// PrepareIngest prepares the pipeline's statements. Call it before the
// pipeline starts, while the write connection is free.
func (s *Store) PrepareIngest(ctx context.Context) error {
	if s.dialect.name != "sqlite" {
		return nil
	}
	// The writer's page cache: SQLite's default of 2 MB makes every insert
	// into the random-keyed indexes (message ids, identities) read its
	// pages back from the file once the database outgrows it.
	// Statement journals in memory: a multi-row insert keeps one, and in a
	// temporary file it cost a write system call per page. Checkpoints mostly
	// not in the writer's commits, where they took a tenth of its time: the
	// pipeline runs them beside it (CheckpointWAL), on the other core; the
	// writer checkpoints only once the log passes 16 MB, which also lets the
	// log start again from its beginning under a constant stream of commits.
	for _, q := range []string{`PRAGMA cache_size = -` + strconv.Itoa(writerCacheKiB), `PRAGMA temp_store = MEMORY`, `PRAGMA wal_autocheckpoint = 4000`} {
		if _, err := s.write.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	queries := append([]string{qIdentityOwner, qCustomerUserID, qInsertOrder, qCustomerStages,
		qEventNameCounts, qSetStage, qTransition, qRevenueOther, qAddSummary, qAddCounts, qCountEventName}, bulkQueries()...)
	prepared := map[string]*sql.Stmt{}
	for _, q := range queries {
		st, err := s.write.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		prepared[q] = st
	}
	s.prepared.Store(&prepared)
	return nil
}

// CheckpointWAL copies what the SQLite writer committed from the
// write-ahead log into the database file, without waiting for the writer or
// the readers (a passive checkpoint); the log starts again from its
// beginning once a checkpoint has caught up. The pipeline calls it while it
// runs. On PostgreSQL it does nothing.
func (s *Store) CheckpointWAL(ctx context.Context) error {
	if s.dialect.name != "sqlite" {
		return nil
	}
	_, err := s.read.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	return err
}

// EndIngest gives the SQLite writer its own checkpoints back, once the
// pipeline that ran them stops.
func (s *Store) EndIngest(ctx context.Context) error {
	if s.dialect.name != "sqlite" {
		return nil
	}
	_, err := s.write.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 1000`)
	return err
}

// stmt returns the transaction's copy of a prepared statement, or nil.
func (tx *IngestTx) stmt(q string) *sql.Stmt {
	all := tx.s.prepared.Load()
	if all == nil {
		return nil
	}
	st := (*all)[q]
	if st == nil {
		return nil
	}
	if t := tx.stmts[q]; t != nil {
		return t
	}
	sqlTx, ok := tx.c.q.(*sql.Tx)
	if !ok {
		return nil
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	t := sqlTx.StmtContext(tx.ctx, st)
	tx.stmts[q] = t
	return t
}

func (tx *IngestTx) exec(q string, args ...any) (sql.Result, error) {
	if st := tx.stmt(q); st != nil {
		res, err := st.ExecContext(tx.ctx, args...)
		return res, tx.s.dialect.translate(err)
	}
	return tx.c.exec(tx.ctx, q, args...)
}

func (tx *IngestTx) query(q string, args ...any) (*sql.Rows, error) {
	if st := tx.stmt(q); st != nil {
		rows, err := st.QueryContext(tx.ctx, args...)
		return rows, tx.s.dialect.translate(err)
	}
	return tx.c.query(tx.ctx, q, args...)
}

func (tx *IngestTx) queryRow(q string, args ...any) *sql.Row {
	if st := tx.stmt(q); st != nil {
		return st.QueryRowContext(tx.ctx, args...)
	}
	return tx.c.queryRow(tx.ctx, q, args...)
}
