package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"cxm/internal/store/storetest"
)

// browserPath finds headless Chromium: skipped on a developer machine
// without it, a failure in CI.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is needed for the browser test: install the chromium package")
	}
	t.Skip("Chromium not found (looked for chromium, chromium-browser, google-chrome): skipping the browser test")
	return ""
}

// browserShots is where screenshots go: $CXM_SCREENSHOT_DIR, else a
// temporary directory.
func browserShots(t *testing.T) string {
	dir := os.Getenv("CXM_SCREENSHOT_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserServe runs the server on a real port.
func browserServe(t *testing.T) (*Server, string) {
	t.Helper()
	st := storetest.Open(t)
	srv, err := New(Config{}, st, startPipeline(t, st), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return srv, "http://" + ln.Addr().String()
}

func TestBrowserSetupAndBoard(t *testing.T) {
	chrome := browserPath(t)
	shots := browserShots(t)
	srv, base := browserServe(t)
	link, err := srv.SetupURL(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	ctx := browserContext(t, chrome)

	run := browserRunner(t, ctx)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	eval := browserEvaluator(t, ctx)
	shot := func(name string, width int64) {
		t.Helper()
		url, _ := eval(`location.href`).(string)
		run("screenshot "+name,
			chromedp.EmulateViewport(width, 800, browserMobile(width)),
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
		chromedp.Navigate(base+link),
		chromedp.WaitVisible(chromedp.CSS(`#f-business`)),
		chromedp.SendKeys(chromedp.CSS(`#f-business`), "Cà phê Sáng"),
		chromedp.SetValue(chromedp.CSS(`#f-template`), "lifecycle"),
		chromedp.SetValue(chromedp.CSS(`#f-language`), "vi"),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "Chị Lan"),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "lan@example.vn"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), password),
		chromedp.SendKeys(chromedp.CSS(`#f-password2`), password+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`.board`)),
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
	wss, err := srv.store.Workspaces(context.Background())
	if err != nil || len(wss) == 0 {
		t.Fatalf("workspaces: %v", err)
	}
	seedLanInto(t, srv, wss[0].ID)
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
	seedEventDataInto(t, srv, wss[0].ID)
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

// browserContext starts headless Chromium with a fresh profile, closed when
// the test ends.
func browserContext(t *testing.T, chrome string) context.Context {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// browserRunner returns a function that runs actions in Chromium and
// fails the test, saying what was being done, when one fails.
func browserRunner(t *testing.T, ctx context.Context) func(what string, actions ...chromedp.Action[chromedp.Void]) {
	return func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// browserEvaluator returns a function that evaluates JavaScript in the
// page and fails the test when it cannot.
func browserEvaluator(t *testing.T, ctx context.Context) func(js string) any {
	return func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
}

// browserMobile makes narrow viewports behave like a phone.
func browserMobile(width int64) chromedp.EmulateViewportOption {
	if width < 600 {
		return chromedp.EmulateMobile
	}
	return chromedp.EmulateScale(1)
}
