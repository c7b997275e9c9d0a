package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// The behaviour measures on a small café whose every number is worked out
// by hand in the comments (docs/metrics.md has the formulas). Times are
// 10:00 in Hà Nội (03:00 UTC) unless said; the workspace is UTC+7.

func at(day string, hhmm string) time.Time {
	t, err := time.Parse(time.RFC3339, day+"T"+hhmm+":00Z")
	if err != nil {
		panic(err)
	}
	return t
}

var msgN int

func ev(typ, name, user string, when time.Time, props map[string]any) cx.Event {
	msgN++
	return cx.Event{Type: typ, Name: name, UserID: user, MessageID: fmt.Sprintf("m-%s-%d", user, msgN), Properties: props,
		Context: map[string]any{}, Timestamp: when, ReceivedAt: when}
}

func order(user, id string, total float64, when time.Time) cx.Event {
	return ev(cx.EventTrack, "Order Completed", user, when, map[string]any{"order_id": id, "total": total, "currency": "VND"})
}

// cafeHistory is what five customers did, one slice per customer, so
// that the worker takes them in several steps.
func cafeHistory() [][]cx.Event {
	return [][]cx.Event{
		{ // A: browses the catalogue, orders the next day, again 35 days later
			ev(cx.EventPage, "Sản phẩm", "A", at("2026-01-05", "03:00"), map[string]any{"path": "/san-pham", "time_on_page_ms": 30000.0}),
			ev(cx.EventTrack, "Product Viewed", "A", at("2026-01-05", "03:05"), map[string]any{"product_id": "P1"}),
			order("A", "A1", 100000, at("2026-01-06", "03:00")),
			order("A", "A2", 50000, at("2026-02-10", "03:00")),
		},
		{ // B: a page, then an order 10 days later (beyond the 7 days)
			ev(cx.EventPage, "Sản phẩm", "B", at("2026-01-10", "03:00"), map[string]any{"path": "/san-pham", "time_on_page_ms": 10000.0}),
			order("B", "B1", 200000, at("2026-01-20", "03:00")),
		},
		{ // C: looks at two products, never orders
			ev(cx.EventTrack, "Product Viewed", "C", at("2026-02-01", "03:00"), map[string]any{"product_id": "P1"}),
			ev(cx.EventTrack, "Product Viewed", "C", at("2026-02-01", "03:10"), map[string]any{"product_id": "P2"}),
		},
		{ // D: three orders on three days
			order("D", "D1", 300000, at("2026-03-01", "03:00")),
			order("D", "D2", 100000, at("2026-03-02", "03:00")),
			order("D", "D3", 100000, at("2026-03-03", "03:00")),
		},
		{ // E: sees a promotion, orders two days later
			ev(cx.EventPage, "Khuyến mãi", "E", at("2026-03-10", "03:00"), map[string]any{"path": "/khuyen-mai"}),
			order("E", "E1", 70000, at("2026-03-12", "03:00")),
		},
	}
}

