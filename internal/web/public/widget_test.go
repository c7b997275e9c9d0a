package public_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/public"
	"cxm/internal/web/webtest"
)

// TestWidgetAPI: a visitor of the shop's site is shown the survey and
// answers it from another origin; what the offer says is the same for
// every visitor.
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
	if !reply.Show || reply.FatigueDays != 30 {
		t.Errorf("after answering got %+v, want shown with the fatigue window, which the snippet applies", reply)
	}
	e.MustCall("GET", "/v1/surveys/nope/widget", "", nil, 404, nil)
}

// TestWidgetTrustsNoVisitor: an unauthenticated caller learns nothing about
// a given visitor, cannot put answers on a customer by naming their
// userId, and a refused answer creates no profile.
func TestWidgetTrustsNoVisitor(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Shop Kín")
	writeKey := e.Key(wsID, cx.KeyWrite)
	e.Track(writeKey, "identify", map[string]any{"userId": "u-lan", "anonymousId": "anon-lan", "traits": map[string]any{"email": "lan@example.vn"}})
	sv := e.CafeSurvey(key)
	path := "/v1/surveys/" + sv.PublicKey + "/widget"
	lan, err := e.Store.CustomerByIdentity(context.Background(), wsID, cx.IDUser, "u-lan")
	if err != nil {
		t.Fatal(err)
	}
	// Lan was just invited: the offer must not say so to anyone who asks.
	e.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/invitations", key, map[string]any{"customer_id": lan.ID, "channel": "link"}, 201, nil)
	_, forLan := e.Call("GET", path+"?userId=u-lan&anonymousId=anon-lan&lang=en", "", nil)
	_, forNobody := e.Call("GET", path+"?userId=nobody&anonymousId=anon-nobody&lang=en", "", nil)
	if string(forLan) != string(forNobody) {
		t.Errorf("the offer differs by visitor:\n%s\n%s", forLan, forNobody)
	}

	answers := []map[string]any{{"question": "nps", "score": 0},
		{"question": "criteria", "scores": map[string]int{"taste": 1, "service": 1, "price": 1, "space": 1, "wait": 1, "overall": 1}}}
	var created map[string]string
	e.MustCall("POST", path, "", map[string]any{"userId": "u-lan", "anonymousId": "anon-stranger", "answers": answers}, 201, &created)
	for _, f := range surveyFeedback(t, e.Store, wsID, sv.ID) {
		if f.CustomerID == lan.ID {
			t.Fatalf("a userId without a key put answers on that customer: %+v", f)
		}
	}
	stranger, err := e.Store.CustomerByIdentity(context.Background(), wsID, cx.IDAnonymous, "anon-stranger")
	if err != nil || len(surveyFeedback(t, e.Store, wsID, sv.ID)) == 0 || surveyFeedback(t, e.Store, wsID, sv.ID)[0].CustomerID != stranger.ID {
		t.Errorf("the answers are not the anonymous visitor's: %v", err)
	}

	sv.Status = cx.SurveyClosed
	e.MustCall("PUT", "/api/v1/surveys/"+sv.ID, key, sv, 200, nil)
	if status, body := e.Call("POST", path, "", map[string]any{"anonymousId": "anon-refused", "answers": answers}); status != 409 {
		t.Fatalf("a closed survey: got %d %s, want 409", status, body)
	}
	if _, err := e.Store.CustomerByIdentity(context.Background(), wsID, cx.IDAnonymous, "anon-refused"); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("a refused widget answer made a profile: %v", err)
	}
}
