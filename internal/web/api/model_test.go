package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

func TestAPITouchpointLifecycle(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Cửa hàng Hoa")
	var journeys httpio.ListBody[cx.Journey]
	e.MustCall("GET", "/api/v1/journeys", key, nil, 200, &journeys)
	stages := journeys.Items[0].Stages

	var tp cx.Touchpoint
	e.MustCall("POST", "/api/v1/touchpoints", key, map[string]any{
		"name": map[string]string{"vi": "Fanpage Zalo OA", "en": "Zalo official account"}, "phase": "after",
		"stage_id": stages[4].ID, "channel": "zalo", "mode": "online", "owner": "Chị Lan", "status": "ideal",
		"targets": []map[string]any{{"kpi": "csat", "comparator": ">=", "value": 85}},
		"content": []map[string]any{{"kind": "faq", "title": map[string]string{"vi": "Câu hỏi thường gặp"}, "url": "https://hoa.vn/faq"}},
	}, 201, &tp)
	if tp.Key != "zalo_official_account" || tp.Position != 18 || tp.Status != "ideal" {
		t.Errorf("got key %q position %d status %q, want zalo_official_account 18 ideal", tp.Key, tp.Position, tp.Status)
	}

	tp.Status = "active"
	tp.StageID = stages[5].ID
	var updated cx.Touchpoint
	e.MustCall("PUT", "/api/v1/touchpoints/"+tp.ID, key, tp, 200, &updated)
	if updated.Status != "active" || updated.StageID != stages[5].ID || len(updated.Content) != 1 {
		t.Errorf("got %+v after update", updated)
	}

	var list httpio.ListBody[cx.Touchpoint]
	e.MustCall("GET", "/api/v1/touchpoints?stage_id="+stages[5].ID, key, nil, 200, &list)
	found := false
	for _, x := range list.Items {
		found = found || x.ID == tp.ID
	}
	if !found {
		t.Errorf("touchpoint not listed under its new stage")
	}

	e.MustCall("DELETE", "/api/v1/touchpoints/"+tp.ID, key, nil, 204, nil)
	e.MustCall("GET", "/api/v1/touchpoints/"+tp.ID, key, nil, 404, nil)
}

func TestAPIPaging(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Phân trang")
	seen := map[string]bool{}
	path := "/api/v1/touchpoints?limit=5"
	pages := 0
	for {
		var page httpio.ListBody[cx.Touchpoint]
		e.MustCall("GET", path, key, nil, 200, &page)
		pages++
		for _, tp := range page.Items {
			if seen[tp.ID] {
				t.Fatalf("touchpoint %s listed twice", tp.ID)
			}
			seen[tp.ID] = true
		}
		if page.Next == nil {
			break
		}
		path = "/api/v1/touchpoints?limit=5&after=" + *page.Next
	}
	if len(seen) != 18 || pages != 4 {
		t.Errorf("got %d touchpoints in %d pages, want 18 in 4", len(seen), pages)
	}
}