// catchUp runs the analytics worker over a workspace, as `cxm serve` does.
func catchUp(t *testing.T, e *webtest.Env, wsID string) {
	t.Helper()
	w := analytics.NewWorker(e.Store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := w.CatchUp(context.Background(), wsID); err != nil {
		t.Fatal(err)
	}
}

func near(got *float64, want float64) bool { return got != nil && math.Abs(*got-want) < 1e-6 }

func fs(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

func is(v *int64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

const q1 = "from=2026-01-01&to=2026-03-31"

func TestAnalyticsBehaviourExact(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Cà phê Sáng")
	for _, events := range cafeHistory() {
		e.IngestEvents(wsID, events...)
		catchUp(t, e, wsID)
	}
	checkLoyalty(t, e, key)
	checkRFM(t, e, key, wsID)
	checkFunnel(t, e, key)
	checkCohorts(t, e, key)
	checkTouchpoints(t, e, key)
	checkBrowsing(t, e, key)
	checkMilestones(t, e, key, wsID)

	// Rebuilt from the raw data, every answer is the same.
	before := snapshot(t, e, key)
	if _, err := analytics.Rebuild(context.Background(), e.Store, wsID); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, e, key); after != before {
		t.Errorf("after a rebuild:\n%s\nwant the incremental\n%s", after, before)
	}
}

func checkLoyalty(t *testing.T, e *webtest.Env, key string) {
	// Orders in Q1: A1 A2 B1 D1 D2 D3 E1 = 7 from A, B, D, E; A and D ordered twice or more.
	// Revenue 100 000 + 50 000 + 200 000 + 300 000 + 100 000 + 100 000 + 70 000 = 920 000.
	var l analytics.Loyalty
	e.MustCall("GET", "/api/v1/analytics/loyalty?"+q1, key, nil, 200, &l)
	if l.CustomersWithOrders != 4 || l.RepeatCustomers != 2 || !near(l.RepeatPurchaseRate, 50) || l.Orders != 7 ||
		!near(l.PurchaseFrequency, 1.75) || is(l.AverageOrderValue) != "131429" || l.Revenue != 920000 ||
		is(l.RevenuePerCustomer) != "230000" || is(l.CLV) != "230000" || l.N != 4 || !l.LowN {
		t.Errorf("loyalty: got %+v rate %s freq %s aov %s rpc %s clv %s", l, fs(l.RepeatPurchaseRate), fs(l.PurchaseFrequency),
			is(l.AverageOrderValue), is(l.RevenuePerCustomer), is(l.CLV))
	}
	// Wilson 95 % of 2 out of 4: 50 ± 34.996…
	if l.Low == nil || math.Abs(*l.Low-15.004) > 0.01 || math.Abs(*l.High-84.996) > 0.01 {
		t.Errorf("interval: got %s–%s, want 15.004–84.996", fs(l.Low), fs(l.High))
	}
	// March alone: D1 D2 D3 E1 from D and E; D twice or more.
	e.MustCall("GET", "/api/v1/analytics/loyalty?from=2026-03-01&to=2026-03-31", key, nil, 200, &l)
	if l.CustomersWithOrders != 2 || l.RepeatCustomers != 1 || l.Orders != 4 || l.Revenue != 570000 {
		t.Errorf("March: got %+v", l)
	}
	status, body := e.Call("GET", "/api/v1/analytics/loyalty?"+q1+"&format=csv", key, nil)
	if status != 200 || !strings.HasPrefix(string(body), "measure,value\n") || !strings.Contains(string(body), "\nrevenue,920000\n") {
		t.Errorf("CSV: got %d %s", status, body)
	}
}

func checkRFM(t *testing.T, e *webtest.Env, key, wsID string) {
	// As of 31/03 (recency to midnight after it): days since the last order
	// B 70, A 49, D 28, E 19 → R 1, 2, 3, 4; orders B 1, E 1, A 2, D 3 → F 1, 1, 3, 4;
	// revenue E 70 000, A 150 000, B 200 000, D 500 000 → M 1, 2, 3, 4.
	// FM = ⌊(F+M+1)/2⌋: A 3, B 2, D 4, E 1 → A At risk (R2, FM3), B Hibernating (R1, FM2),
	// D Loyal (R3, FM4), E Promising (R4, FM1).
	var r analytics.RFM
	e.MustCall("GET", "/api/v1/analytics/rfm?to=2026-03-31", key, nil, 200, &r)
	want := map[string]int64{"At risk": 1, "Hibernating": 1, "Loyal": 1, "Promising": 1}
	if r.AsOf != "2026-03-31" || r.N != 4 || len(r.Segments) != 11 {
		t.Fatalf("rfm: got %+v", r)
	}
	for _, s := range r.Segments {
		if s.Customers != want[s.Name] {
			t.Errorf("segment %s: got %d, want %d", s.Name, s.Customers, want[s.Name])
		}
	}
	// Today the order of recency is the same, so are the scores.
	wantCustomer := map[string]analytics.CustomerRFM{"A": {R: 2, F: 3, M: 2, Segment: "At risk"}, "B": {R: 1, F: 1, M: 3, Segment: "Hibernating"},
		"D": {R: 3, F: 4, M: 4, Segment: "Loyal"}, "E": {R: 4, F: 1, M: 1, Segment: "Promising"}}
	for user, w := range wantCustomer {
		var c struct {
			RFM       *analytics.CustomerRFM `json:"rfm"`
			ChurnRisk analytics.ChurnRisk    `json:"churn_risk"`
		}
		e.MustCall("GET", "/api/v1/customers/user:"+user, key, nil, 200, &c)
		if c.RFM == nil || *c.RFM != w {
			t.Errorf("customer %s: got rfm %+v, want %+v", user, c.RFM, w)
		}
		if !c.ChurnRisk.AtRisk { // months without an order
			t.Errorf("customer %s: got churn %+v, want at risk", user, c.ChurnRisk)
		}
	}
	var c struct {
		RFM *analytics.CustomerRFM `json:"rfm"`
	}
	e.MustCall("GET", "/api/v1/customers/user:C", key, nil, 200, &c)
	if c.RFM != nil {
		t.Errorf("C never ordered: got rfm %+v", c.RFM)
	}
}

func stagesOf(t *testing.T, e *webtest.Env, key string) cx.Journey {
	var journeys httpio.ListBody[cx.Journey]
	e.MustCall("GET", "/api/v1/journeys", key, nil, 200, &journeys)
	return journeys.Items[0]
}

func checkFunnel(t *testing.T, e *webtest.Env, key string) {
	j := stagesOf(t, e, key)
	// Stages passed (a later stage passes the earlier ones): A up to retention,
	// B and E up to purchase, C up to consideration, D up to retention.
	// Days from the previous stage: purchase A 0.9965, B D E 0 → 0; onboarding
	// A 35 (06/01 → 10/02, the day of retention), D 1 → 18.
	type want struct {
		reached    int64
		conversion string
		median     string
		current    int64
	}
	wants := []want{{5, "null", "null", 0}, {5, "100", "0", 1}, {4, "80", "0", 2}, {2, "50", "18", 0}, {2, "100", "0", 2}, {0, "0", "null", 0}, {0, "null", "null", 0}}
	var f analytics.Funnel
	e.MustCall("GET", "/api/v1/analytics/funnel?journey="+j.ID, key, nil, 200, &f)
	if len(f.Stages) != len(wants) {
		t.Fatalf("funnel: got %d stages, want %d", len(f.Stages), len(wants))
	}
	for i, w := range wants {
		s := f.Stages[i]
		if s.StageID != j.Stages[i].ID || s.Reached != w.reached || fs(s.Conversion) != w.conversion || fs(s.MedianDaysFromPrevious) != w.median || s.Current != w.current {
			t.Errorf("stage %d: got reached %d conversion %s median %s current %d, want %+v", i, s.Reached, fs(s.Conversion), fs(s.MedianDaysFromPrevious), s.Current, w)
		}
	}
	if is(f.Stages[2].DropOff) != "1" || is(f.Stages[3].DropOff) != "2" {
		t.Errorf("drop-off: got %s %s, want 1 2", is(f.Stages[2].DropOff), is(f.Stages[3].DropOff))
	}
	// In March: D (to retention, onboarding one day after purchase) and E (to purchase).
	e.MustCall("GET", "/api/v1/analytics/funnel?journey="+j.ID+"&from=2026-03-01&to=2026-03-31", key, nil, 200, &f)
	if f.Stages[0].Reached != 2 || f.Stages[2].Reached != 2 || f.Stages[3].Reached != 1 || fs(f.Stages[3].MedianDaysFromPrevious) != "1" {
		t.Errorf("March funnel: got %+v", f.Stages)
	}
	req := e.Request("GET", "/api/v1/analytics/funnel?journey="+j.ID, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept", "text/csv")
	if status, body := e.Send(req); status != 200 || !strings.HasPrefix(string(body), "stage_id,reached,conversion") || !strings.Contains(string(body), j.Stages[2].ID+",4,80,1,0,2\n") {
		t.Errorf("funnel CSV: got %d %s", status, body)
	}
}

func checkCohorts(t *testing.T, e *webtest.Env, key string) {
	// January: A and B first ordered; A again in February. March: D and E.
	var c analytics.Cohorts
	e.MustCall("GET", "/api/v1/analytics/cohorts?"+q1, key, nil, 200, &c)
	if len(c.Cohorts) != 3 {
		t.Fatalf("cohorts: got %+v", c)
	}
	jan, feb, mar := c.Cohorts[0], c.Cohorts[1], c.Cohorts[2]
	if jan.Month != "2026-01" || jan.Customers != 2 || jan.Retention[0].Rate != 100 || jan.Retention[1].Customers != 1 || jan.Retention[1].Rate != 50 ||
		jan.Retention[2].Customers != 0 {
		t.Errorf("January: got %+v", jan)
	}
	if feb.Customers != 0 || mar.Customers != 2 || mar.Retention[0].Customers != 2 || mar.Retention[1].Customers != 0 || mar.Retention[1].Month != "2026-04" {
		t.Errorf("February, March: got %+v %+v", feb, mar)
	}
}

func touchpointIDs(t *testing.T, e *webtest.Env, key string) map[string]cx.Touchpoint {
	var l httpio.ListBody[cx.Touchpoint]
	e.MustCall("GET", "/api/v1/touchpoints?limit=100", key, nil, 200, &l)
	out := map[string]cx.Touchpoint{}
	for _, tp := range l.Items {
		out[tp.Key] = tp
	}
	return out
}

func checkTouchpoints(t *testing.T, e *webtest.Env, key string) {
	tps := touchpointIDs(t, e, key)
	// Catalogue: A (page, product), B (page), C (two products) → reach 3,
	// 5 interactions; only A ordered within 7 days (A1, the next day).
	// Payment (the order events): A, B, D, E, 7 touches; D1's touch is
	// followed by D2 the next day; A1's by A2 35 days later.
	// Promotions: E, ordering two days later.
	// Attribution over 7 days: A1 ← A's page and product view (catalogue),
	// D2 ← D1, D3 ← D2 (payment), E1 ← E's promotion; A2, B1, D1 have none.
	type want struct {
		reach, interactions, converted int64
		rate                           float64
		first, last                    int64
		linear                         float64
		revenue                        int64
	}
	wants := map[string]want{
		"product_catalogue": {3, 5, 1, 100.0 / 3, 1, 1, 1, 100000},
		"payment":           {4, 7, 1, 25, 2, 2, 2, 200000},
		"promotions":        {1, 1, 1, 100, 1, 1, 1, 70000},
	}
	var r analytics.Touchpoints
	e.MustCall("GET", "/api/v1/analytics/touchpoints?"+q1, key, nil, 200, &r)
	if r.ConversionDays != 7 || len(r.Items) != len(tps) {
		t.Fatalf("touchpoints: got %d items, conversion days %d", len(r.Items), r.ConversionDays)
	}
	got := map[string]analytics.TouchpointItem{}
	for _, it := range r.Items {
		got[it.TouchpointID] = it
	}
	for k, w := range wants {
		it := got[tps[k].ID]
		a := it.Attribution
		if it.Reach != w.reach || it.Interactions != w.interactions || it.Converted != w.converted || !near(it.ConversionRate, w.rate) ||
			a.FirstOrders != w.first || a.LastOrders != w.last || a.LinearOrders != w.linear ||
			a.FirstRevenue != w.revenue || a.LastRevenue != w.revenue || a.LinearRevenue != w.revenue || it.Satisfaction != nil {
			t.Errorf("%s: got %+v rate %s, want %+v", k, it, fs(it.ConversionRate), w)
		}
	}
	if it := got[tps["store"].ID]; it.Reach != 0 || it.ConversionRate != nil {
		t.Errorf("store: got %+v, want nothing", it)
	}
	if r.Unattributed.Orders != 3 || r.Unattributed.Revenue != 550000 {
		t.Errorf("unattributed: got %+v, want 3 orders, 550000", r.Unattributed)
	}
	if len(r.Gaps.NoFeedback) != 3 {
		t.Errorf("touchpoints with events and no feedback: got %v, want the three", r.Gaps.NoFeedback)
	}
	// With 40 days, B's page converts too, and A1's touch credits A2 (35 days before).
	e.MustCall("PUT", "/api/v1/analytics/settings", key, map[string]any{"conversion_days": 40, "churn_days": 90}, 200, nil)
	e.MustCall("GET", "/api/v1/analytics/touchpoints?"+q1, key, nil, 200, &r)
	for _, it := range r.Items {
		if it.TouchpointID == tps["product_catalogue"].ID && it.Converted != 2 {
			t.Errorf("40 days, catalogue: got %d converted, want 2", it.Converted)
		}
		if it.TouchpointID == tps["payment"].ID && (it.Converted != 2 || it.Attribution.FirstOrders != 3) {
			t.Errorf("40 days, payment: got %+v, want 2 converted (A, D), 3 first-touch orders (A2, D2, D3)", it)
		}
	}
	e.MustCall("PUT", "/api/v1/analytics/settings", key, map[string]any{"conversion_days": 7, "churn_days": 90}, 200, nil)
}

func checkBrowsing(t *testing.T, e *webtest.Env, key string) {
	// Pages: /san-pham by A (30 s) and B (10 s), /khuyen-mai by E: 3 views,
	// 40 s → 13 333 ms each; every one starts a visit. Products P1 (A, C), P2 (C).
	var b analytics.Browsing
	e.MustCall("GET", "/api/v1/analytics/browsing?"+q1, key, nil, 200, &b)
	if b.PageViews != 3 || is(b.AverageTimeOnPageMS) != "13333" {
		t.Errorf("browsing: got %d views, %s ms", b.PageViews, is(b.AverageTimeOnPageMS))
	}
	if len(b.Pages) != 2 || b.Pages[0].Item != "/san-pham" || b.Pages[0].Views != 2 || is(b.Pages[0].AverageTimeOnPageMS) != "20000" {
		t.Errorf("pages: got %+v", b.Pages)
	}
	if len(b.Products) != 2 || b.Products[0] != (analytics.BrowsedItem{Item: "P1", Views: 2}) || b.Products[1].Views != 1 {
		t.Errorf("products: got %+v", b.Products)
	}
	if len(b.EntryPages) != 2 || b.EntryPages[0].Item != "/san-pham" || b.EntryPages[0].Views != 2 || b.EntryPages[1].Views != 1 {
		t.Errorf("entry pages: got %+v", b.EntryPages)
	}
}

// secondOrder creates the milestone "second order within 30 days of the first".
func secondOrder(t *testing.T, e *webtest.Env, key string) cx.Milestone {
	j := stagesOf(t, e, key)
	var m cx.Milestone
	e.MustCall("POST", "/api/v1/milestones", key, map[string]any{"name": map[string]string{"vi": "Đơn thứ hai trong 30 ngày"},
		"journey_id": j.ID, "stage_id": j.Stages[2].ID, "due_days": 30,
		"condition": map[string]any{"type": "event", "event": "Order Completed", "count": 2}}, 201, &m)
	return m
}

func checkMilestones(t *testing.T, e *webtest.Env, key, wsID string) {
	m := secondOrder(t, e, key)
	catchUp(t, e, wsID) // a new milestone: the worker works the state out again
	// Started: A, B, D, E. D's second order came the next day; A's after 35
	// days; B and E never ordered again, and their 30 days are long gone.
	var r analytics.Milestones
	e.MustCall("GET", "/api/v1/analytics/milestones", key, nil, 200, &r)
	if len(r.Items) != 1 || r.Items[0] != (analytics.MilestoneItem{MilestoneID: m.ID, Started: 4, Achieved: 1, Pending: 0, Overdue: 3}) {
		t.Errorf("milestones: got %+v", r.Items)
	}
	var l httpio.ListBody[analytics.MilestoneCustomer]
	e.MustCall("GET", "/api/v1/analytics/milestones?milestone="+m.ID+"&status=overdue&limit=2", key, nil, 200, &l)
	if len(l.Items) != 2 || l.Next == nil {
		t.Fatalf("overdue, first page: got %+v", l)
	}
	e.MustCall("GET", "/api/v1/analytics/milestones?milestone="+m.ID+"&status=overdue&limit=2&after="+*l.Next, key, nil, 200, &l)
	if len(l.Items) != 1 || l.Next != nil {
		t.Errorf("overdue, second page: got %+v", l)
	}
	e.MustCall("GET", "/api/v1/analytics/milestones?milestone="+m.ID+"&status=achieved", key, nil, 200, &l)
	d := e.Customer(wsID, cx.IDUser, "D")
	if len(l.Items) != 1 || l.Items[0].CustomerID != d.ID || l.Items[0].AchievedAt == nil || !l.Items[0].AchievedAt.Equal(at("2026-03-02", "03:00")) {
		t.Errorf("achieved: got %+v, want D on 02/03", l.Items)
	}
	status, body := e.Call("GET", "/api/v1/analytics/milestones?milestone="+m.ID+"&status=achieved&format=csv", key, nil)
	if status != 200 || string(body) != "customer_id,full_name,started_at,due_at,achieved_at\n"+d.ID+",,2026-03-01T03:00:00Z,2026-03-31T03:00:00Z,2026-03-02T03:00:00Z\n" {
		t.Errorf("achieved as CSV: got %d %q", status, body)
	}
}

// snapshot is every answer of the behaviour measures, to compare a rebuild with.
func snapshot(t *testing.T, e *webtest.Env, key string) string {
	j := stagesOf(t, e, key)
	var b strings.Builder
	for _, path := range []string{"loyalty?" + q1, "rfm?to=2026-03-31", "funnel?journey=" + j.ID, "funnel?journey=" + j.ID + "&" + q1,
		"cohorts?" + q1, "touchpoints?" + q1, "browsing?" + q1, "milestones?format=csv"} {
		status, body := e.Call("GET", "/api/v1/analytics/"+path, key, nil)
		var v map[string]any
		if json.Unmarshal(body, &v) == nil {
			delete(v, "as_of") // milestones: the time of the answer
		}
		out, _ := json.Marshal(v)
		if v == nil {
			out = body
		}
		fmt.Fprintf(&b, "%s %d %s\n", path, status, out)
	}
	return b.String()
}

func TestAnalyticsChurnAndPending(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Trà sữa")
	now := time.Now().UTC().Truncate(time.Millisecond)
	ago := func(days int) time.Time { return now.Add(-time.Duration(days) * 24 * time.Hour) }
	// G every 10 days, last 20 days ago: not at risk (20 is not more than 2 × 10).
	// H every 10 days, last 90 days ago: at risk. I once, 10 days ago: not
	// at risk (90 days for one-time buyers). J once, 100 days ago: at risk.
	e.IngestEvents(wsID, order("G", "G1", 100000, ago(40)), order("G", "G2", 100000, ago(30)), order("G", "G3", 100000, ago(20)),
		order("H", "H1", 100000, ago(100)), order("H", "H2", 100000, ago(90)),
		order("I", "I1", 100000, ago(10)), order("J", "J1", 100000, ago(100)))
	m := secondOrder(t, e, key)
	catchUp(t, e, wsID)
	wants := map[string]struct {
		atRisk bool
		days   int64
		gap    string
		rfm    analytics.CustomerRFM
	}{
		"G": {false, 20, "10", analytics.CustomerRFM{R: 3, F: 4, M: 4, Segment: "Loyal"}},
		"H": {true, 90, "10", analytics.CustomerRFM{R: 2, F: 3, M: 3, Segment: "At risk"}},
		"I": {false, 10, "null", analytics.CustomerRFM{R: 4, F: 1, M: 1, Segment: "Promising"}},
		"J": {true, 100, "null", analytics.CustomerRFM{R: 1, F: 1, M: 1, Segment: "Lost"}},
	}
	for user, w := range wants {
		var c struct {
			RFM       *analytics.CustomerRFM `json:"rfm"`
			ChurnRisk analytics.ChurnRisk    `json:"churn_risk"`
		}
		e.MustCall("GET", "/api/v1/customers/user:"+user, key, nil, 200, &c)
		cr := c.ChurnRisk
		if cr.AtRisk != w.atRisk || cr.DaysSinceLastOrder == nil || *cr.DaysSinceLastOrder != w.days || fs(cr.UsualGapDays) != w.gap {
			t.Errorf("%s: got churn %+v (days %s, gap %s), want %+v", user, cr, is(cr.DaysSinceLastOrder), fs(cr.UsualGapDays), w)
		}
		if c.RFM == nil || *c.RFM != w.rfm {
			t.Errorf("%s: got rfm %+v, want %+v", user, c.RFM, w.rfm)
		}
	}
	// The trend's last period ends now: 4 customers, G loyal, H and J at risk.
	var l analytics.Loyalty
	e.MustCall("GET", "/api/v1/analytics/loyalty?grain=month", key, nil, 200, &l)
	if n := len(l.Trend); n == 0 || l.Trend[n-1].Customers != 4 || l.Trend[n-1].Loyal != 1 || l.Trend[n-1].AtRisk != 2 {
		t.Errorf("trend: got %+v", l.Trend)
	}
	// Second order within 30 days: G (10 days) and H achieved, I pending (20 days left), J overdue.
	var r analytics.Milestones
	e.MustCall("GET", "/api/v1/analytics/milestones", key, nil, 200, &r)
	if len(r.Items) != 1 || r.Items[0] != (analytics.MilestoneItem{MilestoneID: m.ID, Started: 4, Achieved: 2, Pending: 1, Overdue: 1}) {
		t.Errorf("milestones: got %+v", r.Items)
	}
	// Forgetting J forgets J's milestone too, at once.
	e.MustCall("DELETE", "/api/v1/customers/user:J", key, nil, 204, nil)
	e.MustCall("GET", "/api/v1/analytics/milestones", key, nil, 200, &r)
	if r.Items[0].Started != 3 || r.Items[0].Overdue != 0 {
		t.Errorf("after deleting J: got %+v", r.Items[0])
	}
	// A churn threshold of 5 days puts I at risk.
	e.MustCall("PUT", "/api/v1/analytics/settings", key, map[string]any{"conversion_days": 7, "churn_days": 5}, 200, nil)
	var c struct {
		ChurnRisk analytics.ChurnRisk `json:"churn_risk"`
	}
	e.MustCall("GET", "/api/v1/customers/user:I", key, nil, 200, &c)
	if !c.ChurnRisk.AtRisk {
		t.Errorf("I with 5 days: got %+v, want at risk", c.ChurnRisk)
	}
}

func TestAnalyticsBehaviourRefusesBadQueries(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Sai")
	cases := []struct{ name, method, path, body, field string }{
		{"bad from", "GET", "/api/v1/analytics/loyalty?from=31/12/2026", "", "from"},
		{"from after to", "GET", "/api/v1/analytics/loyalty?from=2026-03-01&to=2026-02-01", "", "from"},
		{"bad to", "GET", "/api/v1/analytics/rfm?to=tomorrow", "", "to"},
		{"bad grain", "GET", "/api/v1/analytics/loyalty?grain=year", "", "grain"},
		{"filter it cannot apply", "GET", "/api/v1/analytics/loyalty?touchpoint=tp_x", "", "touchpoint"},
		{"NUL in a filter", "GET", "/api/v1/analytics/touchpoints?touchpoint=a%00b", "", "touchpoint"},
		{"funnel without journey", "GET", "/api/v1/analytics/funnel", "", "journey"},
		{"funnel of no journey", "GET", "/api/v1/analytics/funnel?journey=jny_nope", "", "journey"},
		{"cohorts by source", "GET", "/api/v1/analytics/cohorts?source=facebook", "", "source"},
		{"browsing window too long", "GET", "/api/v1/analytics/browsing?from=2000-01-01&to=2026-01-01", "", "from"},
		{"bad milestone status", "GET", "/api/v1/analytics/milestones?milestone=ms_x&status=late", "", "status"},
		{"no milestone", "GET", "/api/v1/analytics/milestones?milestone=ms_x&status=pending", "", "milestone"},
		{"bad limit", "GET", "/api/v1/analytics/milestones?milestone=ms_x&status=pending&limit=0", "", "limit"},
		{"conversion days 0", "PUT", "/api/v1/analytics/settings", `{"conversion_days":0,"churn_days":90}`, "conversion_days"},
		{"churn days too many", "PUT", "/api/v1/analytics/settings", `{"conversion_days":7,"churn_days":99999}`, "churn_days"},
		{"churn days huge", "PUT", "/api/v1/analytics/settings", `{"conversion_days":7,"churn_days":1e400}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var body any
			if c.body != "" {
				body = c.body
			}
			status, b := e.Call(c.method, c.path, key, body)
			var apiErr webtest.APIError
			_ = json.Unmarshal(b, &apiErr)
			if status != 400 || c.field != "" && apiErr.Error.Field != c.field {
				t.Errorf("got %d %s, want 400 naming %q", status, b, c.field)
			}
		})
	}
	var set cx.AnalyticsSettings
	e.MustCall("GET", "/api/v1/analytics/settings", key, nil, 200, &set)
	if set != cx.DefaultAnalyticsSettings {
		t.Errorf("settings after refusals: got %+v, want the defaults", set)
	}
}

// An anonymous visitor who browses the catalogue and then signs in as a
// known customer is merged into them: the touches follow, the merged
// profile's state goes, and the next order is credited to the catalogue.
func TestAnalyticsFollowsMerges(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Gộp khách")
	e.IngestEvents(wsID, order("K", "K1", 80000, at("2026-05-01", "03:00")))
	anon := func(typ, name string, when time.Time, props map[string]any) cx.Event {
		x := ev(typ, name, "", when, props)
		x.AnonymousID = "anon-1"
		return x
	}
	e.IngestEvents(wsID, anon(cx.EventPage, "Sản phẩm", at("2026-05-10", "03:00"), map[string]any{"path": "/san-pham"}),
		anon(cx.EventTrack, "Product Viewed", at("2026-05-10", "03:01"), map[string]any{"product_id": "P9"}))
	catchUp(t, e, wsID)
	signIn := ev(cx.EventIdentify, "", "K", at("2026-05-10", "03:02"), nil)
	signIn.AnonymousID = "anon-1"
	e.IngestEvents(wsID, signIn, order("K", "K2", 120000, at("2026-05-11", "03:00")))
	catchUp(t, e, wsID)

	tps := touchpointIDs(t, e, key)
	var r analytics.Touchpoints
	e.MustCall("GET", "/api/v1/analytics/touchpoints?from=2026-05-01&to=2026-05-31", key, nil, 200, &r)
	for _, it := range r.Items {
		if it.TouchpointID == tps["product_catalogue"].ID && (it.Reach != 1 || it.Interactions != 2 || it.Converted != 1 ||
			it.Attribution.LastOrders != 1 || it.Attribution.LastRevenue != 120000) {
			t.Errorf("catalogue after the merge: got %+v", it)
		}
	}
	j := stagesOf(t, e, key)
	var f analytics.Funnel
	e.MustCall("GET", "/api/v1/analytics/funnel?journey="+j.ID, key, nil, 200, &f)
	// One customer: consideration on 10/05, purchase (K1, 01/05) and retention (K2).
	if f.Stages[0].Reached != 1 || f.Stages[1].Reached != 1 || f.Stages[4].Reached != 1 {
		t.Errorf("funnel after the merge: got %+v", f.Stages)
	}
	before := snapshot(t, e, key)
	if _, err := analytics.Rebuild(context.Background(), e.Store, wsID); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, e, key); after != before {
		t.Errorf("after a rebuild:\n%s\nwant\n%s", after, before)
	}
}

// Months are the workspace's: an order at 03:00 on 1 February in Hà Nội is
// still January in UTC, and changing the time zone works the state out again.
func TestAnalyticsFollowsTimeZone(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Múi giờ")
	e.IngestEvents(wsID, order("T", "T1", 50000, at("2026-01-31", "20:00")))
	catchUp(t, e, wsID)
	cohort := func() string {
		var c analytics.Cohorts
		e.MustCall("GET", "/api/v1/analytics/cohorts?from=2026-01-01&to=2026-02-28", key, nil, 200, &c)
		for _, co := range c.Cohorts {
			if co.Customers > 0 {
				return co.Month
			}
		}
		return "none"
	}
	if got := cohort(); got != "2026-02" {
		t.Errorf("in Hà Nội: got cohort %s, want 2026-02", got)
	}
	var ws cx.Workspace
	e.MustCall("GET", "/api/v1/workspace", key, nil, 200, &ws)
	ws.Timezone = "UTC"
	e.MustCall("PUT", "/api/v1/workspace", key, ws, 200, nil)
	catchUp(t, e, wsID)
	if got := cohort(); got != "2026-01" {
		t.Errorf("in UTC: got cohort %s, want 2026-01", got)
	}
}

// Retention for goals: of the customers who ordered in February (A), those
// who ordered again in March; of those of March (D, E), again in April: none.
func TestAnalyticsRetentionKPI(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Giữ chân")
	for _, events := range cafeHistory() {
		e.IngestEvents(wsID, events...)
	}
	e.IngestEvents(wsID, order("A", "A3", 60000, at("2026-03-20", "03:00")))
	catchUp(t, e, wsID)
	svc := analytics.New(e.Store, time.Now)
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	for _, c := range []struct {
		from, to string
		value    float64
		n        int
	}{{"2026-03-01", "2026-03-28", 100, 1}, {"2026-04-01", "2026-04-30", 0, 3}} {
		w, err := analytics.ParseWindow(c.from, c.to, loc, time.Now(), 30)
		if err != nil {
			t.Fatal(err)
		}
		v, n, ok, err := svc.KPIValue(context.Background(), wsID, "retention_rate", w, analytics.Filter{})
		if err != nil || !ok || v != c.value || n != c.n {
			t.Errorf("retention %s–%s: got %v of %d (%v, %v), want %v of %d", c.from, c.to, v, n, ok, err, c.value, c.n)
		}
	}
	w, _ := analytics.ParseWindow("2026-01-01", "2026-03-31", loc, time.Now(), 30)
	if v, n, _, err := svc.KPIValue(context.Background(), wsID, "repeat_purchase_rate", w, analytics.Filter{}); err != nil || v != 50 || n != 4 {
		t.Errorf("repeat_purchase_rate: got %v of %d, %v; want 50 of 4", v, n, err)
	}
}
