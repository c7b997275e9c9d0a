package ui_test

import (
	"context"
	"cxm/internal/web/webtest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

func TestBrowserSetupAndBoard(t *testing.T) {
	chrome := webtest.BrowserPath(t)
	shots := webtest.BrowserShots(t)
	env := webtest.Start(t)
	srv, base := env.Server, env.URL
	link, err := srv.SetupURL(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	ctx := webtest.BrowserContext(t, chrome)

	run := webtest.BrowserRunner(t, ctx)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	eval := webtest.BrowserEvaluator(t, ctx)
	shot := func(name string, width int64) {
		t.Helper()
		url, _ := eval(`location.href`).(string)
		run("screenshot "+name,
			chromedp.EmulateViewport(width, 800, webtest.BrowserMobile(width)),
			chromedp.Navigate(url),
			chromedp.WaitVisible(chromedp.CSS(`main h1`)))
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
	const password = "mật-khẩu-rất-dài"

	// Setup, typed as a person would, ending with Enter.
	run("setup",
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(`#f-business`)),
		chromedp.SendKeys(chromedp.CSS(`#f-business`), "Cà phê Sáng"),
		chromedp.SetValue(chromedp.CSS(`#f-template`), "lifecycle"),
		chromedp.SetValue(chromedp.CSS(`#f-language`), "vi"),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Chị Lan"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "lan@example.vn"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), password),
		chromedp.SendKeys(chromedp.CSS(`#f-password2`), password+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`.kpis`)), // the overview
	)

	// Sign out, then sign in with the login form.
	run("sign out",
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-email`)),
	)
	run("sign in",
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "lan@example.vn"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.kpis`)),
	)
	run("open the board",
		chromedp.Navigate(base+"/journeys"),
		chromedp.Click(chromedp.CSS(`main a[href$="/board"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.board`)),
	)

	page := text("main")
	cards := eval(`document.querySelectorAll('.board .card').length`)
	for _, name := range []string{"Nhận thức", "Cân nhắc", "Mua hàng", "Làm quen", "Giữ chân", "Mở rộng", "Vận động"} {
		if !strings.Contains(page, name) {
			t.Errorf("board lacks stage %q", name)
		}
	}
	if cards != float64(18) {
		t.Errorf("got %v cards on the board, want 18", cards)
	}

	shot("board-vi-375", 375)
	if eval(`document.documentElement.scrollWidth <= window.innerWidth`) != true {
		t.Error("at 375 px the page is wider than the screen")
	}
	shot("board-vi-1280", 1280)

	run("switch to English",
		chromedp.Click(chromedp.CSS(`button[name="lang"][value="en"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] .board`)),
	)
	page = text("main")
	for _, name := range []string{"Awareness", "Advocacy", "Social media"} {
		if !strings.Contains(page, name) {
			t.Errorf("English board lacks %q", name)
		}
	}
	shot("board-en-1280", 1280)
	shot("board-en-375", 375)

	// A long form on a phone: the new touchpoint page, in Vietnamese.
	run("form page",
		chromedp.Click(chromedp.CSS(`button[name="lang"][value="vi"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="vi"] .board`)),
		chromedp.Navigate(base+"/touchpoints/new"),
		chromedp.WaitVisible(chromedp.CSS(`#f-name_vi`)),
	)
	shot("touchpoint-new-375", 375)
	if eval(`document.documentElement.scrollWidth <= window.innerWidth`) != true {
		t.Error("at 375 px the touchpoint form is wider than the screen")
	}

	// A customer found by a search typed without diacritics, and her
	// profile on a phone.
	wss, err := env.Store.Workspaces(context.Background())
	if err != nil || len(wss) == 0 {
		t.Fatalf("workspaces: %v", err)
	}
	env.SeedLan(wss[0].ID)
	run("search a customer",
		chromedp.Navigate(base+"/customers"),
		chromedp.WaitVisible(chromedp.CSS(`#f-q`)),
		chromedp.SendKeys(chromedp.CSS(`#f-q`), "nguyen thi lan"+kb.Enter),
		// The results page, not the list it was typed on: its box holds the query.
		chromedp.WaitVisible(chromedp.CSS(`#f-q[value="nguyen thi lan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main table a[href^="/customers/cus_"]`)),
	)
	shot("customers-vi-375", 375)
	run("open the profile",
		chromedp.Click(chromedp.CSS(`main table a[href^="/customers/cus_"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#timeline`)),
	)
	page = text("main")
	for _, want := range []string{"Nguyễn Thị Lan", "93.000 ₫", "Dòng thời gian", "Cà phê sữa đá", "Đồng ý nhận liên lạc"} {
		if !strings.Contains(page, want) {
			t.Errorf("the profile lacks %q", want)
		}
	}
	shot("customer-vi-375", 375)
	if eval(`document.documentElement.scrollWidth <= window.innerWidth`) != true {
		t.Error("at 375 px the customer profile is wider than the screen")
	}
	shot("customer-vi-1280", 1280)

	// Event data on a phone: an unmapped event mapped with the keyboard,
	// and an identity conflict.
	env.SeedEventData(wss[0].ID)
	run("unmapped events",
		chromedp.Navigate(base+"/unmapped-events"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/unmapped-events/map"] button`)),
	)
	shot("unmapped-vi-375", 375)
	if eval(`document.documentElement.scrollWidth <= window.innerWidth`) != true {
		t.Error("at 375 px the unmapped events page is wider than the screen")
	}
	run("map it with the keyboard",
		chromedp.SendKeys(chromedp.CSS(`form:has(input[value="Đặt lịch hội thảo"]) button`), kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	)
	if strings.Contains(text("main"), "Đặt lịch hội thảo") {
		t.Error("the mapped event is still listed")
	}
	run("identity conflicts",
		chromedp.Navigate(base+"/identity-conflicts"),
		chromedp.WaitVisible(chromedp.CSS(`button[value="merge"]`)),
	)
	shot("identity-conflicts-vi-375", 375)
	if eval(`document.documentElement.scrollWidth <= window.innerWidth`) != true {
		t.Error("at 375 px the identity conflicts page is wider than the screen")
	}
}
