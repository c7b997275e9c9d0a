package api_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

func TestAPIConsents(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Đồng ý")
	status, body := e.trackCall("/v1/identify", e.Key(wsID, cx.KeyWrite), map[string]any{"userId": "u-9", "traits": map[string]any{"email": "chi@example.vn"}})
	if status != 200 {
		t.Fatalf("identify: %d %+v", status, body)
	}
	var c cx.Customer
	e.MustCall("PUT", "/api/v1/customers/user:u-9/consents", key, map[string]any{"consents": []map[string]any{
		{"purpose": "marketing", "channel": "zalo", "granted": true}, {"purpose": "surveys", "channel": "email", "granted": false}}}, 200, &c)
	if len(c.Consents) != 2 || !c.Consents[0].Granted || c.Consents[0].Channel != "zalo" || c.Consents[1].Granted || c.Consents[1].Source != "api" {
		t.Fatalf("got consents %+v", c.Consents)
	}
	var bad webtest.APIError
	e.MustCall("PUT", "/api/v1/customers/user:u-9/consents", key, map[string]any{"consents": []map[string]any{
		{"purpose": "gossip", "channel": "zalo", "granted": true}}}, 400, &bad)
	if bad.Error.Field != "consents[0].purpose" {
		t.Errorf("got field %q, want consents[0].purpose", bad.Error.Field)
	}
	e.MustCall("GET", "/api/v1/customers/user:u-9", key, nil, 200, &c)
	if len(c.Consents) != 2 {
		t.Errorf("a refused request changed the consents: %+v", c.Consents)
	}
}

// Consent sent with identify traits is stored as of the event's time,
// follows a visitor who signs in, and never overrides a newer answer.
func TestIdentifyConsent(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Đồng ý qua identify")
	wk := e.Key(wsID, cx.KeyWrite)
	identify := func(body map[string]any) {
		t.Helper()
		body["type"] = "identify"
		if status, reply := e.trackCall("/v1/identify", wk, body); status != 200 {
			t.Fatalf("identify %v: %d %+v", body, status, reply)
		}
	}
	identify(map[string]any{"anonymousId": "anon-5", "timestamp": "2026-11-20T09:00:00Z",
		"traits": map[string]any{"consent": map[string]any{"marketing": map[string]any{"zalo": true, "email": false}}}})
	// The visitor signs in: their consent follows them to the known profile.
	identify(map[string]any{"anonymousId": "anon-5", "userId": "u-5", "timestamp": "2026-11-21T09:00:00Z", "traits": map[string]any{"email": "nam@example.vn"}})
	// A late event from before the first answer changes nothing.
	identify(map[string]any{"userId": "u-5", "timestamp": "2026-11-19T09:00:00Z",
		"traits": map[string]any{"consent": map[string]any{"marketing": map[string]any{"zalo": false}}}})
	c := e.customerOf(wsID, cx.IDUser, "u-5")
	got := map[string]bool{}
	for _, k := range c.Consents {
		got[k.Purpose+"."+k.Channel] = k.Granted
		if k.Source != "identify" {
			t.Errorf("consent %+v: source %q, want identify", k, k.Source)
		}
	}
	if len(got) != 2 || !got["marketing.zalo"] || got["marketing.email"] {
		t.Errorf("got consents %+v, want marketing by zalo granted and by email refused", c.Consents)
	}
	if _, ok := c.Traits["consent"]; ok {
		t.Error("the consent trait is also kept as a plain trait")
	}

	status, reply := e.trackCall("/v1/identify", wk, map[string]any{"type": "identify", "userId": "u-5",
		"traits": map[string]any{"consent": map[string]any{"marketing": map[string]any{"fax": true}}}})
	if status != 400 || len(reply.Errors) != 1 || reply.Errors[0].Field != "traits.consent.marketing.fax" {
		t.Errorf("a consent on an unknown channel: got %d %+v, want 400 about the channel", status, reply)
	}
}
