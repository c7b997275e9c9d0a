package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// review is one review of the barriers dataset and what the text analysis
// read in it (stored as its rows, the way the text worker stores them).
type review struct {
	tp, day, text, redacted, sentiment string
	rating                             float64
	aspects                            []string // mentioned negatively
}

// barrierReviews are the reviews of the café of cafeHistory, Q1 2026
// but the last.
var barrierReviews = []review{
	{"help_centre", "2026-02-01", "Chờ phản hồi rất lâu, trang hỗ trợ khó tìm. Gọi 0912345678", "Chờ phản hồi rất lâu, trang hỗ trợ khó tìm. Gọi [phone]", "negative", 1, []string{"wait_time", "website"}},
	{"help_centre", "2026-02-03", "ko dc tl. Chờ phản hồi rất lâu!!!", "", "negative", 2, []string{"wait_time", "staff"}},
	{"help_centre", "2026-02-05", "Tuyệt vời", "", "positive", 5, nil},
	{"help_centre", "2026-02-07", "Ko dc tl, chờ phản hồi", "", "negative", 1, []string{"staff"}},
	{"transactional_email", "2026-02-10", "Email xác nhận đến nhanh", "", "positive", 4, nil},
	{"store", "2026-03-05", "Xếp hàng lâu quá", "", "negative", 1, nil},
	{"store", "2026-03-06", "xếp hàng lâu quá, nhân viên chậm", "", "negative", 2, []string{"staff"}},
	{"promotions", "2026-03-07", "Bình thường", "", "neutral", 3, nil},
	{"payment", "2026-03-08", "Ổn", "", "positive", 5, nil},
	{"store", "2026-04-10", "Xếp hàng lâu quá", "", "negative", 1, nil}, // after the window
}

