package web_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"cxm/internal/alerts"
	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// alertsTenantCases give A an alert rule, a fired alert and
// its customers' milestones worked out, and return the cases that call
// their routes as B with A's ids, with those ids.
func alertsTenantCases(t *testing.T, e *webtest.Env, a tenantA) (map[string]tenantCase, []string) {
	t.Helper()
	ctx := context.Background()
	var rule cx.AlertRule
	body := map[string]any{"name": "A's rule", "kind": "standard_breaches", "enabled": true, "params": map[string]any{"max_per_day": 1},
		"recipients": []string{a.user}}
	e.MustCall("POST", "/api/v1/alert-rules", a.key, body, 201, &rule)
	alert, fired, err := e.Store.FireAlert(ctx, a.wsID, cx.Alert{RuleID: rule.ID, Kind: rule.Kind, Key: rule.ID + "|a", Subject: cx.Text{Vi: "A"},
		Link: "/model", Period: "2026-11-30", FiredAt: time.Now()})
	if err != nil || !fired {
		t.Fatalf("A's alert: fired %v, %v", fired, err)
	}
	if _, err := alerts.NewMilestoneScheduler(e.Store, slog.New(slog.NewTextHandler(io.Discard, nil))).Step(ctx); err != nil {
		t.Fatal(err)
	}
	return map[string]tenantCase{
		"GET /api/v1/alert-rules":               {"/api/v1/alert-rules", nil, 200},
		"POST /api/v1/alert-rules":              {"/api/v1/alert-rules", body, 400},
		"GET /api/v1/alert-rules/{id}":          {"/api/v1/alert-rules/" + rule.ID, nil, 404},
		"PUT /api/v1/alert-rules/{id}":          {"/api/v1/alert-rules/" + rule.ID, map[string]any{"name": "B", "kind": "goal_missed"}, 404},
		"DELETE /api/v1/alert-rules/{id}":       {"/api/v1/alert-rules/" + rule.ID, nil, 404},
		"GET /api/v1/alerts":                    {"/api/v1/alerts?rule_id=" + rule.ID, nil, 200},
		"GET /api/v1/alerts/{id}":               {"/api/v1/alerts/" + alert.ID, nil, 404},
		"GET /api/v1/analytics/standards":       {"/api/v1/analytics/standards?touchpoint=" + a.touchpoint, nil, 200},
		"GET /api/v1/customer-milestones":       {"/api/v1/customer-milestones?csm_owner=" + a.user + "&milestone_id=" + a.milestone, nil, 200},
		"GET /api/v1/customers/{id}/milestones": {"/api/v1/customers/" + a.customer + "/milestones", nil, 404},
		"PUT /api/v1/customers/{id}/csm-owner":  {"/api/v1/customers/" + a.customer + "/csm-owner", map[string]any{"csm_owner": ""}, 404},
	}, []string{rule.ID, alert.ID}
}
