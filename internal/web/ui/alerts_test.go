package ui_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"cxm/internal/alerts"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// seedAlerts gives the signed-in owner an alert rule mailing them, a fired
// alert, a measured standard, and a customer they are the CSM of whose
// milestone is overdue: what the alerts, rules and milestones pages show.
func seedAlerts(t *testing.T, env *webtest.Env, c *webtest.Client, customerID string) {
	t.Helper()
	ctx := context.Background()
	ws := uiWorkspace(t, env)
	me := c.UserID()
	c.Get("/settings/alerts").Want(200)
	c.Post("/settings/alerts", url.Values{"name": {"NPS giảm ở quầy"}, "kind": {"score_drop"}, "measure": {"nps"}, "period": {"week"},
		"recipients": {me}}).Want(200, "NPS giảm ở quầy")
	rules, err := env.Store.AlertRules(ctx, ws, storePageAll)
	if err != nil || len(rules.Items) == 0 {
		t.Fatalf("rules: %v %v", rules, err)
	}
	v := 12.5
	a, _, err := env.Store.FireAlert(ctx, ws, cx.Alert{RuleID: rules.Items[0].ID, Kind: cx.AlertScoreDrop, Key: "seed|nps",
		Subject: cx.Text{Vi: "NPS giảm 20,0 điểm", En: "NPS dropped 20.0 points"},
		Detail:  cx.Text{Vi: "NPS từ 2026-11-23: 12,5 (n = 40), kỳ trước 32,5 (n = 41).", En: "NPS since 2026-11-23: 12.5 (n = 40), previous 32.5 (n = 41)."},
		Link:    "/api/v1/analytics/scores?measure=nps", Value: &v, Period: "2026-11-23", FiredAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.AlertSent(ctx, ws, a.ID, []string{"lan@caphe.vn"}); err != nil {
		t.Fatal(err)
	}
	c.Post("/customers/"+customerID+"/csm-owner", url.Values{"csm_owner": {me}}).Want(200)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := analytics.NewWorker(env.Store, log).CatchUp(ctx, ws); err != nil {
		t.Fatal(err)
	}
	sched := alerts.NewMilestoneScheduler(env.Store, log)
	sched.Now = func() time.Time { return time.Now().AddDate(0, 2, 0) } // two months on: the 30 days passed
	if _, err := sched.Step(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestUIAlertsPages: an owner adds a rule (a bad one comes back with its
// field marked), sees the alert with the numbers behind it, makes
// themselves a customer's CSM and finds the customer's overdue milestone
// first on their milestones page; a viewer reads the rules but may not
// add one.
func TestUIAlertsPages(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	ws := uiWorkspace(t, env)
	key := env.Key(ws, cx.KeySecret)
	lan := env.SeedLan(ws)
	c.Get("/milestones/new").Want(200)
	var js struct{ Items []cx.Journey }
	env.MustCall("GET", "/api/v1/journeys", key, nil, 200, &js)
	env.MustCall("POST", "/api/v1/milestones", key, map[string]any{"name": map[string]string{"vi": "Đơn thứ hai", "en": "Second order"},
		"journey_id": js.Items[0].ID, "stage_id": js.Items[0].Stages[2].ID, "due_days": 30,
		"condition": map[string]any{"type": "event", "event": "Order Completed", "count": 2}}, 201, nil)

	c.Get("/settings/alerts").Want(200, "Quy tắc cảnh báo", "Chưa có quy tắc nào.")
	c.Post("/settings/alerts", url.Values{"name": {"Sai"}, "kind": {"negative_aspect"}, "factor": {"0,5"}}).
		Want(400, "hệ số phải từ 1 đến 100")
	seedAlerts(t, env, c, lan.ID)
	c.Get("/alerts").Want(200, "NPS giảm 20,0 điểm", "(n = 40)", "đã gửi email cho 1 người")
	c.Get("/").Want(200, "Mọi cảnh báo", "NPS giảm 20,0 điểm")
	if !strings.Contains(c.Body, `href="/api/v1/analytics/scores?measure=nps"`) {
		t.Error("the alert has no link to its numbers")
	}
	c.Get("/customers/"+lan.ID).Want(200, "Chăm sóc khách hàng", "Quá hạn", "Đơn thứ hai")
	c.Get("/customer-milestones").Want(200, "Nguyễn Thị Lan", "Quá hạn", "Đơn thứ hai")
	c.Get("/customer-milestones?status=achieved").Want(200, "Không có mốc nào ở đây.")
	c.Get("/customer-milestones?owner=all&status=late").Want(400)

	viewer := env.Join(c.Invite("xem@caphe.vn", "viewer"), "Xem")
	viewer.Get("/settings/alerts").Want(200, "NPS giảm ở quầy")
	viewer.Post("/settings/alerts", url.Values{"name": {"X"}, "kind": {"goal_missed"}}).Want(403)
	viewer.Get("/customer-milestones").Want(200, "Không có mốc nào ở đây.")
}
