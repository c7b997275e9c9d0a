package analytics

import (
	"context"

	"cxm/internal/cx"
)

// PageWindow is the window an analytics page shows: from and to as given
// (YYYY-MM-DD, checked as every measure checks them), or, without either,
// the calendar month so far in the workspace's time zone.
func (s *Service) PageWindow(ctx context.Context, wsID, from, to string) (Window, error) {
	loc, err := s.zone(ctx, wsID)
	if err != nil {
		return Window{}, err
	}
	if from == "" && to == "" {
		return GoalWindow(cx.GoalMonth, s.now(), loc), nil
	}
	return ParseWindow(from, to, loc, s.now(), 30)
}
