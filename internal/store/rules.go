package store

import (
	"context"
	"strings"

	"cxm/internal/cx"
)

// maxRules caps the mapping rules and the stage rules of a workspace: every
// event is checked against them, so they must stay few.
const maxRules = 500

// ruleTable describes one of the two ordered rule tables, so that creating,
// moving and deleting rules is written once.
type ruleTable struct {
	table, what string
}

var (
	mappingRules = ruleTable{"mapping_rules", "mapping rule"}
	stageRules   = ruleTable{"stage_rules", "stage rule"}
)

// ids returns the workspace's rule ids in position order.
func (t ruleTable) ids(ctx context.Context, c conn, wsID string) ([]string, error) {
	return collect(ctx, c, scanString, `SELECT rule_id FROM `+t.table+` WHERE workspace_id = ? ORDER BY position, rule_id`, wsID)
}

// place puts rule id at position pos (clamped to the list) and numbers the
// rules 0, 1, 2 … again, so that positions stay dense and unique.
func (t ruleTable) place(ctx context.Context, c conn, wsID, id string, pos int) error {
	ids, err := t.ids(ctx, c, wsID)
	if err != nil {
		return err
	}
	rest := make([]string, 0, len(ids))
	for _, x := range ids {
		if x != id {
			rest = append(rest, x)
		}
	}
	if pos < 0 || pos > len(rest) {
		pos = len(rest)
	}
	order := append(append(append([]string{}, rest[:pos]...), id), rest[pos:]...)
	for i, x := range order {
		if _, err := c.exec(ctx, `UPDATE `+t.table+` SET position = ? WHERE workspace_id = ? AND rule_id = ? AND position <> ?`, i, wsID, x, i); err != nil {
			return err
		}
	}
	return nil
}

// room refuses a new rule when the workspace has maxRules already.
func (t ruleTable) room(ctx context.Context, c conn, wsID string) error {
	var n int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM `+t.table+` WHERE workspace_id = ?`, wsID).Scan(&n); err != nil {
		return err
	}
	if n >= maxRules {
		return cx.Errorf(cx.Conflict, "a workspace has at most %d rules of each kind", maxRules)
	}
	return nil
}

// create adds a rule in one transaction: the workspace's default rules are
// seeded first, the workspace is held, there must be room for one more,
// insert writes the row (at the end), and the rule then moves to position.
func (t ruleTable) create(ctx context.Context, s *Store, wsID, id string, position int, insert func(c conn) error) error {
	if err := s.EnsureRules(ctx, wsID); err != nil {
		return err
	}
	return s.inTx(ctx, func(c conn) error {
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		if err := t.room(ctx, c, wsID); err != nil {
			return err
		}
		if err := insert(c); err != nil {
			return err
		}
		return t.place(ctx, c, wsID, id, position)
	})
}

// update changes a rule in one transaction: another workspace's rule is
// not found before its body is validated, then write changes the row and
// the rule moves to position.
func (t ruleTable) update(ctx context.Context, s *Store, wsID, id string, position int, validate func() error, write func(c conn) error) error {
	return s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, t.table, "rule_id", wsID, id, t.what); err != nil {
			return err
		}
		if err := validate(); err != nil {
			return err
		}
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		if err := write(c); err != nil {
			return err
		}
		return t.place(ctx, c, wsID, id, position)
	})
}

// remove deletes a rule and closes the gap it leaves.
func (t ruleTable) remove(ctx context.Context, s *Store, wsID, id string) error {
	return s.inTx(ctx, func(c conn) error {
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		res, err := c.exec(ctx, `DELETE FROM `+t.table+` WHERE workspace_id = ? AND rule_id = ?`, wsID, id)
		if err := mustAffect(res, err, t.what); err != nil {
			return err
		}
		ids, err := t.ids(ctx, c, wsID)
		if err != nil || len(ids) == 0 {
			return err
		}
		return t.place(ctx, c, wsID, ids[0], 0)
	})
}

// checkTouchpointRef returns an invalid-input error unless the workspace has
// the touchpoint.
func checkTouchpointRef(ctx context.Context, c conn, wsID, id string) error {
	err := exists(ctx, c, "touchpoints", "touchpoint_id", wsID, id, "touchpoint")
	if cx.ErrorCode(err) == cx.NotFound {
		return cx.FieldErrorf("touchpoint_id", "no touchpoint %q in this workspace", id)
	}
	return err
}

const mappingRuleColumns = `rule_id, position, event_type, event_name, channel, property, property_value, path_prefix, touchpoint_id`

func scanMappingRule(row scanner) (cx.MappingRule, error) {
	var r cx.MappingRule
	err := row.Scan(&r.ID, &r.Position, &r.EventType, &r.EventName, &r.Channel, &r.Property, &r.PropertyValue, &r.PathPrefix, &r.TouchpointID)
	return r, err
}

// MappingRules returns a workspace's mapping rules in the order they are
// tried, seeding the defaults first if the workspace never had them.
func (s *Store) MappingRules(ctx context.Context, wsID string) ([]cx.MappingRule, error) {
	if err := s.EnsureRules(ctx, wsID); err != nil {
		return nil, err
	}
	return mappingRulesOf(ctx, s.reader(), wsID)
}

func mappingRulesOf(ctx context.Context, c conn, wsID string) ([]cx.MappingRule, error) {
	return collect(ctx, c, scanMappingRule, `SELECT `+mappingRuleColumns+` FROM mapping_rules WHERE workspace_id = ? ORDER BY position, rule_id`, wsID)
}

// MappingRule returns one mapping rule.
func (s *Store) MappingRule(ctx context.Context, wsID, id string) (cx.MappingRule, error) {
	r, err := scanMappingRule(s.reader().queryRow(ctx, `SELECT `+mappingRuleColumns+` FROM mapping_rules WHERE workspace_id = ? AND rule_id = ?`, wsID, id))
	return r, notFound(err, "mapping rule")
}

// CreateMappingRule stores a rule at r.Position (after the others when it
// is out of range, as -1 is), moving the rules after it down.
func (s *Store) CreateMappingRule(ctx context.Context, wsID string, r cx.MappingRule) (cx.MappingRule, error) {
	if err := r.Validate(); err != nil {
		return cx.MappingRule{}, err
	}
	r.ID = s.ids.New("mr")
	err := mappingRules.create(ctx, s, wsID, r.ID, r.Position, func(c conn) error {
		if err := checkTouchpointRef(ctx, c, wsID, r.TouchpointID); err != nil {
			return err
		}
		return insertMappingRule(ctx, c, wsID, r, maxRules)
	})
	if err != nil {
		return cx.MappingRule{}, err
	}
	return s.MappingRule(ctx, wsID, r.ID)
}

func insertMappingRule(ctx context.Context, c conn, wsID string, r cx.MappingRule, pos int) error {
	_, err := c.exec(ctx, `INSERT INTO mapping_rules (workspace_id, rule_id, position, event_type, event_name, channel, property, property_value, path_prefix, touchpoint_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, r.ID, pos, r.EventType, r.EventName, r.Channel, r.Property, r.PropertyValue, r.PathPrefix, r.TouchpointID)
	return err
}

