package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// tenantA is workspace A with one object of every kind.
type tenantA struct {
	wsID, key                                   string
	journey, stage, touchpoint, milestone, user string
	apiKey, customer, invitation                string
	survey, response, rule                      string
	mappingRule, stageRule, conflict            string
	feedback                                    string
	cases                                       casesA
}

func seedTenantA(t *testing.T, e *webtest.Env) tenantA {
	t.Helper()
	a := tenantA{}
	a.wsID, a.key = e.Workspace("Workspace A")
	var j cx.Journey
	e.MustCall("POST", "/api/v1/journeys", a.key, map[string]any{"name": map[string]string{"vi": "Hành trình A"}, "template": "phases"}, 201, &j)
	a.journey, a.stage = j.ID, j.Stages[0].ID
	var tp cx.Touchpoint
	e.MustCall("POST", "/api/v1/touchpoints", a.key, map[string]any{"name": map[string]string{"vi": "Điểm chạm A"}, "phase": "before", "stage_id": a.stage}, 201, &tp)
	a.touchpoint = tp.ID
	var m cx.Milestone
	e.MustCall("POST", "/api/v1/milestones", a.key, map[string]any{"name": map[string]string{"vi": "Mốc A"}, "journey_id": a.journey,
		"stage_id": a.stage, "due_days": 30, "condition": map[string]any{"type": "event", "event": "Order Completed", "count": 2}}, 201, &m)
	a.milestone = m.ID
	var u account.Invited
	e.MustCall("POST", "/api/v1/users", a.key, map[string]any{"email": "a@a.vn", "role": "admin"}, 201, &u)
	a.user = e.Join(u.Link, "A").UserID()
	e.MustCall("POST", "/api/v1/users", a.key, map[string]any{"email": "pending@a.vn", "role": "viewer"}, 201, &u)
	a.invitation = u.ID
	var k account.CreatedKey
	e.MustCall("POST", "/api/v1/api-keys", a.key, map[string]any{"kind": "write"}, 201, &k)
	a.apiKey = k.ID
	a.customer = e.SeedLan(a.wsID).ID
	e.MustCall("PUT", "/api/v1/cx-model", a.key, map[string]any{"vision": map[string]string{"vi": "Tầm nhìn A"},
		"goals": []map[string]any{{"name": map[string]string{"vi": "NPS A"}, "kpi": "nps", "comparator": ">=", "target": 40, "scope": map[string]string{"kind": "touchpoint", "id": a.touchpoint}}}}, 200, nil)
	seedFeedbackA(t, e, &a)
	seedTextA(t, e, &a)
	seedIngestA(t, e, &a)
	seedCasesA(t, e, &a)
	return a
}

// snapshot is everything workspace A's key can read.
func (a tenantA) snapshot(t *testing.T, e *webtest.Env) string {
	t.Helper()
	var b strings.Builder
	for _, path := range []string{"/api/v1/workspace", "/api/v1/cx-model", "/api/v1/journeys", "/api/v1/touchpoints",
		"/api/v1/milestones", "/api/v1/users", "/api/v1/user-invitations", "/api/v1/api-keys", "/api/v1/surveys", "/api/v1/surveys/" + a.survey + "/responses",
		"/api/v1/surveys/" + a.survey + "/versions", "/api/v1/customers", "/api/v1/customers/" + a.customer,
		"/api/v1/customers/" + a.customer + "/timeline", "/api/v1/surveys/" + a.survey + "/invitations", "/api/v1/feedback",
		"/api/v1/feedback/settings", "/api/v1/invitation-rules", "/api/v1/mapping-rules", "/api/v1/stage-rules", "/api/v1/identity-conflicts",
		"/api/v1/unmapped-events", "/api/v1/text/aspects", "/api/v1/events/names", "/api/v1/cases", "/api/v1/case-rules", "/api/v1/case-settings", "/api/v1/root-causes"} {
		status, body := e.Call("GET", path, a.key, nil)
		if status != 200 {
			t.Fatalf("A's GET %s: got %d %s", path, status, body)
		}
		b.Write(body)
	}
	return b.String()
}

