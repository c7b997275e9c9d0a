package web_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// casesA are workspace A's case objects.
type casesA struct {
	caseID, rule, rootCause string
}

// seedCasesA gives workspace A a case opened by hand, a case rule and a
// root cause; its SLA is long, so that no reminder changes it meanwhile.
func seedCasesA(t *testing.T, e *webtest.Env, a *tenantA) {
	t.Helper()
	e.MustCall("PUT", "/api/v1/case-settings", a.key, map[string]any{"first_contact_hours": 720, "resolve_days": 365, "remind_minutes": 0,
		"work_start": "08:00", "work_end": "17:00", "work_days": []int{1, 2, 3, 4, 5}}, 200, nil)
	var k cx.Case
	e.MustCall("POST", "/api/v1/cases", a.key, map[string]any{"customer_id": a.customer, "title": "Khách A phàn nàn"}, 201, &k)
	var r cx.CaseRule
	e.MustCall("POST", "/api/v1/case-rules", a.key, map[string]any{"kind": "csat", "max_score": 2, "touchpoint_id": a.touchpoint, "enabled": true}, 201, &r)
	var rc cx.RootCause
	e.MustCall("POST", "/api/v1/root-causes", a.key, map[string]any{"name": map[string]string{"vi": "Nguyên nhân A"}, "touchpoint_id": a.touchpoint}, 201, &rc)
	a.cases = casesA{caseID: k.ID, rule: r.ID, rootCause: rc.ID}
}

// casesTenantCases are the isolation cases of the case routes: B aims at
// A's case, customer, rule, root cause, touchpoint and survey.
func casesTenantCases(a tenantA) map[string]tenantCase {
	k, r := "/api/v1/cases/"+a.cases.caseID, "/api/v1/case-rules/"+a.cases.rule
	rule := map[string]any{"kind": "nps", "max_score": 6, "touchpoint_id": a.touchpoint, "enabled": true}
	return map[string]tenantCase{
		"GET /api/v1/cases":               {"/api/v1/cases?customer_id=" + a.customer, nil, 200},
		"POST /api/v1/cases":              {"/api/v1/cases", map[string]any{"customer_id": a.customer}, 400},
		"GET /api/v1/cases/{id}":          {k, nil, 404},
		"PATCH /api/v1/cases/{id}":        {k, map[string]any{"priority": "urgent"}, 404},
		"POST /api/v1/cases/{id}/status":  {k + "/status", map[string]any{"status": "contacted"}, 404},
		"POST /api/v1/cases/{id}/entries": {k + "/entries", map[string]any{"kind": "note", "text": "B"}, 404},
		"POST /api/v1/cases/{id}/replies": {k + "/replies", map[string]any{"subject": "B", "text": "B"}, 404},
		"GET /api/v1/case-rules":          {"/api/v1/case-rules", nil, 200},
		"POST /api/v1/case-rules":         {"/api/v1/case-rules", rule, 400},
		"GET /api/v1/case-rules/{id}":     {r, nil, 404},
		"PUT /api/v1/case-rules/{id}":     {r, map[string]any{"kind": "nps", "max_score": 6}, 404},
		"DELETE /api/v1/case-rules/{id}":  {r, nil, 404},
		"GET /api/v1/case-settings":       {"/api/v1/case-settings", nil, 200},
		"PUT /api/v1/case-settings":       {"/api/v1/case-settings", map[string]any{"first_contact_hours": 1, "resolve_days": 1, "work_start": "08:00", "work_end": "17:00", "work_days": []int{1}, "resurvey_survey_id": a.survey}, 400},
		"GET /api/v1/root-causes":         {"/api/v1/root-causes", nil, 200},
		"POST /api/v1/root-causes":        {"/api/v1/root-causes", map[string]any{"name": map[string]string{"vi": "B"}, "touchpoint_id": a.touchpoint}, 400},
		"DELETE /api/v1/root-causes/{id}": {"/api/v1/root-causes/" + a.cases.rootCause, nil, 404},
		"GET /api/v1/analytics/cases":     {"/api/v1/analytics/cases", nil, 200},
	}
}
