package alerts

import (
	"context"
	"log/slog"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/store"
)

// MilestoneScheduler keeps each customer's status on each milestone:
// the analytics worker works out, as events arrive, when a customer's
// clock started, when the milestone is due and when it was achieved; on
// each tick the scheduler turns those into a status at its clock's now
// (achieved, pending, overdue) and stores what changed, with when.
type MilestoneScheduler struct {
	st   *store.Store
	log  *slog.Logger
	Now  func() time.Time
	Poll time.Duration
}

// NewMilestoneScheduler returns the milestone scheduler on the wall clock.
func NewMilestoneScheduler(st *store.Store, log *slog.Logger) *MilestoneScheduler {
	return &MilestoneScheduler{st: st, log: log, Now: time.Now, Poll: 10 * time.Second}
}

// Run ticks until ctx ends.
func (m *MilestoneScheduler) Run(ctx context.Context) {
	analytics.Every(ctx, m.Poll, m.log, "milestone scheduler", func(ctx context.Context) error {
		_, err := m.Step(ctx)
		return err
	})
}

// Step brings every workspace's statuses to the clock's now and returns
// how many changed.
func (m *MilestoneScheduler) Step(ctx context.Context) (int, error) {
	at, n := m.Now().UnixMilli(), 0
	err := analytics.EachWorkspace(ctx, m.st, func(ctx context.Context, wsID string) error {
		changes, err := m.st.SyncMilestoneStatuses(ctx, wsID, at)
		n += len(changes)
		return err
	})
	return n, err
}
