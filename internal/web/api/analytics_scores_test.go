package api_test

import (
	"context"
	"encoding/json"
	"fmt"
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

// scoreData is a workspace with two touchpoints at two stages and the
// surveys at them; answers are stored at chosen days.
type scoreData struct {
	e                *webtest.Env
	wsID, key        string
	journey          cx.Journey
	t1, t2           string // touchpoints at the first and the second stage
	surveyA, surveyB string
}

func newScoreData(t *testing.T, e *webtest.Env) *scoreData {
	t.Helper()
	d := &scoreData{e: e}
	d.wsID, d.key = e.Workspace("Cà phê Sáng")
	var js struct{ Items []cx.Journey }
	e.MustCall("GET", "/api/v1/journeys", d.key, nil, 200, &js)
	d.journey = js.Items[0]
	var tp cx.Touchpoint
	e.MustCall("POST", "/api/v1/touchpoints", d.key, map[string]any{"name": map[string]string{"vi": "Quầy"}, "phase": "before", "stage_id": d.journey.Stages[0].ID}, 201, &tp)
	d.t1 = tp.ID
	e.MustCall("POST", "/api/v1/touchpoints", d.key, map[string]any{"name": map[string]string{"vi": "Giao hàng"}, "phase": "during", "stage_id": d.journey.Stages[1].ID}, 201, &tp)
	d.t2 = tp.ID
	var sv cx.Survey
	e.MustCall("POST", "/api/v1/surveys", d.key, map[string]any{"name": map[string]string{"vi": "Tại quầy"}, "status": "active", "touchpoint_id": d.t1,
		"questions": []map[string]any{
			{"key": "nps", "type": "nps", "title": map[string]string{"vi": "Giới thiệu?"}},
			{"key": "csat", "type": "csat", "title": map[string]string{"vi": "Hài lòng?"}},
			{"key": "ces", "type": "ces", "title": map[string]string{"vi": "Dễ dàng?"}},
			{"key": "stars", "type": "rating", "title": map[string]string{"vi": "Mấy sao?"}},
			{"key": "m", "type": "matrix", "title": map[string]string{"vi": "Chấm điểm"}, "overall": true,
				"options": []map[string]any{{"key": "speed", "label": map[string]string{"vi": "Nhanh"}}, {"key": "taste", "label": map[string]string{"vi": "Ngon"}}}},
		}}, 201, &sv)
	d.surveyA = sv.ID
	e.MustCall("POST", "/api/v1/surveys", d.key, map[string]any{"name": map[string]string{"vi": "Giao hàng"}, "status": "active", "touchpoint_id": d.t2,
		"questions": []map[string]any{{"key": "nps", "type": "nps", "title": map[string]string{"vi": "Giới thiệu?"}},
			{"key": "ces", "type": "ces", "title": map[string]string{"vi": "Dễ dàng?"}}}}, 201, &sv)
	d.surveyB = sv.ID
	return d
}

// answer stores one response per score at noon of day (Hồ Chí Minh
// time), each answering the question q, through the channel.
func (d *scoreData) answer(t *testing.T, survey, channel, day, q string, scores ...float64) {
	t.Helper()
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	at, err := time.ParseInLocation("2006-01-02 15:04", day+" 12:00", hcm)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scores {
		_, hash := secret.NewToken()
		_, err := d.e.Store.SubmitResponse(context.Background(), d.wsID, cx.Response{SurveyID: survey, Channel: channel, Language: cx.LangVi,
			CompletedAt: &at, Answers: []cx.Answer{{Question: q, Score: &s}}}, hash)
		if err != nil {
			t.Fatal(err)
		}
	}
}

// matrix stores one response rating the matrix m.
func (d *scoreData) matrix(t *testing.T, day string, speed, taste, overall float64) {
	t.Helper()
	at, _ := time.Parse("2006-01-02 15:04 -0700", day+" 12:00 +0700")
	_, hash := secret.NewToken()
	_, err := d.e.Store.SubmitResponse(context.Background(), d.wsID, cx.Response{SurveyID: d.surveyA, Channel: "link", Language: cx.LangVi,
		CompletedAt: &at, Answers: []cx.Answer{{Question: "m", Scores: map[string]float64{"speed": speed, "taste": taste, cx.OverallKey: overall}}}}, hash)
	if err != nil {
		t.Fatal(err)
	}
}

func (d *scoreData) scores(t *testing.T, query string) analytics.ScoreResult {
	t.Helper()
	var res analytics.ScoreResult
	d.e.MustCall("GET", "/api/v1/analytics/scores?"+query, d.key, nil, 200, &res)
	return res
}

// wantNum checks a number of a result to 10⁻⁶; want NaN means null.
func wantNum(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	switch {
	case math.IsNaN(want) && got != nil:
		t.Errorf("%s = %v, want null", what, *got)
	case math.IsNaN(want):
	case got == nil:
		t.Errorf("%s = null, want %v", what, want)
	case math.Abs(*got-want) > 1e-6:
		t.Errorf("%s = %.9f, want %.9f", what, *got, want)
	}
}

var null = math.NaN()

// TestAPIScoresExact checks every score against values worked out by hand
// from a small dataset: NPS by touchpoint × month with the previous
// month, CSAT's Wilson bounds, CES's mean and t-interval by channel,
// stars over star questions and reviews on other scales, the criteria of a
// matrix, and the filters.
func TestAPIScoresExact(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	d.answer(t, d.surveyA, "link", "2026-09-15", "nps", 0, 10)
	d.answer(t, d.surveyA, "link", "2026-10-10", "nps", 10, 9, 8, 6, 3)
	d.answer(t, d.surveyA, "qr", "2026-11-10", "nps", 10, 10, 9, 7)
	d.answer(t, d.surveyB, "email", "2026-11-20", "nps", 5, 6, 10)
	d.answer(t, d.surveyA, "link", "2026-10-10", "csat", 5, 5)
	d.answer(t, d.surveyA, "link", "2026-11-10", "csat", 5, 4, 3, 2, 5)
	d.answer(t, d.surveyA, "qr", "2026-11-11", "ces", 7, 6)
	d.answer(t, d.surveyA, "link", "2026-11-12", "ces", 5, 4, 2)
	d.answer(t, d.surveyA, "link", "2026-11-13", "stars", 5, 3)
	d.matrix(t, "2026-11-14", 2, 5, 3)
	d.matrix(t, "2026-11-15", 3, 4, 4)
	for _, r := range []map[string]any{
		{"source": "google_maps", "rating": 7, "scale_min": 1, "scale_max": 10, "text": "ổn", "date": "2026-11-16"},
		{"source": "shopee", "rating": 1, "text": "giao chậm", "date": "2026-11-17T10:00:00+07:00"},
		{"source": "facebook", "text": "không có điểm", "date": "2026-11-17"},
	} {
		e.MustCall("POST", "/api/v1/feedback", d.key, r, 201, nil)
	}

	t.Run("nps by touchpoint and month", func(t *testing.T) {
		res := d.scores(t, "measure=nps&by=touchpoint,period&grain=month&from=2026-10-01&to=2026-11-30")
		if res.Measure != "nps" || !strings.Contains(res.Definition, "promoters") || res.From != "2026-10-01" || res.To != "2026-11-30" {
			t.Errorf("got %+v", res)
		}
		want := []struct {
			tp, period        string
			value, margin     float64
			n, p, pa, dd      int
			prev              float64
			prevN             int
			low, high, change float64
		}{
			{d.t1, "2026-10", 0, 78.39855938160217, 5, 2, 1, 2, 0, 2, -78.39855938160217, 78.39855938160217, 0},
			{d.t1, "2026-11", 75, 42.43446502785643, 4, 3, 1, 0, 0, 5, 32.56553497214357, 100, 75},
			{d.t2, "2026-10", null, null, 0, 0, 0, 0, null, 0, null, null, null},
			{d.t2, "2026-11", -33.33333333333333, 106.68692614122911, 3, 1, 0, 2, null, 0, -100, 73.35359280789578, null},
		}
		if len(res.Items) != len(want) {
			t.Fatalf("got %d items %+v, want %d", len(res.Items), res.Items, len(want))
		}
		for i, w := range want {
			it := res.Items[i]
			name := fmt.Sprintf("item %d (%s %s)", i, w.tp, w.period)
			if it.Group["touchpoint_id"] != w.tp || it.Group["period"] != w.period || len(it.Group) != 2 {
				t.Errorf("%s: group %v", name, it.Group)
			}
			if it.N != w.n || *it.Promoters != w.p || *it.Passives != w.pa || *it.Detractors != w.dd || it.Previous.N != w.prevN || !it.LowN {
				t.Errorf("%s: n %d p %d pa %d d %d previous n %d low_n %v", name, it.N, *it.Promoters, *it.Passives, *it.Detractors, it.Previous.N, it.LowN)
			}
			wantNum(t, name+" value", it.Value, w.value)
			wantNum(t, name+" margin", it.MarginOfError, w.margin)
			wantNum(t, name+" low", it.Low, w.low)
			wantNum(t, name+" high", it.High, w.high)
			wantNum(t, name+" previous", it.Previous.Value, w.prev)
			wantNum(t, name+" change", it.Change, w.change)
			if it.Significant {
				t.Errorf("%s: significant with so few answers", name)
			}
		}
	})

	t.Run("csat with the previous period", func(t *testing.T) {
		res := d.scores(t, "measure=csat&from=2026-11-01&to=2026-11-30")
		if len(res.Items) != 1 || len(res.Items[0].Group) != 0 {
			t.Fatalf("got %+v, want one item with an empty group", res.Items)
		}
		it := res.Items[0]
		wantNum(t, "csat", it.Value, 60)
		wantNum(t, "low", it.Low, 23.07242812760128)
		wantNum(t, "high", it.High, 88.2379225767352)
		wantNum(t, "previous", it.Previous.Value, 100) // 2 October to 31 October
		wantNum(t, "change", it.Change, -40)
		if it.N != 5 || it.Previous.N != 2 || it.Significant {
			t.Errorf("n %d previous n %d significant %v: 40 points on 5 and 2 answers is within chance", it.N, it.Previous.N, it.Significant)
		}
	})

	t.Run("ces by channel", func(t *testing.T) {
		res := d.scores(t, "measure=ces&from=2026-11-01&to=2026-11-30")
		wantNum(t, "ces", res.Items[0].Value, 4.8)
		wantNum(t, "low", res.Items[0].Low, 2.4116504128582847)
		wantNum(t, "high", res.Items[0].High, 7.188349587141715)
		wantNum(t, "share 5–7", res.Items[0].Share5To7, 60)
		res = d.scores(t, "measure=ces&by=channel&from=2026-11-01&to=2026-11-30")
		if len(res.Items) != 2 || res.Items[0].Group["channel"] != "link" || res.Items[1].Group["channel"] != "qr" {
			t.Fatalf("got %+v", res.Items)
		}
		wantNum(t, "link", res.Items[0].Value, 11.0/3)
		wantNum(t, "link 5–7", res.Items[0].Share5To7, 100.0/3)
		wantNum(t, "qr", res.Items[1].Value, 6.5)
	})

	t.Run("stars over questions and reviews", func(t *testing.T) {
		res := d.scores(t, "measure=stars&from=2026-11-01&to=2026-11-30")
		wantNum(t, "stars", res.Items[0].Value, 3.1666666666666665)
		wantNum(t, "low", res.Items[0].Low, 0.5146666666666668)
		wantNum(t, "high", res.Items[0].High, 5.818666666666666)
		if res.Items[0].N != 4 {
			t.Errorf("n = %d, want 4: the comment without a rating is no star", res.Items[0].N)
		}
		res = d.scores(t, "measure=stars&by=source&from=2026-11-01&to=2026-11-30")
		got := map[string]float64{}
		for _, it := range res.Items {
			got[it.Group["source"]] = *it.Value
		}
		if len(got) != 3 || got["survey"] != 4 || math.Abs(got["google_maps"]-(1+4*6.0/9)) > 1e-6 || got["shopee"] != 1 {
			t.Errorf("stars by source = %v", got)
		}
	})

	t.Run("criteria", func(t *testing.T) {
		res := d.scores(t, "measure=criterion&question=m&from=2026-11-01&to=2026-11-30")
		want := map[string][2]float64{"overall": {3.5, 50}, "speed": {2.5, 0}, "taste": {4.5, 100}}
		if len(res.Items) != 3 {
			t.Fatalf("got %+v", res.Items)
		}
		for _, it := range res.Items {
			w := want[it.Group["criterion"]]
			wantNum(t, it.Group["criterion"]+" mean", it.Value, w[0])
			wantNum(t, it.Group["criterion"]+" top-2", it.Top2Box, w[1])
		}
	})

	t.Run("filters", func(t *testing.T) {
		for query, want := range map[string]float64{
			"touchpoint=" + d.t2:                -100.0 / 3,
			"survey=" + d.surveyA:               75,
			"stage=" + d.journey.Stages[1].ID:   -100.0 / 3,
			"journey=" + d.journey.ID:           100.0 * (4 - 2) / 7,
			"channel=qr":                        75,
			"channel=email":                     -100.0 / 3,
			"source=survey&survey=" + d.surveyB: -100.0 / 3,
		} {
			res := d.scores(t, "measure=nps&from=2026-11-01&to=2026-11-30&"+query)
			wantNum(t, query, res.Items[0].Value, want)
		}
		if res := d.scores(t, "measure=nps&from=2026-11-01&to=2026-11-30&source=google_maps"); res.Items[0].N != 0 || res.Items[0].Value != nil {
			t.Errorf("NPS from Google Maps = %+v, want n 0 and no value", res.Items[0])
		}
	})

	t.Run("periods without data", func(t *testing.T) {
		res := d.scores(t, "measure=nps&by=period&grain=week&from=2026-11-01&to=2026-11-30")
		// 1 November 2026 is a Sunday: its week starts on 26 October.
		if len(res.Items) != 6 || res.Items[0].Group["period"] != "2026-10-26" || res.Items[5].Group["period"] != "2026-11-30" {
			t.Fatalf("got %+v", res.Items)
		}
		if res.Items[0].N != 0 || res.Items[2].N != 4 || res.Items[3].N != 3 {
			t.Errorf("weeks: %+v", res.Items)
		}
		res = d.scores(t, "measure=nps&by=period&from=2026-11-01&to=2026-11-30")
		if len(res.Items) != 30 || res.Items[9].Group["period"] != "2026-11-10" || res.Items[9].N != 4 {
			t.Errorf("days: %d items, 10 November %+v", len(res.Items), res.Items[9])
		}
	})

	t.Run("csv", func(t *testing.T) {
		status, body := e.Call("GET", "/api/v1/analytics/scores?measure=nps&by=touchpoint&from=2026-11-01&to=2026-11-30&format=csv", d.key, nil)
		lines := strings.Split(strings.TrimSpace(string(body)), "\n")
		if status != 200 || len(lines) != 3 || lines[0] != "touchpoint_id,value,n,low_n,low,high,previous_value,previous_n,change,significant,promoters,passives,detractors,margin_of_error" {
			t.Fatalf("got %d\n%s", status, body)
		}
		cells := strings.Split(lines[1], ",")
		want := []string{d.t1, "75", "4", "true", "32.5655", "100", "0", "5", "75", "false", "3", "1", "0", "42.4344"}
		for i, w := range want {
			if !strings.HasPrefix(cells[i], w) {
				t.Errorf("cell %s = %s, want %s…", strings.Split(lines[0], ",")[i], cells[i], w)
			}
		}
		req := e.Request("GET", "/api/v1/analytics/scores?measure=csat&from=2026-11-01&to=2026-11-30", nil)
		req.Header.Set("Authorization", "Bearer "+d.key)
		req.Header.Set("Accept", "text/csv")
		status, body = e.Send(req)
		if status != 200 || !strings.HasPrefix(string(body), "value,n,low_n,low,high,previous_value,previous_n,change,significant\n60,5,true,") {
			t.Errorf("Accept: text/csv: got %d\n%s", status, body)
		}
	})
}

// TestAPIScoresSignificant checks that a large change on many answers is
// significant and the same change on few is not.
func TestAPIScoresSignificant(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	many := func(v float64, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = v
		}
		return out
	}
	// October: 20 promoters, 20 detractors (NPS 0, SE 15.81); November: 30
	// promoters, 10 detractors (NPS 50, SE 13.69): |50| > 1.96 · 20.92.
	d.answer(t, d.surveyA, "link", "2026-10-10", "nps", append(many(10, 20), many(0, 20)...)...)
	d.answer(t, d.surveyA, "link", "2026-11-10", "nps", append(many(10, 30), many(0, 10)...)...)
	res := d.scores(t, "measure=nps&from=2026-11-01&to=2026-11-30")
	it := res.Items[0]
	wantNum(t, "nps", it.Value, 50)
	wantNum(t, "previous", it.Previous.Value, 0)
	if !it.Significant || it.LowN {
		t.Errorf("significant %v low_n %v, want a significant change on 40 answers", it.Significant, it.LowN)
	}
	// The same shares on 4 answers a month: not significant.
	d.answer(t, d.surveyB, "link", "2026-10-10", "nps", 10, 10, 0, 0)
	d.answer(t, d.surveyB, "link", "2026-11-10", "nps", 10, 10, 10, 0)
	res = d.scores(t, "measure=nps&survey="+d.surveyB+"&from=2026-11-01&to=2026-11-30")
	if it := res.Items[0]; it.Significant || *it.Change != 50 {
		t.Errorf("change %v significant %v, want 50 and not significant", *it.Change, it.Significant)
	}
}

