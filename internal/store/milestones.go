package store

import (
	"context"

	"cxm/internal/cx"
)

// CreateMilestone stores a new milestone definition.
func (s *Store) CreateMilestone(ctx context.Context, wsID string, m cx.Milestone) (cx.Milestone, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := checkMilestone(ctx, c, wsID, &m); err != nil {
			return err
		}
		m.ID = s.ids.New("ms")
		m.CreatedAt = now()
		m.UpdatedAt = m.CreatedAt
		_, err := c.exec(ctx, `INSERT INTO milestones (workspace_id, milestone_id, name_vi, name_en, description_vi, description_en, journey_id, stage_id, due_days,
			condition_type, condition_event, condition_count, condition_stage_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, m.ID, m.Name.Vi, m.Name.En, m.Description.Vi, m.Description.En,
			m.JourneyID, m.StageID, m.DueDays, m.Condition.Type, m.Condition.Event, m.Condition.Count, nullable(m.Condition.StageID),
			ms(m.CreatedAt), ms(m.UpdatedAt))
		return err
	})
	return m, err
}

// checkMilestone validates m and checks that its stages belong to its
// journey in this workspace.
func checkMilestone(ctx context.Context, c conn, wsID string, m *cx.Milestone) error {
	if err := m.Validate(); err != nil {
		return err
	}
	j, err := stageJourney(ctx, c, wsID, m.StageID, "stage_id")
	if err != nil {
		return err
	}
	if j != m.JourneyID {
		return cx.FieldErrorf("stage_id", "stage %s is not a stage of journey %s", m.StageID, m.JourneyID)
	}
	if m.Condition.StageID != "" {
		j, err := stageJourney(ctx, c, wsID, m.Condition.StageID, "condition.stage_id")
		if err != nil {
			return err
		}
		if j != m.JourneyID {
			return cx.FieldErrorf("condition.stage_id", "stage %s is not a stage of journey %s", m.Condition.StageID, m.JourneyID)
		}
	}
	return nil
}

const milestoneColumns = `milestone_id, name_vi, name_en, description_vi, description_en, journey_id, stage_id, due_days,
	condition_type, condition_event, condition_count, COALESCE(condition_stage_id, ''), created_at, updated_at`

func scanMilestone(row scanner) (cx.Milestone, error) {
	var m cx.Milestone
	var created, updated int64
	c := &m.Condition
	err := row.Scan(&m.ID, &m.Name.Vi, &m.Name.En, &m.Description.Vi, &m.Description.En, &m.JourneyID, &m.StageID, &m.DueDays,
		&c.Type, &c.Event, &c.Count, &c.StageID, &created, &updated)
	m.CreatedAt, m.UpdatedAt = fromMS(created), fromMS(updated)
	return m, err
}

// Milestone returns one milestone definition.
func (s *Store) Milestone(ctx context.Context, wsID, id string) (cx.Milestone, error) {
	m, err := scanMilestone(s.reader().queryRow(ctx, `SELECT `+milestoneColumns+` FROM milestones WHERE workspace_id = ? AND milestone_id = ?`, wsID, id))
	return m, notFound(err, "milestone")
}

// Milestones lists a workspace's milestone definitions.
func (s *Store) Milestones(ctx context.Context, wsID string, p Page) (List[cx.Milestone], error) {
	out, err := collect(ctx, s.reader(), scanMilestone, `SELECT `+milestoneColumns+` FROM milestones
		WHERE workspace_id = ? AND milestone_id > ? ORDER BY milestone_id LIMIT ?`, wsID, p.After, p.limit())
	if err != nil {
		return List[cx.Milestone]{}, err
	}
	return cut(out, p, func(m cx.Milestone) string { return m.ID }), nil
}

// UpdateMilestone replaces a milestone definition.
func (s *Store) UpdateMilestone(ctx context.Context, wsID string, m cx.Milestone) (cx.Milestone, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "milestones", "milestone_id", wsID, m.ID, "milestone"); err != nil {
			return err
		}
		if err := checkMilestone(ctx, c, wsID, &m); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE milestones SET name_vi = ?, name_en = ?, description_vi = ?, description_en = ?, journey_id = ?, stage_id = ?, due_days = ?,
			condition_type = ?, condition_event = ?, condition_count = ?, condition_stage_id = ?, updated_at = ?
			WHERE workspace_id = ? AND milestone_id = ?`, m.Name.Vi, m.Name.En, m.Description.Vi, m.Description.En,
			m.JourneyID, m.StageID, m.DueDays, m.Condition.Type, m.Condition.Event, m.Condition.Count, nullable(m.Condition.StageID),
			ms(now()), wsID, m.ID)
		return mustAffect(res, err, "milestone")
	})
	if err != nil {
		return cx.Milestone{}, err
	}
	return s.Milestone(ctx, wsID, m.ID)
}

// DeleteMilestone removes a milestone definition.
func (s *Store) DeleteMilestone(ctx context.Context, wsID, id string) error {
	res, err := s.writer().exec(ctx, `DELETE FROM milestones WHERE workspace_id = ? AND milestone_id = ?`, wsID, id)
	return mustAffect(res, err, "milestone")
}
