package api_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

func TestAPIConsents(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Đồng ý")
	e.Track(e.Key(wsID, cx.KeyWrite), "identify", map[string]any{"userId": "u-9", "traits": map[string]any{"email": "chi@example.vn"}})
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
