package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"cxm/internal/cx"
)

// Alert rules and the alerts they fire (issue 13).

const alertRuleColumns = `rule_id, name, kind, enabled, params, recipients, created_at, updated_at`

func (c conn) scanAlertRule(row scanner) (cx.AlertRule, error) {
	var r cx.AlertRule
	var params, recipients string
	var created, updated int64
	err := row.Scan(&r.ID, &r.Name, &r.Kind, &r.Enabled, &params, &recipients, &created, &updated)
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	c.odd.decode(params, &r.Params, "alert_rules.params", r.ID)
	c.odd.decode(recipients, &r.Recipients, "alert_rules.recipients", r.ID)
	if r.Recipients == nil {
		r.Recipients = []string{}
	}
	return r, err
}

// checkRecipients refuses a recipient who is no member of the workspace.
func checkRecipients(ctx context.Context, c conn, wsID string, ids []string) error {
	for _, id := range ids {
		var n int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE workspace_id = ? AND user_id = ?`, wsID, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return cx.FieldErrorf("recipients", "no member %q in this workspace", id)
		}
	}
	return nil
}

// CreateAlertRule stores a new alert rule.
func (s *Store) CreateAlertRule(ctx context.Context, wsID string, r cx.AlertRule) (cx.AlertRule, error) {
	if err := r.Validate(); err != nil {
		return cx.AlertRule{}, err
	}
	err := s.inTx(ctx, func(c conn) error {
		if err := checkRecipients(ctx, c, wsID, r.Recipients); err != nil {
			return err
		}
		r.ID = s.ids.New("ar")
		r.CreatedAt = now()
		r.UpdatedAt = r.CreatedAt
		params, _ := json.Marshal(r.Params)
		recipients, _ := json.Marshal(r.Recipients)
		_, err := c.exec(ctx, `INSERT INTO alert_rules (workspace_id, rule_id, name, kind, enabled, params, recipients, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, r.ID, r.Name, r.Kind, r.Enabled, string(params), string(recipients), ms(r.CreatedAt), ms(r.UpdatedAt))
		return err
	})
	return r, err
}

// UpdateAlertRule replaces an alert rule.
func (s *Store) UpdateAlertRule(ctx context.Context, wsID string, r cx.AlertRule) (cx.AlertRule, error) {
	if err := r.Validate(); err != nil {
		return cx.AlertRule{}, err
	}
	err := s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "alert_rules", "rule_id", wsID, r.ID, "alert rule"); err != nil {
			return err
		}
		if err := checkRecipients(ctx, c, wsID, r.Recipients); err != nil {
			return err
		}
		params, _ := json.Marshal(r.Params)
		recipients, _ := json.Marshal(r.Recipients)
		res, err := c.exec(ctx, `UPDATE alert_rules SET name = ?, kind = ?, enabled = ?, params = ?, recipients = ?, updated_at = ?
			WHERE workspace_id = ? AND rule_id = ?`, r.Name, r.Kind, r.Enabled, string(params), string(recipients), ms(now()), wsID, r.ID)
		return mustAffect(res, err, "alert rule")
	})
	if err != nil {
		return cx.AlertRule{}, err
	}
	return s.AlertRule(ctx, wsID, r.ID)
}

// AlertRule returns one alert rule.
func (s *Store) AlertRule(ctx context.Context, wsID, id string) (cx.AlertRule, error) {
	r := s.reader()
	rule, err := r.scanAlertRule(r.queryRow(ctx, `SELECT `+alertRuleColumns+` FROM alert_rules WHERE workspace_id = ? AND rule_id = ?`, wsID, id))
	return rule, notFound(err, "alert rule")
}

// AlertRules lists a workspace's alert rules by id.
func (s *Store) AlertRules(ctx context.Context, wsID string, p Page) (List[cx.AlertRule], error) {
	r := s.reader()
	out, err := collect(ctx, r, r.scanAlertRule, `SELECT `+alertRuleColumns+` FROM alert_rules
		WHERE workspace_id = ? AND rule_id > ? ORDER BY rule_id LIMIT ?`, wsID, p.After, p.limit())
	if err != nil {
		return List[cx.AlertRule]{}, err
	}
	return cut(out, p, func(a cx.AlertRule) string { return a.ID }), nil
}

// DeleteAlertRule removes an alert rule; the alerts it fired stay.
func (s *Store) DeleteAlertRule(ctx context.Context, wsID, id string) error {
	res, err := s.writer().exec(ctx, `DELETE FROM alert_rules WHERE workspace_id = ? AND rule_id = ?`, wsID, id)
	return mustAffect(res, err, "alert rule")
}

