package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// TestBrowserAgentWorksCaseOnPhone: Minh, an agent who owns the store
// touchpoint, finds a detractor's case in his queue on a 375 px phone,
// logs a call and resolves it, with nothing overflowing the screen.
func TestBrowserAgentWorksCaseOnPhone(t *testing.T) {
	env := webtest.Start(t)
	owner := env.Setup("vi")
	ws := uiWorkspace(t, env)
	key := env.Key(ws, cx.KeySecret)
	minh := env.Join(owner.Invite("minh@example.vn", "agent"), "Anh Minh")
	sv := env.CafeSurvey(key)
	var tp cx.Touchpoint
	env.MustCall("GET", "/api/v1/touchpoints/"+sv.TouchpointID, key, nil, 200, &tp)
	tp.OwnerID = minh.UserID()
	env.MustCall("PUT", "/api/v1/touchpoints/"+tp.ID, key, tp, 200, nil)
	k := seedCaseFor(t, env, key, sv)
	if k.OwnerID != minh.UserID() {
		t.Fatalf("the case went to %q, want Minh %q", k.OwnerID, minh.UserID())
	}

	pc := env.NewPageChecker(t, minh)
	for _, p := range pc.Check("vi-case-queue-phone", env.URL+"/cases", 375) {
		t.Error(p)
	}
	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	eval := webtest.BrowserEvaluator(t, ctx)
	run("open the case from the queue",
		chromedp.EmulateViewport(375, 800, webtest.BrowserMobile(375)),
		chromedp.Navigate(env.URL+"/cases"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/cases/`+k.ID+`"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/cases/`+k.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#h-note`)))
	dropNotice := `document.querySelector(".notice")?.remove()`
	eval(dropNotice)
	run("log a call",
		chromedp.Click(chromedp.CSS(`input[name="kind"][value="call"]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-text`), "Đã gọi chị Lan, tặng phiếu giảm giá"),
		chromedp.Submit(chromedp.CSS(`#f-text`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	if got := eval(`document.querySelector("#h-history").parentElement.textContent`).(string); !strings.Contains(got, "Đã gọi chị Lan") {
		t.Fatalf("the history lacks the call: %s", webtest.Squash(got))
	}
	if got := eval(`document.querySelector(".page-head .badge").textContent`).(string); got != "Đã liên hệ" {
		t.Fatalf("after the call the status is %q, want Đã liên hệ", got)
	}
	eval(dropNotice)
	run("resolve",
		chromedp.SetValue(chromedp.CSS(`#f-status`), "resolved"),
		chromedp.SendKeys(chromedp.CSS(`#f-resolution`), "Xin lỗi và tặng phiếu"),
		chromedp.Submit(chromedp.CSS(`#f-resolution`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	if got := eval(`document.querySelector(".page-head .badge").textContent`).(string); got != "Đã xử lý" {
		t.Fatalf("after resolving the status is %q, want Đã xử lý", got)
	}
	for _, p := range pc.Check("vi-case-phone", env.URL+"/cases/"+k.ID, 375, 1280) {
		t.Error(p)
	}
}
