package web

import (
	"testing"

	"cxm/internal/cx"
)

func TestAPIConsents(t *testing.T) {
	e := newTestEnv(t)
	wsID, key := e.workspace("Đồng ý")
	status, body := e.trackCall("/v1/identify", e.key(wsID, cx.KeyWrite), map[string]any{"userId": "u-9", "traits": map[string]any{"email": "chi@example.vn"}})
	if status != 200 {
		t.Fatalf("identify: %d %+v", status, body)
	}
	var c cx.Customer
	e.mustCall("PUT", "/api/v1/customers/user:u-9/consents", key, map[string]any{"consents": []map[string]any{
		{"purpose": "marketing", "channel": "zalo", "granted": true}, {"purpose": "surveys", "channel": "email", "granted": false}}}, 200, &c)
	if len(c.Consents) != 2 || !c.Consents[0].Granted || c.Consents[0].Channel != "zalo" || c.Consents[1].Granted || c.Consents[1].Source != "api" {
		t.Fatalf("got consents %+v", c.Consents)
	}
	var bad apiError
	e.mustCall("PUT", "/api/v1/customers/user:u-9/consents", key, map[string]any{"consents": []map[string]any{
		{"purpose": "gossip", "channel": "zalo", "granted": true}}}, 400, &bad)
	if bad.Error.Field != "consents[0].purpose" {
		t.Errorf("got field %q, want consents[0].purpose", bad.Error.Field)
	}
	e.mustCall("GET", "/api/v1/customers/user:u-9", key, nil, 200, &c)
	if len(c.Consents) != 2 {
		t.Errorf("a refused request changed the consents: %+v", c.Consents)
	}
}