// AlertWorkspaces lists the workspaces with an enabled alert rule.
func (s *Store) AlertWorkspaces(ctx context.Context) ([]string, error) {
	return collect(ctx, s.reader(), scanString, `SELECT DISTINCT workspace_id FROM alert_rules WHERE enabled = ? ORDER BY workspace_id`, true)
}

const alertColumns = `alert_id, rule_id, kind, dedupe_key, subject_vi, subject_en, detail_vi, detail_en, link, value, period, fired_at, sent_to`

func (c conn) scanAlert(row scanner) (cx.Alert, error) {
	var a cx.Alert
	var value sql.NullFloat64
	var fired int64
	var sent string
	err := row.Scan(&a.ID, &a.RuleID, &a.Kind, &a.Key, &a.Subject.Vi, &a.Subject.En, &a.Detail.Vi, &a.Detail.En, &a.Link, &value, &a.Period, &fired, &sent)
	a.FiredAt = fromMS(fired)
	if value.Valid {
		a.Value = &value.Float64
	}
	c.odd.decode(sent, &a.SentTo, "alerts.sent_to", a.ID)
	if a.SentTo == nil {
		a.SentTo = []string{}
	}
	return a, err
}

// FireAlert stores an alert unless one with its dedupe key is there
// already; fired is false then, and nothing was written.
func (s *Store) FireAlert(ctx context.Context, wsID string, a cx.Alert) (out cx.Alert, fired bool, err error) {
	a.ID = s.ids.New("al")
	var value any
	if a.Value != nil {
		value = *a.Value
	}
	res, err := s.writer().exec(ctx, `INSERT INTO alerts (workspace_id, alert_id, rule_id, kind, dedupe_key, subject_vi, subject_en, detail_vi, detail_en, link, value, period, fired_at, sent_to)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]') ON CONFLICT (workspace_id, dedupe_key) DO NOTHING`,
		wsID, a.ID, a.RuleID, a.Kind, a.Key, a.Subject.Vi, a.Subject.En, a.Detail.Vi, a.Detail.En, a.Link, value, a.Period, ms(a.FiredAt))
	if err != nil {
		return cx.Alert{}, false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return cx.Alert{}, false, err
	}
	a.SentTo = []string{}
	return a, true, nil
}

// AlertSent records the addresses an alert was mailed to.
func (s *Store) AlertSent(ctx context.Context, wsID, id string, to []string) error {
	b, _ := json.Marshal(to)
	res, err := s.writer().exec(ctx, `UPDATE alerts SET sent_to = ? WHERE workspace_id = ? AND alert_id = ?`, string(b), wsID, id)
	return mustAffect(res, err, "alert")
}

// Alerts lists a workspace's alerts, newest first; After is the id of the
// last alert of the previous page.
func (s *Store) Alerts(ctx context.Context, wsID, ruleID string, p Page) (List[cx.Alert], error) {
	q, args := `SELECT `+alertColumns+` FROM alerts WHERE workspace_id = ? AND (? = '' OR rule_id = ?)`, []any{wsID, ruleID, ruleID}
	if p.After != "" {
		q += ` AND alert_id < ?`
		args = append(args, p.After)
	}
	r := s.reader()
	out, err := collect(ctx, r, r.scanAlert, q+` ORDER BY alert_id DESC LIMIT ?`, append(args, p.limit())...)
	if err != nil {
		return List[cx.Alert]{}, err
	}
	return cut(out, p, func(a cx.Alert) string { return a.ID }), nil
}

// Alert returns one alert.
func (s *Store) Alert(ctx context.Context, wsID, id string) (cx.Alert, error) {
	r := s.reader()
	a, err := r.scanAlert(r.queryRow(ctx, `SELECT `+alertColumns+` FROM alerts WHERE workspace_id = ? AND alert_id = ?`, wsID, id))
	return a, notFound(err, "alert")
}

// NegativeAspectCounts counts, per aspect, the feedback that spoke of it
// negatively and happened in [from, to) (Unix ms).
func (s *Store) NegativeAspectCounts(ctx context.Context, wsID string, from, to int64) (map[string]int, error) {
	rows, err := s.reader().query(ctx, `SELECT a.aspect, COUNT(*) FROM feedback_aspects a
		JOIN feedback f ON f.workspace_id = a.workspace_id AND f.feedback_id = a.feedback_id
		WHERE a.workspace_id = ? AND a.sentiment = 'negative' AND f.occurred_at >= ? AND f.occurred_at < ?
		GROUP BY a.aspect`, wsID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var aspect string
		var n int
		if err := rows.Scan(&aspect, &n); err != nil {
			return nil, err
		}
		out[aspect] = n
	}
	return out, rows.Err()
}