// TestTenantIsolation calls every /api/v1 route as workspace B, by secret
// key and by session, aiming at workspace A's objects. B never sees or
// changes anything of A's. A route without a case here fails the test.
func TestTenantIsolation(t *testing.T) {
	e := webtest.Start(t)
	a := seedTenantA(t, e)
	aIDs := []string{a.wsID, a.journey, a.stage, a.touchpoint, a.milestone, a.user, a.invitation, a.apiKey, a.survey, a.response, a.customer, a.rule,
		a.mappingRule, a.stageRule, a.conflict, a.cases.caseID, a.cases.rule, a.cases.rootCause}
	before := a.snapshot(t, e)

	validJourney := map[string]any{"name": map[string]string{"vi": "B"}, "template": "custom",
		"stages": []map[string]any{{"name": map[string]string{"vi": "Một"}}}}
	validTouchpoint := map[string]any{"name": map[string]string{"vi": "B"}, "phase": "before"}
	validMilestone := map[string]any{"name": map[string]string{"vi": "B"}, "journey_id": a.journey, "stage_id": a.stage,
		"due_days": 7, "condition": map[string]any{"type": "stage", "stage_id": a.stage}}

	// Each case: the path to call with A's ids, a body, and B's expected status.
	cases := map[string]tenantCase{
		"GET /api/v1/workspace":                {"/api/v1/workspace", nil, 200},
		"PUT /api/v1/workspace":                {"/api/v1/workspace", map[string]any{"name": "B renamed"}, 200},
		"GET /api/v1/cx-model":                 {"/api/v1/cx-model", nil, 200},
		"PUT /api/v1/cx-model":                 {"/api/v1/cx-model", map[string]any{"goals": []map[string]any{{"name": map[string]string{"vi": "x"}, "kpi": "nps", "comparator": ">=", "target": 1, "scope": map[string]string{"kind": "touchpoint", "id": a.touchpoint}}}}, 400},
		"GET /api/v1/journeys":                 {"/api/v1/journeys", nil, 200},
		"POST /api/v1/journeys":                {"/api/v1/journeys", validJourney, 201},
		"GET /api/v1/journeys/{id}":            {"/api/v1/journeys/" + a.journey, nil, 404},
		"PUT /api/v1/journeys/{id}":            {"/api/v1/journeys/" + a.journey, validJourney, 404},
		"DELETE /api/v1/journeys/{id}":         {"/api/v1/journeys/" + a.journey, nil, 404},
		"GET /api/v1/touchpoints":              {"/api/v1/touchpoints?stage_id=" + a.stage, nil, 200},
		"POST /api/v1/touchpoints":             {"/api/v1/touchpoints", map[string]any{"name": map[string]string{"vi": "B"}, "phase": "before", "stage_id": a.stage}, 400},
		"GET /api/v1/touchpoints/{id}":         {"/api/v1/touchpoints/" + a.touchpoint, nil, 404},
		"PUT /api/v1/touchpoints/{id}":         {"/api/v1/touchpoints/" + a.touchpoint, validTouchpoint, 404},
		"DELETE /api/v1/touchpoints/{id}":      {"/api/v1/touchpoints/" + a.touchpoint, nil, 404},
		"GET /api/v1/milestones":               {"/api/v1/milestones", nil, 200},
		"POST /api/v1/milestones":              {"/api/v1/milestones", validMilestone, 400},
		"GET /api/v1/milestones/{id}":          {"/api/v1/milestones/" + a.milestone, nil, 404},
		"PUT /api/v1/milestones/{id}":          {"/api/v1/milestones/" + a.milestone, validMilestone, 404},
		"DELETE /api/v1/milestones/{id}":       {"/api/v1/milestones/" + a.milestone, nil, 404},
		"GET /api/v1/users":                    {"/api/v1/users", nil, 200},
		"POST /api/v1/users":                   {"/api/v1/users", map[string]any{"email": "b@b.vn", "role": "viewer"}, 201},
		"GET /api/v1/users/{id}":               {"/api/v1/users/" + a.user, nil, 404},
		"PUT /api/v1/users/{id}":               {"/api/v1/users/" + a.user, map[string]any{"role": "viewer"}, 404},
		"DELETE /api/v1/users/{id}":            {"/api/v1/users/" + a.user, nil, 404},
		"GET /api/v1/user-invitations":         {"/api/v1/user-invitations", nil, 200},
		"DELETE /api/v1/user-invitations/{id}": {"/api/v1/user-invitations/" + a.invitation, nil, 404},
		"GET /api/v1/api-keys":                 {"/api/v1/api-keys", nil, 200},
		"POST /api/v1/api-keys":                {"/api/v1/api-keys", map[string]any{"kind": "secret"}, 201},
		"GET /api/v1/api-keys/{id}":            {"/api/v1/api-keys/" + a.apiKey, nil, 404},
		"DELETE /api/v1/api-keys/{id}":         {"/api/v1/api-keys/" + a.apiKey, nil, 404},
	}
	for pattern, tc := range feedbackTenantCases(a) {
		cases[pattern] = tc
	}
	for pattern, tc := range behaviourTenantCases(t, e, a) {
		cases[pattern] = tc
	}
	for pattern, tc := range customerTenantCases(a) {
		cases[pattern] = tc
	}
	for pattern, tc := range ingestTenantCases(a) {
		cases[pattern] = tc
	}
	for pattern, tc := range analyticsTenantCases(a) {
		cases[pattern] = tc
	}
	for pattern, tc := range textTenantCases(a) {
		cases[pattern] = tc
	}
	alertCases, alertIDs := alertsTenantCases(t, e, a)
	for pattern, tc := range alertCases {
		cases[pattern] = tc
	}
	aIDs = append(aIDs, alertIDs...)
	for pattern, tc := range casesTenantCases(a) {
		cases[pattern] = tc
	}

	bID, bKey := e.Workspace("Workspace B")
	bSession := e.Session(bID, cx.RoleOwner)
	auths := []struct {
		name string
		set  func(*http.Request)
	}{
		{"secret key", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+bKey) }},
		{"session", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: bSession}) }},
	}
	routes := 0
	for _, pattern := range e.Server.Routes() {
		method, path, _ := strings.Cut(pattern, " ")
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		routes++
		tc, ok := cases[pattern]
		if !ok {
			t.Errorf("route %s has no tenant isolation case: add one", pattern)
			continue
		}
		for _, auth := range auths {
			t.Run(auth.name+" "+pattern, func(t *testing.T) {
				if method == "POST" && path == "/api/v1/users" {
					tc.body = map[string]any{"email": secret.RandomToken(5) + "@b.vn", "role": "viewer"}
				}
				req := e.Request(method, tc.path, tc.body)
				auth.set(req)
				sent, _ := json.Marshal(tc.body)
				status, body := e.Send(req)
				if status != tc.want {
					t.Errorf("got %d %s, want %d", status, body, tc.want)
				}
				for _, id := range aIDs {
					// An id B sent may be echoed in an error; any other is a leak.
					if strings.Contains(string(body), id) && !strings.Contains(tc.path+string(sent), id) {
						t.Errorf("B's response holds A's id %s: %s", id, body)
					}
				}
			})
		}
	}
	if routes < len(cases) {
		t.Errorf("only %d of %d cases match a registered route", routes, len(cases))
	}
	if after := a.snapshot(t, e); after != before {
		t.Errorf("workspace A changed through B's calls:\nbefore %s\nafter  %s", before, after)
	}
	// A's user is still A's alone.
	ms, _ := e.Store.Members(context.Background(), a.wsID, store.Page{})
	if len(ms.Items) != 1 || ms.Items[0].ID != a.user {
		t.Errorf("got %d members in A, want only %s", len(ms.Items), a.user)
	}
	var model cx.CXModel
	json.Unmarshal([]byte(mustGet(t, e, "/api/v1/cx-model", a.key)), &model)
	if model.Vision.Vi != "Tầm nhìn A" || len(model.Goals) != 1 {
		t.Errorf("got A's model %+v", model)
	}
}

func mustGet(t *testing.T, e *webtest.Env, path, key string) string {
	t.Helper()
	status, body := e.Call("GET", path, key, nil)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", path, status, body)
	}
	return string(body)
}
