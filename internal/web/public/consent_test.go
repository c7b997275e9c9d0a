package public_test

import (
	"cxm/internal/cx"
	"cxm/internal/web/webtest"
	"testing"
)

// Consent sent with identify traits is stored as of the event's time,
// follows a visitor who signs in, and never overrides a newer answer.
func TestIdentifyConsent(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Đồng ý qua identify")
	wk := e.Key(wsID, cx.KeyWrite)
	identify := func(body map[string]any) {
		t.Helper()
		body["type"] = "identify"
		if status, reply := trackCall(e, "/v1/identify", wk, body); status != 200 {
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
	c := e.Customer(wsID, cx.IDUser, "u-5")
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

	status, reply := trackCall(e, "/v1/identify", wk, map[string]any{"type": "identify", "userId": "u-5",
		"traits": map[string]any{"consent": map[string]any{"marketing": map[string]any{"fax": true}}}})
	if status != 400 || len(reply.Errors) != 1 || reply.Errors[0].Field != "traits.consent.marketing.fax" {
		t.Errorf("a consent on an unknown channel: got %d %+v, want 400 about the channel", status, reply)
	}
}
