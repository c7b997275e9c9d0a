package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cxm/internal/alerts"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/text"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// TestAlertGoalMissedAndNegativeAspect: a goal of NPS ≥ 40 measured at 0
// on 40 answers is missed; six complaints about delivery today against
// none before are a jump; each fires one alert with its link, however
// often the evaluator ticks.
func TestAlertGoalMissedAndNegativeAspect(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	ctx := context.Background()
	now := time.Now()
	today := now.In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02")
	zeros := make([]float64, 40)
	d.answer(t, d.surveyA, "link", today, "nps", zeros...)
	var m cx.CXModel
	e.MustCall("PUT", "/api/v1/cx-model", d.key, map[string]any{"goals": []map[string]any{{"name": map[string]string{"vi": "NPS ≥ 40"},
		"kpi": "nps", "comparator": ">=", "target": 40, "scope": map[string]string{"kind": "touchpoint", "id": d.t1}}}}, 200, &m)
	for i := range 6 {
		e.MustCall("POST", "/api/v1/feedback", d.key, map[string]any{"source": "shopee", "rating": 1, "text": fmt.Sprintf("Giao hàng chậm, đơn %d", i+1)}, 201, nil)
	}
	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	tw := feedback.NewTextWorker(e.Store, an, quiet())
	tw.Clock = func() time.Time { return now.Add(2 * time.Minute) }
	if err := tw.Step(ctx); err != nil {
		t.Fatal(err)
	}
	e.MustCall("POST", "/api/v1/alert-rules", d.key, map[string]any{"name": "Mục tiêu", "kind": "goal_missed", "enabled": true}, 201, nil)
	e.MustCall("POST", "/api/v1/alert-rules", d.key, map[string]any{"name": "Giao hàng", "kind": "negative_aspect", "enabled": true,
		"params": map[string]any{"aspect": "delivery", "min_count": 5}}, 201, nil)
	evaluator := alerts.NewEvaluator(e.Store, nil, e.URL, quiet())
	evaluator.Now = func() time.Time { return now.Add(5 * time.Minute) }
	for range 2 {
		if err := evaluator.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var l httpio.ListBody[cx.Alert]
	e.MustCall("GET", "/api/v1/alerts", d.key, nil, 200, &l)
	links := map[string]string{}
	for _, a := range l.Items {
		links[a.Kind] = a.Link
	}
	if len(l.Items) != 2 || links[cx.AlertGoalMissed] != "/model/goals/"+m.Goals[0].ID || !strings.HasPrefix(links[cx.AlertNegativeAspect], "/feedback?aspect=delivery") {
		t.Fatalf("got alerts %+v", l.Items)
	}
	// The link is the inbox's; the feedback API takes the same filters.
	var fb httpio.ListBody[cx.Feedback]
	e.MustCall("GET", "/api/v1"+links[cx.AlertNegativeAspect], d.key, nil, 200, &fb)
	if len(fb.Items) != 6 {
		t.Errorf("the link shows %d comments, want the 6", len(fb.Items))
	}
}
