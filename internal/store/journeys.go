package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cxm/internal/cx"
)

// CreateJourney stores a new journey. A journey sent without stages gets the
// stages of its template.
func (s *Store) CreateJourney(ctx context.Context, wsID string, j cx.Journey) (cx.Journey, error) {
	if len(j.Stages) == 0 && j.Template != "" && j.Template != cx.TemplateCustom {
		if _, err := s.Workspace(ctx, wsID); err != nil {
			return cx.Journey{}, err
		}
		t, err := cx.NewJourney(j.Template)
		if err != nil {
			return cx.Journey{}, err
		}
		j.Stages = t.Stages
		if j.Name == (cx.Text{}) {
			j.Name = t.Name
		}
	}
	err := s.inTx(ctx, func(c conn) error { return s.insertJourney(ctx, c, wsID, &j) })
	return j, err
}

func (s *Store) insertJourney(ctx context.Context, c conn, wsID string, j *cx.Journey) error {
	fillStageKeys(j.Stages)
	if err := j.Validate(); err != nil {
		return err
	}
	j.ID = s.ids.New("jny")
	j.CreatedAt = now()
	j.UpdatedAt = j.CreatedAt
	_, err := c.exec(ctx, `INSERT INTO journeys (workspace_id, journey_id, name_vi, name_en, template, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, wsID, j.ID, j.Name.Vi, j.Name.En, j.Template, ms(j.CreatedAt), ms(j.UpdatedAt))
	if err != nil {
		return err
	}
	for i := range j.Stages {
		j.Stages[i].ID = s.ids.New("stg")
		if err := checkOwner(ctx, c, wsID, &j.Stages[i].OwnerID, &j.Stages[i].Owner, "stages["+itoa(i)+"].owner_id"); err != nil {
			return err
		}
		if err := insertStage(ctx, c, wsID, j.ID, j.Stages[i]); err != nil {
			return err
		}
	}
	return nil
}

func insertStage(ctx context.Context, c conn, wsID, journeyID string, st cx.Stage) error {
	_, err := c.exec(ctx, `INSERT INTO stages (workspace_id, stage_id, journey_id, stage_key, name_vi, name_en, phase, position, desired_emotions, desired_actions, owner, owner_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, st.ID, journeyID, st.Key, st.Name.Vi, st.Name.En, st.Phase, st.Position,
		toJSON(st.DesiredEmotions), toJSON(st.DesiredActions), st.Owner, nullable(st.OwnerID))
	return err
}

// Journey returns one journey with its stages in order.
func (s *Store) Journey(ctx context.Context, wsID, id string) (cx.Journey, error) {
	list, err := s.journeys(ctx, wsID, `AND journey_id = ?`, id)
	if err != nil {
		return cx.Journey{}, err
	}
	if len(list) == 0 {
		return cx.Journey{}, cx.Errorf(cx.NotFound, "journey not found")
	}
	return list[0], nil
}

// Journeys lists a workspace's journeys with their stages.
func (s *Store) Journeys(ctx context.Context, wsID string, p Page) (List[cx.Journey], error) {
	list, err := s.journeys(ctx, wsID, `AND journey_id > ? ORDER BY journey_id LIMIT ?`, p.After, p.limit())
	if err != nil {
		return List[cx.Journey]{}, err
	}
	return cut(list, p, func(j cx.Journey) string { return j.ID }), nil
}

const journeyColumns = `journey_id, name_vi, name_en, template, created_at, updated_at`

func scanJourney(row scanner) (cx.Journey, error) {
	j := cx.Journey{Stages: []cx.Stage{}}
	var created, updated int64
	err := row.Scan(&j.ID, &j.Name.Vi, &j.Name.En, &j.Template, &created, &updated)
	j.CreatedAt, j.UpdatedAt = fromMS(created), fromMS(updated)
	return j, err
}

// journeyStage is a stage with the id of its journey, to attach it.
type journeyStage struct {
	journeyID string
	stage     cx.Stage
}

const stageColumns = `journey_id, stage_id, stage_key, name_vi, name_en, phase, position, desired_emotions, desired_actions, owner, COALESCE(owner_id, '')`

func scanJourneyStage(row scanner) (journeyStage, error) {
	var js journeyStage
	var emotions, actions string
	st := &js.stage
	if err := row.Scan(&js.journeyID, &st.ID, &st.Key, &st.Name.Vi, &st.Name.En, &st.Phase, &st.Position, &emotions, &actions, &st.Owner, &st.OwnerID); err != nil {
		return js, err
	}
	return js, errors.Join(fromJSON(emotions, &st.DesiredEmotions), fromJSON(actions, &st.DesiredActions))
}

// journeys reads journeys matching where, then the stages of them all in
// one query.
func (s *Store) journeys(ctx context.Context, wsID, where string, args ...any) ([]cx.Journey, error) {
	r := s.reader()
	out, err := collect(ctx, r, scanJourney, `SELECT `+journeyColumns+` FROM journeys WHERE workspace_id = ? `+where, append([]any{wsID}, args...)...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	index := make(map[string]int, len(out))
	ids := make([]any, 0, len(out))
	for i, j := range out {
		index[j.ID] = i
		ids = append(ids, j.ID)
	}
	stages, err := collect(ctx, r, scanJourneyStage, `SELECT `+stageColumns+` FROM stages
		WHERE workspace_id = ? AND journey_id IN (`+placeholders(len(ids))+`) ORDER BY journey_id, position`, append([]any{wsID}, ids...)...)
	if err != nil {
		return nil, err
	}
	for _, st := range stages {
		j := &out[index[st.journeyID]]
		j.Stages = append(j.Stages, st.stage)
	}
	return out, nil
}

// UpdateJourney replaces a journey's name and stages. Stages sent with an id
// are kept (and may be renamed or moved), stages sent without one are added,
// and stages left out are removed — unless touchpoints or milestones still use
// them, which is a conflict.
func (s *Store) UpdateJourney(ctx context.Context, wsID string, j cx.Journey) (cx.Journey, error) {
	old, err := s.Journey(ctx, wsID, j.ID)
	if err != nil {
		return cx.Journey{}, err
	}
	fillStageKeys(j.Stages)
	if err := j.Validate(); err != nil {
		return cx.Journey{}, err
	}
	kept := map[string]bool{}
	for _, st := range old.Stages {
		kept[st.ID] = false
	}
	for i, st := range j.Stages {
		if st.ID == "" {
			continue
		}
		if _, ok := kept[st.ID]; !ok {
			return cx.Journey{}, cx.FieldErrorf("stages["+itoa(i)+"].id", "stage %s is not a stage of this journey", st.ID)
		}
		kept[st.ID] = true
	}
	err = s.inTx(ctx, func(c conn) error {
		for id, keep := range kept {
			if !keep {
				if err := stageUnused(ctx, c, wsID, id); err != nil {
					return err
				}
				if _, err := c.exec(ctx, `DELETE FROM stages WHERE workspace_id = ? AND stage_id = ?`, wsID, id); err != nil {
					return err
				}
			}
		}
		// Free the keys first, so that stages may swap them.
		if _, err := c.exec(ctx, `UPDATE stages SET stage_key = stage_id WHERE workspace_id = ? AND journey_id = ?`, wsID, j.ID); err != nil {
			return err
		}
		for i := range j.Stages {
			st := &j.Stages[i]
			if err := checkOwner(ctx, c, wsID, &st.OwnerID, &st.Owner, "stages["+itoa(i)+"].owner_id"); err != nil {
				return err
			}
			if st.ID == "" {
				st.ID = s.ids.New("stg")
				if err := insertStage(ctx, c, wsID, j.ID, *st); err != nil {
					return err
				}
				continue
			}
			_, err := c.exec(ctx, `UPDATE stages SET stage_key = ?, name_vi = ?, name_en = ?, phase = ?, position = ?, desired_emotions = ?, desired_actions = ?, owner = ?, owner_id = ?
				WHERE workspace_id = ? AND stage_id = ?`, st.Key, st.Name.Vi, st.Name.En, st.Phase, st.Position,
				toJSON(st.DesiredEmotions), toJSON(st.DesiredActions), st.Owner, nullable(st.OwnerID), wsID, st.ID)
			if err != nil {
				return err
			}
		}
		_, err := c.exec(ctx, `UPDATE journeys SET name_vi = ?, name_en = ?, template = ?, updated_at = ? WHERE workspace_id = ? AND journey_id = ?`,
			j.Name.Vi, j.Name.En, j.Template, ms(now()), wsID, j.ID)
		return err
	})
	if err != nil {
		return cx.Journey{}, err
	}
	return s.Journey(ctx, wsID, j.ID)
}

// DeleteJourney removes a journey and its stages. The last journey is kept,
// and so is a journey that touchpoints, milestones, goals or standards still
// use.
func (s *Store) DeleteJourney(ctx context.Context, wsID, id string) error {
	j, err := s.Journey(ctx, wsID, id)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		var others int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM journeys WHERE workspace_id = ? AND journey_id <> ?`, wsID, id).Scan(&others); err != nil {
			return err
		}
		if others == 0 {
			return cx.Errorf(cx.Conflict, "a workspace needs at least one journey")
		}
		for _, st := range j.Stages {
			if err := stageUnused(ctx, c, wsID, st.ID); err != nil {
				return err
			}
		}
		var milestones int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM milestones WHERE workspace_id = ? AND journey_id = ?`, wsID, id).Scan(&milestones); err != nil {
			return err
		}
		if milestones > 0 {
			return cx.Errorf(cx.Conflict, "%d milestones belong to this journey: delete them first", milestones)
		}
		scoped, err := scopedTo(ctx, c, wsID, cx.ScopeJourney, id)
		if err != nil {
			return err
		}
		if scoped > 0 {
			return cx.Errorf(cx.Conflict, "%d goals or standards are set for this journey: change or delete them first", scoped)
		}
		_, err = c.exec(ctx, `DELETE FROM journeys WHERE workspace_id = ? AND journey_id = ?`, wsID, id)
		return err
	})
}

