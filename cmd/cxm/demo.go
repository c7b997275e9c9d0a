package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"cxm/internal/demo"
	"cxm/internal/ingest"
)

// demoCommand creates a new workspace filled with the demo café, through
// the ingestion pipeline and the feedback use cases, and prints its id.
func demoCommand(ctx context.Context, env environment, args []string) error {
	var db dbFlags
	fs := newFlagSet("demo", "cxm demo [--workspace-name N] [--customers N] [--events M] [--feedback F] [--seed S]\n\n"+
		"Creates a NEW workspace with the demo café chain and a year of history ending now, and prints its id.\n"+
		"The same seed makes the same data (within the same hour). Progress goes to standard error.\n"+
		"Sizes go up to 1,000,000 customers, 10,000,000 events and 200,000 survey responses and reviews.", env)
	db.register(fs, env.getenv)
	name := fs.String("workspace-name", demo.WorkspaceName, "name of the new workspace")
	size := demo.DefaultSize
	fs.IntVar(&size.Customers, "customers", size.Customers, "customers")
	fs.IntVar(&size.Events, "events", size.Events, "events in all (at least one a customer)")
	fs.IntVar(&size.Feedback, "feedback", size.Feedback, "survey responses and reviews in all")
	seed := fs.Uint64("seed", demo.DefaultSeed, "seed of the generator")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if err := size.Validate(); err != nil {
		return err
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	p := ingest.New(st, slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	p.Start(ctx)
	defer p.Close()
	start := time.Now()
	ws, counts, err := demo.Create(ctx, st, p, *name, demo.Options{Size: size, Seed: *seed, Progress: env.stderr})
	if err != nil {
		if ws.ID != "" {
			fmt.Fprintf(env.stderr, "demo: workspace %s is incomplete\n", ws.ID)
		}
		return err
	}
	fmt.Fprintf(env.stderr, "demo: %d customers, %d events (%d orders, %d ₫), %d responses, %d reviews in %s\n",
		counts.Customers, counts.Events, counts.Orders, counts.RevenueVND, counts.Responses, counts.Reviews, time.Since(start).Round(time.Second))
	fmt.Fprintln(env.stdout, ws.ID)
	return nil
}
