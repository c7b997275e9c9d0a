package store

import "context"

// EachCustomerEvents calls fn with each customer's events of the names
// given (exactly as sent) that happened in [start, end), in time order,
// customer by customer: one pass over the window's events, the ad-hoc
// event funnels' only read of raw events.
func (s *Store) EachCustomerEvents(ctx context.Context, wsID string, names []string, start, end int64, fn func(names []string, at []int64)) error {
	if len(names) == 0 {
		return nil
	}
	args := append([]any{wsID, start, end}, anys(names)...)
	rows, err := s.reader().query(ctx, `SELECT customer_id, name, occurred_at FROM events
		WHERE workspace_id = ? AND occurred_at >= ? AND occurred_at < ? AND name IN (`+placeholders(len(names))+`)
		ORDER BY customer_id, occurred_at, event_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur string
	var got []string
	var at []int64
	for rows.Next() {
		var id, name string
		var t int64
		if err := rows.Scan(&id, &name, &t); err != nil {
			return err
		}
		if id != cur && len(got) > 0 {
			fn(got, at)
			got, at = got[:0], at[:0]
		}
		cur = id
		got, at = append(got, name), append(at, t)
	}
	if len(got) > 0 {
		fn(got, at)
	}
	return rows.Err()
}
