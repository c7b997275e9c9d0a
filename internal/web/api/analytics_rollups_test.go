package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// TestBehaviourRollupsMatchState checks the day rollups against the
// per-customer state they sum up: for many windows (short, long, across
// the gap cap), the loyalty, retention, lifetime, order and funnel counts
// read from order_days and stage_days equal those counted over the
// per-customer rows, after incremental steps — orders arriving late, out
// of time order, changing the gaps of the orders after them, a customer
// merged into another —, after a rebuild, summed from the state in SQL, and
// with another conversion window.
func TestBehaviourRollupsMatchState(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Cuộn ngày")
	rng := rand.New(rand.NewPCG(7, 11))
	base := at("2025-01-01", "03:00")
	day := func(d int) time.Time {
		return base.Add(time.Duration(d)*24*time.Hour + time.Duration(rng.IntN(20))*time.Hour)
	}
	var batches [][]cx.Event
	for b := 0; b < 4; b++ {
		var batch []cx.Event
		for c := 0; c < 30; c++ {
			user := fmt.Sprintf("U%02d", c)
			for k := rng.IntN(3); k > 0; k-- { // orders anywhere in 600 days, in no order
				d := rng.IntN(600)
				batch = append(batch, order(user, fmt.Sprintf("%s-%d-%d", user, b, k), float64(10000*(1+rng.IntN(50))), day(d)))
				if rng.IntN(2) == 0 { // a look at the catalogue in the days before
					batch = append(batch, ev(cx.EventTrack, "Product Viewed", user, day(max(0, d-rng.IntN(12))), map[string]any{"product_id": "P2"}))
				}
			}
			if rng.IntN(3) == 0 {
				batch = append(batch, ev(cx.EventTrack, "Product Viewed", user, day(rng.IntN(600)), map[string]any{"product_id": "P1"}))
			}
		}
		batches = append(batches, batch)
	}
	for _, batch := range batches {
		e.IngestEvents(wsID, batch...)
		catchUp(t, e, wsID)
	}
	// U01's anonymous visit, then signing in as U02: U01's orders stay
	// U01's; an anonymous profile with an order merges into U02.
	anon := ev(cx.EventTrack, "Order Completed", "", day(300), map[string]any{"order_id": "anon-1", "total": 90000.0, "currency": "VND"})
	anon.AnonymousID = "anon-merge"
	e.IngestEvents(wsID, anon)
	catchUp(t, e, wsID)
	signIn := ev(cx.EventIdentify, "", "U02", day(301), nil)
	signIn.AnonymousID = "anon-merge"
	e.IngestEvents(wsID, signIn)
	catchUp(t, e, wsID)

	j := stagesOf(t, e, key)
	incremental := compareRollups(t, e, wsID, j.ID)
	// Summed again from the state in SQL (what the benchmark does): the same.
	if err := e.Store.RebuildBehaviourRollups(context.Background(), wsID); err != nil {
		t.Fatal(err)
	}
	if fromState := compareRollups(t, e, wsID, j.ID); fromState != incremental {
		t.Errorf("summed from the state:\n%s\nwant the incremental\n%s", fromState, incremental)
	}
	if _, err := analytics.Rebuild(context.Background(), e.Store, wsID); err != nil {
		t.Fatal(err)
	}
	if rebuilt := compareRollups(t, e, wsID, j.ID); rebuilt != incremental {
		t.Errorf("rebuilt:\n%s\nwant the incremental\n%s", rebuilt, incremental)
	}
	// Another conversion window: the worker works the touches out again.
	e.MustCall("PUT", "/api/v1/analytics/settings", key, map[string]any{"conversion_days": 30, "churn_days": 90}, 200, nil)
	catchUp(t, e, wsID)
	if cur, _, err := e.Store.AnalyticsCursorOf(context.Background(), wsID); err != nil || cur.ConversionDays != 30 {
		t.Fatalf("cursor after the change: %+v %v", cur, err)
	}
	if thirty := compareRollups(t, e, wsID, j.ID); thirty == incremental {
		t.Errorf("30 conversion days count as 7")
	}
}

