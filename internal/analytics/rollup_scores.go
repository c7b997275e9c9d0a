package analytics

import (
	"context"
	"log/slog"
	"time"
)

// The score rollups are kept by the store in the transaction that stores
// feedback. What is left to this package is rebuilding them: on demand
// (cxm analytics rebuild) and, in the background, for a workspace whose
// time zone changed or whose rollups were never built.

// RebuildScores recomputes a workspace's score rollups from its feedback
// and returns how many answers and reviews they count.
func (s *Service) RebuildScores(ctx context.Context, wsID string) (int, error) {
	return s.store.RebuildScoreRollups(ctx, wsID)
}

// RebuildInterval is how often Run looks for rollups to rebuild.
const RebuildInterval = 2 * time.Second

// Run rebuilds, until ctx ends, the score rollups of every workspace whose
// time zone is not the one they were built in.
func (s *Service) Run(ctx context.Context, log *slog.Logger) {
	t := time.NewTicker(RebuildInterval)
	defer t.Stop()
	for {
		s.rebuildStale(ctx, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Service) rebuildStale(ctx context.Context, log *slog.Logger) {
	ids, err := s.store.StaleScoreRollups(ctx)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("analytics: listing stale rollups", "err", err)
		}
		return
	}
	for _, id := range ids {
		if _, err := s.store.RebuildScoreRollups(ctx, id); err != nil && ctx.Err() == nil {
			log.Warn("analytics: rebuilding score rollups", "workspace", id, "err", err)
		}
	}
}
