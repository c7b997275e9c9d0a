package api_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

const reviewsCSV = `source,rating,scale_max,text,author,date,email,touchpoint_key,external_id
google_maps,5,5,"Cà phê ngon, nhân viên thân thiện",Minh,2026-11-01,lan@example.vn,store,gm-001
shopee,2,5,Giao hàng chậm,shop_fan,2026-11-02,,marketplace,
facebook,,,"Quán đông quá, chờ 20 phút",Hùng,2026-11-03,,social_media,fb-77
interview,,,Khách muốn có thêm chỗ ngồi ngoài trời,Chị Lan,2026-11-04,,,
call_centre,,,Khách hỏi giờ mở cửa,,2026-11-05,,customer_service,
`

func importCSV(e *webtest.Env, key, body string) (int, []byte) {
	e.T.Helper()
	req := e.Request("POST", "/api/v1/feedback/import", body)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+key)
	return e.Send(req)
}

func TestAPIFeedbackImportAndFilters(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Cà phê Sáng")
	writeKey := e.Key(wsID, cx.KeyWrite)
	e.Track(writeKey, "identify", map[string]any{"userId": "u1", "traits": map[string]any{"email": "lan@example.vn"}})

	status, body := importCSV(e, key, reviewsCSV)
	var res store.ImportResult
	if status != 200 || json.Unmarshal(body, &res) != nil || res.Added != 5 {
		t.Fatalf("import: got %d %s, want 5 added", status, body)
	}
	status, body = importCSV(e, key, reviewsCSV)
	if json.Unmarshal(body, &res); status != 200 || res.Added != 0 || res.Unchanged != 5 {
		t.Fatalf("re-import: got %d %s, want nothing added", status, body)
	}

	var all httpio.ListBody[cx.Feedback]
	e.MustCall("GET", "/api/v1/feedback", key, nil, 200, &all)
	if len(all.Items) != 5 {
		t.Fatalf("got %d feedback, want 5", len(all.Items))
	}
	var gm httpio.ListBody[cx.Feedback]
	e.MustCall("GET", "/api/v1/feedback?source=google_maps", key, nil, 200, &gm)
	if len(gm.Items) != 1 || gm.Items[0].CustomerID == "" || gm.Items[0].Phase != "during" || gm.Items[0].Kind != cx.KindReview {
		t.Errorf("got %+v, want the review linked to the customer and the store touchpoint", gm.Items)
	}
	var low httpio.ListBody[cx.Feedback]
	e.MustCall("GET", "/api/v1/feedback?max_score=3&from=2026-11-02&to=2026-11-02", key, nil, 200, &low)
	if len(low.Items) != 1 || low.Items[0].Source != "shopee" {
		t.Errorf("got %+v, want the Shopee review", low.Items)
	}

	// A call note through the API, then the same note again.
	note := map[string]any{"source": "call_centre", "agent": "Hà", "duration_s": 310, "text": "Khách phàn nàn về đá", "date": "2026-11-06"}
	var f cx.Feedback
	e.MustCall("POST", "/api/v1/feedback", key, note, 201, &f)
	e.MustCall("POST", "/api/v1/feedback", key, note, 200, nil)
	if f.Kind != cx.KindCall || f.Agent != "Hà" || f.DurationS != 310 {
		t.Errorf("got %+v", f)
	}

	for name, tc := range map[string]struct {
		csv, field, message string
	}{
		"rating out of scale": {"source,rating\nshopee,7\n", "rows[2].rating", "row 2: the rating must be from 1 to 5"},
		"unknown source":      {"source,text\ntripadvisor,hi\n", "rows[2].source", "row 2: source must be one of"},
		"unknown column":      {"source,stars\nshopee,5\n", "", `unknown CSV column "stars"`},
		"text too long":       {"source,text\nshopee," + strings.Repeat("x", 5001) + "\n", "rows[2].text", "row 2: text is longer than 5000 characters"},
	} {
		status, body := importCSV(e, key, tc.csv)
		var ae webtest.APIError
		json.Unmarshal(body, &ae)
		if status != 400 || ae.Error.Field != tc.field || !strings.Contains(ae.Error.Message, tc.message) {
			t.Errorf("%s: got %d %s, want 400 field %q message %q", name, status, body, tc.field, tc.message)
		}
	}
}

