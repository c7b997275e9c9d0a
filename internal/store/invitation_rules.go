package store

import (
	"context"
	"encoding/json"

	"cxm/internal/cx"
)

// CreateInvitationRule stores a rule. The workspace's event cursor starts
// at the newest event if it has none, so a new rule invites only after
// events that come after it.
func (s *Store) CreateInvitationRule(ctx context.Context, wsID string, r cx.InvitationRule) (cx.InvitationRule, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := checkRule(ctx, c, wsID, &r); err != nil {
			return err
		}
		r.ID = s.ids.New("ir")
		r.CreatedAt = now()
		_, err := c.exec(ctx, `INSERT INTO invitation_rules (workspace_id, rule_id, survey_id, event_name, properties, touchpoint_id, delay_minutes, channel, sample_rate, active, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			wsID, r.ID, r.SurveyID, r.EventName, toJSON(r.Properties), nullable(r.TouchpointID), r.DelayMinutes, r.Channel, r.SampleRate, r.Active, ms(r.CreatedAt))
		if err != nil {
			return err
		}
		return startCursor(ctx, c, wsID)
	})
	return r, err
}

func checkRule(ctx context.Context, c conn, wsID string, r *cx.InvitationRule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := exists(ctx, c, "surveys", "survey_id", wsID, r.SurveyID, "survey"); err != nil {
		return cx.FieldErrorf("survey_id", "no survey %q in this workspace", r.SurveyID)
	}
	if r.TouchpointID != "" {
		if err := exists(ctx, c, "touchpoints", "touchpoint_id", wsID, r.TouchpointID, "touchpoint"); err != nil {
			return cx.FieldErrorf("touchpoint_id", "no touchpoint %q in this workspace", r.TouchpointID)
		}
	}
	return nil
}

func startCursor(ctx context.Context, c conn, wsID string) error {
	var last string
	err := c.queryRow(ctx, `SELECT COALESCE(MAX(event_id), '') FROM events WHERE workspace_id = ?`, wsID).Scan(&last)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `INSERT INTO trigger_cursors (workspace_id, last_event_id, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id) DO NOTHING`, wsID, last, ms(now()))
	return err
}

const ruleColumns = `rule_id, survey_id, event_name, properties, COALESCE(touchpoint_id, ''), delay_minutes, channel, sample_rate, active, created_at`

func scanRule(row scanner) (cx.InvitationRule, error) {
	var r cx.InvitationRule
	var props string
	var created int64
	err := row.Scan(&r.ID, &r.SurveyID, &r.EventName, &props, &r.TouchpointID, &r.DelayMinutes, &r.Channel, &r.SampleRate, &r.Active, &created)
	if err != nil {
		return r, err
	}
	r.CreatedAt = fromMS(created)
	return r, fromJSON(props, &r.Properties)
}

// InvitationRule returns one rule.
func (s *Store) InvitationRule(ctx context.Context, wsID, id string) (cx.InvitationRule, error) {
	r, err := scanRule(s.reader().queryRow(ctx, `SELECT `+ruleColumns+` FROM invitation_rules WHERE workspace_id = ? AND rule_id = ?`, wsID, id))
	return r, notFound(err, "invitation rule")
}

// InvitationRules lists a workspace's rules; onlyActive leaves out paused ones.
func (s *Store) InvitationRules(ctx context.Context, wsID string, onlyActive bool) ([]cx.InvitationRule, error) {
	q := `SELECT ` + ruleColumns + ` FROM invitation_rules WHERE workspace_id = ?`
	if onlyActive {
		q += ` AND active = ?`
	}
	args := []any{wsID}
	if onlyActive {
		args = append(args, true)
	}
	return collect(ctx, s.reader(), scanRule, q+` ORDER BY rule_id`, args...)
}

// UpdateInvitationRule replaces a rule's fields.
func (s *Store) UpdateInvitationRule(ctx context.Context, wsID string, r cx.InvitationRule) (cx.InvitationRule, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "invitation_rules", "rule_id", wsID, r.ID, "invitation rule"); err != nil {
			return err
		}
		if err := checkRule(ctx, c, wsID, &r); err != nil {
			return err
		}
		_, err := c.exec(ctx, `UPDATE invitation_rules SET survey_id = ?, event_name = ?, properties = ?, touchpoint_id = ?, delay_minutes = ?, channel = ?,
			sample_rate = ?, active = ? WHERE workspace_id = ? AND rule_id = ?`,
			r.SurveyID, r.EventName, toJSON(r.Properties), nullable(r.TouchpointID), r.DelayMinutes, r.Channel, r.SampleRate, r.Active, wsID, r.ID)
		return err
	})
	if err != nil {
		return cx.InvitationRule{}, err
	}
	return s.InvitationRule(ctx, wsID, r.ID)
}

// DeleteInvitationRule removes a rule.
func (s *Store) DeleteInvitationRule(ctx context.Context, wsID, id string) error {
	res, err := s.writer().exec(ctx, `DELETE FROM invitation_rules WHERE workspace_id = ? AND rule_id = ?`, wsID, id)
	return mustAffect(res, err, "invitation rule")
}

// TriggerWorkspaces lists the workspaces that have an active rule.
func (s *Store) TriggerWorkspaces(ctx context.Context) ([]string, error) {
	return collect(ctx, s.reader(), scanString, `SELECT DISTINCT workspace_id FROM invitation_rules WHERE active = ?`, true)
}

// TriggerEvent is what an invitation rule looks at in an event.
type TriggerEvent struct {
	ID           string
	Name         string
	CustomerID   string
	TouchpointID string
	Properties   map[string]any
	OccurredAt   int64 // Unix ms
}

// EventsAfterCursor returns up to limit events of the workspace after its
// trigger cursor, in id order (events get increasing ids as they are
// stored), and the cursor they were read from.
func (s *Store) EventsAfterCursor(ctx context.Context, wsID string, limit int) ([]TriggerEvent, error) {
	c := s.reader()
	var cursor string
	err := c.queryRow(ctx, `SELECT last_event_id FROM trigger_cursors WHERE workspace_id = ?`, wsID).Scan(&cursor)
	if err != nil && cx.ErrorCode(notFound(err, "")) != cx.NotFound {
		return nil, err
	}
	return collect(ctx, c, scanTriggerEvent, `SELECT event_id, name, customer_id, COALESCE(touchpoint_id, ''), properties, occurred_at FROM events
		WHERE workspace_id = ? AND event_id > ? ORDER BY event_id LIMIT ?`, wsID, cursor, limit)
}

// scanTriggerEvent reads an event for the rules. Properties that do not
// decode are read as none: one odd event must not stop every rule.
func scanTriggerEvent(row scanner) (TriggerEvent, error) {
	var e TriggerEvent
	var props string
	if err := row.Scan(&e.ID, &e.Name, &e.CustomerID, &e.TouchpointID, &props, &e.OccurredAt); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(props), &e.Properties); err != nil {
		e.Properties = map[string]any{}
	}
	return e, nil
}

// AdvanceTrigger schedules jobs and moves the workspace's cursor to
// lastEventID in one transaction: after a crash either both happened or
// neither, so no event is missed and none is scheduled twice (jobs carry a
// dedupe key as well).
func (s *Store) AdvanceTrigger(ctx context.Context, wsID, lastEventID string, jobs []Job) error {
	return s.inTx(ctx, func(c conn) error {
		for _, j := range jobs {
			if err := s.enqueue(ctx, c, j); err != nil {
				return err
			}
		}
		_, err := c.exec(ctx, `INSERT INTO trigger_cursors (workspace_id, last_event_id, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (workspace_id) DO UPDATE SET last_event_id = excluded.last_event_id, updated_at = excluded.updated_at`,
			wsID, lastEventID, ms(now()))
		return err
	})
}
