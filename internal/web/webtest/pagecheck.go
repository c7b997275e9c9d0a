package webtest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// CheckWidths are the screen widths every dashboard page is checked at: a
// laptop, a small laptop or tablet, a phone.
var CheckWidths = []int64{1280, 1024, 375}

// PageChecker loads pages in headless Chromium and reports what a reader
// would see broken: console errors, uncaught exceptions, failed loads, a
// page wider than the screen, an element whose content overflows its box,
// a word broken in the middle.
type PageChecker struct {
	t     *testing.T
	ctx   context.Context
	shots string
	mu    sync.Mutex
	errs  []string // console errors since the last load
}

// NewPageChecker starts Chromium, signed in with the session of client c
// (nil for a visitor), and listens to its console.
func (e *Env) NewPageChecker(t *testing.T, c *Client) *PageChecker {
	t.Helper()
	chrome := BrowserPath(t)
	pc := &PageChecker{t: t, ctx: browserContext(t, chrome, 10*time.Minute), shots: os.Getenv("CXM_SCREENSHOT_DIR")}
	listen := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		go func() {
			for ev, err := range cdp.Events(pc.ctx, tg, runtime.ConsoleAPICalled) {
				if err != nil {
					return
				}
				if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
					var parts []string
					for _, a := range ev.Args {
						parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
					}
					pc.note("console.error: " + strings.Join(parts, " "))
				}
			}
		}()
		go func() {
			for ev, err := range cdp.Events(pc.ctx, tg, runtime.ExceptionThrown) {
				if err != nil {
					return
				}
				d := ev.ExceptionDetails
				msg := d.Text
				if d.Exception != nil {
					msg += " " + d.Exception.Description
				}
				pc.note("exception: " + msg)
			}
		}()
		go func() {
			for ev, err := range cdp.Events(pc.ctx, tg, log.EntryAdded) {
				if err != nil {
					return
				}
				if ev.Entry.Level == log.EntryLevelError {
					pc.note("log: " + ev.Entry.Text + " " + ev.Entry.URL)
				}
			}
		}()
		if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{})
		return err
	})
	steps := []chromedp.Action[chromedp.Void]{listen}
	if c != nil {
		u := mustURL(e.URL)
		for _, ck := range c.c.Jar.Cookies(u) {
			steps = append(steps, pc.cookie(u.Hostname(), ck.Name, ck.Value))
		}
	}
	if err := chromedp.Do(pc.ctx, steps...); err != nil {
		t.Fatalf("start the page checker: %v", err)
	}
	return pc
}

// SetLanguage sets the language cookie the vi/en switch sets.
func (pc *PageChecker) SetLanguage(base, lang string) {
	pc.t.Helper()
	err := chromedp.Do(pc.ctx, pc.cookie(mustURL(base).Hostname(), "cxm_lang", lang))
	if err != nil {
		pc.t.Fatalf("set language %s: %v", lang, err)
	}
}

// Check loads url at each width and returns what is wrong with it, one
// line per problem, each naming the width. name names the screenshots
// written to $CXM_SCREENSHOT_DIR when it is set.
func (pc *PageChecker) Check(name, addr string, widths ...int64) []string {
	pc.t.Helper()
	var problems []string
	for _, w := range widths {
		pc.mu.Lock()
		pc.errs = nil
		pc.mu.Unlock()
		var status int64
		err := chromedp.Do(pc.ctx,
			chromedp.EmulateViewport(w, 800, BrowserMobile(w)),
			chromedp.Navigate(addr),
			chromedp.WaitReady(chromedp.CSS("body")),
		)
		var found []string
		if err == nil {
			status, err = chromedp.Run(pc.ctx, chromedp.Evaluate[int64](`performance.getEntriesByType("navigation")[0].responseStatus || 0`))
		}
		if err == nil {
			found, err = chromedp.Run(pc.ctx, chromedp.Evaluate[[]string](layoutProblemsJS))
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%d px: %v", w, err))
			continue
		}
		if status != http.StatusOK {
			problems = append(problems, fmt.Sprintf("%d px: status %d", w, status))
		}
		pc.mu.Lock()
		found = append(found, pc.errs...)
		pc.mu.Unlock()
		for _, f := range found {
			problems = append(problems, fmt.Sprintf("%d px: %s", w, f))
		}
		if pc.shots != "" {
			pc.screenshot(fmt.Sprintf("%s-%d", name, w))
		}
	}
	return problems
}

