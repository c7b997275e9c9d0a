package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/ingest"
	"cxm/internal/store"
)

// analyticsCommand recomputes what is kept as data arrives.
func analyticsCommand(ctx context.Context, env environment, args []string) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return errors.New("usage: cxm analytics rebuild [--workspace ID]")
	}
	var db dbFlags
	var wsID string
	fs := newFlagSet("analytics rebuild", "cxm analytics rebuild [--workspace ID]", env)
	db.register(fs, env.getenv)
	fs.StringVar(&wsID, "workspace", "", "rebuild this workspace only (default: every workspace)")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	st.SetLogger(slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	start := time.Now()
	counts := map[string]int{}
	if wsID != "" {
		if _, err := st.Workspace(ctx, wsID); err != nil {
			return err
		}
		counts[wsID], err = ingest.Rebuild(ctx, st, wsID)
	} else {
		counts, err = ingest.RebuildAll(ctx, st)
	}
	for ws, n := range counts {
		fmt.Fprintf(env.stdout, "%s: %d customers rebuilt from their events\n", ws, n)
	}
	if err != nil {
		return err
	}
	// Then the analytics state the measures read, from the rebuilt data.
	for ws := range counts {
		if _, err := analytics.Rebuild(ctx, st, ws); err != nil {
			return fmt.Errorf("%s: analytics: %w", ws, err)
		}
	}
	if err := rebuildScores(ctx, st, wsID, env); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// rebuildScores recomputes the score rollups of one workspace, or of all.
func rebuildScores(ctx context.Context, st *store.Store, wsID string, env environment) error {
	ids := []string{wsID}
	if wsID == "" {
		all, err := st.Workspaces(ctx)
		if err != nil {
			return err
		}
		ids = ids[:0]
		for _, w := range all {
			ids = append(ids, w.ID)
		}
	}
	measure := analytics.New(st, time.Now)
	for _, id := range ids {
		n, err := measure.RebuildScores(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%s: %d answers and reviews rebuilt into the score rollups\n", id, n)
	}
	return nil
}
