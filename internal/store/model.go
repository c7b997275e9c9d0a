package store

import (
	"context"

	"cxm/internal/cx"
)

// CXModel returns a workspace's vision, standards and goals.
func (s *Store) CXModel(ctx context.Context, wsID string) (cx.CXModel, error) {
	r := s.reader()
	var m cx.CXModel
	var updated int64
	err := r.queryRow(ctx, `SELECT vision_vi, vision_en, model_updated_at FROM workspaces WHERE workspace_id = ?`, wsID).
		Scan(&m.Vision.Vi, &m.Vision.En, &updated)
	if err != nil {
		return cx.CXModel{}, notFound(err, "workspace")
	}
	m.UpdatedAt = fromMS(updated)
	if m.Standards, err = collect(ctx, r, scanStandard, `SELECT `+standardColumns+` FROM standards WHERE workspace_id = ? ORDER BY position`, wsID); err != nil {
		return cx.CXModel{}, err
	}
	if m.Goals, err = collect(ctx, r, scanGoal, `SELECT `+goalColumns+` FROM goals WHERE workspace_id = ? ORDER BY position`, wsID); err != nil {
		return cx.CXModel{}, err
	}
	return m, nil
}

const standardColumns = `standard_id, name_vi, name_en, metric, comparator, threshold, unit, scope_kind, scope_id, owner,
	measure_kind, measure_event, measure_property, measure_survey, measure_question`

func scanStandard(row scanner) (cx.Standard, error) {
	var st cx.Standard
	mb := &st.MeasuredBy
	err := row.Scan(&st.ID, &st.Name.Vi, &st.Name.En, &st.Metric, &st.Comparator, &st.Threshold, &st.Unit, &st.Scope.Kind, &st.Scope.ID, &st.Owner,
		&mb.Kind, &mb.Event, &mb.Property, &mb.SurveyID, &mb.Question)
	return st, err
}

const goalColumns = `goal_id, name_vi, name_en, kpi, comparator, target, scope_kind, scope_id, due, owner, goal_window`

func scanGoal(row scanner) (cx.Goal, error) {
	var g cx.Goal
	err := row.Scan(&g.ID, &g.Name.Vi, &g.Name.En, &g.KPI, &g.Comparator, &g.Target, &g.Scope.Kind, &g.Scope.ID, &g.Due, &g.Owner, &g.Window)
	return g, err
}

// ReplaceCXModel stores a whole model at once: vision, standards and goals.
// Standards and goals sent with an id keep it; the rest get new ids.
func (s *Store) ReplaceCXModel(ctx context.Context, wsID string, m cx.CXModel) (cx.CXModel, error) {
	if err := m.Validate(); err != nil {
		return cx.CXModel{}, err
	}
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE workspaces SET vision_vi = ?, vision_en = ?, model_updated_at = ? WHERE workspace_id = ?`,
			m.Vision.Vi, m.Vision.En, ms(now()), wsID)
		if err := mustAffect(res, err, "workspace"); err != nil {
			return err
		}
		for _, table := range []string{"standards", "goals"} {
			if _, err := c.exec(ctx, `DELETE FROM `+table+` WHERE workspace_id = ?`, wsID); err != nil {
				return err
			}
		}
		for i, st := range m.Standards {
			if err := checkScope(ctx, c, wsID, st.Scope, "standards["+itoa(i)+"].scope.id"); err != nil {
				return err
			}
			mb := st.MeasuredBy
			_, err := c.exec(ctx, `INSERT INTO standards (workspace_id, standard_id, position, name_vi, name_en, metric, comparator, threshold, unit, scope_kind, scope_id, owner,
				measure_kind, measure_event, measure_property, measure_survey, measure_question)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, s.keepID(st.ID, "std"), i, st.Name.Vi, st.Name.En, st.Metric, st.Comparator, st.Threshold, st.Unit, st.Scope.Kind, st.Scope.ID, st.Owner,
				mb.Kind, mb.Event, mb.Property, mb.SurveyID, mb.Question)
			if err != nil {
				return err
			}
		}
		for i, g := range m.Goals {
			if err := checkScope(ctx, c, wsID, g.Scope, "goals["+itoa(i)+"].scope.id"); err != nil {
				return err
			}
			_, err := c.exec(ctx, `INSERT INTO goals (workspace_id, goal_id, position, name_vi, name_en, kpi, comparator, target, scope_kind, scope_id, due, owner, goal_window)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, s.keepID(g.ID, "goal"), i, g.Name.Vi, g.Name.En, g.KPI, g.Comparator, g.Target, g.Scope.Kind, g.Scope.ID, g.Due, g.Owner, g.Window)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return cx.CXModel{}, err
	}
	return s.CXModel(ctx, wsID)
}

// keepID returns id when it is a plausible id of ours, else a new one.
func (s *Store) keepID(id, prefix string) string {
	if len(id) == len(prefix)+27 && id[:len(prefix)+1] == prefix+"_" && cx.IsSlug(id) {
		return id
	}
	return s.ids.New(prefix)
}

// checkScope checks that a scope names a journey, stage or touchpoint of the
// workspace. A journey scope without an id covers every journey.
func checkScope(ctx context.Context, c conn, wsID string, sc cx.Scope, field string) error {
	var q string
	switch sc.Kind {
	case cx.ScopeJourney:
		if sc.ID == "" {
			return nil
		}
		q = `SELECT COUNT(*) FROM journeys WHERE workspace_id = ? AND journey_id = ?`
	case cx.ScopeStage:
		q = `SELECT COUNT(*) FROM stages WHERE workspace_id = ? AND stage_id = ?`
	case cx.ScopeTouchpoint:
		q = `SELECT COUNT(*) FROM touchpoints WHERE workspace_id = ? AND touchpoint_id = ?`
	}
	var n int
	if err := c.queryRow(ctx, q, wsID, sc.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return cx.FieldErrorf(field, "no %s %q in this workspace", sc.Kind, sc.ID)
	}
	return nil
}
