package api_test

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// TestAPIGoals measures each goal of the CX model over its window: met,
// at risk (the target inside the interval), missed, without data, and not
// measured yet.
func TestAPIGoals(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	today := time.Now().In(hcm).Format("2006-01-02")
	old := time.Now().In(hcm).AddDate(0, 0, -40).Format("2006-01-02")
	ones := make([]float64, 40)
	for i := range ones {
		ones[i] = 10
	}
	d.answer(t, d.surveyA, "link", today, "nps", ones...)          // NPS 100 on 40 answers at T1
	d.answer(t, d.surveyA, "link", old, "nps", 0, 0, 0)            // outside the 30 days
	d.answer(t, d.surveyA, "link", today, "csat", 5, 4, 3, 2, 5)   // 60 %, Wilson 23.1–88.2
	d.answer(t, d.surveyB, "link", today, "ces", 2, 3, 2, 3, 2, 3) // at T2: mean 2.5
	goal := func(name, kpi, cmp string, target float64, kind, id, window string) map[string]any {
		g := map[string]any{"name": map[string]string{"vi": name}, "kpi": kpi, "comparator": cmp, "target": target,
			"scope": map[string]string{"kind": kind, "id": id}}
		if window != "" {
			g["window"] = window
		}
		return g
	}
	model := map[string]any{"goals": []map[string]any{
		goal("NPS ≥ 40 ở quầy", "nps", ">=", 40, "touchpoint", d.t1, ""),
		goal("CSAT ≥ 80", "csat", ">=", 80, "journey", "", "month"),
		goal("CES ≥ 5 khi giao hàng", "ces", ">=", 5, "stage", d.journey.Stages[1].ID, "quarter"),
		goal("Sao ≥ 4", "stars", ">=", 4, "journey", "", ""),
		goal("Mua lại ≥ 30 %", "repeat_purchase_rate", ">=", 30, "journey", "", ""),
		goal("NPS ≥ 40 khi giao hàng", "nps", ">=", 40, "touchpoint", d.t2, ""),
		goal("Chỉ số riêng", "custom", ">=", 1, "journey", "", ""),
	}}
	e.MustCall("PUT", "/api/v1/cx-model", d.key, model, 200, nil)
	var res analytics.GoalsResult
	e.MustCall("GET", "/api/v1/analytics/goals", d.key, nil, 200, &res)
	if len(res.Items) != 7 {
		t.Fatalf("got %d goals", len(res.Items))
	}
	want := []struct {
		status, window string
		actual         float64
		n              int
	}{
		{analytics.GoalMet, "rolling_30d", 100, 40},
		{analytics.GoalAtRisk, "month", 60, 5},
		{analytics.GoalMissed, "quarter", 2.5, 6},
		{analytics.GoalNoData, "rolling_30d", null, 0},
		{analytics.GoalNoData, "rolling_30d", null, 0}, // no orders yet
		{analytics.GoalNoData, "rolling_30d", null, 0},
		{analytics.GoalUnmeasured, "rolling_30d", null, 0},
	}
	for i, w := range want {
		g := res.Items[i]
		if g.Status != w.status || g.Window != w.window || g.N != w.n || g.To != today {
			t.Errorf("goal %d %s: status %s window %s n %d to %s, want %s %s %d %s", i, g.Name.Vi, g.Status, g.Window, g.N, g.To, w.status, w.window, w.n, today)
		}
		wantNum(t, g.Name.Vi, g.Actual, w.actual)
	}
	if g := res.Items[1]; g.Low == nil || math.Abs(*g.Low-23.07242812760128) > 1e-9 || !g.LowN || !strings.Contains(g.Definition, "top-2") {
		t.Errorf("CSAT goal: %+v", g)
	}
	if first := res.Items[0]; first.From != time.Now().In(hcm).AddDate(0, 0, -29).Format("2006-01-02") {
		t.Errorf("rolling window from %s", first.From)
	}
	if q := res.Items[2]; !strings.HasSuffix(q.From, "-01") || !strings.Contains("01 04 07 10", q.From[5:7]) {
		t.Errorf("quarter from %s", q.From)
	}
	status, body := e.Call("GET", "/api/v1/analytics/goals?format=csv", d.key, nil)
	if status != 200 || !strings.HasPrefix(string(body), "goal_id,name,kpi,comparator,target,scope_kind,scope_id,window,from,to,actual,n,low_n,low,high,status\n") ||
		!strings.Contains(string(body), ",met\n") || !strings.Contains(string(body), ",unmeasured\n") {
		t.Errorf("csv: %d\n%s", status, body)
	}

	// A window cxm does not know is refused, with the goal's field named.
	model["goals"] = []map[string]any{goal("x", "nps", ">=", 1, "journey", "", "year")}
	status, body = e.Call("PUT", "/api/v1/cx-model", d.key, model)
	var er struct{ Error cx.Error }
	json.Unmarshal(body, &er)
	if status != http.StatusBadRequest || er.Error.Field != "goals[0].window" {
		t.Errorf("window year: got %d %s", status, body)
	}
}

func TestGoalStatus(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	m := analytics.Measurement{Value: v(45), N: 100, Low: v(38), High: v(52)}
	for _, c := range []struct {
		cmp    string
		target float64
		want   string
	}{
		{">=", 40, analytics.GoalAtRisk}, {">=", 30, analytics.GoalMet}, {">=", 60, analytics.GoalMissed},
		{"<=", 60, analytics.GoalMet}, {"<", 30, analytics.GoalMissed}, {"=", 50, analytics.GoalMet}, {"=", 60, analytics.GoalMissed},
	} {
		if got := analytics.GoalStatus(c.cmp, c.target, m); got != c.want {
			t.Errorf("45 [38, 52] %s %v: %s, want %s", c.cmp, c.target, got, c.want)
		}
	}
}
