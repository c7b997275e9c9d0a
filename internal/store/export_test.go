package store

import (
	"context"
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

// RebuildCustomerTerms empties customer_terms and runs migration 0008's
// backfill, as on a database upgraded with customers in it.
func RebuildCustomerTerms(t testing.TB, s *Store) {
	t.Helper()
	ctx := context.Background()
	err := s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM customer_terms`); err != nil {
			return err
		}
		return afterMigration[8](ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// SeedSearchCustomers inserts many bare profiles (name, e-mail, phone, last
// seen) with their search terms, in transactions of 5,000, for benchmarks.
func SeedSearchCustomers(t testing.TB, s *Store, wsID string, cs []cx.Customer) {
	t.Helper()
	ctx := context.Background()
	at := ms(now())
	for len(cs) > 0 {
		n := min(len(cs), 5000)
		batch := cs[:n]
		cs = cs[n:]
		err := s.inTx(ctx, func(tx conn) error {
			for _, c := range batch {
				id := s.ids.New("cus")
				if _, err := tx.exec(ctx, `INSERT INTO customers (workspace_id, customer_id, full_name, email, phone, last_seen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
					wsID, id, c.FullName, c.Email, c.Phone, optionalMS(c.Summary.LastSeen), at, at); err != nil {
					return err
				}
				for _, term := range customerTerms("", c.FullName, c.Email, c.Phone) {
					if _, err := tx.exec(ctx, qAddTerm, wsID, term, id); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
