package analytics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"cxm/internal/store"
)

// Every runs step at once and then every poll until ctx ends, logging what
// fails under name: the loop of each background worker of `cxm serve`.
func Every(ctx context.Context, poll time.Duration, log *slog.Logger, name string, step func(context.Context) error) {
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		if err := step(ctx); err != nil && ctx.Err() == nil {
			log.Warn(name, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// EachWorkspace runs fn on every workspace; a workspace that fails does not
// stop the others, and the errors come back joined, each naming its
// workspace.
func EachWorkspace(ctx context.Context, st *store.Store, fn func(ctx context.Context, wsID string) error) error {
	wss, err := st.Workspaces(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, ws := range wss {
		if err := fn(ctx, ws.ID); err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", ws.ID, err))
		}
	}
	return errors.Join(errs...)
}
