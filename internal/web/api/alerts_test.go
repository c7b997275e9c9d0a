package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"cxm/internal/alerts"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestAlertScoreDropFiresOnce: NPS 100 last week, 0 this week on 40
// answers each is a drop far beyond the margin of error: the evaluator
// fires one alert, mailed through a real SMTP server to the rule's member,
// and fires no other however often it ticks in the week.
func TestAlertScoreDropFiresOnce(t *testing.T) {
	e := webtest.Start(t)
	mb := webtest.StartMailbox(t)
	d := newScoreData(t, e)
	ctx := context.Background()
	csm, _, err := e.Store.AddUser(ctx, d.wsID, cx.User{Email: "quanly@caphe.vn", Name: "Quản lý", PasswordHash: "x"}, cx.RoleAnalyst)
	if err != nil {
		t.Fatal(err)
	}
	tens, mixed := make([]float64, 40), make([]float64, 40)
	for i := range tens {
		tens[i] = 10
		if i%2 == 0 {
			mixed[i] = 10
		}
	}
	d.answer(t, d.surveyA, "link", "2026-11-18", "nps", tens...)  // last week: NPS 100
	d.answer(t, d.surveyA, "link", "2026-11-24", "nps", mixed...) // this week: 20 promoters, 20 detractors, NPS 0
	var rule cx.AlertRule
	e.MustCall("POST", "/api/v1/alert-rules", d.key, map[string]any{"name": "NPS giảm", "kind": "score_drop", "enabled": true,
		"params": map[string]any{"measure": "nps", "period": "week"}, "recipients": []string{csm.ID}}, 201, &rule)
	if rule.Params.Period != "week" || len(rule.Recipients) != 1 {
		t.Fatalf("got rule %+v", rule)
	}
	e.MustCall("POST", "/api/v1/alert-rules", d.key, map[string]any{"name": "CSAT giảm", "kind": "score_drop", "enabled": true,
		"params": map[string]any{"measure": "csat"}, "recipients": []string{csm.ID}}, 201, nil) // no CSAT answers: nothing to fire

	sender, err := feedback.NewSMTP("smtp://"+mb.Addr, "canhbao@caphe.vn")
	if err != nil {
		t.Fatal(err)
	}
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, hcm) // a Wednesday
	evaluator := alerts.NewEvaluator(e.Store, sender, e.URL, quiet())
	evaluator.Now = func() time.Time { return now }
	for range 3 {
		if err := evaluator.Step(ctx); err != nil {
			t.Fatal(err)
		}
		now = now.Add(20 * time.Hour) // still the same week
	}
	m := mb.Next(t)
	if got := m.Header.Get("To"); !strings.Contains(got, "quanly@caphe.vn") {
		t.Errorf("got To %q", got)
	}
	if got := webtest.Subject(m); !strings.Contains(got, "NPS giảm 100,0 điểm") {
		t.Errorf("got subject %q", got)
	}
	text, _ := webtest.MailParts(t, m)
	if !strings.Contains(text, e.URL+"/scores?") || !strings.Contains(text, "(n = 40)") {
		t.Errorf("the email lacks the numbers behind it:\n%s", text)
	}
	mb.None(t)

	var l httpio.ListBody[cx.Alert]
	e.MustCall("GET", "/api/v1/alerts", d.key, nil, 200, &l)
	if len(l.Items) != 1 {
		t.Fatalf("got %d alerts, want 1: %+v", len(l.Items), l.Items)
	}
	a := l.Items[0]
	if a.RuleID != rule.ID || a.Period != "2026-11-23" || a.Value == nil || *a.Value != 0 || len(a.SentTo) != 1 || a.SentTo[0] != "quanly@caphe.vn" {
		t.Errorf("got alert %+v", a)
	}
	// The link is the scores page's; the score API, given the same query,
	// answers with the numbers the alert speaks of.
	var res analytics.ScoreResult
	e.MustCall("GET", "/api/v1/analytics"+a.Link, d.key, nil, 200, &res)
	if n := len(res.Items); n != 2 || res.Items[1].Value == nil || *res.Items[1].Value != 0 || !res.Items[1].Significant {
		t.Errorf("the link's numbers: got %+v", res.Items)
	}
	e.MustCall("GET", "/api/v1/alerts/"+a.ID, d.key, nil, 200, nil)

	// The next week, with no new answers, nothing drops: no second alert.
	now = time.Date(2026, 12, 1, 9, 0, 0, 0, hcm)
	if err := evaluator.Step(ctx); err != nil {
		t.Fatal(err)
	}
	mb.None(t)
}