func TestAPIErrors(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Lỗi")
	writeKey := e.Key(wsID, cx.KeyWrite)
	revoked := e.Key(wsID, cx.KeySecret)
	keys, _ := e.Store.APIKeys(context.Background(), wsID, store.Page{})
	for _, k := range keys.Items {
		if strings.HasPrefix(revoked, k.Prefix) {
			e.Store.RevokeAPIKey(context.Background(), wsID, k.ID)
		}
	}
	validTP := `{"name":{"vi":"Quầy"},"phase":"during"}`
	for _, tc := range []struct {
		name         string
		method, path string
		key          string
		body         any
		status       int
		code, field  string
	}{
		{"no key", "GET", "/api/v1/touchpoints", "", nil, 401, "unauthorized", ""},
		{"unknown key", "GET", "/api/v1/touchpoints", "cxm_sk_nope", nil, 401, "unauthorized", ""},
		{"write key", "GET", "/api/v1/touchpoints", writeKey, nil, 401, "unauthorized", ""},
		{"revoked key", "GET", "/api/v1/touchpoints", revoked, nil, 401, "unauthorized", ""},
		{"unknown field", "POST", "/api/v1/touchpoints", key, `{"name":{"vi":"Quầy"},"phase":"during","colour":"red"}`, 400, "invalid", "colour"},
		{"malformed", "POST", "/api/v1/touchpoints", key, `{"name":`, 400, "invalid", ""},
		{"empty body", "POST", "/api/v1/touchpoints", key, ``, 400, "invalid", ""},
		{"two objects", "POST", "/api/v1/touchpoints", key, validTP + validTP, 400, "invalid", ""},
		{"wrong type", "POST", "/api/v1/touchpoints", key, `{"name":"Quầy","phase":"during"}`, 400, "invalid", "name"},
		{"missing name", "POST", "/api/v1/touchpoints", key, `{"phase":"during"}`, 400, "invalid", "name"},
		{"bad phase", "POST", "/api/v1/touchpoints", key, `{"name":{"vi":"Quầy"},"phase":"later"}`, 400, "invalid", "phase"},
		{"bad channel", "POST", "/api/v1/touchpoints", key, `{"name":{"vi":"Quầy"},"phase":"during","channel":"fax"}`, 400, "invalid", "channel"},
		{"bad target", "POST", "/api/v1/touchpoints", key, `{"name":{"vi":"Quầy"},"phase":"during","targets":[{"kpi":"nps","comparator":"~","value":1}]}`, 400, "invalid", "targets[0].comparator"},
		{"unknown stage", "POST", "/api/v1/touchpoints", key, `{"name":{"vi":"Quầy"},"phase":"during","stage_id":"stg_x"}`, 400, "invalid", "stage_id"},
		{"duplicate key", "POST", "/api/v1/touchpoints", key, `{"key":"store","name":{"vi":"Quầy"},"phase":"during"}`, 409, "conflict", "key"},
		{"too large", "POST", "/api/v1/touchpoints", key, `{"owner":"` + strings.Repeat("x", httpio.MaxJSONBody) + `"}`, 413, "too_large", ""},
		{"form content type", "PUT", "/api/v1/cx-model", key, nil, 400, "invalid", ""},
		{"bad limit", "GET", "/api/v1/touchpoints?limit=0", key, nil, 400, "invalid", "limit"},
		{"limit too big", "GET", "/api/v1/touchpoints?limit=501", key, nil, 400, "invalid", "limit"},
		{"missing object", "GET", "/api/v1/touchpoints/tp_missing", key, nil, 404, "not_found", ""},
		{"unknown route", "GET", "/api/v1/nothing", key, nil, 404, "not_found", ""},
		{"wrong method", "POST", "/api/v1/workspace", key, `{}`, 405, "method_not_allowed", ""},
		{"bad phase filter", "GET", "/api/v1/touchpoints?phase=later", key, nil, 400, "invalid", "phase"},
		{"bad status filter", "GET", "/api/v1/touchpoints?status=gone", key, nil, 400, "invalid", "status"},
		{"bad language", "POST", "/api/v1/users", key, `{"email":"a@b.vn","role":"viewer","language":"fr"}`, 400, "invalid", "language"},
		{"journey without stages", "POST", "/api/v1/journeys", key, `{"name":{"en":"Empty"},"template":"custom"}`, 400, "invalid", "stages"},
		{"bad template", "POST", "/api/v1/journeys", key, `{"name":{"en":"X"},"template":"funnel"}`, 400, "invalid", "template"},
		{"bad role", "POST", "/api/v1/users", key, `{"email":"a@b.vn","role":"king"}`, 400, "invalid", "role"},
		{"bad email", "POST", "/api/v1/users", key, `{"email":"not-an-email","role":"viewer"}`, 400, "invalid", "email"},
		{"short password", "POST", "/api/v1/users", key, `{"email":"a@b.vn","role":"viewer","password":"short"}`, 400, "invalid", "password"},
		{"secret key cannot add owner", "POST", "/api/v1/users", key, `{"email":"a@b.vn","role":"owner"}`, 403, "forbidden", ""},
		{"bad key kind", "POST", "/api/v1/api-keys", key, `{"kind":"root"}`, 400, "invalid", "kind"},
		{"bad milestone", "POST", "/api/v1/milestones", key, `{"name":{"vi":"Đơn thứ hai"},"journey_id":"jny_x","stage_id":"stg_x","due_days":30,"condition":{"type":"event","event":"Order Completed","count":2}}`, 400, "invalid", "stage_id"},
		{"bad due days", "POST", "/api/v1/milestones", key, `{"name":{"vi":"Đơn thứ hai"},"journey_id":"jny_x","stage_id":"stg_x","due_days":0,"condition":{"type":"event","event":"Order Completed"}}`, 400, "invalid", "due_days"},
		{"bad workspace timezone", "PUT", "/api/v1/workspace", key, `{"name":"Lỗi","timezone":"Mars/Olympus"}`, 400, "invalid", "timezone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := e.Request(tc.method, tc.path, tc.body)
			if tc.name == "form content type" {
				req = e.Request(tc.method, tc.path, `vision=x`)
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if tc.key != "" {
				req.Header.Set("Authorization", "Bearer "+tc.key)
			}
			status, body := e.Send(req)
			var got webtest.APIError
			json.Unmarshal(body, &got)
			if status != tc.status || got.Error.Code != tc.code || got.Error.Field != tc.field || got.Error.Message == "" {
				t.Errorf("got %d %s, want %d code %q field %q", status, body, tc.status, tc.code, tc.field)
			}
		})
	}
}

