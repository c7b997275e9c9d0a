package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

func TestAPIResponseSubmittedAt(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Quán Gió")
	sv := e.CafeSurvey(key)
	path := "/api/v1/surveys/" + sv.ID + "/responses"
	answers := []map[string]any{{"question": "nps", "score": 9}, {"question": "criteria",
		"scores": map[string]int{"taste": 5, "service": 5, "price": 4, "space": 4, "wait": 3, "overall": 5}}}
	for name, at := range map[string]string{
		"an hour ahead":   time.Now().Add(time.Hour).Format(time.RFC3339),
		"not RFC 3339":    "30/11/2026 17:54:03",
		"before the year": "1999-12-31T23:59:59Z",
	} {
		status, body := e.Call("POST", path, key, map[string]any{"submitted_at": at, "answers": answers})
		var ae webtest.APIError
		json.Unmarshal(body, &ae)
		if status != 400 || ae.Error.Field != "submitted_at" {
			t.Errorf("%s: got %d %s; want 400 about submitted_at", name, status, body)
		}
	}
	var r cx.Response
	skewed := time.Now().Add(time.Minute).Truncate(time.Second)
	e.MustCall("POST", path, key, map[string]any{"submitted_at": skewed.Format(time.RFC3339), "answers": answers}, 201, &r)
	if !r.CompletedAt.Equal(skewed) {
		t.Errorf("a minute ahead (clock skew): got %v, want %v", r.CompletedAt, skewed)
	}
	past := "2026-02-10T08:30:00+07:00"
	e.MustCall("POST", path, key, map[string]any{"submitted_at": past, "answers": answers}, 201, &r)
	want, _ := time.Parse(time.RFC3339, past)
	if !r.CompletedAt.Equal(want) || !r.StartedAt.Equal(want) {
		t.Errorf("got started %v, completed %v; want both %v", r.StartedAt, r.CompletedAt, want)
	}
	var fb struct{ Items []cx.Feedback }
	e.MustCall("GET", "/api/v1/feedback?survey_id="+sv.ID+"&to=2026-02-10", key, nil, 200, &fb)
	if len(fb.Items) != 7 || !fb.Items[0].OccurredAt.Equal(want) {
		t.Errorf("got %d answers up to 10/02, the first at %v; want the 7 rows of the response, at %v", len(fb.Items), fb.Items, want)
	}
}

func TestAPIImportResponsesCSV(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Quán Gió")
	sv := e.CafeSurvey(key)
	// An en-US Google Forms sheet: month first, English titles.
	file := "Timestamp,How likely are you to recommend us to a friend?,How satisfied are you with… [Taste],How satisfied are you with… [Service],How satisfied are you with… [Price],How satisfied are you with… [Space],How satisfied are you with… [Wait time],How satisfied are you with… [Overall],What should we improve?\n" +
		"11/30/2026 17:54:03,10,5,5,4,4,3,5,Great coffee\n" +
		"2/1/2026 8:05:00,4,3,2,3,3,1,2,Waited 20 minutes\n" +
		"12/31/2099 10:00:00,9,5,5,5,5,5,5,\n"
	req := e.Request("POST", "/api/v1/surveys/"+sv.ID+"/responses/import?date_order=mdy", file)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+key)
	status, body := e.Send(req)
	var rep csvio.Report
	json.Unmarshal(body, &rep)
	if status != 200 || rep.Kind != "responses" || rep.Rows != 3 || rep.Added != 2 || rep.BadRows != 1 || rep.Bad[0].Line != 4 || rep.Bad[0].Field != "submitted_at" {
		t.Fatalf("got %d %s; want 2 added and line 4 refused for its date", status, body)
	}
	var l struct{ Items []cx.Response }
	e.MustCall("GET", "/api/v1/surveys/"+sv.ID+"/responses", key, nil, 200, &l)
	months := map[time.Month]bool{}
	for _, r := range l.Items {
		months[r.CompletedAt.Month()] = true
	}
	if len(l.Items) != 2 || !months[time.November] || !months[time.February] {
		t.Errorf("got %+v; want the responses of 30 November and 1 February", l.Items)
	}
}
