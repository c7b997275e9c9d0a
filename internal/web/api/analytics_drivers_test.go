package api_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/web/webtest"
)

// TestAPIDrivers runs the key-driver analysis of a matrix over HTTP: on
// its overall row and on NPS, with the weights of the method on the same
// responses, summing to R², and each criterion's mean and quadrant.
func TestAPIDrivers(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	// speed, taste, overall, NPS of twelve responses.
	rows := [][]float64{
		{4, 5, 5, 9}, {3, 4, 4, 8}, {2, 3, 3, 6}, {5, 5, 5, 10}, {1, 2, 1, 2}, {3, 3, 3, 7},
		{4, 4, 4, 8}, {2, 4, 3, 5}, {5, 4, 4, 9}, {3, 5, 4, 9}, {1, 3, 2, 3}, {4, 2, 3, 6},
	}
	at := time.Date(2026, 11, 10, 5, 0, 0, 0, time.UTC)
	for _, r := range rows {
		_, hash := secret.NewToken()
		nps := r[3]
		_, err := e.Store.SubmitResponse(context.Background(), d.wsID, cx.Response{SurveyID: d.surveyA, Channel: "link", Language: cx.LangVi, CompletedAt: &at,
			Answers: []cx.Answer{{Question: "m", Scores: map[string]float64{"speed": r[0], "taste": r[1], cx.OverallKey: r[2]}}, {Question: "nps", Score: &nps}}}, hash)
		if err != nil {
			t.Fatal(err)
		}
	}
	// One response rated speed only: it counts in speed's mean, not in the weights.
	d.answer(t, d.surveyA, "link", "2026-11-10", "nps", 10)
	_, hash := secret.NewToken()
	e.Store.SubmitResponse(context.Background(), d.wsID, cx.Response{SurveyID: d.surveyA, Channel: "link", Language: cx.LangVi, CompletedAt: &at,
		Answers: []cx.Answer{{Question: "m", Scores: map[string]float64{"speed": 5}}}}, hash)

	for _, outcome := range []struct {
		query  string
		column int
	}{{"", 2}, {"&outcome=nps", 3}} {
		var res analytics.DriversResult
		e.MustCall("GET", "/api/v1/analytics/drivers?survey="+d.surveyA+"&question=m&from=2026-11-01&to=2026-11-30"+outcome.query, d.key, nil, 200, &res)
		cases := make([][]float64, len(rows))
		for i, r := range rows {
			cases[i] = []float64{r[0], r[1], r[outcome.column]}
		}
		weights, r2 := analytics.RelativeWeights(cases)
		if res.N != 12 || len(res.Items) != 2 || res.RSquared == nil {
			t.Fatalf("%s: got %+v", outcome.query, res)
		}
		wantNum(t, "R²", res.RSquared, r2)
		wantNum(t, "weights' sum", ptr(*res.Items[0].Weight+*res.Items[1].Weight), *res.RSquared)
		for i, it := range res.Items {
			wantNum(t, it.Criterion+" weight", it.Weight, weights[i])
			wantNum(t, it.Criterion+" share", it.Share, 100*weights[i]/r2)
			if it.Quadrant == "" {
				t.Errorf("%s has no quadrant", it.Criterion)
			}
		}
		wantNum(t, "speed performance", res.Items[0].Performance, 42.0/13)
		wantNum(t, "taste performance", res.Items[1].Performance, 44.0/12)
		if res.Items[0].Criterion != "speed" || res.Items[0].N != 13 {
			t.Errorf("speed: %+v", res.Items[0])
		}
	}
	status, body := e.Call("GET", "/api/v1/analytics/drivers?survey="+d.surveyA+"&question=m&from=2026-11-01&to=2026-11-30&format=csv", d.key, nil)
	if status != 200 || !strings.HasPrefix(string(body), "criterion,label,weight,share,performance,n,quadrant\nspeed,Nhanh,") {
		t.Errorf("csv: %d %s", status, body)
	}
	for query, field := range map[string]string{
		"question=m":                                      "survey",
		"survey=" + d.surveyA:                             "question",
		"survey=" + d.surveyA + "&question=nps":           "question",
		"survey=" + d.surveyA + "&question=m&outcome=ces": "outcome",
		"survey=" + d.surveyB + "&question=m":             "question",
		"survey=sv_nope&question=m":                       "survey",
	} {
		status, body := e.Call("GET", "/api/v1/analytics/drivers?"+query, d.key, nil)
		var er struct{ Error cx.Error }
		json.Unmarshal(body, &er)
		if status != http.StatusBadRequest || er.Error.Field != field {
			t.Errorf("%s: got %d %s, want 400 on %s", query, status, body, field)
		}
	}
}