// TestAnalyticsBarriersExact checks the barriers of the café, worked out
// by hand. Funnel of Q1 (checkFunnel): awareness 5, consideration 5,
// purchase 4, onboarding 2, retention 2, expansion 0, advocacy 0. Drop-offs:
// expansion 2 of 2 (100 %), onboarding 2 of 4 (50 %), purchase 1 of 5
// (20 %); consideration and retention lose nobody, advocacy has nobody to lose.
func TestAnalyticsBarriersExact(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Cà phê Sáng")
	for _, events := range cafeHistory() {
		e.IngestEvents(wsID, events...)
	}
	catchUp(t, e, wsID)
	tps := touchpointIDs(t, e, key)
	ids := storeReviews(t, e, wsID, key, tps)
	j := stagesOf(t, e, key)
	stage := map[string]string{}
	for _, s := range j.Stages {
		stage[s.Key] = s.ID
	}

	var b analytics.Barriers
	e.MustCall("GET", "/api/v1/analytics/barriers?"+q1, key, nil, 200, &b)
	got := describeBarriers(b, j, tps, ids)
	want := strings.Join([]string{
		// Expansion: marketing email, no answers, no comments.
		"expansion after retention: 2 → 0, lost 2 (100%)",
		"  marketing_email: satisfaction null n 0, negative 0; phrases []; aspects []; examples []",
		// Onboarding: the help centre, 1 of 4 stars at 4–5 (25 %), three
		// negative comments. "chờ phản hồi" is in all three (its shorter runs
		// too, held in it); "chờ phản hồi rất lâu" in two; "ko dc tl" spelled
		// out, in two. Aspects: staff 2, wait_time 2, website 1. Newest first.
		// The transactional email: 1 of 1 (100 %).
		"onboarding after purchase: 4 → 2, lost 2 (50%)",
		"  help_centre: satisfaction 25 n 4, negative 3; phrases [chờ phản hồi 3, chờ phản hồi rất lâu 2, không được trả lời 2]; " +
			"aspects [staff 2, wait_time 2, website 1]; examples [r4 2026-02-07, r2 2026-02-03, r1 2026-02-01]",
		"  transactional_email: satisfaction 100 n 1, negative 0; phrases []; aspects []; examples []",
		// Purchase: the store 0 of 2, two negative comments (the April one is
		// outside); promotions 0 of 1 without one, so after the store; payment
		// 1 of 1. The four others have no answers.
		"purchase after consideration: 5 → 4, lost 1 (20%)",
		"  store: satisfaction 0 n 2, negative 2; phrases [xếp hàng lâu quá 2]; aspects [staff 1]; examples [r7 2026-03-06, r6 2026-03-05]",
		"  promotions: satisfaction 0 n 1, negative 0; phrases []; aspects []; examples []",
		"  payment: satisfaction 100 n 1, negative 0; phrases []; aspects []; examples []",
	}, "\n")
	if b.JourneyID != j.ID || b.From != "2026-01-01" || b.To != "2026-03-31" || got != want {
		t.Errorf("barriers of %s %s–%s:\n%s\nwant\n%s", b.JourneyID, b.From, b.To, got, want)
	}
	if b.Items[0].StageID != stage["expansion"] || b.Items[0].PreviousStageID != stage["retention"] {
		t.Errorf("first barrier: got %+v", b.Items[0])
	}
	// The redacted copy is shown, never the text as given; a review dated
	// by day alone is at midnight UTC, 07:00 in Hà Nội.
	if ex := b.Items[1].Touchpoints[0].Examples[2]; ex.Text != barrierReviews[0].redacted || ex.OccurredAt != "2026-02-01T07:00:00+07:00" {
		t.Errorf("example: got %+v", ex)
	}

	// March alone: D to retention, E to purchase; nobody reaches onboarding
	// but D, so purchase → onboarding loses E (1 of 2, 50 %), retention →
	// expansion loses D (100 %).
	e.MustCall("GET", "/api/v1/analytics/barriers?from=2026-03-01&to=2026-03-31&journey="+j.ID, key, nil, 200, &b)
	if len(b.Items) != 2 || b.Items[0].StageID != stage["expansion"] || b.Items[1].StageID != stage["onboarding"] || b.Items[1].DropOff != 1 ||
		b.Items[1].DropOffPct != 50 || len(b.Items[1].Touchpoints[0].Examples) != 0 {
		t.Errorf("March: got %s", describeBarriers(b, j, tps, ids))
	}
	// A window without customers has no barriers.
	e.MustCall("GET", "/api/v1/analytics/barriers?from=2025-01-01&to=2025-01-31", key, nil, 200, &b)
	if len(b.Items) != 0 {
		t.Errorf("empty window: got %+v", b.Items)
	}
	status, body := e.Call("GET", "/api/v1/analytics/barriers?"+q1+"&format=csv", key, nil)
	if status != 200 || !strings.HasPrefix(string(body), "stage_id,previous_stage_id,previous_reached,reached,drop_off,drop_off_pct,touchpoint_id,satisfaction,n,negative_comments,phrases\n") ||
		!strings.Contains(string(body), ","+tps["store"].ID+",0,2,2,xếp hàng lâu quá (2)\n") {
		t.Errorf("CSV: got %d %s", status, body)
	}
	for _, bad := range []string{"journey=jr_nope", "touchpoint=" + tps["store"].ID, "from=2026-13-01"} {
		if status, _ := e.Call("GET", "/api/v1/analytics/barriers?"+bad, key, nil); status != 400 {
			t.Errorf("%s: got %d, want 400", bad, status)
		}
	}

	// Rebuilt from the raw data, the barriers are the same.
	before := describeBarriers(mustBarriers(t, e, key), j, tps, ids)
	if _, err := analytics.Rebuild(context.Background(), e.Store, wsID); err != nil {
		t.Fatal(err)
	}
	if after := describeBarriers(mustBarriers(t, e, key), j, tps, ids); after != before {
		t.Errorf("after a rebuild:\n%s\nwant\n%s", after, before)
	}
}

func mustBarriers(t *testing.T, e *webtest.Env, key string) analytics.Barriers {
	var b analytics.Barriers
	e.MustCall("GET", "/api/v1/analytics/barriers?"+q1, key, nil, 200, &b)
	return b
}

// storeReviews adds the reviews and their analyses; it returns each
// review's name (r1, r2 …) by feedback id.
func storeReviews(t *testing.T, e *webtest.Env, wsID, key string, tps map[string]cx.Touchpoint) map[string]string {
	t.Helper()
	names := map[string]string{}
	var analyses []cx.TextAnalysis
	for i, r := range barrierReviews {
		var f cx.Feedback
		e.MustCall("POST", "/api/v1/feedback", key, map[string]any{"source": "google_maps", "rating": r.rating, "text": r.text,
			"date": r.day, "touchpoint_id": tps[r.tp].ID}, 201, &f)
		names[f.ID] = fmt.Sprintf("r%d", i+1)
		a := cx.TextAnalysis{FeedbackID: f.ID, Language: "vi", Sentiment: r.sentiment, Redacted: r.redacted, ModelVersion: "test", AnalyzedAt: time.Now()}
		if a.Redacted == "" {
			a.Redacted = r.text
		}
		for _, as := range r.aspects {
			a.Aspects = append(a.Aspects, cx.AspectOpinion{Aspect: as, Sentiment: "negative"})
		}
		analyses = append(analyses, a)
	}
	if err := e.Store.SaveTextAnalyses(context.Background(), wsID, store.TextCursor{}, analyses); err != nil {
		t.Fatal(err)
	}
	return names
}