// TestAlertRulesValidate refuses bad rules with the field named, and
// viewers may read but not write them.
func TestAlertRulesValidate(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Spa Hoa")
	good := func() map[string]any {
		return map[string]any{"name": "Vi phạm", "kind": "standard_breaches", "enabled": true, "params": map[string]any{"max_per_day": 3}}
	}
	cases := []struct {
		name  string
		edit  func(map[string]any)
		field string
	}{
		{"no name", func(r map[string]any) { r["name"] = "" }, "name"},
		{"unknown kind", func(r map[string]any) { r["kind"] = "weather" }, "kind"},
		{"negative max", func(r map[string]any) { r["params"] = map[string]any{"max_per_day": -1} }, "params.max_per_day"},
		{"unknown standard", func(r map[string]any) { r["params"] = map[string]any{"standard_id": "std_nope"} }, "params.standard_id"},
		{"stranger", func(r map[string]any) { r["recipients"] = []string{"us_nobody"} }, "recipients"},
		{"bad measure", func(r map[string]any) { r["kind"] = "score_drop"; r["params"] = map[string]any{"measure": "revenue"} }, "params.measure"},
		{"bad period", func(r map[string]any) { r["kind"] = "score_drop"; r["params"] = map[string]any{"period": "year"} }, "params.period"},
		{"bad factor", func(r map[string]any) { r["kind"] = "negative_aspect"; r["params"] = map[string]any{"factor": 0.5} }, "params.factor"},
		{"unknown goal", func(r map[string]any) { r["kind"] = "goal_missed"; r["params"] = map[string]any{"goal_id": "goal_x"} }, "params.goal_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := good()
			c.edit(r)
			status, body := e.Call("POST", "/api/v1/alert-rules", key, r)
			if status != 400 || !strings.Contains(string(body), `"field":"`+c.field+`"`) {
				t.Errorf("got %d %s, want 400 on %s", status, body, c.field)
			}
		})
	}
	var rule cx.AlertRule
	e.MustCall("POST", "/api/v1/alert-rules", key, good(), 201, &rule)
	viewer := e.Session(wsID, cx.RoleViewer)
	req := e.Request("GET", "/api/v1/alert-rules/"+rule.ID, nil)
	req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: viewer})
	if status, body := e.Send(req); status != 200 {
		t.Errorf("a viewer reading a rule: got %d %s", status, body)
	}
	req = e.Request("PUT", "/api/v1/alert-rules/"+rule.ID, good())
	req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: viewer})
	if status, _ := e.Send(req); status != 403 {
		t.Errorf("a viewer changing a rule: got %d, want 403", status)
	}
	r := good()
	r["enabled"] = false
	e.MustCall("PUT", "/api/v1/alert-rules/"+rule.ID, key, r, 200, &rule)
	if rule.Enabled {
		t.Error("the rule stayed enabled")
	}
	e.MustCall("DELETE", "/api/v1/alert-rules/"+rule.ID, key, nil, 204, nil)
	e.MustCall("GET", "/api/v1/alert-rules/"+rule.ID, key, nil, 404, nil)
}