func TestAPIJourneyStagesInUse(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Hành trình")
	var j cx.Journey
	e.MustCall("POST", "/api/v1/journeys", key, map[string]any{"name": map[string]string{"vi": "Khách sỉ"}, "template": "discovery"}, 201, &j)
	if len(j.Stages) != 5 || j.Stages[0].Key != "learn" {
		t.Fatalf("got stages %+v, want the discovery template", j.Stages)
	}
	var tp cx.Touchpoint
	e.MustCall("POST", "/api/v1/touchpoints", key, map[string]any{"name": map[string]string{"vi": "Hội chợ"}, "phase": "before", "stage_id": j.Stages[0].ID}, 201, &tp)

	// Dropping the stage that holds the touchpoint is refused, whole.
	j.Stages = j.Stages[1:]
	j.Name.En = "Wholesale"
	var e409 webtest.APIError
	e.MustCall("PUT", "/api/v1/journeys/"+j.ID, key, j, 409, &e409)
	var again cx.Journey
	e.MustCall("GET", "/api/v1/journeys/"+j.ID, key, nil, 200, &again)
	if len(again.Stages) != 5 || again.Name.En != "" {
		t.Errorf("got %d stages, name %q after a refused update, want 5 and unchanged", len(again.Stages), again.Name.En)
	}
	e.MustCall("DELETE", "/api/v1/journeys/"+j.ID, key, nil, 409, nil)

	// Moving the touchpoint frees the stage.
	tp.StageID = ""
	e.MustCall("PUT", "/api/v1/touchpoints/"+tp.ID, key, tp, 200, nil)
	e.MustCall("PUT", "/api/v1/journeys/"+j.ID, key, j, 200, &again)
	if len(again.Stages) != 4 || again.Name.En != "Wholesale" {
		t.Errorf("got %d stages, name %q, want 4 and Wholesale", len(again.Stages), again.Name.En)
	}
	e.MustCall("DELETE", "/api/v1/journeys/"+j.ID, key, nil, 204, nil)
}
