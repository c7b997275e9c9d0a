package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/demo"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestEventsAreValidAndRepeatable(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	a, b := demo.Events(7, 50, now), demo.Events(7, 50, now)
	if len(a) != len(b) || len(a) < 50*5 {
		t.Fatalf("got %d and %d events, want the same number, at least 250", len(a), len(b))
	}
	seen := map[string]bool{}
	for i, e := range a {
		if e.MessageID != b[i].MessageID || seen[e.MessageID] {
			t.Fatalf("event %d: message id %q repeated or not repeatable", i, e.MessageID)
		}
		seen[e.MessageID] = true
		if e.Timestamp.After(now) || e.Timestamp.Before(now.AddDate(0, 0, -demo.Days-1)) || (i > 0 && e.Timestamp.Before(a[i-1].Timestamp)) {
			t.Fatalf("event %d at %v: out of the window or out of order", i, e.Timestamp)
		}
		if e.UserID == "" && e.AnonymousID == "" {
			t.Fatalf("event %d names nobody", i)
		}
	}
}

func TestSeed(t *testing.T) {
	st := storetest.Open(t)
	p := ingest.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	p.Start(context.Background())
	t.Cleanup(p.Close)
	ctx := context.Background()
	login, ok, err := demo.Seed(ctx, st, p, time.Now())
	if err != nil || !ok || login.Email != demo.OwnerEmail || len(login.Password) < cx.MinPasswordLength {
		t.Fatalf("got %+v, %v, %v; want a login", login, ok, err)
	}
	l, err := st.Customers(ctx, login.WorkspaceID, store.CustomerFilter{}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var withOrders, withStage, named, merged int
	for _, c := range l.Items {
		full, err := st.Customer(ctx, login.WorkspaceID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.Summary.Orders > 0 && full.Summary.RevenueVND > 0 {
			withOrders++
		}
		if len(full.Stages) > 0 {
			withStage++
		}
		if full.FullName != "" {
			named++
		}
		if len(full.Merges) > 0 {
			merged++
		}
	}
	if len(l.Items) < demo.Customers*9/10 || withOrders < 100 || withStage < 100 || named < 100 || merged < 50 {
		t.Errorf("got %d customers, %d with orders, %d in a stage, %d named, %d with merges; want a living café",
			len(l.Items), withOrders, withStage, named, merged)
	}
	if _, again, err := demo.Seed(ctx, st, p, time.Now()); again || err != nil {
		t.Errorf("a second seed: got %v, %v; want nothing done", again, err)
	}
	// What customers said: the in-store survey and reviews from elsewhere.
	fb, err := st.Feedback(ctx, login.WorkspaceID, store.FeedbackFilter{}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]int{}
	for _, f := range fb.Items {
		sources[f.Source]++
	}
	if sources["survey"] < 60*7 || sources["google_maps"] != 3 || sources["shopee"] != 2 || sources["call_centre"] != 1 {
		t.Errorf("got feedback by source %v, want 60 survey responses of 7 answers and the reviews", sources)
	}
}