// TestMilestonePendingOverdueAchieved: a customer's first order starts
// the clock of "second order within 30 days"; the scheduler's clock, driven
// by the test, turns it pending, then overdue when the 30 days pass, and
// the second order, arriving late, achieves it.
func TestMilestonePendingOverdueAchieved(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Cà phê Sáng")
	ctx := context.Background()
	m := secondOrder(t, e, key)
	first := time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
	e.IngestEvents(wsID, order("lan", "L1", 120000, first))
	catchUp(t, e, wsID)

	csm, _, err := e.Store.AddUser(ctx, wsID, cx.User{Email: "csm@caphe.vn", Name: "Hạnh", PasswordHash: "x"}, cx.RoleAgent)
	if err != nil {
		t.Fatal(err)
	}
	var c cx.Customer
	e.MustCall("GET", "/api/v1/customers/user:lan", key, nil, 200, &c)
	e.MustCall("PUT", "/api/v1/customers/"+c.ID+"/csm-owner", key, map[string]any{"csm_owner": csm.ID}, 200, &c)
	if c.CSMOwner != csm.ID {
		t.Fatalf("got csm_owner %q, want %q", c.CSMOwner, csm.ID)
	}
	var bad webtest.APIError
	e.MustCall("PUT", "/api/v1/customers/"+c.ID+"/csm-owner", key, map[string]any{"csm_owner": "us_nobody"}, 400, &bad)
	if bad.Error.Field != "csm_owner" {
		t.Errorf("a stranger as CSM: got field %q", bad.Error.Field)
	}

	now := first.Add(24 * time.Hour)
	sched := alerts.NewMilestoneScheduler(e.Store, quiet())
	sched.Now = func() time.Time { return now }
	status := func(want string, late bool) {
		t.Helper()
		if _, err := sched.Step(ctx); err != nil {
			t.Fatal(err)
		}
		var l httpio.ListBody[cx.CustomerMilestone]
		e.MustCall("GET", "/api/v1/customers/"+c.ID+"/milestones", key, nil, 200, &l)
		if len(l.Items) != 1 {
			t.Fatalf("got %d milestones, want 1", len(l.Items))
		}
		got := l.Items[0]
		if got.MilestoneID != m.ID || got.Status != want || got.Late != late || !got.StartedAt.Equal(first) || !got.DueAt.Equal(first.AddDate(0, 0, 30)) {
			t.Errorf("at %s: got %+v, want %s (late %v)", now.Format(time.DateOnly), got, want, late)
		}
		var mine httpio.ListBody[cx.CustomerMilestone]
		e.MustCall("GET", "/api/v1/customer-milestones?csm_owner="+csm.ID+"&status="+want, key, nil, 200, &mine)
		if len(mine.Items) != 1 || mine.Items[0].CustomerID != c.ID {
			t.Errorf("the CSM's %s milestones: got %+v", want, mine.Items)
		}
	}
	status(cx.MilestonePending, false)
	now = first.AddDate(0, 0, 31)
	status(cx.MilestoneOverdue, false)
	second := first.AddDate(0, 0, 32)
	e.IngestEvents(wsID, order("lan", "L2", 80000, second))
	catchUp(t, e, wsID)
	now = second.Add(time.Hour)
	status(cx.MilestoneAchieved, true)
	var l httpio.ListBody[cx.CustomerMilestone]
	e.MustCall("GET", "/api/v1/customers/"+c.ID+"/milestones", key, nil, 200, &l)
	if a := l.Items[0].AchievedAt; a == nil || !a.Equal(second) {
		t.Errorf("got achieved_at %v, want %v", a, second)
	}
	var none httpio.ListBody[cx.CustomerMilestone]
	e.MustCall("GET", "/api/v1/customer-milestones?status=overdue", key, nil, 200, &none)
	if len(none.Items) != 0 {
		t.Errorf("overdue after the second order: got %+v", none.Items)
	}
	e.MustCall("GET", "/api/v1/customer-milestones?status=late", key, nil, 400, nil)
}
