package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// TestAlertDedupe: an alert fires once per dedupe key; the list pages
// newest first.
func TestAlertDedupe(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	fire := func(key string) bool {
		t.Helper()
		_, fired, err := s.FireAlert(ctx, ws.ID, cx.Alert{RuleID: "ar_x", Kind: cx.AlertScoreDrop, Key: key, Subject: cx.Text{Vi: key},
			Link: "/model", Period: "2026-11-23", FiredAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return fired
	}
	if !fire("a") || fire("a") || !fire("b") || !fire("c") {
		t.Fatal("got a key fired twice, or a new key not fired")
	}
	p1, err := s.Alerts(ctx, ws.ID, "", store.Page{Limit: 2})
	if err != nil || len(p1.Items) != 2 || p1.Next == "" || p1.Items[0].Key != "c" {
		t.Fatalf("first page: got %+v, %v", p1, err)
	}
	p2, err := s.Alerts(ctx, ws.ID, "", store.Page{Limit: 2, After: p1.Next})
	if err != nil || len(p2.Items) != 1 || p2.Items[0].Key != "a" || p2.Next != "" {
		t.Fatalf("second page: got %+v, %v", p2, err)
	}
	if err := s.AlertSent(ctx, ws.ID, p2.Items[0].ID, []string{"x@example.vn"}); err != nil {
		t.Fatal(err)
	}
	if a, err := s.Alert(ctx, ws.ID, p2.Items[0].ID); err != nil || len(a.SentTo) != 1 {
		t.Errorf("got %+v, %v", a, err)
	}
}

// TestBreachCursor: counts add up behind the cursor, and a worker whose
// cursor moved meanwhile writes nothing.
func TestBreachCursor(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	d := []store.BreachDelta{{StandardID: "std_a", TouchpointID: "tp_a", Day: "2026-11-20", Measured: 3, Breaches: 2}}
	first := store.StandardCursor{LastEventID: "evt_1", LastFeedbackID: ""}
	if err := s.AddBreaches(ctx, ws.ID, store.StandardCursor{}, first, d); err != nil {
		t.Fatal(err)
	}
	if err := s.AddBreaches(ctx, ws.ID, store.StandardCursor{}, first, d); !errors.Is(err, store.ErrCursorMoved) {
		t.Fatalf("a second start from nothing: got %v, want ErrCursorMoved", err)
	}
	if err := s.AddBreaches(ctx, ws.ID, first, store.StandardCursor{LastEventID: "evt_2", LastFeedbackID: "fb_1"}, d); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Breaches(ctx, ws.ID, "2026-11-01", "2026-11-30")
	if err != nil || len(rows) != 1 || rows[0].Measured != 6 || rows[0].Breaches != 4 {
		t.Fatalf("got %+v, %v", rows, err)
	}
	if c, err := s.StandardCursorOf(ctx, ws.ID); err != nil || c.LastEventID != "evt_2" || c.LastFeedbackID != "fb_1" {
		t.Errorf("got cursor %+v, %v", c, err)
	}
}

// TestCustomerMilestonesRefusesOdd refuses a status and a cursor it does
// not know, naming the field.
func TestCustomerMilestonesRefusesOdd(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	for _, c := range []struct {
		f     store.MilestoneFilter
		p     store.Page
		field string
	}{{store.MilestoneFilter{Status: "late"}, store.Page{}, "status"}, {store.MilestoneFilter{}, store.Page{After: "x"}, "after"}} {
		_, err := s.CustomerMilestones(ctx, ws.ID, c.f, c.p)
		if e := cx.AsError(err); e == nil || e.Field != c.field {
			t.Errorf("got %v, want an error on %s", err, c.field)
		}
	}
	if err := s.SetCSMOwner(ctx, ws.ID, "cus_x", "usr_nobody"); cx.AsError(err) == nil || cx.AsError(err).Field != "csm_owner" {
		t.Errorf("a stranger as CSM: got %v", err)
	}
}
