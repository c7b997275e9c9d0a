package store

import (
	"context"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/worktime"
)

// seedCases gives a new workspace the default case rules, SLA settings and
// Vietnam's public holidays.
func (s *Store) seedCases(ctx context.Context, c conn, wsID string, at time.Time) error {
	for _, r := range cx.DefaultCaseRules() {
		r.CreatedAt, r.UpdatedAt = at, at
		if err := insertCaseRule(ctx, c, wsID, r); err != nil {
			return err
		}
	}
	_, err := s.ensureCaseSettings(ctx, c, wsID)
	return err
}

// EnsureCaseSettings gives a workspace its default SLA settings and
// holidays unless it has settings already (workspaces from before cases
// get them on the worker's first visit).
func (s *Store) EnsureCaseSettings(ctx context.Context, wsID string) error {
	var one int
	err := s.reader().queryRow(ctx, `SELECT 1 FROM case_settings WHERE workspace_id = ?`, wsID).Scan(&one)
	if err == nil {
		return nil
	}
	return s.inTx(ctx, func(c conn) error {
		_, err := s.ensureCaseSettings(ctx, c, wsID)
		return err
	})
}

func (s *Store) ensureCaseSettings(ctx context.Context, c conn, wsID string) (added bool, err error) {
	d := cx.DefaultCaseSettings()
	res, err := c.exec(ctx, `INSERT INTO case_settings (workspace_id, first_contact_hours, resolve_days, remind_minutes, work_start, work_end,
		work_days, resurvey_survey_id, last_assignee, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '', ?) ON CONFLICT (workspace_id) DO NOTHING`,
		wsID, d.FirstContactHours, d.ResolveDays, d.RemindMinutes, d.WorkStart, d.WorkEnd, toJSON(d.WorkDays), ms(now()))
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	for y := worktime.VietnamFirstYear; y <= worktime.VietnamLastYear; y++ {
		for _, h := range worktime.VietnamHolidays(y) {
			if _, err := c.exec(ctx, `INSERT INTO case_holidays (workspace_id, day, name) VALUES (?, ?, ?) ON CONFLICT (workspace_id, day) DO NOTHING`,
				wsID, h.Date, h.NameVi+" / "+h.NameEn); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// CaseSettings returns a workspace's SLA settings (the defaults before it has any).
func (s *Store) CaseSettings(ctx context.Context, wsID string) (cx.CaseSettings, error) {
	var st cx.CaseSettings
	var days string
	err := s.reader().queryRow(ctx, `SELECT first_contact_hours, resolve_days, remind_minutes, work_start, work_end, work_days, resurvey_survey_id
		FROM case_settings WHERE workspace_id = ?`, wsID).Scan(&st.FirstContactHours, &st.ResolveDays, &st.RemindMinutes, &st.WorkStart,
		&st.WorkEnd, &days, &st.ResurveySurveyID)
	if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
		return cx.DefaultCaseSettings(), nil
	}
	if err != nil {
		return st, err
	}
	if fromJSON(days, &st.WorkDays) != nil { // an odd row works the defaults' days
		st.WorkDays = cx.DefaultCaseSettings().WorkDays
	}
	return st, nil
}

// SetCaseSettings changes a workspace's SLA settings. Cases keep the
// deadlines they were given.
func (s *Store) SetCaseSettings(ctx context.Context, wsID string, st cx.CaseSettings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		if st.ResurveySurveyID != "" {
			if err := exists(ctx, c, "surveys", "survey_id", wsID, st.ResurveySurveyID, "survey"); err != nil {
				return cx.FieldErrorf("resurvey_survey_id", "no survey %q in this workspace", st.ResurveySurveyID)
			}
		}
		if _, err := s.ensureCaseSettings(ctx, c, wsID); err != nil {
			return err
		}
		_, err := c.exec(ctx, `UPDATE case_settings SET first_contact_hours = ?, resolve_days = ?, remind_minutes = ?, work_start = ?, work_end = ?,
			work_days = ?, resurvey_survey_id = ?, updated_at = ? WHERE workspace_id = ?`, st.FirstContactHours, st.ResolveDays, st.RemindMinutes,
			st.WorkStart, st.WorkEnd, toJSON(st.WorkDays), st.ResurveySurveyID, ms(now()), wsID)
		return err
	})
}

