package api_test

import (
	"context"
	"testing"
	"time"

	"cxm/internal/alerts"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// TestStandardBreaches: "Order Ready.wait_seconds ≤ 420" judges every
// such event and "CSAT ≥ 4" every answer to the question; breaches are
// counted per touchpoint and day once, however often the worker runs, and
// a rule on more than one breach a day fires once.
func TestStandardBreaches(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	ctx := context.Background()
	model := map[string]any{"standards": []map[string]any{
		{"name": map[string]string{"vi": "Pha chế trong 7 phút"}, "metric": "wait_seconds", "comparator": "<=", "threshold": 420, "unit": "seconds",
			"measured_by": map[string]any{"kind": "event", "event": "Order Ready", "property": "wait_seconds"}},
		{"name": map[string]string{"vi": "Khách hài lòng"}, "metric": "csat", "comparator": ">=", "threshold": 4, "unit": "points",
			"scope":       map[string]string{"kind": "touchpoint", "id": d.t1},
			"measured_by": map[string]any{"kind": "question", "survey_id": d.surveyA, "question": "csat"}},
		{"name": map[string]string{"vi": "Chưa đo"}, "metric": "x", "comparator": ">=", "threshold": 1, "unit": "count"},
	}}
	var m cx.CXModel
	e.MustCall("PUT", "/api/v1/cx-model", d.key, model, 200, &m)
	if m.Standards[0].MeasuredBy.Property != "wait_seconds" || m.Standards[2].MeasuredBy.Kind != "" {
		t.Fatalf("got standards %+v", m.Standards)
	}
	var bad struct{ Error struct{ Field string } }
	model["standards"].([]map[string]any)[2]["measured_by"] = map[string]any{"kind": "event"}
	e.MustCall("PUT", "/api/v1/cx-model", d.key, model, 400, &bad)
	if bad.Error.Field != "standards[2].measured_by.event" {
		t.Errorf("an event measure without its event: got field %q", bad.Error.Field)
	}

	day := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) // 10:00 in Hồ Chí Minh
	ready := func(user string, wait any, at time.Time) cx.Event {
		return ev(cx.EventTrack, "Order Ready", user, at, map[string]any{"wait_seconds": wait})
	}
	e.IngestEvents(d.wsID, ready("a", 300, day), ready("b", 500, day.Add(time.Hour)), ready("c", "610", day.Add(2*time.Hour)),
		ready("d", "soon", day), ready("e", 900, day.AddDate(0, 0, 1)))
	d.answer(t, d.surveyA, "link", "2026-11-20", "csat", 5, 2, 1)
	w := analytics.NewStandardsWorker(e.Store, quiet())
	for range 2 {
		if err := w.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var res analytics.StandardsResult
	e.MustCall("GET", "/api/v1/analytics/standards?from=2026-11-20&to=2026-11-20", d.key, nil, 200, &res)
	if len(res.Items) != 3 {
		t.Fatalf("got %d standards", len(res.Items))
	}
	wait, csat, none := res.Items[0], res.Items[1], res.Items[2]
	if wait.Measurements != 3 || wait.Breaches != 2 || len(wait.Days) != 1 || wait.Days[0] != (analytics.StandardBreachN{Key: "2026-11-20", Measurements: 3, Breaches: 2}) {
		t.Errorf("wait: got %+v", wait)
	}
	if csat.Measurements != 3 || csat.Breaches != 2 || len(csat.Touchpoints) != 1 || csat.Touchpoints[0].Key != d.t1 {
		t.Errorf("csat: got %+v", csat)
	}
	if none.Measured || none.Measurements != 0 || none.BreachRate != nil {
		t.Errorf("unmeasured: got %+v", none)
	}
	e.MustCall("GET", "/api/v1/analytics/standards?survey=x", d.key, nil, 400, nil)

	e.MustCall("POST", "/api/v1/alert-rules", d.key, map[string]any{"name": "Pha chế chậm", "kind": "standard_breaches", "enabled": true,
		"params": map[string]any{"standard_id": wait.StandardID, "max_per_day": 1}}, 201, nil)
	evaluator := alerts.NewEvaluator(e.Store, nil, e.URL, quiet())
	evaluator.Now = func() time.Time { return day.Add(5 * time.Hour) }
	for range 2 {
		if err := evaluator.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var l httpio.ListBody[cx.Alert]
	e.MustCall("GET", "/api/v1/alerts", d.key, nil, 200, &l)
	if len(l.Items) != 1 || l.Items[0].Period != "2026-11-20" || l.Items[0].Link != "/model/standards/"+wait.StandardID || *l.Items[0].Value != 2 {
		t.Errorf("got alerts %+v", l.Items)
	}
}
