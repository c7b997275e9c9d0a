package store

import (
	"context"

	"cxm/internal/cx"
)

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
		if _, err := tx.exec(q, wsID, id); err != nil {
			return err
		}
	}
	return nil
}

// CustomerEvents returns a customer's events in the order they arrived.
func (tx *IngestTx) CustomerEvents(wsID, id string) ([]cx.Event, error) {
	rows, err := tx.query(`SELECT event_id, message_id, type, name, properties, context, occurred_at, received_at
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
	rows, err := tx.query(`SELECT order_id, total, currency, placed_at FROM orders
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
