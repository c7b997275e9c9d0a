package ui_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/text"
	"cxm/internal/web/webtest"
)

// analyseTexts runs the text analysis over what the workspaces hold, as
// the worker of `cxm serve` does.
func analyseTexts(t *testing.T, env *webtest.Env) {
	t.Helper()
	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	w := feedback.NewTextWorker(env.Store, an, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.Pause, w.Clock = 0, func() time.Time { return time.Now().Add(2 * time.Minute) }
	if err := w.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestUITextAnalysis: the inbox shows each text's sentiment and aspects
// and filters on them; a member corrects a text's labels in a response's
// full view and sees the correction; the customer's timeline shows the
// sentiment; the workspace adds and removes its own aspect.
func TestUITextAnalysis(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	ws := uiWorkspace(t, env)
	key := env.Key(ws, cx.KeySecret)
	lan := env.SeedLan(ws)
	env.MustCall("POST", "/api/v1/feedback", key, map[string]any{"source": "google_maps", "text": "Nhân viên thái độ quá tệ, chờ lâu",
		"email": lan.Email}, 201, nil)
	var good cx.Feedback
	env.MustCall("POST", "/api/v1/feedback", key, map[string]any{"source": "shopee", "text": "Giao nhanh, cà phê ngon"}, 201, &good)
	analyseTexts(t, env)

	c.Get("/feedback").Want(200, "Tiêu cực", "Tích cực", "Nhân viên", "Thời gian chờ", "Sửa nhãn đã đọc")
	c.Get("/feedback?sentiment=negative").Want(200, "Nhân viên thái độ quá tệ")
	if strings.Contains(c.Body, "Giao nhanh") {
		t.Error("the negative filter shows a positive text")
	}
	c.Get("/feedback?aspect=delivery&language=vi").Want(200, "Giao nhanh")
	c.Get("/customers/"+lan.ID).Want(200, "Tiêu cực", "Nhân viên")

	// Correct the positive text: negative, and its delivery aspect removed.
	c.Get("/feedback")
	c.Post("/feedback/"+good.ID+"/label", url.Values{"sentiment": {"negative"}, "aspects_shown": {"1"}, "aspect": {"product_quality"},
		"return": {"/feedback?source=shopee"}}).Want(200, "Đã lưu", "(đã sửa)", "mô hình đã đọc")
	if strings.Contains(c.Body, "Nhân viên thái độ") {
		t.Error("went back to the inbox without its filter")
	}
	found, err := env.Store.FeedbackAnalyses(context.Background(), ws, []string{good.ID})
	if err != nil {
		t.Fatal(err)
	}
	a := found[good.ID]
	if a.Sentiment != "negative" || len(a.Aspects) != 1 || a.Aspects[0].Aspect != "product_quality" || a.Correction == nil ||
		a.Correction.CorrectedBy != c.UserID() {
		t.Errorf("corrected: got %+v %+v", a, a.Correction)
	}
	c.Post("/feedback/"+good.ID+"/label", url.Values{"sentiment": {"angry"}}).Want(400)

	// The workspace's own aspect.
	c.Get("/settings/aspects").Want(200, "Khía cạnh mặc định", "Chưa có khía cạnh riêng")
	c.Post("/settings/aspects", url.Values{"key": {"Gửi xe"}, "name_vi": {"Gửi xe"}, "phrases": {"gửi xe"}}).Want(400, "Mã khía cạnh gồm chữ thường")
	if !strings.Contains(c.Body, `value="Gửi xe"`) {
		t.Error("the failed form lost what was typed")
	}
	c.Post("/settings/aspects", url.Values{"key": {"parking"}, "name_vi": {"Gửi xe"}, "phrases": {"gửi xe\nbãi xe\n"}}).Want(200, "Đã lưu", "Gửi xe", "bãi xe")
	c.Get("/feedback").Want(200, "Gửi xe")
	if !strings.Contains(c.Body, `<option value="parking">Gửi xe</option>`) {
		t.Error("the inbox's aspect filter lacks the workspace's aspect")
	}
	c.Post("/settings/aspects/parking/delete", url.Values{}).Want(200, "Đã xóa", "Chưa có khía cạnh riêng")
}

// TestBrowserCorrectLabelOnPhone corrects a text's sentiment in the inbox
// at 375 px: the full view opens, the form fits the screen, and the saved
// correction shows.
func TestBrowserCorrectLabelOnPhone(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	ws := uiWorkspace(t, env)
	key := env.Key(ws, cx.KeySecret)
	var fb cx.Feedback
	env.MustCall("POST", "/api/v1/feedback", key, map[string]any{"source": "google_maps", "text": "cũng được"}, 201, &fb)
	analyseTexts(t, env)

	pc := env.NewPageChecker(t, c)
	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	eval := webtest.BrowserEvaluator(t, ctx)
	form := `#label-` + fb.ID
	run("open the inbox on a phone", chromedp.EmulateViewport(375, 800, webtest.BrowserMobile(375)),
		chromedp.Navigate(env.URL+"/feedback"), chromedp.WaitVisible(chromedp.CSS(`main h1`)),
		chromedp.Click(chromedp.CSS(`details.response summary`)), chromedp.WaitVisible(chromedp.CSS(form+` select`)))
	if w := eval(`Math.ceil(document.querySelector("` + form + `").getBoundingClientRect().right)`).(float64); w > 375 {
		t.Errorf("the correction form reaches %v px, wider than the 375 px screen", w)
	}
	for _, p := range pc.Check("vi-feedback-correct-phone", env.URL+"/feedback", 375) {
		t.Error(p)
	}
	run("correct it", chromedp.Navigate(env.URL+"/feedback"), chromedp.WaitVisible(chromedp.CSS(`main h1`)),
		chromedp.Click(chromedp.CSS(`details.response summary`)), chromedp.WaitVisible(chromedp.CSS(form+` select`)),
		chromedp.SetValue(chromedp.CSS(form+` select`), "neutral"),
		chromedp.Click(chromedp.CSS(form+` input[value="product_quality"]`)),
		chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.corrected`)))
	if shots := os.Getenv("CXM_SCREENSHOT_DIR"); shots != "" {
		run("open the full view", chromedp.Click(chromedp.CSS(`details.response summary`)))
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, "vi-feedback-corrected-phone.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	row := eval(`document.querySelector("#fb-list td:last-child .text-analysis").innerText`).(string)
	if !regexp.MustCompile(`Trung tính[\s\S]*\(đã sửa\)[\s\S]*Chất lượng sản phẩm`).MatchString(row) {
		t.Errorf("after the correction the row reads %q, want neutral, corrected, with the product's quality", row)
	}
	found, err := env.Store.FeedbackAnalyses(context.Background(), ws, []string{fb.ID})
	a := found[fb.ID]
	if err != nil || a.Correction == nil || a.Sentiment != "neutral" || len(a.Aspects) != 1 ||
		a.Aspects[0] != (cx.AspectOpinion{Aspect: "product_quality", Sentiment: "neutral"}) {
		t.Errorf("stored: %+v, %v", a, err)
	}
}
