package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// TestAPIFeedbackTextFilters: once the text analysis has read the
// imported reviews, the list carries each analysis and filters on
// sentiment, aspect and language; bad filter values are 400 with the
// field named.
func TestAPIFeedbackTextFilters(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Cà phê Sáng")
	if status, body := importCSV(e, key, reviewsCSV); status != 200 {
		t.Fatalf("import: got %d %s", status, body)
	}
	e.MustCall("POST", "/api/v1/feedback", key, map[string]any{"source": "website", "kind": "comment",
		"text": "Great coffee, friendly staff. Call me on +84 912 345 678"}, 201, nil)
	an := analyseFeedback(t, e)

	texts := func(query string) []string {
		t.Helper()
		var l httpio.ListBody[cx.Feedback]
		e.MustCall("GET", "/api/v1/feedback"+query, key, nil, 200, &l)
		var out []string
		for _, f := range l.Items {
			if f.Analysis == nil {
				t.Fatalf("%q has no analysis", f.Text)
			}
			out = append(out, f.Text)
		}
		return out
	}
	if got := texts(""); len(got) != 6 {
		t.Fatalf("got %d feedback, want 6", len(got))
	}
	for query, want := range map[string]string{
		"?sentiment=negative":               "Quán đông quá, chờ 20 phút|Giao hàng chậm",
		"?aspect=delivery":                  "Giao hàng chậm",
		"?aspect=staff&sentiment=positive":  "Great coffee, friendly staff. Call me on +84 912 345 678|Cà phê ngon, nhân viên thân thiện",
		"?language=en":                      "Great coffee, friendly staff. Call me on +84 912 345 678",
		"?language=other":                   "",
		"?sentiment=neutral&source=website": "",
	} {
		if got := strings.Join(texts(query), "|"); got != want {
			t.Errorf("%s: got %q, want %q", query, got, want)
		}
	}
	var l httpio.ListBody[cx.Feedback]
	e.MustCall("GET", "/api/v1/feedback?language=en", key, nil, 200, &l)
	if a := l.Items[0].Analysis; strings.Contains(a.Redacted, "912") || a.ModelVersion != an.ModelVersion() {
		t.Errorf("got %+v, want the phone redacted and the model named", a)
	}
	for query, field := range map[string]string{"?sentiment=angry": "sentiment", "?language=fr": "language",
		"?aspect=" + strings.Repeat("x", 41): "aspect"} {
		status, body := e.Call("GET", "/api/v1/feedback"+query, key, nil)
		var ae webtest.APIError
		json.Unmarshal(body, &ae)
		if status != 400 || ae.Error.Field != field {
			t.Errorf("%s: got %d %s, want 400 on %s", query, status, body, field)
		}
	}
}
