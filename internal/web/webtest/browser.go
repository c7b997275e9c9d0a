package webtest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BrowserPath finds headless Chromium: skipped on a developer machine
// without it, a failure in CI.
func BrowserPath(t *testing.T) string {
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

// BrowserShots is where screenshots go: $CXM_SCREENSHOT_DIR, else a
// temporary directory.
func BrowserShots(t *testing.T) string {
	dir := os.Getenv("CXM_SCREENSHOT_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// BrowserContext starts headless Chromium with a fresh profile, closed when
// the test ends. Flags are added to the usual ones.
func BrowserContext(t *testing.T, chrome string, flags ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	return browserContext(t, chrome, 90*time.Second, flags...)
}

// browserContext is BrowserContext with a time limit for the whole test.
func browserContext(t *testing.T, chrome string, limit time.Duration, flags ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append([]chromedp.ExecAllocatorOption{
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
	}, flags...)...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// BrowserRunner returns a function that runs actions in Chromium and
// fails the test, saying what was being done, when one fails.
func BrowserRunner(t *testing.T, ctx context.Context) func(what string, actions ...chromedp.Action[chromedp.Void]) {
	return func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// BrowserEvaluator returns a function that evaluates JavaScript in the
// page and fails the test when it cannot.
func BrowserEvaluator(t *testing.T, ctx context.Context) func(js string) any {
	return func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
}

// BrowserMobile makes narrow viewports behave like a phone.
func BrowserMobile(width int64) chromedp.EmulateViewportOption {
	if width < 600 {
		return chromedp.EmulateMobile
	}
	return chromedp.EmulateScale(1)
}