func (pc *PageChecker) screenshot(name string) {
	pc.t.Helper()
	png, err := chromedp.Run(pc.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		pc.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(pc.shots, 0o755); err != nil {
		pc.t.Fatal(err)
	}
	path := filepath.Join(pc.shots, strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		pc.t.Fatal(err)
	}
}

// Ctx is the checker's browser context, for tests that also click.
func (pc *PageChecker) Ctx() context.Context { return pc.ctx }

func (pc *PageChecker) note(problem string) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.errs = append(pc.errs, problem)
}

// cookie sets a cookie in the browser, as the server would have.
func (pc *PageChecker) cookie(host, name, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: name, Value: value, Domain: host, Path: "/"})
		return err
	})
}

// layoutProblemsJS measures the page as laid out and lists what overflows:
//   - the document wider than the screen;
//   - a block whose content is wider than its box, unless it or an
//     ancestor scrolls sideways on purpose (overflow-x auto or scroll);
//   - a word of 2 to 24 letters split over two lines ("Ngu ồn", "2 / 1 0"),
//     except in code, inputs and what is marked data-break-ok (keys, links);
//   - on a phone, a table that is neither labelled cards (class card-rows,
//     every cell but the first with data-label) nor in a frame that
//     scrolls sideways.
//
// What is hidden (closed details, opacity 0, a 1 px box) is not measured.
const layoutProblemsJS = `(() => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) out.push("page " + doc.scrollWidth + " px wide on a " + window.innerWidth + " px screen");
  const scrolls = el => { for (let e = el; e && e !== document.body; e = e.parentElement) { const o = getComputedStyle(e).overflowX; if (o === "auto" || o === "scroll") return true; } return false; };
  const where = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id; else if (el.className && typeof el.className === "string") s += "." + el.className.trim().split(/\s+/).join(".");
    const txt = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return s + (txt ? " «" + txt + "»" : "");
  };
  const tiny = el => { const r = el.getBoundingClientRect(); return r.width <= 1 || r.height <= 1; };
  const hidden = el => {
    if (tiny(el) || !el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true})) return true;
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) if (tiny(e) && getComputedStyle(e).overflow !== "visible") return true; // clipped away, as .visually-hidden is
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (out.length > 20) break;
    const cs = getComputedStyle(el);
    if (cs.display === "inline" || cs.display === "none" || hidden(el)) continue;
    if (["INPUT","SELECT","TEXTAREA","IMG","SVG","svg","OPTION","SCRIPT"].includes(el.tagName)) continue;
    if (el.closest(".visually-hidden")) continue;
    if (el.scrollWidth > el.clientWidth + 1 && cs.overflowX !== "auto" && cs.overflowX !== "scroll" && el.clientWidth > 0)
      out.push("overflows its box by " + (el.scrollWidth - el.clientWidth) + " px: " + where(el));
  }
  if (window.innerWidth < 600) for (const table of document.querySelectorAll("main table")) {
    if (hidden(table)) continue;
    if (table.classList.contains("card-rows")) {
      if (table.getBoundingClientRect().width > table.parentElement.clientWidth + 1) out.push("labelled cards wider than their frame: " + where(table));
      if ([...table.querySelectorAll("tbody td")].every(td => td.hasAttribute("data-label") || td === td.parentElement.firstElementChild)) continue;
    } else if (scrolls(table.parentElement)) continue;
    out.push("a table on a phone is neither labelled cards nor in a frame that scrolls sideways: " + where(table));
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const word = /[^\s\u00a0\-\u2010-\u2015\/,.;:()\[\]·|@_=+&?#%]{2,24}/gu;
  for (let n = walker.nextNode(); n && out.length <= 20; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest("code, pre, textarea, select, option, script, style, [data-break-ok], .visually-hidden") || hidden(el)) continue;
    const text = n.data;
    word.lastIndex = 0;
    for (let m; (m = word.exec(text)) !== null;) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const rects = [...r.getClientRects()].filter(x => x.width > 0);
      if (rects.length < 2) continue;
      const tops = rects.map(x => x.top);
      if (Math.max(...tops) - Math.min(...tops) > rects[0].height / 2) { out.push("word broken over lines: «" + m[0] + "» in " + where(el)); break; }
    }
  }
  return out;
})()`