func TestAPIResponsesAndBadAnswers(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Quán Gió")
	sv := e.CafeSurvey(key)
	path := "/api/v1/surveys/" + sv.ID + "/responses"
	for name, tc := range map[string]struct {
		answers []map[string]any
		field   string
	}{
		"score out of range": {[]map[string]any{{"question": "nps", "score": 11}}, "answers[0].nps"},
		"unknown option":     {[]map[string]any{{"question": "nps", "score": 9}, {"question": "quote", "choices": []string{"maybe"}}}, "answers[1].quote"},
		"text too long":      {[]map[string]any{{"question": "nps", "score": 9}, {"question": "improve", "text": strings.Repeat("x", 5001)}}, "answers[1].improve"},
		"branch not asked":   {[]map[string]any{{"question": "nps", "score": 9}, {"question": "wrong", "text": "x"}}, "answers[1].question"},
		"required missing":   {[]map[string]any{{"question": "improve", "text": "x"}}, "nps"},
	} {
		status, body := e.Call("POST", path, key, map[string]any{"answers": tc.answers})
		var ae webtest.APIError
		json.Unmarshal(body, &ae)
		if status != 400 || ae.Error.Field != tc.field {
			t.Errorf("%s: got %d %s, want 400 about %s", name, status, body, tc.field)
		}
	}
	good := map[string]any{"language": "en", "answers": []map[string]any{{"question": "nps", "score": 10}, {"question": "criteria",
		"scores": map[string]int{"taste": 5, "service": 5, "price": 4, "space": 4, "wait": 3, "overall": 5}}}}
	var r cx.Response
	e.MustCall("POST", path, key, good, 201, &r)
	if r.CompletedAt == nil || len(r.Answers) != 2 || r.Answers[1].Scores["wait"] != 3 {
		t.Errorf("got %+v", r)
	}
	sv.Status = cx.SurveyClosed
	e.MustCall("PUT", "/api/v1/surveys/"+sv.ID, key, sv, 200, nil)
	status, body := e.Call("POST", path, key, good)
	if status != 409 || !strings.Contains(string(body), "this survey is closed") {
		t.Errorf("closed survey: got %d %s, want 409", status, body)
	}

	for format, magic := range map[string][]byte{"png": []byte("\x89PNG"), "svg": []byte("<svg")} {
		req := e.Request("GET", "/api/v1/surveys/"+sv.ID+"/qr?format="+format, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		status, body := e.Send(req)
		if status != 200 || !bytes.HasPrefix(body, magic) {
			t.Errorf("QR %s: got %d %.20q", format, status, body)
		}
	}
}

// TestAPIInvitationRuleList: the rules come back like every other list,
// {"items":[…],"next":null}, all of them on one page.
func TestAPIInvitationRuleList(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Shop Áo")
	sv := e.CafeSurvey(key)
	var rule cx.InvitationRule
	e.MustCall("POST", "/api/v1/invitation-rules", key, map[string]any{"survey_id": sv.ID, "event_name": "Order Completed"}, 201, &rule)
	var body map[string]json.RawMessage
	e.MustCall("GET", "/api/v1/invitation-rules", key, nil, 200, &body)
	var rules []cx.InvitationRule
	if err := json.Unmarshal(body["items"], &rules); err != nil || len(rules) != 1 || rules[0].ID != rule.ID {
		t.Errorf("got items %s, want the rule", body["items"])
	}
	if next, ok := body["next"]; !ok || string(next) != "null" {
		t.Errorf("got next %q (present %v), want null", next, ok)
	}
}

// TestAPIRefusesValuesItCannotKeep: a NUL or bytes that are not UTF-8 in
// any string of a JSON body are refused at the door with the field named,
// on both engines (PostgreSQL used to answer 500 for a NUL).
func TestAPIRefusesValuesItCannotKeep(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Giá trị lạ")
	e.SeedLan(wsID)
	for _, c := range []struct{ method, path, body, field string }{
		{"POST", "/api/v1/feedback", `{"source":"google_maps","kind":"review","text":"ngon\u0000","rating":5}`, "text"},
		{"POST", "/api/v1/feedback", "{\"source\":\"google_maps\",\"kind\":\"review\",\"text\":\"caf\xe9\",\"rating\":5}", "text"},
		{"PATCH", "/api/v1/customers/user:u-lan", `{"traits":{"city":"H\u0000N"}}`, "traits.city"},
		{"PUT", "/api/v1/cx-model", `{"vision":{"vi":"T\u0000m"}}`, "vision.vi"},
	} {
		var got webtest.APIError
		e.MustCall(c.method, c.path, key, c.body, 400, &got)
		if got.Error.Field != c.field {
			t.Errorf("%s %s: got field %q (%s), want %q", c.method, c.path, got.Error.Field, got.Error.Message, c.field)
		}
	}
}

// TestAPIFeedbackImportTooLarge: a body over the cap answers 413, as the
// docs say, even when the cap falls inside one huge cell; a cell over
// 10,000 characters refuses the file with its row and column named.
func TestAPIFeedbackImportTooLarge(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Cà phê Sáng")
	status, body := importCSV(e, key, "source,text\ngoogle_maps,\""+strings.Repeat("a", 21<<20)+"\"\n")
	if status != 413 {
		t.Errorf("a 21 MB cell: got %d %s, want 413", status, body[:min(len(body), 300)])
	}
	status, body = importCSV(e, key, "source,text\ngoogle_maps,"+strings.Repeat("a", 10_001)+"\n")
	var apiErr webtest.APIError
	json.Unmarshal(body, &apiErr)
	if status != 400 || apiErr.Error.Field != "rows[2]" || !strings.Contains(apiErr.Error.Message, `"text" holds more than 10000 characters`) {
		t.Errorf("a long cell: got %d %s, want 400 naming rows[2] and the column", status, body)
	}
}
