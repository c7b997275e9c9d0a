package store

import (
	"context"

	"cxm/internal/cx"
)

const orderColumns = `order_id, customer_id, total, currency, items, placed_at, COALESCE(event_id, '')`

func scanOrder(row scanner) (cx.Order, error) {
	var o cx.Order
	var items string
	var placed int64
	if err := row.Scan(&o.ID, &o.CustomerID, &o.Total, &o.Currency, &items, &placed, &o.EventID); err != nil {
		return o, err
	}
	o.PlacedAt = fromMS(placed)
	return o, fromJSON(items, &o.Items)
}

// CustomerOrders returns a customer's most recent orders, newest first: at
// most limit of them, for the profile page.
func (s *Store) CustomerOrders(ctx context.Context, wsID, customerID string, limit int) ([]cx.Order, error) {
	return s.orders(ctx, `SELECT `+orderColumns+` FROM orders WHERE workspace_id = ? AND customer_id = ?
		ORDER BY placed_at DESC, order_id DESC LIMIT ?`, wsID, customerID, limit)
}

// Orders lists a workspace's orders by order id, for exports.
func (s *Store) Orders(ctx context.Context, wsID string, p Page) (List[cx.Order], error) {
	out, err := s.orders(ctx, `SELECT `+orderColumns+` FROM orders WHERE workspace_id = ? AND order_id > ?
		ORDER BY order_id LIMIT ?`, wsID, p.After, p.limit())
	if err != nil {
		return List[cx.Order]{}, err
	}
	return cut(out, p, func(o cx.Order) string { return o.ID }), nil
}

func (s *Store) orders(ctx context.Context, q string, args ...any) ([]cx.Order, error) {
	return collect(ctx, s.reader(), scanOrder, q, args...)
}