func ptr(v float64) *float64 { return &v }

// TestAPIEmotionCurve checks satisfaction per stage in journey order: the
// top-2 box of CSAT answers and stars at each stage's touchpoints.
func TestAPIEmotionCurve(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	d.answer(t, d.surveyA, "link", "2026-11-10", "csat", 5, 4, 3, 2, 5) // first stage: 3 of 5
	d.answer(t, d.surveyA, "link", "2026-11-10", "stars", 5, 3)         // and 1 of 2
	d.answer(t, d.surveyA, "link", "2026-11-10", "nps", 0, 0)           // NPS is no satisfaction answer
	for _, r := range []float64{5, 2} {                                 // second stage: 1 of 2
		e.MustCall("POST", "/api/v1/feedback", d.key, map[string]any{"source": "google_maps", "rating": r, "text": "x", "date": "2026-11-12", "touchpoint_id": d.t2}, 201, nil)
	}
	var res analytics.EmotionResult
	e.MustCall("GET", "/api/v1/analytics/emotion-curve?from=2026-11-01&to=2026-11-30&journey="+d.journey.ID, d.key, nil, 200, &res)
	if len(res.Items) != len(d.journey.Stages) {
		t.Fatalf("got %d stages, want %d", len(res.Items), len(d.journey.Stages))
	}
	for i, it := range res.Items {
		if it.StageID != d.journey.Stages[i].ID {
			t.Errorf("stage %d is %s, want journey order", i, it.StageID)
		}
	}
	wantNum(t, "first stage", res.Items[0].Value, 400.0/7)
	wantNum(t, "second stage", res.Items[1].Value, 50)
	wantNum(t, "third stage", res.Items[2].Value, null)
	if res.Items[0].N != 7 || res.Items[1].N != 2 || res.Items[2].N != 0 || !res.Items[0].LowN {
		t.Errorf("n: %+v", res.Items)
	}
	wantNum(t, "first stage low", res.Items[0].Low, wilsonLow(4, 7))
	var byDefault analytics.EmotionResult
	e.MustCall("GET", "/api/v1/analytics/emotion-curve?from=2026-11-01&to=2026-11-30", d.key, nil, 200, &byDefault)
	if byDefault.JourneyID != d.journey.ID {
		t.Errorf("without journey: %s, want the first journey", byDefault.JourneyID)
	}
	status, body := e.Call("GET", "/api/v1/analytics/emotion-curve?from=2026-11-01&to=2026-11-30&format=csv", d.key, nil)
	if status != 200 || !strings.HasPrefix(string(body), "stage_id,name,position,value,n,low_n,low,high\n"+d.journey.Stages[0].ID+",") {
		t.Errorf("csv: %d %s", status, body)
	}
	if status, _ := e.Call("GET", "/api/v1/analytics/emotion-curve?journey=jr_nope", d.key, nil); status != 400 {
		t.Errorf("unknown journey: %d", status)
	}
}

// wilsonLow is the Wilson interval's lower bound written out:
// (p + z²/2n − z √(p(1−p)/n + z²/4n²)) / (1 + z²/n).
func wilsonLow(k, n float64) float64 {
	z, p := 1.959963984540054, k/n
	return 100 * (p + z*z/(2*n) - z*math.Sqrt(p*(1-p)/n+z*z/(4*n*n))) / (1 + z*z/n)
}
