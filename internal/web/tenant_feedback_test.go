package web

import (
	"testing"

	"cxm/internal/cx"
)

// seedFeedbackA gives workspace A a survey tied to its touchpoint, with one
// response.
func seedFeedbackA(t *testing.T, e *testEnv, a *tenantA) {
	t.Helper()
	var sv cx.Survey
	e.mustCall("POST", "/api/v1/surveys", a.key, map[string]any{"name": map[string]string{"vi": "Khảo sát A"}, "touchpoint_id": a.touchpoint,
		"status": "active", "questions": []map[string]any{{"key": "nps", "type": "nps", "required": true, "title": map[string]string{"vi": "NPS A"}}}}, 201, &sv)
	a.survey = sv.ID
	var r cx.Response
	e.mustCall("POST", "/api/v1/surveys/"+sv.ID+"/responses", a.key, map[string]any{"answers": []map[string]any{{"question": "nps", "score": 9}}}, 201, &r)
	a.response = r.ID
}

type tenantCase struct {
	path string
	body any
	want int
}

// feedbackTenantCases are the isolation cases of the survey and feedback
// routes: B aims at A's survey, touchpoint and rules.
func feedbackTenantCases(a tenantA) map[string]tenantCase {
	survey := map[string]any{"name": map[string]string{"vi": "B"}, "touchpoint_id": a.touchpoint}
	answer := map[string]any{"answers": []map[string]any{{"question": "nps", "score": 1}}}
	return map[string]tenantCase{
		"GET /api/v1/surveys":                 {"/api/v1/surveys", nil, 200},
		"POST /api/v1/surveys":                {"/api/v1/surveys", survey, 400},
		"GET /api/v1/surveys/{id}":            {"/api/v1/surveys/" + a.survey, nil, 404},
		"PUT /api/v1/surveys/{id}":            {"/api/v1/surveys/" + a.survey, map[string]any{"name": map[string]string{"vi": "B"}}, 404},
		"DELETE /api/v1/surveys/{id}":         {"/api/v1/surveys/" + a.survey, nil, 404},
		"GET /api/v1/surveys/{id}/versions":   {"/api/v1/surveys/" + a.survey + "/versions", nil, 404},
		"GET /api/v1/surveys/{id}/responses":  {"/api/v1/surveys/" + a.survey + "/responses", nil, 404},
		"POST /api/v1/surveys/{id}/responses": {"/api/v1/surveys/" + a.survey + "/responses", answer, 404},
	}
}