// UpdateMappingRule replaces a rule's conditions and touchpoint and moves it
// to r.Position.
func (s *Store) UpdateMappingRule(ctx context.Context, wsID string, r cx.MappingRule) (cx.MappingRule, error) {
	err := mappingRules.update(ctx, s, wsID, r.ID, r.Position, r.Validate, func(c conn) error {
		if err := checkTouchpointRef(ctx, c, wsID, r.TouchpointID); err != nil {
			return err
		}
		_, err := c.exec(ctx, `UPDATE mapping_rules SET event_type = ?, event_name = ?, channel = ?, property = ?, property_value = ?, path_prefix = ?, touchpoint_id = ?
			WHERE workspace_id = ? AND rule_id = ?`, r.EventType, r.EventName, r.Channel, r.Property, r.PropertyValue, r.PathPrefix, r.TouchpointID, wsID, r.ID)
		return err
	})
	if err != nil {
		return cx.MappingRule{}, err
	}
	return s.MappingRule(ctx, wsID, r.ID)
}

// DeleteMappingRule removes a mapping rule. Events it mapped keep their
// touchpoint.
func (s *Store) DeleteMappingRule(ctx context.Context, wsID, id string) error {
	return mappingRules.remove(ctx, s, wsID, id)
}

const stageRuleColumns = `rule_id, position, event_name, occurrence, journey_id, stage_id`

func scanStageRule(row scanner) (cx.StageRule, error) {
	var r cx.StageRule
	err := row.Scan(&r.ID, &r.Position, &r.EventName, &r.Occurrence, &r.JourneyID, &r.StageID)
	return r, err
}

// StageRules returns a workspace's stage rules in order, seeding the
// defaults first if the workspace never had them.
func (s *Store) StageRules(ctx context.Context, wsID string) ([]cx.StageRule, error) {
	if err := s.EnsureRules(ctx, wsID); err != nil {
		return nil, err
	}
	return stageRulesOf(ctx, s.reader(), wsID)
}

func stageRulesOf(ctx context.Context, c conn, wsID string) ([]cx.StageRule, error) {
	return collect(ctx, c, scanStageRule, `SELECT `+stageRuleColumns+` FROM stage_rules WHERE workspace_id = ? ORDER BY position, rule_id`, wsID)
}

// StageRule returns one stage rule.
func (s *Store) StageRule(ctx context.Context, wsID, id string) (cx.StageRule, error) {
	r, err := scanStageRule(s.reader().queryRow(ctx, `SELECT `+stageRuleColumns+` FROM stage_rules WHERE workspace_id = ? AND rule_id = ?`, wsID, id))
	return r, notFound(err, "stage rule")
}

