package web_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// seedTextA gives workspace A an aspect of its own and names its review.
func seedTextA(t *testing.T, e *webtest.Env, a *tenantA) {
	t.Helper()
	e.MustCall("PUT", "/api/v1/text/aspects/valet", a.key, map[string]any{"name": map[string]string{"vi": "Giữ xe"},
		"phrases": []string{"giữ xe"}}, 200, nil)
	var l store.List[cx.Feedback]
	e.MustCall("GET", "/api/v1/feedback?source=shopee", a.key, nil, 200, &l)
	if len(l.Items) != 1 {
		t.Fatalf("A's review: got %d", len(l.Items))
	}
	a.feedback = l.Items[0].ID
}

// textTenantCases are the isolation cases of the text analysis routes: B
// corrects A's text, removes A's aspect, counts at A's touchpoint.
func textTenantCases(a tenantA) map[string]tenantCase {
	return map[string]tenantCase{
		"PUT /api/v1/feedback/{id}/label":   {"/api/v1/feedback/" + a.feedback + "/label", map[string]any{"sentiment": "negative"}, 404},
		"GET /api/v1/text/aspects":          {"/api/v1/text/aspects", nil, 200},
		"PUT /api/v1/text/aspects/{key}":    {"/api/v1/text/aspects/parking", map[string]any{"name": map[string]string{"vi": "B"}, "phrases": []string{"bãi xe"}}, 200},
		"DELETE /api/v1/text/aspects/{key}": {"/api/v1/text/aspects/valet", nil, 404},
		"GET /api/v1/analytics/sentiment":   {"/api/v1/analytics/sentiment?by=touchpoint&touchpoint=" + a.touchpoint, nil, 200},
		"GET /api/v1/analytics/aspects":     {"/api/v1/analytics/aspects?touchpoint=" + a.touchpoint, nil, 200},
	}
}