// TestAPIScoresRefuseBadQueries checks that each bad query value is
// refused with its field named.
func TestAPIScoresRefuseBadQueries(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Cà phê Sáng")
	for query, field := range map[string]string{
		"measure=happiness": "measure",
		"":                  "measure",
		"measure=nps&by=touchpoint,stage,channel":   "by",
		"measure=nps&by=colour":                     "by",
		"measure=nps&by=stage,stage":                "by",
		"measure=nps&from=2026-13-01":               "from",
		"measure=nps&to=yesterday":                  "to",
		"measure=nps&from=2026-12-01&to=2026-11-01": "from",
		"measure=nps&from=1990-01-01&to=2026-01-01": "from",
		"measure=nps&grain=year":                    "grain",
		"measure=criterion":                         "question",
		"measure=nps&channel=fax":                   "channel",
		"measure=nps&source=myspace":                "source",
		"measure=nps&journey=jr_nope":               "journey",
		"measure=nps&touchpoint=%00":                "touchpoint",
	} {
		status, body := e.Call("GET", "/api/v1/analytics/scores?"+query, key, nil)
		var er struct{ Error cx.Error }
		json.Unmarshal(body, &er)
		if status != http.StatusBadRequest || er.Error.Field != field {
			t.Errorf("%q: got %d %s, want 400 on %s", query, status, body, field)
		}
	}
}

