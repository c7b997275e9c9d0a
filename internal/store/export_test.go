package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
)

// SeedCustomer writes a customer, its identities, events, orders and
// stages straight into the tables, the way ingestion leaves them, so that
// the read side can be tested on its own. It returns the customer's id.
func SeedCustomer(t testing.TB, s *Store, wsID string, c cx.Customer, events []cx.Event, orders []cx.Order) string {
	t.Helper()
	ctx := context.Background()
	c.ID = s.ids.New("cus")
	at := ms(now())
	err := s.inTx(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO customers (workspace_id, customer_id, user_id, full_name, email, phone, city, birthday, traits, last_seen, events, orders, revenue_vnd, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			wsID, c.ID, nullable(c.UserID), c.FullName, c.Email, c.Phone, c.City, c.Birthday, toJSON(orEmpty(c.Traits)),
			optionalMS(c.Summary.LastSeen), len(events), len(orders), c.Summary.RevenueVND, at, at)
		if err != nil {
			return err
		}
		if err := reindexCustomer(ctx, tx, wsID, c.ID); err != nil {
			return err
		}
		for _, i := range c.Identities {
			if _, err := tx.exec(ctx, `INSERT INTO identities (workspace_id, kind, value, customer_id, created_at) VALUES (?, ?, ?, ?, ?)`, wsID, i.Kind, i.Value, c.ID, at); err != nil {
				return err
			}
		}
		for _, e := range events {
			if _, err := tx.exec(ctx, `INSERT INTO events (workspace_id, event_id, message_id, customer_id, type, name, touchpoint_id, properties, context, occurred_at, received_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, s.ids.New("evt"), e.MessageID, c.ID, e.Type, e.Name, nullable(e.TouchpointID),
				toJSON(orEmpty(e.Properties)), `{}`, ms(e.Timestamp), ms(e.Timestamp)); err != nil {
				return err
			}
		}
		for _, o := range orders {
			if _, err := tx.exec(ctx, `INSERT INTO orders (workspace_id, order_id, customer_id, total, currency, items, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				wsID, o.ID, c.ID, o.Total, o.Currency, toJSON(o.Items), ms(o.PlacedAt)); err != nil {
				return err
			}
		}
		for _, st := range c.Stages {
			if _, err := tx.exec(ctx, `INSERT INTO customer_stages (workspace_id, customer_id, journey_id, stage_id, entered_at, event_id) VALUES (?, ?, ?, ?, ?, ?)`,
				wsID, c.ID, st.JourneyID, st.StageID, at, "evt_seed"); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO stage_transitions (workspace_id, transition_id, customer_id, journey_id, to_stage_id, occurred_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				wsID, s.ids.New("trn"), c.ID, st.JourneyID, st.StageID, at, "evt_seed"); err != nil {
				return err
			}
		}
		for _, m := range c.Merges {
			if _, err := tx.exec(ctx, `INSERT INTO customer_merges (workspace_id, merge_id, survivor_id, merged_id, reason, merged_at) VALUES (?, ?, ?, ?, ?, ?)`,
				wsID, s.ids.New("mrg"), c.ID, m.MergedID, m.Reason, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed customer: %v", err)
	}
	return c.ID
}

// CountRows counts a table's rows in a workspace.
func CountRows(t testing.TB, s *Store, table, wsID string) int {
	t.Helper()
	var n int
	if err := s.read.QueryRow(s.dialect.rebind(`SELECT COUNT(*) FROM `+table+` WHERE workspace_id = ?`), wsID).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func optionalMS(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ms(*t)
}

// MigrateTo applies the migrations of an empty store up to version, as an
// older cxm did.
func MigrateTo(t testing.TB, s *Store, version int) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := s.SchemaVersion(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := s.dialect.migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list[:version] {
		if err := s.apply(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
}

// SeedBeforeSearchIndex inserts bare customers (name, e-mail, phone, last
// seen) into a store migrated up to 0008 and indexes them as 0008 did. It
// returns their ids.
func SeedBeforeSearchIndex(t testing.TB, s *Store, wsID string, cs []cx.Customer) []string {
	t.Helper()
	ctx := context.Background()
	at := ms(now())
	var ids []string
	var rows [][]any
	for _, c := range cs {
		id := s.ids.New("cus")
		ids = append(ids, id)
		rows = append(rows, []any{wsID, id, c.FullName, c.Email, c.Phone, optionalMS(c.Summary.LastSeen), at, at})
	}
	err := s.inTx(ctx, func(tx conn) error {
		if err := insertRows(ctx, tx, `customers (workspace_id, customer_id, full_name, email, phone, last_seen, created_at, updated_at)`, rows); err != nil {
			return err
		}
		for i, c := range cs {
			terms, _ := customerTerms("", c.FullName, c.Email, c.Phone)
			for _, term := range terms {
				// 0008 wrote e-mails without their mark
				if _, err := tx.exec(ctx, qAddTerm, wsID, strings.TrimPrefix(term, emailMark), ids[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// SeedSearchCustomers inserts many bare profiles (name, e-mail, phone, last
// seen) with their search terms, for benchmarks: many rows a statement and
// 20,000 customers a transaction, so that a million seed in minutes on
// either engine. On PostgreSQL it then runs VACUUM ANALYZE, leaving the
// tables as autovacuum would, with statistics for the planner.
func SeedSearchCustomers(t testing.TB, s *Store, wsID string, cs []cx.Customer) []string {
	t.Helper()
	ctx := context.Background()
	at := ms(now())
	var ids []string
	for len(cs) > 0 {
		batch := cs[:min(len(cs), 20000)]
		cs = cs[len(batch):]
		var customers, terms [][]any
		for _, c := range batch {
			id := s.ids.New("cus")
			ids = append(ids, id)
			seen := optionalMS(c.Summary.LastSeen)
			customers = append(customers, []any{wsID, id, c.FullName, c.Email, c.Phone, seen, at, at})
			all, words := customerTerms("", c.FullName, c.Email, c.Phone)
			for _, term := range all {
				terms = append(terms, []any{wsID, id, term, ms0(c.Summary.LastSeen), words})
			}
		}
		err := s.inTx(ctx, func(tx conn) error {
			if err := insertRows(ctx, tx, `customers (workspace_id, customer_id, full_name, email, phone, last_seen, created_at, updated_at)`, customers); err != nil {
				return err
			}
			return insertRows(ctx, tx, `customer_terms (workspace_id, customer_id, term, last_seen, words)`, terms)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if s.dialect.name == "postgres" {
		for _, table := range []string{"customers", "customer_terms"} {
			if _, err := s.write.ExecContext(ctx, `VACUUM ANALYZE `+table); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ids
}

// ms0 is a time in Unix ms, 0 for none.
func ms0(t *time.Time) int64 {
	if t == nil {
		return 0
	}
	return ms(*t)
}

// insertRows inserts rows into table (with its columns): on SQLite 500 a
// statement, on PostgreSQL all at once from one array a column (unnest),
// whose column types are those of the first row: string (text), int64 or
// nil (bigint).
func insertRows(ctx context.Context, tx conn, table string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if tx.d.name == "postgres" {
		var casts []string
		var args []any
		for col := range rows[0] {
			if _, ok := rows[0][col].(string); ok {
				v := make([]string, len(rows))
				for i, r := range rows {
					v[i] = r[col].(string)
				}
				casts, args = append(casts, "CAST(? AS text[])"), append(args, v)
				continue
			}
			v := make([]*int64, len(rows))
			for i, r := range rows {
				if n, ok := r[col].(int64); ok {
					v[i] = &n
				}
			}
			casts, args = append(casts, "CAST(? AS bigint[])"), append(args, v)
		}
		_, err := tx.exec(ctx, `INSERT INTO `+table+` SELECT * FROM unnest(`+strings.Join(casts, ", ")+`)`, args...)
		return err
	}
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), 500)]
		rows = rows[len(chunk):]
		one := "(" + placeholders(len(chunk[0])) + ")"
		var args []any
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := tx.exec(ctx, `INSERT INTO `+table+` VALUES `+strings.TrimSuffix(strings.Repeat(one+", ", len(chunk)), ", "), args...); err != nil {
			return err
		}
	}
	return nil
}

// StaleSearchTerms counts the term rows whose last seen is not their
// customer's.
func StaleSearchTerms(t testing.TB, s *Store) int {
	t.Helper()
	var n int
	err := s.read.QueryRow(`SELECT COUNT(*) FROM customer_terms t JOIN customers c ON c.workspace_id = t.workspace_id AND c.customer_id = t.customer_id
		WHERE t.last_seen <> COALESCE(c.last_seen, 0)`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// SetStageTexts writes a stage's desired emotions and actions as stored
// JSON, such as the lists of strings written before they were bilingual.
func SetStageTexts(t testing.TB, s *Store, wsID, stageID, emotions, actions string) {
	t.Helper()
	if _, err := s.writer().exec(context.Background(), `UPDATE stages SET desired_emotions = ?, desired_actions = ? WHERE workspace_id = ? AND stage_id = ?`,
		emotions, actions, wsID, stageID); err != nil {
		t.Fatal(err)
	}
}

// StageTexts returns a stage's desired emotions and actions as stored.
func StageTexts(t testing.TB, s *Store, wsID, stageID string) (emotions, actions string) {
	t.Helper()
	if err := s.reader().queryRow(context.Background(), `SELECT desired_emotions, desired_actions FROM stages WHERE workspace_id = ? AND stage_id = ?`,
		wsID, stageID).Scan(&emotions, &actions); err != nil {
		t.Fatal(err)
	}
	return emotions, actions
}

// BareWorkspace stores a workspace row alone, as a schema older than the
// code's can hold it, and returns its id.
func BareWorkspace(t testing.TB, s *Store, name string) string {
	t.Helper()
	id := s.ids.New("ws")
	_, err := s.writer().exec(context.Background(), `INSERT INTO workspaces (workspace_id, name, timezone, language, currency, model_updated_at, created_at)
		VALUES (?, ?, 'Asia/Ho_Chi_Minh', 'vi', 'VND', 0, 0)`, id, name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Exec runs a statement on the store's writer, for tests that set up a
// schema older than the code's.
func Exec(t testing.TB, s *Store, q string, args ...any) {
	t.Helper()
	if _, err := s.writer().exec(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
