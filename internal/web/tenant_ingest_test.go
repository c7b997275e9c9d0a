package web_test

import (
	"context"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// seedIngestA gives workspace A a mapping rule, a stage rule, an unmapped
// event and an identity conflict.
func seedIngestA(t *testing.T, e *webtest.Env, a *tenantA) {
	t.Helper()
	var mr cx.MappingRule
	e.MustCall("POST", "/api/v1/mapping-rules", a.key, map[string]any{"event_name": "Ghé cửa hàng A", "touchpoint_id": a.touchpoint}, 201, &mr)
	a.mappingRule = mr.ID
	var sr cx.StageRule
	e.MustCall("POST", "/api/v1/stage-rules", a.key, map[string]any{"event_name": "Đặt bàn A", "stage_id": a.stage}, 201, &sr)
	a.stageRule = sr.ID
	now := time.Now().UTC()
	ev := func(userID, msg string) cx.Event {
		return cx.Event{Type: cx.EventIdentify, UserID: userID, MessageID: msg, Timestamp: now, ReceivedAt: now,
			Traits: map[string]any{"email": "chung-a@example.vn"}}
	}
	unmapped := cx.Event{Type: cx.EventTrack, Name: "Sự kiện lạ A", AnonymousID: "anon-a", MessageID: "a-3", Timestamp: now, ReceivedAt: now}
	if _, err := e.Ingest.Ingest(context.Background(), a.wsID, []cx.Event{ev("ua1", "a-1"), ev("ua2", "a-2"), unmapped}); err != nil {
		t.Fatal(err)
	}
	l, err := e.Store.IdentityConflicts(context.Background(), a.wsID, cx.ConflictOpen, store.Page{})
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("A's conflicts: %v %v", l.Items, err)
	}
	a.conflict = l.Items[0].ID
}

// ingestTenantCases are the isolation cases of the rules, conflicts and
// unmapped-events routes: B aims at A's rules, touchpoint, stage and
// conflict.
func ingestTenantCases(a tenantA) map[string]tenantCase {
	mapping := map[string]any{"event_name": "B", "touchpoint_id": a.touchpoint}
	stage := map[string]any{"event_name": "B", "stage_id": a.stage}
	return map[string]tenantCase{
		"GET /api/v1/mapping-rules":                    {"/api/v1/mapping-rules", nil, 200},
		"POST /api/v1/mapping-rules":                   {"/api/v1/mapping-rules", mapping, 400},
		"GET /api/v1/mapping-rules/{id}":               {"/api/v1/mapping-rules/" + a.mappingRule, nil, 404},
		"PUT /api/v1/mapping-rules/{id}":               {"/api/v1/mapping-rules/" + a.mappingRule, mapping, 404},
		"DELETE /api/v1/mapping-rules/{id}":            {"/api/v1/mapping-rules/" + a.mappingRule, nil, 404},
		"GET /api/v1/stage-rules":                      {"/api/v1/stage-rules", nil, 200},
		"POST /api/v1/stage-rules":                     {"/api/v1/stage-rules", stage, 400},
		"GET /api/v1/stage-rules/{id}":                 {"/api/v1/stage-rules/" + a.stageRule, nil, 404},
		"PUT /api/v1/stage-rules/{id}":                 {"/api/v1/stage-rules/" + a.stageRule, stage, 404},
		"DELETE /api/v1/stage-rules/{id}":              {"/api/v1/stage-rules/" + a.stageRule, nil, 404},
		"GET /api/v1/identity-conflicts":               {"/api/v1/identity-conflicts", nil, 200},
		"GET /api/v1/identity-conflicts/{id}":          {"/api/v1/identity-conflicts/" + a.conflict, nil, 404},
		"POST /api/v1/identity-conflicts/{id}/resolve": {"/api/v1/identity-conflicts/" + a.conflict + "/resolve", map[string]any{"action": "merge"}, 404},
		"GET /api/v1/unmapped-events":                  {"/api/v1/unmapped-events", nil, 200},
		"GET /api/v1/events/names":                     {"/api/v1/events/names", nil, 200},
	}
}
