package demo_test

import (
	"context"
	"io"
	"log/slog"
	"math"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/demo"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func pipeline(t *testing.T, st *store.Store) *ingest.Pipeline {
	p := ingest.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	p.Start(context.Background())
	t.Cleanup(p.Close)
	return p
}

// tally is what a filled workspace holds, read back from the store.
type tally struct {
	customers, responses, reviews, negative int
	scoreSum                                float64
	months                                  map[string]int // feedback by month
	bySource                                map[string]int
	first, last                             time.Time
}

func read(t *testing.T, st *store.Store, wsID string) tally {
	t.Helper()
	ctx := context.Background()
	tl := tally{months: map[string]int{}, bySource: map[string]int{}}
	page := store.Page{Limit: store.MaxLimit}
	for {
		l, err := st.Customers(ctx, wsID, store.CustomerFilter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		tl.customers += len(l.Items)
		if page.After = l.Next; l.Next == "" {
			break
		}
	}
	page = store.Page{Limit: store.MaxLimit}
	responses := map[string]bool{}
	for {
		l, err := st.Feedback(ctx, wsID, store.FeedbackFilter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range l.Items {
			if f.ResponseID != "" {
				responses[f.ResponseID] = true
			} else {
				tl.reviews++
			}
			if f.Score != nil {
				tl.scoreSum += *f.Score
			}
			tl.bySource[f.Source]++
			tl.months[f.OccurredAt.Format("2006-01")]++
			if tl.first.IsZero() || f.OccurredAt.Before(tl.first) {
				tl.first = f.OccurredAt
			}
			if f.OccurredAt.After(tl.last) {
				tl.last = f.OccurredAt
			}
		}
		if page.After = l.Next; l.Next == "" {
			break
		}
	}
	tl.responses = len(responses)
	return tl
}

func TestCreateIsRepeatableAndSpreadOverAYear(t *testing.T) {
	ctx := context.Background()
	end := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	o := demo.Options{Size: demo.Size{Customers: 120, Events: 2400, Feedback: 300}, Seed: 42, End: end}
	var counts []demo.Counts
	var tallies []tally
	for run := 0; run < 2; run++ {
		st := storetest.Open(t)
		ws, c, err := demo.Create(ctx, st, pipeline(t, st), "Cà phê thử", o)
		if err != nil {
			t.Fatal(err)
		}
		counts = append(counts, c)
		tallies = append(tallies, read(t, st, ws.ID))
	}
	a, b := tallies[0], tallies[1]
	if counts[0] != counts[1] || a.customers != b.customers || a.responses != b.responses || a.reviews != b.reviews || a.scoreSum != b.scoreSum {
		t.Fatalf("two runs with one seed: got %+v / %+v and %d/%d customers, %d/%d responses, %d/%d reviews, score sums %g/%g; want equal",
			counts[0], counts[1], a.customers, b.customers, a.responses, b.responses, a.reviews, b.reviews, a.scoreSum, b.scoreSum)
	}
	c := counts[0]
	if c.Customers != 120 || c.Events != 2400 || c.Responses+c.Reviews != 300 || a.customers < 120 {
		t.Errorf("got %+v and %d customers stored; want 120 customers, 2400 events, 300 pieces of feedback", c, a.customers)
	}
	if a.responses != c.Responses || a.reviews != c.Reviews || c.Orders == 0 || c.RevenueVND <= 0 {
		t.Errorf("got %d responses and %d reviews stored, counts %+v; want what the fill reported, with orders", a.responses, a.reviews, c)
	}
	if len(a.months) < 12 || a.first.Before(end.AddDate(-1, 0, -1)) || a.last.After(end) || a.last.Before(end.AddDate(0, 0, -31)) {
		t.Errorf("feedback from %v to %v in %d months (%v); want the twelve months before %v", a.first, a.last, len(a.months), a.months, end)
	}
	for _, src := range []string{"survey", "google_maps"} {
		if a.bySource[src] == 0 {
			t.Errorf("no feedback from %s: %v", src, a.bySource)
		}
	}
	// Another seed makes another café.
	st := storetest.Open(t)
	o.Seed = 43
	if _, other, err := demo.Create(ctx, st, pipeline(t, st), "Cà phê khác", o); err != nil || other == c {
		t.Errorf("seed 43: got %+v, %v; want other data than seed 42's %+v", other, err, c)
	}
}

// npsBy is the NPS of the answers to the "nps" question by touchpoint.
func npsBy(t *testing.T, st *store.Store, wsID string) map[string]float64 {
	ctx := context.Background()
	promoters, detractors, n := map[string]float64{}, map[string]float64{}, map[string]float64{}
	page := store.Page{Limit: store.MaxLimit}
	for {
		l, err := st.Feedback(ctx, wsID, store.FeedbackFilter{QuestionKey: "nps"}, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range l.Items {
			n[f.TouchpointID]++
			switch {
			case *f.Score >= 9:
				promoters[f.TouchpointID]++
			case *f.Score <= 6:
				detractors[f.TouchpointID]++
			}
		}
		if page.After = l.Next; l.Next == "" {
			break
		}
	}
	out := map[string]float64{}
	for tp, k := range n {
		out[tp] = math.Round(100 * (promoters[tp] - detractors[tp]) / k)
	}
	return out
}

func TestSeed(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	login, ok, err := demo.Seed(ctx, st, pipeline(t, st), time.Now())
	if err != nil || !ok || login.Email != demo.OwnerEmail || len(login.Password) < cx.MinPasswordLength {
		t.Fatalf("got %+v, %v, %v; want a login", login, ok, err)
	}
	if _, again, err := demo.Seed(ctx, st, pipeline(t, st), time.Now()); again || err != nil {
		t.Errorf("a second seed: got %v, %v; want nothing done", again, err)
	}
	tps, err := st.AllTouchpoints(ctx, login.WorkspaceID, store.TouchpointFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]string{}
	for _, tp := range tps {
		byKey[tp.Key] = tp.ID
	}
	for _, key := range []string{"fanpage", "google_maps", "grabfood", "shopeefood", "counter", "table_qr", "delivery", "loyalty_app", "zalo_oa", "website_order"} {
		if byKey[key] == "" {
			t.Errorf("no café touchpoint %s", key)
		}
	}
	if byKey["social_media"] != "" || byKey["mass_media_ads"] != "" {
		t.Errorf("the generic default touchpoints are still there")
	}
	m, err := st.CXModel(ctx, login.WorkspaceID)
	if err != nil || m.Vision.Vi == "" || m.Vision.En == "" || len(m.Standards) < 3 || len(m.Goals) < 3 || m.Standards[0].Name.Vi != "Đồ uống ra trong 7 phút" {
		t.Errorf("got model %+v, %v; want the café's vision, standards and goals in vi and en", m, err)
	}
	ms, err := st.Milestones(ctx, login.WorkspaceID, store.Page{Limit: 10})
	if err != nil || len(ms.Items) == 0 || ms.Items[0].Name.Vi == "" {
		t.Errorf("got milestones %+v, %v; want the café's", ms.Items, err)
	}
	// The story: the delivery touchpoint is weak, the loyalty app strong.
	nps := npsBy(t, st, login.WorkspaceID)
	if nps[byKey["delivery"]] >= nps[byKey["loyalty_app"]]-20 {
		t.Errorf("got NPS by touchpoint %v; want delivery (%s) well below the loyalty app (%s)", nps, byKey["delivery"], byKey["loyalty_app"])
	}
	// Every customer who ordered has a stage, and some were merged in from other devices.
	l, err := st.Customers(ctx, login.WorkspaceID, store.CustomerFilter{}, store.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var withOrders, withStage int
	for _, c := range l.Items {
		full, err := st.Customer(ctx, login.WorkspaceID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.Summary.Orders > 0 {
			withOrders++
		}
		if len(full.Stages) > 0 {
			withStage++
		}
	}
	if withOrders < 40 || withStage < 40 {
		t.Errorf("of 50 customers: %d with orders, %d in a stage; want most", withOrders, withStage)
	}
}
