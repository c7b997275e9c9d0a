package web_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"cxm/internal/analytics"
	"cxm/internal/web/webtest"
)

// behaviourTenantCases are the behaviour measures called as B with A's
// ids, after A's analytics state is worked out: B sees only its own.
func behaviourTenantCases(t *testing.T, e *webtest.Env, a tenantA) map[string]tenantCase {
	t.Helper()
	if err := analytics.NewWorker(e.Store, slog.New(slog.NewTextHandler(io.Discard, nil))).Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	return map[string]tenantCase{
		"GET /api/v1/analytics/loyalty":      {"/api/v1/analytics/loyalty?stage=" + a.stage, nil, 200},
		"GET /api/v1/analytics/rfm":          {"/api/v1/analytics/rfm?stage=" + a.stage, nil, 200},
		"GET /api/v1/analytics/funnel":       {"/api/v1/analytics/funnel?journey=" + a.journey, nil, 400},
		"GET /api/v1/analytics/cohorts":      {"/api/v1/analytics/cohorts", nil, 200},
		"GET /api/v1/analytics/touchpoints":  {"/api/v1/analytics/touchpoints?touchpoint=" + a.touchpoint, nil, 200},
		"GET /api/v1/analytics/browsing":     {"/api/v1/analytics/browsing", nil, 200},
		"GET /api/v1/analytics/milestones":   {"/api/v1/analytics/milestones?milestone=" + a.milestone + "&status=pending", nil, 400},
		"GET /api/v1/analytics/barriers":     {"/api/v1/analytics/barriers?journey=" + a.journey, nil, 400},
		"GET /api/v1/analytics/event-funnel": {"/api/v1/analytics/event-funnel?steps=Product%20Viewed,Order%20Completed", nil, 200},
		"GET /api/v1/analytics/settings":     {"/api/v1/analytics/settings", nil, 200},
		"PUT /api/v1/analytics/settings":     {"/api/v1/analytics/settings", map[string]any{"conversion_days": 3, "churn_days": 30}, 200},
	}
}