// TestAPIScoresShowNewAnswersAtOnce sends an answer through the API and
// finds it in the scores of today within 5 seconds.
func TestAPIScoresShowNewAnswersAtOnce(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	before := d.scores(t, "measure=nps").Items[0].N
	e.MustCall("POST", "/api/v1/surveys/"+d.surveyA+"/responses", d.key, map[string]any{"answers": []map[string]any{{"question": "nps", "score": 9}}}, 201, nil)
	deadline := time.Now().Add(5 * time.Second)
	for {
		res := d.scores(t, "measure=nps&by=channel")
		if len(res.Items) == 1 && res.Items[0].N == before+1 && res.Items[0].Group["channel"] == "api" {
			wantNum(t, "nps", res.Items[0].Value, 100)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s the scores are %+v, want the new answer", res.Items)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestAPIScoresFollowTheTimeZone changes the workspace's time zone and
// finds, within 5 seconds, the answers on their day in the new zone: the
// rollups are rebuilt in the background.
func TestAPIScoresFollowTheTimeZone(t *testing.T) {
	e := webtest.Start(t)
	d := newScoreData(t, e)
	at := time.Date(2026, 10, 4, 23, 30, 0, 0, time.UTC) // 5 October, 06:30 in Hồ Chí Minh city
	_, hash := secret.NewToken()
	nine := 9.0
	if _, err := e.Store.SubmitResponse(context.Background(), d.wsID, cx.Response{SurveyID: d.surveyA, Channel: "link", Language: cx.LangVi,
		CompletedAt: &at, Answers: []cx.Answer{{Question: "nps", Score: &nine}}}, hash); err != nil {
		t.Fatal(err)
	}
	days := func() string {
		res := d.scores(t, "measure=nps&by=period&from=2026-10-04&to=2026-10-05")
		return fmt.Sprintf("%s:%d %s:%d", res.Items[0].Group["period"], res.Items[0].N, res.Items[1].Group["period"], res.Items[1].N)
	}
	if got := days(); got != "2026-10-04:0 2026-10-05:1" {
		t.Fatalf("in Hồ Chí Minh city: %s", got)
	}
	e.MustCall("PUT", "/api/v1/workspace", d.key, map[string]any{"name": "Cà phê Sáng", "timezone": "America/New_York", "language": "vi", "currency": "VND"}, 200, nil)
	deadline := time.Now().Add(5 * time.Second)
	for got := days(); got != "2026-10-04:1 2026-10-05:0"; got = days() {
		if time.Now().After(deadline) {
			t.Fatalf("5 s after moving to New York: %s", got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
