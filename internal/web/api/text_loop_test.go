package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/text"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// TestAPITextLoop: a correction through the API shows in the analysis and
// moves the sentiment and aspect measures; the workspace's aspects are
// added, listed and removed; bad input is 400 with the field named.
func TestAPITextLoop(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Cà phê Sáng")
	if status, body := importCSV(e, key, reviewsCSV); status != 200 {
		t.Fatalf("import: got %d %s", status, body)
	}
	analyseFeedback(t, e)
	const window = "from=2026-11-01&to=2026-11-30"
	sentiment := func() analytics.SentimentResult {
		t.Helper()
		var res analytics.SentimentResult
		e.MustCall("GET", "/api/v1/analytics/sentiment?"+window, key, nil, 200, &res)
		return res
	}
	before := sentiment()
	if before.Total.N != 5 || before.Total.Negative != 2 || before.By != "touchpoint" || len(before.Items) != 5 {
		t.Fatalf("sentiment before: got %+v", before)
	}

	var l httpio.ListBody[cx.Feedback]
	e.MustCall("GET", "/api/v1/feedback?source=shopee", key, nil, 200, &l)
	slow := l.Items[0]
	for _, tc := range []struct {
		body  any
		field string
	}{
		{map[string]any{"sentiment": "angry"}, "sentiment"},
		{map[string]any{"sentiment": "positive", "aspects": []map[string]string{{"aspect": "nope", "sentiment": "positive"}}}, "aspects"},
	} {
		status, body := e.Call("PUT", "/api/v1/feedback/"+slow.ID+"/label", key, tc.body)
		var ae webtest.APIError
		json.Unmarshal(body, &ae)
		if status != 400 || ae.Error.Field != tc.field {
			t.Errorf("%v: got %d %s, want 400 on %s", tc.body, status, body, tc.field)
		}
	}
	if status, _ := e.Call("PUT", "/api/v1/feedback/fb_nope/label", key, map[string]any{"sentiment": "positive"}); status != 404 {
		t.Errorf("unknown feedback: got %d, want 404", status)
	}
	var a cx.TextAnalysis
	e.MustCall("PUT", "/api/v1/feedback/"+slow.ID+"/label", key, map[string]any{"sentiment": "positive",
		"aspects": []map[string]string{{"aspect": "delivery", "sentiment": "positive"}}}, 200, &a)
	if a.Sentiment != "positive" || a.Correction == nil || a.Correction.ModelSentiment != "negative" || !strings.HasPrefix(a.Correction.CorrectedBy, "key_") {
		t.Errorf("corrected: got %+v %+v", a, a.Correction)
	}
	after := sentiment()
	if after.Total.Negative != before.Total.Negative-1 || after.Total.Positive != before.Total.Positive+1 {
		t.Errorf("sentiment after the correction: got %+v, before %+v", after.Total, before.Total)
	}
	var asp analytics.AspectsResult
	e.MustCall("GET", "/api/v1/analytics/aspects?"+window, key, nil, 200, &asp)
	found := false
	for _, it := range asp.Items {
		if it.Aspect == "delivery" {
			found = it.Mentions == 1 && it.Positive == 1 && it.Net != nil && *it.Net == 100
		}
	}
	if !found || asp.Texts != 5 {
		t.Errorf("aspects: got %+v, want delivery once, positive, of 5 texts", asp)
	}
	if status, body := e.Call("GET", "/api/v1/analytics/sentiment?by=stage&format=csv&"+window, key, nil); status != 200 ||
		!strings.HasPrefix(string(body), "stage_id,name,n,") {
		t.Errorf("csv: got %d %s", status, body)
	}
	if status, _ := e.Call("GET", "/api/v1/analytics/sentiment?by=week", key, nil); status != 400 {
		t.Errorf("by=week: got %d, want 400", status)
	}

	// The workspace's own aspects.
	for _, tc := range []struct {
		key   string
		body  any
		field string
	}{
		{"Bad", map[string]any{"name": map[string]string{"vi": "X"}, "phrases": []string{"x"}}, "key"},
		{"parking", map[string]any{"name": map[string]string{"vi": "Gửi xe"}}, "phrases"},
		{"parking", map[string]any{"phrases": []string{"gửi xe"}}, "name"},
	} {
		status, body := e.Call("PUT", "/api/v1/text/aspects/"+tc.key, key, tc.body)
		var ae webtest.APIError
		json.Unmarshal(body, &ae)
		if status != 400 || ae.Error.Field != tc.field {
			t.Errorf("%s %v: got %d %s, want 400 on %s", tc.key, tc.body, status, body, tc.field)
		}
	}
	e.MustCall("PUT", "/api/v1/text/aspects/parking", key, map[string]any{"name": map[string]string{"vi": "Gửi xe", "en": "Parking"},
		"phrases": []string{"gửi xe", "bãi xe"}}, 200, nil)
	var tax feedback.AspectTaxonomy
	e.MustCall("GET", "/api/v1/text/aspects", key, nil, 200, &tax)
	if len(tax.Items) != 1 || tax.Items[0].Key != "parking" || len(tax.Defaults) != 11 {
		t.Errorf("aspects: got %+v", tax)
	}
	e.MustCall("DELETE", "/api/v1/text/aspects/parking", key, nil, 204, nil)
	if status, _ := e.Call("DELETE", "/api/v1/text/aspects/parking", key, nil); status != 404 {
		t.Errorf("deleted twice: got %d, want 404", status)
	}
}

// analyseFeedback runs the text analysis over every workspace, as the
// worker of `cxm serve` does, with every row settled; it returns the
// shipped analyser.
func analyseFeedback(t *testing.T, e *webtest.Env) *text.Analyzer {
	t.Helper()
	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	w := feedback.NewTextWorker(e.Store, an, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.Pause, w.Clock = 0, func() time.Time { return time.Now().Add(2 * time.Minute) }
	if err := w.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	return an
}
