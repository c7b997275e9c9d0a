package public_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// TestBrowserCafeSurvey: a café owner builds the survey of the issue in
// the builder (NPS, a rating matrix over taste, service, price, space and
// wait time, "what should we improve?"), ties it to the store touchpoint
// and opens its QR link; a respondent answers on a 375 px phone.
func TestBrowserCafeSurvey(t *testing.T) {
	chrome := webtest.BrowserPath(t)
	shots := webtest.BrowserShots(t)
	env := webtest.Start(t)
	srv := env.Server
	link, err := srv.SetupURL(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b := webtest.BrowserContext(t, chrome)
	run := webtest.BrowserRunner(t, b)
	eval := webtest.BrowserEvaluator(t, b)
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(b, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
	fits := func(page string) {
		t.Helper()
		if eval(`document.documentElement.scrollWidth <= window.innerWidth`) != true {
			t.Errorf("%s is wider than a 375 px phone", page)
		}
	}

	run("setup",
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(`#f-business`)),
		chromedp.SendKeys(chromedp.CSS(`#f-business`), "Cà phê Sáng"),
		chromedp.SetValue(chromedp.CSS(`#f-template`), "lifecycle"),
		chromedp.SetValue(chromedp.CSS(`#f-language`), "vi"),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Chị Lan"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "lan@example.vn"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), webtest.Password),
		chromedp.SendKeys(chromedp.CSS(`#f-password2`), webtest.Password+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`.kpis`)), // the overview
	)
	ws, _ := env.Store.Workspaces(context.Background())
	wsID := ws[0].ID
	tps, _ := env.Store.Touchpoints(context.Background(), wsID, store.TouchpointFilter{}, store.Page{Limit: 100})
	storeTP := ""
	for _, tp := range tps.Items {
		if tp.Key == "store" {
			storeTP = tp.ID
		}
	}

	// The owner builds the survey; the first row is NPS already.
	run("builder",
		chromedp.Click(chromedp.CSS(`nav a[href="/surveys"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/surveys/new"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/surveys/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-name_vi`)),
		chromedp.SendKeys(chromedp.CSS(`#f-name_vi`), "Góp ý cho quán"),
		chromedp.SendKeys(chromedp.CSS(`#f-name_en`), "Tell us about the café"),
		chromedp.SetValue(chromedp.CSS(`#f-touchpoint_id`), storeTP),
		chromedp.SetValue(chromedp.CSS(`#f-status`), "active"),
		chromedp.SetValue(chromedp.CSS(`#q-type-1`), "matrix"),
	)
	// The options show once the type has them; the owner types them in
	// the text form, under "Advanced".
	eval(`document.getElementById("q-type-1").dispatchEvent(new Event("change", {bubbles: true}))`)
	run("builder, the questions",
		chromedp.Click(chromedp.CSS(`#q-opts-1 ~ details.advanced summary`)),
		chromedp.SendKeys(chromedp.CSS(`#q-key-1`), "criteria"),
		chromedp.SendKeys(chromedp.CSS(`#q-title_vi-1`), "Bạn hài lòng thế nào với…"),
		chromedp.SendKeys(chromedp.CSS(`#q-title_en-1`), "How satisfied are you with…"),
		chromedp.SetValue(chromedp.CSS(`#q-required-1`), "true"),
		chromedp.SetValue(chromedp.CSS(`#q-options-1`), "taste | Hương vị | Taste\nservice | Phục vụ | Service\nprice | Giá cả | Price\nspace | Không gian | Space\nwait | Thời gian chờ | Wait time"),
		chromedp.SetValue(chromedp.CSS(`#q-overall-1`), "true"),
		chromedp.SetValue(chromedp.CSS(`#q-type-2`), "text"),
		chromedp.SendKeys(chromedp.CSS(`#q-key-2`), "improve"),
		chromedp.SendKeys(chromedp.CSS(`#q-title_vi-2`), "Chúng tôi nên cải thiện điều gì?"),
		chromedp.SendKeys(chromedp.CSS(`#q-title_en-2`), "What should we improve?"),
		// htmx refreshes the preview as the owner types, before saving.
		chromedp.Poll[chromedp.Void](`document.querySelector('#preview').textContent.includes('What should we improve?')`),
		chromedp.Click(chromedp.CSS(`.form-actions button`)),
		chromedp.WaitVisible(chromedp.CSS(`#survey-link`)),
	)
	preview, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`#preview`)))
	for _, s := range []string{"Hương vị", "Thời gian chờ", "Wait time", "Overall", "Chúng tôi nên cải thiện điều gì?"} {
		if !strings.Contains(preview, s) {
			t.Errorf("the preview lacks %q", s)
		}
	}
	shot("survey-builder-1280")
	surveyURL := eval(`document.querySelector('#survey-link').href`).(string)
	if eval(`document.querySelector('img.qr').naturalWidth > 0`) != true {
		t.Error("the QR code image does not load")
	}
	run("builder on a phone", chromedp.EmulateViewport(375, 800, chromedp.EmulateMobile), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#survey-link`)))
	shot("survey-builder-375")

	// A customer scans the QR code at a table: a phone, in Vietnamese.
	run("open the QR link", chromedp.Navigate(surveyURL+"?via=qr&lang=vi"), chromedp.WaitVisible(chromedp.CSS(`button[name="v"][value="9"]`)))
	fits("the NPS question")
	shot("survey-nps-vi-375")
	run("score 9", chromedp.Click(chromedp.CSS(`button[name="v"][value="9"]`)), chromedp.WaitVisible(chromedp.CSS(`input[name="v.taste"]`)))
	for _, row := range []string{"taste", "service", "price", "space", "wait", "overall"} {
		run("rate "+row, chromedp.Click(chromedp.CSS(`input[name="v.`+row+`"][value="4"]`)))
	}
	fits("the rating matrix")
	shot("survey-matrix-vi-375")
	run("matrix", chromedp.Click(chromedp.CSS(`button.primary`)), chromedp.WaitVisible(chromedp.CSS(`textarea[name="v"]`)))
	shot("survey-text-vi-375")
	run("comment",
		chromedp.SendKeys(chromedp.CSS(`textarea[name="v"]`), "Giờ trưa chờ hơi lâu"),
		chromedp.Click(chromedp.CSS(`button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`h1.done`)),
	)
	thanks, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(thanks, "Cảm ơn bạn!") {
		t.Errorf("got %q, want the thank-you page", thanks)
	}
	fits("the thank-you page")
	shot("survey-thanks-vi-375")

	fb, err := env.Store.Feedback(context.Background(), wsID, store.FeedbackFilter{}, store.Page{})
	if err != nil || len(fb.Items) != 8 { // NPS, six matrix rows, the comment
		t.Fatalf("got %d feedback rows, %v, want 8", len(fb.Items), err)
	}
	r, _ := env.Store.Responses(context.Background(), wsID, fb.Items[0].SurveyID, store.Page{})
	if len(r.Items) != 1 || r.Items[0].Channel != "qr" || r.Items[0].CompletedAt == nil || r.Items[0].Language != "vi" {
		t.Errorf("got responses %+v, want one completed from the QR code, in Vietnamese", r.Items)
	}
}