// CreateStageRule stores a stage rule at r.Position.
func (s *Store) CreateStageRule(ctx context.Context, wsID string, r cx.StageRule) (cx.StageRule, error) {
	if err := r.Validate(); err != nil {
		return cx.StageRule{}, err
	}
	r.ID = s.ids.New("sr")
	err := stageRules.create(ctx, s, wsID, r.ID, r.Position, func(c conn) error {
		journeyID, err := stageJourney(ctx, c, wsID, r.StageID, "stage_id")
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO stage_rules (workspace_id, rule_id, position, event_name, occurrence, journey_id, stage_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, wsID, r.ID, maxRules, r.EventName, r.Occurrence, journeyID, r.StageID)
		return err
	})
	if err != nil {
		return cx.StageRule{}, err
	}
	return s.StageRule(ctx, wsID, r.ID)
}

// UpdateStageRule replaces a stage rule and moves it to r.Position.
func (s *Store) UpdateStageRule(ctx context.Context, wsID string, r cx.StageRule) (cx.StageRule, error) {
	err := stageRules.update(ctx, s, wsID, r.ID, r.Position, r.Validate, func(c conn) error {
		journeyID, err := stageJourney(ctx, c, wsID, r.StageID, "stage_id")
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, `UPDATE stage_rules SET event_name = ?, occurrence = ?, journey_id = ?, stage_id = ? WHERE workspace_id = ? AND rule_id = ?`,
			r.EventName, r.Occurrence, journeyID, r.StageID, wsID, r.ID)
		return err
	})
	if err != nil {
		return cx.StageRule{}, err
	}
	return s.StageRule(ctx, wsID, r.ID)
}

// DeleteStageRule removes a stage rule. Stages customers reached stay.
func (s *Store) DeleteStageRule(ctx context.Context, wsID, id string) error {
	return stageRules.remove(ctx, s, wsID, id)
}

// EnsureRules seeds a workspace's default mapping and stage rules once in
// its life: at creation, or on first use for a workspace made before
// ingestion existed. Rules a person deleted are not seeded again.
func (s *Store) EnsureRules(ctx context.Context, wsID string) error {
	var one int
	err := s.reader().queryRow(ctx, `SELECT 1 FROM rule_seeds WHERE workspace_id = ?`, wsID).Scan(&one)
	if err == nil {
		return nil
	}
	if cx.ErrorCode(notFound(err, "")) != cx.NotFound {
		return err
	}
	return s.inTx(ctx, func(c conn) error { return s.seedRules(ctx, c, wsID) })
}

// seedRules inserts the default rules unless the workspace was seeded.
func (s *Store) seedRules(ctx context.Context, c conn, wsID string) error {
	res, err := c.exec(ctx, `INSERT INTO rule_seeds (workspace_id, seeded_at) SELECT workspace_id, ? FROM workspaces WHERE workspace_id = ?
		ON CONFLICT (workspace_id) DO NOTHING`, ms(now()), wsID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	touchpoints, err := keyedIDs(ctx, c, `SELECT touchpoint_key, touchpoint_id FROM touchpoints WHERE workspace_id = ?`, wsID)
	if err != nil {
		return err
	}
	pos := 0
	for _, d := range cx.DefaultMappingRules() {
		tp, ok := touchpoints[d.TouchpointKey]
		if !ok {
			continue
		}
		r := d.Rule
		r.ID, r.TouchpointID = s.ids.New("mr"), tp
		if err := insertMappingRule(ctx, c, wsID, r, pos); err != nil {
			return err
		}
		pos++
	}
	return s.seedStageRules(ctx, c, wsID)
}

// seedStageRules adds the default stage rules to every journey that has
// stages with their keys.
func (s *Store) seedStageRules(ctx context.Context, c conn, wsID string) error {
	stages, err := collect(ctx, c, scanKeyedStage, `SELECT journey_id, stage_key, stage_id FROM stages WHERE workspace_id = ? ORDER BY journey_id, position`, wsID)
	if err != nil {
		return err
	}
	pos := 0
	for _, st := range stages {
		for _, d := range cx.DefaultStageRules() {
			if d.StageKey != st.key {
				continue
			}
			_, err := c.exec(ctx, `INSERT INTO stage_rules (workspace_id, rule_id, position, event_name, occurrence, journey_id, stage_id)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, wsID, s.ids.New("sr"), pos, d.EventName, d.Occurrence, st.journey, st.id)
			if err != nil {
				return err
			}
			pos++
		}
	}
	return nil
}

// keyedStage is a stage's journey, key and id, for seeding its rules.
type keyedStage struct{ journey, key, id string }

func scanKeyedStage(row scanner) (keyedStage, error) {
	var st keyedStage
	err := row.Scan(&st.journey, &st.key, &st.id)
	return st, err
}

// keyedIDs runs a query of (key, id) rows into a map.
func keyedIDs(ctx context.Context, c conn, q string, args ...any) (map[string]string, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, id string
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[strings.ToLower(k)] = id
	}
	return out, rows.Err()
}
