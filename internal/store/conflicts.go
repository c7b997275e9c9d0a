package store

import (
	"context"
	"database/sql"

	"cxm/internal/cx"
)

const conflictColumns = `conflict_id, kind, value, customer_id, claimant_id, COALESCE(event_id, ''), status, created_at, resolved_at`

func scanConflict(row scanner) (cx.IdentityConflict, error) {
	var c cx.IdentityConflict
	var created int64
	var resolved sql.NullInt64
	err := row.Scan(&c.ID, &c.Kind, &c.Value, &c.CustomerID, &c.ClaimantID, &c.EventID, &c.Status, &created, &resolved)
	c.CreatedAt = fromMS(created)
	if resolved.Valid {
		t := fromMS(resolved.Int64)
		c.ResolvedAt = &t
	}
	return c, err
}

// IdentityConflict returns one identity conflict.
func (s *Store) IdentityConflict(ctx context.Context, wsID, id string) (cx.IdentityConflict, error) {
	c, err := scanConflict(s.reader().queryRow(ctx, `SELECT `+conflictColumns+` FROM identity_conflicts WHERE workspace_id = ? AND conflict_id = ?`, wsID, id))
	return c, notFound(err, "identity conflict")
}

// IdentityConflicts lists a workspace's identity conflicts with a status
// ("" for all), oldest first.
func (s *Store) IdentityConflicts(ctx context.Context, wsID, status string, p Page) (List[cx.IdentityConflict], error) {
	if status != "" && status != cx.ConflictOpen && status != cx.ConflictMerged && status != cx.ConflictDismissed {
		return List[cx.IdentityConflict]{}, cx.FieldErrorf("status", "status must be open, merged or dismissed")
	}
	out, err := collect(ctx, s.reader(), scanConflict, `SELECT `+conflictColumns+` FROM identity_conflicts
		WHERE workspace_id = ? AND conflict_id > ? AND (? = '' OR status = ?) ORDER BY conflict_id LIMIT ?`,
		wsID, p.After, status, status, p.limit())
	if err != nil {
		return List[cx.IdentityConflict]{}, err
	}
	return cut(out, p, func(c cx.IdentityConflict) string { return c.ID }), nil
}

// UnmappedEvents groups the events no mapping rule mapped to a touchpoint
// by type, name and source, the most frequent first: each group is a
// touchpoint the business may be missing. Identify, group and alias calls
// are about people, not touchpoints, and are left out.
func (s *Store) UnmappedEvents(ctx context.Context, wsID string) ([]cx.UnmappedEvent, error) {
	return collect(ctx, s.reader(), scanUnmappedEvent, `SELECT type, name, source, COUNT(*), MAX(received_at) FROM events
		WHERE workspace_id = ? AND touchpoint_id IS NULL AND type IN ('track', 'page', 'screen')
		GROUP BY type, name, source ORDER BY COUNT(*) DESC, name, source LIMIT ?`, wsID, MaxLimit)
}

func scanUnmappedEvent(row scanner) (cx.UnmappedEvent, error) {
	var u cx.UnmappedEvent
	var last int64
	err := row.Scan(&u.Type, &u.Name, &u.Source, &u.Count, &last)
	u.LastSeen = fromMS(last)
	return u, err
}

// UnmappedRow is an event without a touchpoint, for mapping it again.
type UnmappedRow struct {
	ID, Type, Name string
	Properties     map[string]any
	Context        map[string]any
}

// UnmappedAfter returns up to limit events without a touchpoint, after the
// event id after, in id order.
func (s *Store) UnmappedAfter(ctx context.Context, wsID, after string, limit int) ([]UnmappedRow, error) {
	r := s.reader()
	return collect(ctx, r, r.scanUnmappedRow, `SELECT event_id, type, name, properties, context FROM events
		WHERE workspace_id = ? AND touchpoint_id IS NULL AND event_id > ? AND type IN ('track', 'page', 'screen')
		ORDER BY event_id LIMIT ?`, wsID, after, limit)
}

func (c conn) scanUnmappedRow(row scanner) (UnmappedRow, error) {
	var e UnmappedRow
	var props, ctxJSON string
	if err := row.Scan(&e.ID, &e.Type, &e.Name, &props, &ctxJSON); err != nil {
		return e, err
	}
	e.Properties = c.odd.object(props, "events.properties", e.ID)
	e.Context = c.odd.object(ctxJSON, "events.context", e.ID)
	return e, nil
}

// SetTouchpoints maps events (event id → touchpoint id) in one transaction,
// leaving alone any that gained a touchpoint meanwhile.
func (s *Store) SetTouchpoints(ctx context.Context, wsID string, mapped map[string]string) error {
	return s.inTx(ctx, func(c conn) error {
		for eventID, tp := range mapped {
			_, err := c.exec(ctx, `UPDATE events SET touchpoint_id = ? WHERE workspace_id = ? AND event_id = ? AND touchpoint_id IS NULL`, tp, wsID, eventID)
			if err != nil {
				return err
			}
		}
		return nil
	})
}
