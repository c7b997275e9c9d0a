package store

import (
	"context"
	"errors"
	"sort"
	"strings"

	"cxm/internal/cx"
)

// TouchpointFilter narrows a touchpoint list; empty fields match all.
type TouchpointFilter struct {
	StageID string
	Phase   string
	Status  string
}

// CreateTouchpoint stores a new touchpoint after all the others.
func (s *Store) CreateTouchpoint(ctx context.Context, wsID string, t cx.Touchpoint) (cx.Touchpoint, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		var last int
		if err := c.queryRow(ctx, `SELECT COALESCE(MAX(position), -1) FROM touchpoints WHERE workspace_id = ?`, wsID).Scan(&last); err != nil {
			return err
		}
		t.Position = last + 1
		return s.insertTouchpoint(ctx, c, wsID, &t)
	})
	return t, err
}

func (s *Store) insertTouchpoint(ctx context.Context, c conn, wsID string, t *cx.Touchpoint) error {
	if err := checkTouchpoint(ctx, c, wsID, t); err != nil {
		return err
	}
	t.ID = s.ids.New("tp")
	t.CreatedAt = now()
	t.UpdatedAt = t.CreatedAt
	_, err := c.exec(ctx, `INSERT INTO touchpoints (workspace_id, touchpoint_id, touchpoint_key, name_vi, name_en, phase, stage_id, channel, mode, owner, owner_id, status, position, targets, content, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		wsID, t.ID, t.Key, t.Name.Vi, t.Name.En, t.Phase, nullable(t.StageID), t.Channel, t.Mode, t.Owner, nullable(t.OwnerID), t.Status, t.Position,
		toJSON(t.Targets), toJSON(t.Content), ms(t.CreatedAt), ms(t.UpdatedAt))
	if errors.Is(err, errDuplicate) {
		return cx.FieldConflictf("key", "another touchpoint already has the key %s", t.Key)
	}
	return err
}

// checkTouchpoint fills t's key, validates t and checks that its stage is
// the workspace's.
func checkTouchpoint(ctx context.Context, c conn, wsID string, t *cx.Touchpoint) error {
	fillTouchpointKey(t)
	if err := t.Validate(); err != nil {
		return err
	}
	if t.Targets == nil {
		t.Targets = []cx.Target{}
	}
	if t.Content == nil {
		t.Content = []cx.ContentItem{}
	}
	if t.StageID != "" {
		if _, err := stageJourney(ctx, c, wsID, t.StageID, "stage_id"); err != nil {
			return err
		}
	}
	return checkOwner(ctx, c, wsID, &t.OwnerID, &t.Owner, "owner_id")
}

// checkOwner refuses an owner who is not a member of the workspace; once a
// member owns it, the old free-text owner is forgotten.
func checkOwner(ctx context.Context, c conn, wsID string, id, text *string, field string) error {
	*id = strings.TrimSpace(*id)
	if *id == "" {
		return nil
	}
	var one int
	err := c.queryRow(ctx, `SELECT 1 FROM memberships WHERE workspace_id = ? AND user_id = ?`, wsID, *id).Scan(&one)
	if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
		return cx.FieldErrorf(field, "no member %q in this workspace", *id)
	}
	*text = ""
	return err
}

const touchpointColumns = `touchpoint_id, touchpoint_key, name_vi, name_en, phase, COALESCE(stage_id, ''), channel, mode, owner, COALESCE(owner_id, ''), status, position, targets, content, created_at, updated_at`

func scanTouchpoint(row scanner) (cx.Touchpoint, error) {
	var t cx.Touchpoint
	var targets, content string
	var created, updated int64
	err := row.Scan(&t.ID, &t.Key, &t.Name.Vi, &t.Name.En, &t.Phase, &t.StageID, &t.Channel, &t.Mode, &t.Owner, &t.OwnerID, &t.Status, &t.Position,
		&targets, &content, &created, &updated)
	if err != nil {
		return t, err
	}
	t.CreatedAt, t.UpdatedAt = fromMS(created), fromMS(updated)
	if err := fromJSON(targets, &t.Targets); err != nil {
		return t, err
	}
	return t, fromJSON(content, &t.Content)
}

// Touchpoint returns one touchpoint.
func (s *Store) Touchpoint(ctx context.Context, wsID, id string) (cx.Touchpoint, error) {
	t, err := scanTouchpoint(s.reader().queryRow(ctx, `SELECT `+touchpointColumns+` FROM touchpoints WHERE workspace_id = ? AND touchpoint_id = ?`, wsID, id))
	return t, notFound(err, "touchpoint")
}

// Touchpoints lists a workspace's touchpoints in the order they were made.
func (s *Store) Touchpoints(ctx context.Context, wsID string, f TouchpointFilter, p Page) (List[cx.Touchpoint], error) {
	q := `SELECT ` + touchpointColumns + ` FROM touchpoints WHERE workspace_id = ? AND touchpoint_id > ?`
	args := []any{wsID, p.After}
	for _, c := range []struct{ column, value string }{{"stage_id", f.StageID}, {"phase", f.Phase}, {"status", f.Status}} {
		if c.value != "" {
			q += ` AND ` + c.column + ` = ?`
			args = append(args, c.value)
		}
	}
	out, err := collect(ctx, s.reader(), scanTouchpoint, q+` ORDER BY touchpoint_id LIMIT ?`, append(args, p.limit())...)
	if err != nil {
		return List[cx.Touchpoint]{}, err
	}
	return cut(out, p, func(t cx.Touchpoint) string { return t.ID }), nil
}

// UpdateTouchpoint replaces a touchpoint's fields.
func (s *Store) UpdateTouchpoint(ctx context.Context, wsID string, t cx.Touchpoint) (cx.Touchpoint, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "touchpoints", "touchpoint_id", wsID, t.ID, "touchpoint"); err != nil {
			return err
		}
		if err := checkTouchpoint(ctx, c, wsID, &t); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE touchpoints SET touchpoint_key = ?, name_vi = ?, name_en = ?, phase = ?, stage_id = ?, channel = ?, mode = ?, owner = ?, owner_id = ?, status = ?, position = ?, targets = ?, content = ?, updated_at = ?
			WHERE workspace_id = ? AND touchpoint_id = ?`,
			t.Key, t.Name.Vi, t.Name.En, t.Phase, nullable(t.StageID), t.Channel, t.Mode, t.Owner, nullable(t.OwnerID), t.Status, t.Position,
			toJSON(t.Targets), toJSON(t.Content), ms(now()), wsID, t.ID)
		if errors.Is(err, errDuplicate) {
			return cx.FieldConflictf("key", "another touchpoint already has the key %s", t.Key)
		}
		return mustAffect(res, err, "touchpoint")
	})
	if err != nil {
		return cx.Touchpoint{}, err
	}
	return s.Touchpoint(ctx, wsID, t.ID)
}