// CaseHolidays lists a workspace's holidays by date.
func (s *Store) CaseHolidays(ctx context.Context, wsID string) ([]cx.CaseHoliday, error) {
	return collect(ctx, s.reader(), func(row scanner) (cx.CaseHoliday, error) {
		var h cx.CaseHoliday
		err := row.Scan(&h.Date, &h.Name)
		return h, err
	}, `SELECT day, name FROM case_holidays WHERE workspace_id = ? ORDER BY day`, wsID)
}

// MaxHolidays bounds a workspace's holiday list.
const MaxHolidays = 1000

// SetCaseHolidays replaces a workspace's holidays.
func (s *Store) SetCaseHolidays(ctx context.Context, wsID string, list []cx.CaseHoliday) error {
	if len(list) > MaxHolidays {
		return cx.FieldErrorf("holidays", "at most %d holidays", MaxHolidays)
	}
	seen := map[string]bool{}
	for i := range list {
		if err := list[i].Validate(); err != nil {
			return err
		}
		if seen[list[i].Date] {
			return cx.FieldErrorf("date", "%s is listed twice", list[i].Date)
		}
		seen[list[i].Date] = true
	}
	return s.inTx(ctx, func(c conn) error {
		if _, err := s.ensureCaseSettings(ctx, c, wsID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM case_holidays WHERE workspace_id = ?`, wsID); err != nil {
			return err
		}
		for _, h := range list {
			if _, err := c.exec(ctx, `INSERT INTO case_holidays (workspace_id, day, name) VALUES (?, ?, ?)`, wsID, h.Date, h.Name); err != nil {
				return err
			}
		}
		return nil
	})
}

// Case rules.

const caseRuleColumns = `rule_id, kind, max_score, aspect, touchpoint_id, priority, enabled, created_at, updated_at`

func scanCaseRule(row scanner) (cx.CaseRule, error) {
	var r cx.CaseRule
	var created, updated int64
	err := row.Scan(&r.ID, &r.Kind, &r.MaxScore, &r.Aspect, &r.TouchpointID, &r.Priority, &r.Enabled, &created, &updated)
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return r, err
}

func insertCaseRule(ctx context.Context, c conn, wsID string, r cx.CaseRule) error {
	_, err := c.exec(ctx, `INSERT INTO case_rules (workspace_id, `+caseRuleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		wsID, r.ID, r.Kind, r.MaxScore, r.Aspect, r.TouchpointID, r.Priority, r.Enabled, ms(r.CreatedAt), ms(r.UpdatedAt))
	return err
}

// CaseRules lists a workspace's case rules, oldest first.
func (s *Store) CaseRules(ctx context.Context, wsID string) ([]cx.CaseRule, error) {
	return collect(ctx, s.reader(), scanCaseRule, `SELECT `+caseRuleColumns+` FROM case_rules WHERE workspace_id = ? ORDER BY created_at, rule_id`, wsID)
}

// CaseRule returns one case rule.
func (s *Store) CaseRule(ctx context.Context, wsID, id string) (cx.CaseRule, error) {
	r, err := scanCaseRule(s.reader().queryRow(ctx, `SELECT `+caseRuleColumns+` FROM case_rules WHERE workspace_id = ? AND rule_id = ?`, wsID, id))
	return r, notFound(err, "case rule")
}

func checkCaseRule(ctx context.Context, c conn, wsID string, r *cx.CaseRule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.TouchpointID != "" {
		if err := exists(ctx, c, "touchpoints", "touchpoint_id", wsID, r.TouchpointID, "touchpoint"); err != nil {
			return cx.FieldErrorf("touchpoint_id", "no touchpoint %q in this workspace", r.TouchpointID)
		}
	}
	return nil
}

// CreateCaseRule adds a case rule.
func (s *Store) CreateCaseRule(ctx context.Context, wsID string, r cx.CaseRule) (cx.CaseRule, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := checkCaseRule(ctx, c, wsID, &r); err != nil {
			return err
		}
		r.ID, r.CreatedAt = s.ids.New("cr"), now()
		r.UpdatedAt = r.CreatedAt
		return insertCaseRule(ctx, c, wsID, r)
	})
	return r, err
}

// UpdateCaseRule changes a case rule.
func (s *Store) UpdateCaseRule(ctx context.Context, wsID string, r cx.CaseRule) (cx.CaseRule, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "case_rules", "rule_id", wsID, r.ID, "case rule"); err != nil {
			return err
		}
		if err := checkCaseRule(ctx, c, wsID, &r); err != nil {
			return err
		}
		_, err := c.exec(ctx, `UPDATE case_rules SET kind = ?, max_score = ?, aspect = ?, touchpoint_id = ?, priority = ?, enabled = ?, updated_at = ?
			WHERE workspace_id = ? AND rule_id = ?`, r.Kind, r.MaxScore, r.Aspect, r.TouchpointID, r.Priority, r.Enabled, ms(now()), wsID, r.ID)
		return err
	})
	if err != nil {
		return r, err
	}
	return s.CaseRule(ctx, wsID, r.ID)
}

// DeleteCaseRule removes a case rule; the cases it opened stay.
func (s *Store) DeleteCaseRule(ctx context.Context, wsID, id string) error {
	res, err := s.writer().exec(ctx, `DELETE FROM case_rules WHERE workspace_id = ? AND rule_id = ?`, wsID, id)
	return mustAffect(res, err, "case rule")
}

// Root causes.

// RootCauses lists a workspace's root causes.
func (s *Store) RootCauses(ctx context.Context, wsID string) ([]cx.RootCause, error) {
	return collect(ctx, s.reader(), func(row scanner) (cx.RootCause, error) {
		var r cx.RootCause
		err := row.Scan(&r.ID, &r.Name.Vi, &r.Name.En, &r.TouchpointID)
		return r, err
	}, `SELECT root_cause_id, name_vi, name_en, touchpoint_id FROM root_causes WHERE workspace_id = ? ORDER BY root_cause_id`, wsID)
}

// CreateRootCause adds a root cause.
func (s *Store) CreateRootCause(ctx context.Context, wsID string, r cx.RootCause) (cx.RootCause, error) {
	if err := r.Validate(); err != nil {
		return r, err
	}
	err := s.inTx(ctx, func(c conn) error {
		if r.TouchpointID != "" {
			if err := exists(ctx, c, "touchpoints", "touchpoint_id", wsID, r.TouchpointID, "touchpoint"); err != nil {
				return cx.FieldErrorf("touchpoint_id", "no touchpoint %q in this workspace", r.TouchpointID)
			}
		}
		r.ID = s.ids.New("rc")
		_, err := c.exec(ctx, `INSERT INTO root_causes (workspace_id, root_cause_id, name_vi, name_en, touchpoint_id) VALUES (?, ?, ?, ?, ?)`,
			wsID, r.ID, r.Name.Vi, r.Name.En, r.TouchpointID)
		return err
	})
	return r, err
}

// DeleteRootCause removes a root cause; cases filed under it keep its id
// and show it as unknown.
func (s *Store) DeleteRootCause(ctx context.Context, wsID, id string) error {
	res, err := s.writer().exec(ctx, `DELETE FROM root_causes WHERE workspace_id = ? AND root_cause_id = ?`, wsID, id)
	return mustAffect(res, err, "root cause")
}

// Calendar returns the working time a workspace's SLAs count in.
func (s *Store) Calendar(ctx context.Context, wsID string) (worktime.Calendar, error) {
	ws, err := s.Workspace(ctx, wsID)
	if err != nil {
		return worktime.Calendar{}, err
	}
	st, err := s.CaseSettings(ctx, wsID)
	if err != nil {
		return worktime.Calendar{}, err
	}
	hs, err := s.CaseHolidays(ctx, wsID)
	if err != nil {
		return worktime.Calendar{}, err
	}
	loc, err := time.LoadLocation(ws.Timezone)
	if err != nil {
		loc = time.UTC
	}
	cal := worktime.Calendar{Loc: loc, Holidays: map[string]bool{}}
	cal.Start, _ = cx.ClockMinutes(st.WorkStart)
	cal.End, _ = cx.ClockMinutes(strings.TrimSpace(st.WorkEnd))
	for _, d := range st.WorkDays {
		if d >= 0 && d < 7 {
			cal.Days[d] = true
		}
	}
	for _, h := range hs {
		cal.Holidays[h.Date] = true
	}
	return cal, nil
}