// compareRollups reads every window both ways, fails on a difference, and
// writes what the rollups answered.
func compareRollups(t *testing.T, e *webtest.Env, wsID, journeyID string) string {
	t.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	st := e.Store
	set, err := st.AnalyticsSettingsOf(ctx, wsID)
	if err != nil {
		t.Fatal(err)
	}
	tps, err := st.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var tpIDs []string
	for _, tp := range tps {
		tpIDs = append(tpIDs, tp.ID)
	}
	var out strings.Builder
	first := time.Date(2024, 12, 20, 0, 0, 0, 0, loc)
	for _, length := range []int{1, 2, 7, 30, 31, 90, 183, 184, 365, 366, 367} {
		for offset := 0; offset < 640; offset += 37 {
			from := first.AddDate(0, 0, offset)
			w := analytics.Window{From: from, To: from.AddDate(0, 0, length-1), Loc: loc}
			start, end := w.Start().UnixMilli(), w.End().UnixMilli()
			a, b := analytics.DayNumberOf(w.From), analytics.DayNumberOf(w.To)
			want, err := st.Loyalty(ctx, wsID, start, end, "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.LoyaltyDays(ctx, wsID, a, b)
			if err != nil {
				t.Fatal(err)
			}
			got.RevenueOther = want.RevenueOther
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("loyalty %s +%d: got %+v, want %+v", from.Format(analytics.DateLayout), length, got, want)
			}
			fmt.Fprintf(&out, "%d %d: %+v", a, length, got)
			if 2*length <= store.RollupDays {
				p := w.Previous()
				wb, wa, err := st.Retained(ctx, wsID, p.Start().UnixMilli(), start, end, "")
				if err != nil {
					t.Fatal(err)
				}
				gb, ga, err := st.RetainedDays(ctx, wsID, analytics.DayNumberOf(p.From), a, b)
				if err != nil {
					t.Fatal(err)
				}
				if gb != wb || ga != wa {
					t.Errorf("retained %s +%d: got %d %d, want %d %d", from.Format(analytics.DateLayout), length, gb, ga, wb, wa)
				}
				fmt.Fprintf(&out, " retained %d %d", gb, ga)
			}
			wantStages, err := st.StageReachedCounts(ctx, wsID, journeyID, start, end)
			if err != nil {
				t.Fatal(err)
			}
			gotStages, err := st.StageReachedDays(ctx, wsID, journeyID, a, b, false)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(gotStages) != fmt.Sprint(wantStages) {
				t.Errorf("stages %s +%d: got %v, want %v", from.Format(analytics.DateLayout), length, gotStages, wantStages)
			}
			fmt.Fprintf(&out, " stages %v", gotStages)
			wantTouch, err := st.TouchpointStats(ctx, wsID, tpIDs, start, end, int64(set.ConversionDays)*24*3600*1000)
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(wantTouch, byTouchpoint)
			if length <= store.RollupDays {
				gotTouch, err := st.TouchpointStatsDays(ctx, wsID, tpIDs, a, b)
				if err != nil {
					t.Fatal(err)
				}
				slices.SortFunc(gotTouch, byTouchpoint)
				if fmt.Sprint(gotTouch) != fmt.Sprint(wantTouch) {
					t.Errorf("touchpoints %s +%d: got %v, want %v", from.Format(analytics.DateLayout), length, gotTouch, wantTouch)
				}
			}
			fmt.Fprintf(&out, " touches %v", wantTouch)
			wantCredit, err := st.Credits(ctx, wsID, start, end, int64(set.ConversionDays)*24*3600*1000)
			if err != nil {
				t.Fatal(err)
			}
			gotCredit, err := st.CreditsDays(ctx, wsID, a, b)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := creditsText(gotCredit), creditsText(wantCredit); got != want {
				t.Errorf("credits %s +%d: got %s, want %s", from.Format(analytics.DateLayout), length, got, want)
			}
			fmt.Fprintf(&out, " credits %s\n", creditsText(gotCredit))
		}
	}
	wantN, wantRev, err := st.LifetimeRevenue(ctx, wsID, "")
	if err != nil {
		t.Fatal(err)
	}
	gotN, gotRev, err := st.LifetimeDays(ctx, wsID)
	if err != nil || gotN != wantN || gotRev != wantRev || gotN == 0 {
		t.Errorf("lifetime: got %d %d (%v), want %d %d", gotN, gotRev, err, wantN, wantRev)
	}
	wantAll, _ := st.StageReachedCounts(ctx, wsID, journeyID, 0, 0)
	gotAll, err := st.StageReachedDays(ctx, wsID, journeyID, 0, 0, true)
	if err != nil || fmt.Sprint(gotAll) != fmt.Sprint(wantAll) || len(gotAll) == 0 {
		t.Errorf("stages ever: got %v (%v), want %v", gotAll, err, wantAll)
	}
	fmt.Fprintf(&out, "lifetime %d %d, stages %v\n", gotN, gotRev, gotAll)
	return out.String()
}

func byTouchpoint(a, b store.TouchStats) int { return strings.Compare(a.TouchpointID, b.TouchpointID) }

// creditsText writes credits by touchpoint, the linear shares to a millionth.
func creditsText(cs []store.Credit) string {
	slices.SortFunc(cs, func(a, b store.Credit) int { return strings.Compare(a.TouchpointID, b.TouchpointID) })
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "[%s %d %d %.6f %d %d %.6f]", c.TouchpointID, c.FirstOrders, c.LastOrders, c.LinearOrders, c.FirstVND, c.LastVND, c.LinearVND)
	}
	return b.String()
}