// stageUnused returns a conflict when touchpoints, milestones, goals or
// standards use a stage.
func stageUnused(ctx context.Context, c conn, wsID, stageID string) error {
	var touchpoints, milestones int
	err := c.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM touchpoints WHERE workspace_id = ? AND stage_id = ?),
		(SELECT COUNT(*) FROM milestones WHERE workspace_id = ? AND (stage_id = ? OR condition_stage_id = ?))`,
		wsID, stageID, wsID, stageID, stageID).Scan(&touchpoints, &milestones)
	if err != nil {
		return err
	}
	scoped, err := scopedTo(ctx, c, wsID, cx.ScopeStage, stageID)
	if err != nil {
		return err
	}
	if touchpoints > 0 || milestones > 0 || scoped > 0 {
		return cx.Errorf(cx.Conflict, "stage %s is still used by %d touchpoints, %d milestones and %d goals or standards: move or delete them first",
			stageID, touchpoints, milestones, scoped)
	}
	return nil
}

// scopedTo counts the goals and standards whose scope is the given object.
func scopedTo(ctx context.Context, c conn, wsID, kind, id string) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM goals WHERE workspace_id = ? AND scope_kind = ? AND scope_id = ?) +
		(SELECT COUNT(*) FROM standards WHERE workspace_id = ? AND scope_kind = ? AND scope_id = ?)`,
		wsID, kind, id, wsID, kind, id).Scan(&n)
	return n, err
}

// stageJourney returns the journey a stage of the workspace belongs to, or
// an invalid-input error about field.
func stageJourney(ctx context.Context, c conn, wsID, stageID, field string) (string, error) {
	var journeyID string
	err := c.queryRow(ctx, `SELECT journey_id FROM stages WHERE workspace_id = ? AND stage_id = ?`, wsID, stageID).Scan(&journeyID)
	if err != nil {
		if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
			return "", cx.FieldErrorf(field, "no stage %q in this workspace", stageID)
		}
		return "", err
	}
	return journeyID, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("store: cannot encode " + err.Error())
	}
	return string(b)
}

// fromJSON decodes a JSON column this package wrote.
func fromJSON(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("store: corrupt JSON column: %w", err)
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
