package store

import (
	"context"

	"cxm/internal/cx"
)

// CustomerIDs returns up to limit of a workspace's customer ids after the
// id after, in order, for going through every customer.
func (s *Store) CustomerIDs(ctx context.Context, wsID, after string, limit int) ([]string, error) {
	return collect(ctx, s.reader(), scanString, `SELECT customer_id FROM customers WHERE workspace_id = ? AND customer_id > ? ORDER BY customer_id LIMIT ?`,
		wsID, after, limit)
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
		if _, err := tx.exec(q, wsID, id); err != nil {
			return err
		}
	}
	return nil
}

// CustomerEvents returns a customer's events in the order they arrived.
func (tx *IngestTx) CustomerEvents(wsID, id string) ([]cx.Event, error) {
	return collect(tx.ctx, tx.c, tx.c.scanEvent, `SELECT `+eventColumns+` FROM events WHERE workspace_id = ? AND customer_id = ? ORDER BY event_id`, wsID, id)
}

// ImportedOrders returns a customer's orders that came from no event (a
// CSV import), for counting them in a rebuilt summary.
func (tx *IngestTx) ImportedOrders(wsID, id string) ([]cx.Order, error) {
	return collect(tx.ctx, tx.c, scanOrder, `SELECT `+orderColumns+` FROM orders
		WHERE workspace_id = ? AND customer_id = ? AND event_id IS NULL ORDER BY placed_at, order_id`, wsID, id)
}