// DeleteTouchpoint removes a touchpoint. One that goals or standards are
// scoped to is kept: nothing of the CX model is lost silently.
func (s *Store) DeleteTouchpoint(ctx context.Context, wsID, id string) error {
	return s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "touchpoints", "touchpoint_id", wsID, id, "touchpoint"); err != nil {
			return err
		}
		n, err := scopedTo(ctx, c, wsID, cx.ScopeTouchpoint, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return cx.Errorf(cx.Conflict, "%d goals or standards are set for this touchpoint: change or delete them first", n)
		}
		_, err = c.exec(ctx, `DELETE FROM touchpoints WHERE workspace_id = ? AND touchpoint_id = ?`, wsID, id)
		return err
	})
}

// nullable stores "" as NULL, for optional references.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AllTouchpoints returns every touchpoint that f matches, in board order.
func (s *Store) AllTouchpoints(ctx context.Context, wsID string, f TouchpointFilter) ([]cx.Touchpoint, error) {
	var out []cx.Touchpoint
	page := Page{Limit: MaxLimit}
	for {
		l, err := s.Touchpoints(ctx, wsID, f, page)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if l.Next == "" {
			break
		}
		page.After = l.Next
	}
	sort.SliceStable(out, func(i, k int) bool { return out[i].Position < out[k].Position })
	return out, nil
}
