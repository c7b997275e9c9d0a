package api_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

func TestAPIMappingRules(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Nhà sách")
	wk := e.Key(wsID, cx.KeyWrite)
	var rules httpio.ListBody[cx.MappingRule]
	e.MustCall("GET", "/api/v1/mapping-rules", key, nil, 200, &rules)
	if len(rules.Items) < 30 || rules.Items[0].Position != 0 || rules.Next != nil {
		t.Fatalf("got %d default rules, want the seeded defaults in order", len(rules.Items))
	}
	// An event nobody maps yet shows on the unmapped list …
	e.Track(wk, "track", map[string]any{"userId": "u1", "event": "Book Club Joined", "properties": map[string]any{"source": "zalo-oa"}})
	var unmapped httpio.ListBody[cx.UnmappedEvent]
	e.MustCall("GET", "/api/v1/unmapped-events", key, nil, 200, &unmapped)
	if len(unmapped.Items) != 1 || unmapped.Items[0].Name != "Book Club Joined" || unmapped.Items[0].Source != "zalo-oa" || unmapped.Items[0].Count != 1 {
		t.Fatalf("got unmapped %+v", unmapped.Items)
	}
	// … until a rule maps it: past events are mapped too.
	var tps httpio.ListBody[cx.Touchpoint]
	e.MustCall("GET", "/api/v1/touchpoints?limit=500", key, nil, 200, &tps)
	events := tps.Items[3] // seminars and events
	var rule cx.MappingRule
	e.MustCall("POST", "/api/v1/mapping-rules", key, map[string]any{"event_type": "track", "event_name": "book club joined", "touchpoint_id": events.ID}, 201, &rule)
	if rule.Position != 0 {
		t.Errorf("got position %d, want 0 (first)", rule.Position)
	}
	e.MustCall("GET", "/api/v1/unmapped-events", key, nil, 200, &unmapped)
	if len(unmapped.Items) != 0 {
		t.Errorf("got unmapped %+v after the rule, want none", unmapped.Items)
	}
	// Move it last, then delete it.
	rule.Position = 1000
	var moved cx.MappingRule
	e.MustCall("PUT", "/api/v1/mapping-rules/"+rule.ID, key, rule, 200, &moved)
	if moved.Position != len(rules.Items) {
		t.Errorf("got position %d, want %d (last)", moved.Position, len(rules.Items))
	}
	e.MustCall("DELETE", "/api/v1/mapping-rules/"+rule.ID, key, nil, 204, nil)
	e.MustCall("GET", "/api/v1/mapping-rules/"+rule.ID, key, nil, 404, nil)
	var bad webtest.APIError
	e.MustCall("POST", "/api/v1/mapping-rules", key, map[string]any{"touchpoint_id": events.ID}, 400, &bad)
	if bad.Error.Field != "event_name" {
		t.Errorf("a rule without conditions: got %+v", bad)
	}
	e.MustCall("POST", "/api/v1/mapping-rules", key, map[string]any{"event_name": "X", "touchpoint_id": "tp_nope"}, 400, &bad)
	if bad.Error.Field != "touchpoint_id" {
		t.Errorf("an unknown touchpoint: got %+v", bad)
	}
}

func TestAPIStageRules(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Phòng gym")
	wk := e.Key(wsID, cx.KeyWrite)
	var journeys httpio.ListBody[cx.Journey]
	e.MustCall("GET", "/api/v1/journeys", key, nil, 200, &journeys)
	onboarding := journeys.Items[0].Stages[3]
	var rule cx.StageRule
	e.MustCall("POST", "/api/v1/stage-rules", key, map[string]any{"event_name": "Class Booked", "occurrence": 2, "stage_id": onboarding.ID}, 201, &rule)
	if rule.JourneyID != journeys.Items[0].ID || rule.Occurrence != 2 {
		t.Errorf("got %+v", rule)
	}
	for range 2 {
		e.Track(wk, "track", map[string]any{"userId": "m1", "event": "Class Booked"})
	}
	c := e.Customer(wsID, cx.IDUser, "m1")
	if len(c.Stages) != 1 || c.Stages[0].StageID != onboarding.ID {
		t.Errorf("got stages %+v, want onboarding after the second booking", c.Stages)
	}
	var bad webtest.APIError
	e.MustCall("PUT", "/api/v1/stage-rules/"+rule.ID, key, map[string]any{"event_name": "X", "occurrence": 0, "stage_id": "stg_nope"}, 400, &bad)
	if bad.Error.Field != "stage_id" {
		t.Errorf("got %+v, want an error about stage_id", bad)
	}
	e.MustCall("DELETE", "/api/v1/stage-rules/"+rule.ID, key, nil, 204, nil)
}

func TestAPIIdentityConflicts(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Tiệm vàng")
	wk := e.Key(wsID, cx.KeyWrite)
	for _, u := range []string{"u1", "u2", "u3"} {
		e.Track(wk, "identify", map[string]any{"userId": u, "traits": map[string]any{"phone": "0912345678"}})
	}
	var open httpio.ListBody[cx.IdentityConflict]
	e.MustCall("GET", "/api/v1/identity-conflicts?status=open", key, nil, 200, &open)
	if len(open.Items) != 2 {
		t.Fatalf("got %d open conflicts, want 2", len(open.Items))
	}
	first, second := open.Items[0], open.Items[1]
	var merged cx.IdentityConflict
	e.MustCall("POST", "/api/v1/identity-conflicts/"+first.ID+"/resolve", key, map[string]any{"action": "merge"}, 200, &merged)
	if merged.Status != cx.ConflictMerged || merged.ResolvedAt == nil {
		t.Errorf("got %+v, want merged", merged)
	}
	holder := e.Customer(wsID, cx.IDUser, "u2")
	if holder.ID != first.CustomerID || len(holder.Merges) != 1 || holder.Merges[0].Reason != cx.MergeConflict {
		t.Errorf("u2 is %s with merges %+v, want merged into %s", holder.ID, holder.Merges, first.CustomerID)
	}
	e.MustCall("POST", "/api/v1/identity-conflicts/"+first.ID+"/resolve", key, map[string]any{"action": "merge"}, 409, nil)
	var dismissed cx.IdentityConflict
	e.MustCall("POST", "/api/v1/identity-conflicts/"+second.ID+"/resolve", key, map[string]any{"action": "dismiss"}, 200, &dismissed)
	if dismissed.Status != cx.ConflictDismissed {
		t.Errorf("got %+v, want dismissed", dismissed)
	}
	if e.Customer(wsID, cx.IDUser, "u3").ID == holder.ID {
		t.Error("a dismissed conflict merged the profiles")
	}
	var bad webtest.APIError
	e.MustCall("POST", "/api/v1/identity-conflicts/"+second.ID+"/resolve", key, map[string]any{"action": "maybe"}, 400, &bad)
	if bad.Error.Field != "action" {
		t.Errorf("got %+v, want an error about action", bad)
	}
}
