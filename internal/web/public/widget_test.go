package public_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/public"
	"cxm/internal/web/webtest"
)

// TestWidgetAPI: a visitor of the shop's site is shown the survey, answers
// it from another origin, and is not shown it again within the fatigue
// window.
func TestWidgetAPI(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Shop Web")
	e.Track(e.Key(wsID, cx.KeyWrite), "page", map[string]any{"anonymousId": "anon-42", "name": "Home"})
	sv := e.CafeSurvey(key)
	path := "/v1/surveys/" + sv.PublicKey + "/widget"

	req := e.Request("GET", path+"?anonymousId=anon-42&lang=en", nil)
	req.Header.Set("Origin", "https://shop.example.vn")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var reply public.WidgetReply
	json.NewDecoder(res.Body).Decode(&reply)
	res.Body.Close()
	if res.Header.Get("Access-Control-Allow-Origin") != "*" || !reply.Show || reply.Name != "Tell us about the café" || len(reply.Questions) != 5 ||
		reply.Questions[0].Max != 10 || len(reply.Questions[3].Options) != 6 {
		t.Fatalf("got %+v, CORS %q", reply, res.Header.Get("Access-Control-Allow-Origin"))
	}

	bad := map[string]any{"anonymousId": "anon-42", "answers": []map[string]any{{"question": "nps", "score": 12}}}
	status, body := e.Call("POST", path, "", bad)
	if status != 400 {
		t.Errorf("an out-of-range score: got %d %s", status, body)
	}
	good := map[string]any{"anonymousId": "anon-42", "language": "en", "answers": []map[string]any{{"question": "nps", "score": 8},
		{"question": "criteria", "scores": map[string]int{"taste": 4, "service": 4, "price": 4, "space": 4, "wait": 4, "overall": 4}}}}
	e.MustCall("POST", path, "", good, 201, nil)
	fb := surveyFeedback(t, e.Store, wsID, sv.ID)
	if len(fb) != 7 || fb[0].CustomerID == "" {
		t.Fatalf("got %d rows, customer %q", len(fb), fb[0].CustomerID)
	}

	e.MustCall("GET", path+"?anonymousId=anon-42", "", nil, 200, &reply)
	if reply.Show || reply.Reason != "asked_recently" {
		t.Errorf("after answering got %+v, want not shown", reply)
	}
	e.MustCall("GET", path+"?anonymousId=someone-new", "", nil, 200, &reply)
	if !reply.Show {
		t.Errorf("a new visitor is not shown the survey: %+v", reply)
	}
	e.MustCall("GET", "/v1/surveys/nope/widget", "", nil, 404, nil)
}
