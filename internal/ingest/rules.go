package ingest

import (
	"context"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// remapLimit is how many past unmapped events a new or changed mapping
// rule is applied to at once, while the person who saved it waits;
// `cxm analytics rebuild` maps the rest.
const remapLimit = 10000

// Rules changes a workspace's mapping and stage rules. Every surface that
// edits rules goes through it, because a saved rule is not the end of it:
// the writer keeps the rules in memory and must be told, and a new or
// changed mapping rule should also map the past events no rule mapped.
type Rules struct {
	st *store.Store
	p  *Pipeline
}

// NewRules returns the rules of the workspaces in st, whose events p
// writes.
func NewRules(st *store.Store, p *Pipeline) *Rules {
	return &Rules{st: st, p: p}
}

// CreateMappingRule stores a mapping rule at rule.Position and maps the
// past events it matches.
func (r *Rules) CreateMappingRule(ctx context.Context, wsID string, rule cx.MappingRule) (cx.MappingRule, error) {
	saved, err := r.st.CreateMappingRule(ctx, wsID, rule)
	return saved, r.mappingSaved(ctx, wsID, err)
}

// UpdateMappingRule replaces the mapping rule rule.ID, moves it to
// rule.Position and maps the past events it now matches.
func (r *Rules) UpdateMappingRule(ctx context.Context, wsID string, rule cx.MappingRule) (cx.MappingRule, error) {
	saved, err := r.st.UpdateMappingRule(ctx, wsID, rule)
	return saved, r.mappingSaved(ctx, wsID, err)
}

// MapUnmapped maps a group of events no rule maps to a touchpoint: rule
// names the group (its type, name and, for pages, a path prefix) and the
// touchpoint. The rule goes first, because a person chose it for exactly
// these events, and the group's past events are mapped.
func (r *Rules) MapUnmapped(ctx context.Context, wsID string, rule cx.MappingRule) (cx.MappingRule, error) {
	rule.Position = 0
	return r.CreateMappingRule(ctx, wsID, rule)
}

// MoveMappingRule moves a mapping rule to position (a negative one is the
// first). Past events are not mapped again: a move changes which rule
// wins, not whether one does.
func (r *Rules) MoveMappingRule(ctx context.Context, wsID, id string, position int) (cx.MappingRule, error) {
	rule, err := r.st.MappingRule(ctx, wsID, id)
	if err == nil {
		rule.Position = max(position, 0)
		rule, err = r.st.UpdateMappingRule(ctx, wsID, rule)
	}
	r.p.rulesChanged()
	return rule, err
}

// DeleteMappingRule removes a mapping rule. Events it mapped keep their
// touchpoint.
func (r *Rules) DeleteMappingRule(ctx context.Context, wsID, id string) error {
	err := r.st.DeleteMappingRule(ctx, wsID, id)
	r.p.rulesChanged()
	return err
}

// mappingSaved follows the saving of a mapping rule, whose error is err:
// the writer is told either way, and past events are mapped once the rule
// is stored.
func (r *Rules) mappingSaved(ctx context.Context, wsID string, err error) error {
	r.p.rulesChanged()
	if err != nil {
		return err
	}
	_, err = Remap(ctx, r.st, wsID, remapLimit)
	return err
}

// CreateStageRule stores a stage rule at rule.Position. Customers' past
// stages stay as they are until `cxm analytics rebuild`.
func (r *Rules) CreateStageRule(ctx context.Context, wsID string, rule cx.StageRule) (cx.StageRule, error) {
	saved, err := r.st.CreateStageRule(ctx, wsID, rule)
	r.p.rulesChanged()
	return saved, err
}

// UpdateStageRule replaces the stage rule rule.ID and moves it to
// rule.Position.
func (r *Rules) UpdateStageRule(ctx context.Context, wsID string, rule cx.StageRule) (cx.StageRule, error) {
	saved, err := r.st.UpdateStageRule(ctx, wsID, rule)
	r.p.rulesChanged()
	return saved, err
}

// MoveStageRule moves a stage rule to position (a negative one is the
// first).
func (r *Rules) MoveStageRule(ctx context.Context, wsID, id string, position int) (cx.StageRule, error) {
	rule, err := r.st.StageRule(ctx, wsID, id)
	if err == nil {
		rule.Position = max(position, 0)
		rule, err = r.st.UpdateStageRule(ctx, wsID, rule)
	}
	r.p.rulesChanged()
	return rule, err
}

// DeleteStageRule removes a stage rule. Stages customers reached stay.
func (r *Rules) DeleteStageRule(ctx context.Context, wsID, id string) error {
	err := r.st.DeleteStageRule(ctx, wsID, id)
	r.p.rulesChanged()
	return err
}
