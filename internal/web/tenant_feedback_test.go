package web_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// seedFeedbackA gives workspace A a survey tied to its touchpoint, with one
// response.
func seedFeedbackA(t *testing.T, e *webtest.Env, a *tenantA) {
	t.Helper()
	var sv cx.Survey
	e.MustCall("POST", "/api/v1/surveys", a.key, map[string]any{"name": map[string]string{"vi": "Khảo sát A"}, "touchpoint_id": a.touchpoint,
		"status": "active", "questions": []map[string]any{{"key": "nps", "type": "nps", "required": true, "title": map[string]string{"vi": "NPS A"}}}}, 201, &sv)
	a.survey = sv.ID
	var r cx.Response
	e.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/responses", a.key, map[string]any{"answers": []map[string]any{{"question": "nps", "score": 9}}}, 201, &r)
	a.response = r.ID
	var rule cx.InvitationRule
	e.MustCall("POST", "/api/v1/invitation-rules", a.key, map[string]any{"survey_id": sv.ID, "event_name": "Order Completed", "touchpoint_id": a.touchpoint}, 201, &rule)
	a.rule = rule.ID
	e.MustCall("POST", "/api/v1/feedback", a.key, map[string]any{"source": "shopee", "rating": 4, "text": "Giao nhanh", "touchpoint_id": a.touchpoint}, 201, nil)
	e.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/invitations", a.key, map[string]any{"email": "khach@a.vn"}, 201, nil)
	e.MustCall("PUT", "/api/v1/feedback/settings", a.key, map[string]any{"fatigue_days": 14, "reminder_days": 2, "expiry_days": 20}, 200, nil)
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
		"GET /api/v1/surveys":                        {"/api/v1/surveys", nil, 200},
		"POST /api/v1/surveys":                       {"/api/v1/surveys", survey, 400},
		"GET /api/v1/surveys/{id}":                   {"/api/v1/surveys/" + a.survey, nil, 404},
		"PUT /api/v1/surveys/{id}":                   {"/api/v1/surveys/" + a.survey, map[string]any{"name": map[string]string{"vi": "B"}}, 404},
		"DELETE /api/v1/surveys/{id}":                {"/api/v1/surveys/" + a.survey, nil, 404},
		"GET /api/v1/surveys/{id}/versions":          {"/api/v1/surveys/" + a.survey + "/versions", nil, 404},
		"GET /api/v1/surveys/{id}/responses":         {"/api/v1/surveys/" + a.survey + "/responses", nil, 404},
		"POST /api/v1/surveys/{id}/responses":        {"/api/v1/surveys/" + a.survey + "/responses", answer, 404},
		"POST /api/v1/surveys/{id}/responses/import": {"/api/v1/surveys/" + a.survey + "/responses/import", "Timestamp,nps\n30/11/2026 10:00:00,9\n", 404},
		"GET /api/v1/surveys/{id}/invitations":       {"/api/v1/surveys/" + a.survey + "/invitations", nil, 404},
		"POST /api/v1/surveys/{id}/invitations":      {"/api/v1/surveys/" + a.survey + "/invitations", map[string]any{"email": "x@b.vn"}, 404},
		"GET /api/v1/surveys/{id}/qr":                {"/api/v1/surveys/" + a.survey + "/qr", nil, 404},
		"GET /api/v1/feedback":                       {"/api/v1/feedback?survey_id=" + a.survey + "&touchpoint_id=" + a.touchpoint, nil, 200},
		"POST /api/v1/feedback":                      {"/api/v1/feedback", map[string]any{"source": "other", "text": "x", "touchpoint_id": a.touchpoint}, 400},
		"POST /api/v1/feedback/import":               {"/api/v1/feedback/import", "source,text,touchpoint_id\nother,x," + a.touchpoint + "\n", 400},
		"GET /api/v1/feedback/settings":              {"/api/v1/feedback/settings", nil, 200},
		"PUT /api/v1/feedback/settings":              {"/api/v1/feedback/settings", map[string]any{"fatigue_days": 1, "reminder_days": 0, "expiry_days": 1}, 200},
		"GET /api/v1/invitation-rules":               {"/api/v1/invitation-rules", nil, 200},
		"POST /api/v1/invitation-rules":              {"/api/v1/invitation-rules", map[string]any{"survey_id": a.survey, "event_name": "x"}, 400},
		"GET /api/v1/invitation-rules/{id}":          {"/api/v1/invitation-rules/" + a.rule, nil, 404},
		"PUT /api/v1/invitation-rules/{id}":          {"/api/v1/invitation-rules/" + a.rule, map[string]any{"survey_id": a.survey, "event_name": "x"}, 404},
		"DELETE /api/v1/invitation-rules/{id}":       {"/api/v1/invitation-rules/" + a.rule, nil, 404},
	}
}
