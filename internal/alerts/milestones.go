package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

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
	return &MilestoneScheduler{st: st, log: log, Now: time.Now, Poll: 5 * time.Second}
}

// Run ticks until ctx ends.
func (m *MilestoneScheduler) Run(ctx context.Context) {
	tick := time.NewTicker(m.Poll)
	defer tick.Stop()
	for {
		if _, err := m.Step(ctx); err != nil && ctx.Err() == nil {
			m.log.Warn("milestone scheduler", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Step brings every workspace's statuses to the clock's now and returns
// how many changed.
func (m *MilestoneScheduler) Step(ctx context.Context) (int, error) {
	wss, err := m.st.Workspaces(ctx)
	if err != nil {
		return 0, err
	}
	at := m.Now().UnixMilli()
	n := 0
	var errs []error
	for _, ws := range wss {
		changes, err := m.st.SyncMilestoneStatuses(ctx, ws.ID, at)
		if err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", ws.ID, err))
		}
		n += len(changes)
	}
	return n, errors.Join(errs...)
}