// describeBarriers writes a result one line a stage and a touchpoint, by keys.
func describeBarriers(b analytics.Barriers, j cx.Journey, tps map[string]cx.Touchpoint, names map[string]string) string {
	stageKey := map[string]string{}
	for _, s := range j.Stages {
		stageKey[s.ID] = s.Key
	}
	keyOf := map[string]string{}
	for k, tp := range tps {
		keyOf[tp.ID] = k
	}
	var lines []string
	for _, it := range b.Items {
		lines = append(lines, fmt.Sprintf("%s after %s: %d → %d, lost %d (%v%%)", stageKey[it.StageID], stageKey[it.PreviousStageID],
			it.PreviousReached, it.Reached, it.DropOff, it.DropOffPct))
		for _, tp := range it.Touchpoints {
			var ps, as, ex []string
			for _, p := range tp.Phrases {
				ps = append(ps, fmt.Sprintf("%s %d", p.Phrase, p.Comments))
			}
			for _, a := range tp.Aspects {
				as = append(as, fmt.Sprintf("%s %d", a.Phrase, a.Comments))
			}
			for _, x := range tp.Examples {
				ex = append(ex, names[x.FeedbackID]+" "+x.OccurredAt[:10])
			}
			lines = append(lines, fmt.Sprintf("  %s: satisfaction %s n %d, negative %d; phrases [%s]; aspects [%s]; examples [%s]", keyOf[tp.TouchpointID],
				fs(tp.Satisfaction), tp.N, tp.NegativeComments, strings.Join(ps, ", "), strings.Join(as, ", "), strings.Join(ex, ", ")))
		}
	}
	return strings.Join(lines, "\n")
}

// TestAnalyticsEventFunnelExact checks the ad-hoc event funnel on the café
// of cafeHistory, by hand: in Q1 A viewed a product (05/01 03:05) and
// ordered the next day (03:00: 23 h 55 min later), then again 35 days
// later; C viewed two products 10 minutes apart and never ordered; B, D
// and E never viewed a product, so they start no funnel.
func TestAnalyticsEventFunnelExact(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Cà phê Sáng")
	for _, events := range cafeHistory() {
		e.IngestEvents(wsID, events...)
	}
	cases := []struct {
		query string
		want  string
	}{
		{"steps=Product%20Viewed,Order%20Completed&" + q1,
			"Product Viewed 2 null null null | Order Completed 1 50 1 23.916666666666668"},
		{"steps=Product%20Viewed,%20Order%20Completed%20,Order%20Completed&" + q1, // A's second order, 840 hours after the first
			"Product Viewed 2 null null null | Order Completed 1 50 1 23.916666666666668 | Order Completed 1 100 0 840"},
		{"steps=Product%20Viewed,Product%20Viewed&" + q1, // the same event twice: C
			"Product Viewed 2 null null null | Product Viewed 1 50 1 0.16666666666666666"},
		{"steps=Product%20Viewed,Order%20Completed&from=2026-02-01&to=2026-02-28", // C only; A's view was in January
			"Product Viewed 1 null null null | Order Completed 0 0 1 null"},
		{"steps=order%20completed,Order%20Completed&" + q1, // names are exact
			"order completed 0 null null null | Order Completed 0 null 0 null"},
	}
	for _, c := range cases {
		var f analytics.EventFunnel
		e.MustCall("GET", "/api/v1/analytics/event-funnel?"+c.query, key, nil, 200, &f)
		var parts []string
		for _, s := range f.Steps {
			parts = append(parts, fmt.Sprintf("%s %d %s %s %s", s.Event, s.Customers, fs(s.Conversion), is(s.DropOff), fs(s.MedianHoursFromPrevious)))
		}
		if got := strings.Join(parts, " | "); got != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.query, got, c.want)
		}
	}
	status, body := e.Call("GET", "/api/v1/analytics/event-funnel?format=csv&steps=Product%20Viewed,Order%20Completed&"+q1, key, nil)
	if status != 200 || string(body) != "event,customers,conversion,drop_off,median_hours_from_previous\nProduct Viewed,2,,,\nOrder Completed,1,50,1,23.916666666666668\n" {
		t.Errorf("CSV: got %d %q", status, body)
	}
	for _, bad := range []string{"steps=Order%20Completed", "steps=", "steps=a,,b", "steps=a,b&journey=x", "steps=" + strings.Repeat("a,", 11) + "a"} {
		status, body := e.Call("GET", "/api/v1/analytics/event-funnel?"+bad, key, nil)
		if status != 400 || !strings.Contains(string(body), `"field"`) {
			t.Errorf("%s: got %d %s, want 400 naming the field", bad, status, body)
		}
	}
}
