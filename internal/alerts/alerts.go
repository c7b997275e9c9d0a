// Package alerts closes part of the loop (issue 13): alert rules and the
// evaluator that fires them — a goal turned missed, a score dropped beyond
// its margin of error, a standard broken too often in a day, a jump of
// negative comments about an aspect — once per condition and period, by
// e-mail to the members a rule names; and the milestone scheduler, which
// keeps each customer's status on each milestone (achieved, pending,
// overdue) as time passes and events arrive. Both tick on a clock the
// caller gives, so that tests drive time.
package alerts

import (
	"context"
	"slices"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Service holds the use cases of alert rules and customers' milestones.
type Service struct {
	st *store.Store
}

// New returns the alerts service.
func New(st *store.Store) *Service {
	return &Service{st: st}
}

// CreateRule checks a rule against the workspace and stores it.
func (s *Service) CreateRule(ctx context.Context, wsID string, r cx.AlertRule) (cx.AlertRule, error) {
	if err := s.checkRefs(ctx, wsID, &r); err != nil {
		return cx.AlertRule{}, err
	}
	return s.st.CreateAlertRule(ctx, wsID, r)
}

// UpdateRule checks a rule against the workspace and replaces it.
func (s *Service) UpdateRule(ctx context.Context, wsID string, r cx.AlertRule) (cx.AlertRule, error) {
	if _, err := s.st.AlertRule(ctx, wsID, r.ID); err != nil {
		return cx.AlertRule{}, err
	}
	if err := s.checkRefs(ctx, wsID, &r); err != nil {
		return cx.AlertRule{}, err
	}
	return s.st.UpdateAlertRule(ctx, wsID, r)
}

// checkRefs refuses a rule naming a goal, standard or touchpoint the
// workspace does not have.
func (s *Service) checkRefs(ctx context.Context, wsID string, r *cx.AlertRule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	p := r.Params
	if p.GoalID != "" || p.StandardID != "" {
		m, err := s.st.CXModel(ctx, wsID)
		if err != nil {
			return err
		}
		if p.GoalID != "" && !slices.ContainsFunc(m.Goals, func(g cx.Goal) bool { return g.ID == p.GoalID }) {
			return cx.FieldErrorf("params.goal_id", "no goal %q in this workspace", p.GoalID)
		}
		if p.StandardID != "" && !slices.ContainsFunc(m.Standards, func(st cx.Standard) bool { return st.ID == p.StandardID }) {
			return cx.FieldErrorf("params.standard_id", "no standard %q in this workspace", p.StandardID)
		}
	}
	if p.TouchpointID != "" {
		if _, err := s.st.Touchpoint(ctx, wsID, p.TouchpointID); err != nil {
			if cx.ErrorCode(err) == cx.NotFound {
				return cx.FieldErrorf("params.touchpoint_id", "no touchpoint %q in this workspace", p.TouchpointID)
			}
			return err
		}
	}
	return nil
}

// SetCSMOwner makes a member ("" for none) a customer's CSM owner.
func (s *Service) SetCSMOwner(ctx context.Context, wsID, customerID, userID string) (cx.Customer, error) {
	if err := s.st.SetCSMOwner(ctx, wsID, customerID, userID); err != nil {
		return cx.Customer{}, err
	}
	return s.st.Customer(ctx, wsID, customerID)
}
