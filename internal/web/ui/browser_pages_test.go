package ui_test

import (
	"bytes"
	"context"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// TestBrowserEveryPageFits loads every dashboard page in headless Chromium
// at 1280, 1024 and 375 px, in Vietnamese and English, on a workspace with
// data on every page, and fails on a console error, a page wider than the
// screen, an element that overflows its box or a word broken mid-letter.
// A new GET page without a case here fails it too.
func TestBrowserEveryPageFits(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	pages := seedEveryPage(t, env, c)

	// Every dashboard page registered has a case, so a new page cannot
	// escape the check.
	for _, route := range env.Server.Routes() {
		method, path, ok := strings.Cut(route, " ")
		if !ok || method != "GET" || !dashboardPage(path) {
			continue
		}
		if _, ok := pages[path]; !ok {
			t.Errorf("route %s has no case in TestBrowserEveryPageFits", route)
		}
	}

	pc := env.NewPageChecker(t, c)
	visitor := env.NewPageChecker(t, nil)
	for _, lang := range []string{cx.LangVi, cx.LangEn} {
		pc.SetLanguage(env.URL, lang)
		visitor.SetLanguage(env.URL, lang)
		for route, path := range pages {
			check := pc
			if route == "/login" {
				check = visitor
			}
			name := lang + strings.NewReplacer("/", "-", "{$}", "home", "{id}", "item").Replace(route)
			for _, p := range check.Check(name, env.URL+path, webtest.CheckWidths...) {
				t.Errorf("%s (%s, %s): %s", path, route, lang, p)
			}
		}
	}
}

// dashboardPage reports whether a GET route is a dashboard page a person
// reads, rather than an API, a public page, a download, a redirect ("/",
// "/journey-map") or a static file.
func dashboardPage(path string) bool {
	for _, prefix := range []string{"/api/", "/v1/", "/s/", "/static/", "/js/", "/healthz", "/readyz", "/metrics", "/setup/", "/join/", "/analytics.js/", "/analytics-next/", "/sourceConfig", "/beacon/"} {
		if strings.HasPrefix(path, prefix) {
			return false
		}
	}
	for _, download := range []string{"/customers/export/{file}", "/surveys/{id}/qr/{format}", "/feedback.csv", "/", "/journey-map"} {
		if path == download {
			return false
		}
	}
	return true
}

var hrefRE = regexp.MustCompile(`href="(/[^"?#]+)"`)

// firstLink opens a list page and returns the first link under prefix
// that is not one of the list's own pages.
func firstLink(t *testing.T, c *webtest.Client, list, prefix string) string {
	t.Helper()
	c.Get(list).Want(200)
	for _, m := range hrefRE.FindAllStringSubmatch(c.Body, -1) {
		rest, ok := strings.CutPrefix(m[1], prefix)
		if ok && rest != "" && rest != "new" && !strings.Contains(rest, "/") {
			return m[1]
		}
	}
	t.Fatalf("%s has no link under %s", list, prefix)
	return ""
}

// seedEveryPage gives the workspace something on every page (a customer
// with orders, answers, an unmapped event, a conflict, a standard, a goal,
// a milestone, an import, a survey with responses) and returns each
// dashboard route with the address that shows it.
func seedEveryPage(t *testing.T, env *webtest.Env, c *webtest.Client) map[string]string {
	t.Helper()
	ws := uiWorkspace(t, env)
	key := env.Key(ws, cx.KeySecret)
	lan := env.SeedLan(ws)
	env.SeedEventData(ws)
	sv := env.CafeSurvey(key)
	for _, score := range []int{3, 9, 10} {
		env.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/responses", key, map[string]any{"customer_id": lan.ID, "answers": []map[string]any{
			{"question": "nps", "score": score},
			{"question": "criteria", "scores": map[string]int{"taste": 4, "service": 5, "price": 3, "space": 2, "wait": 4, "overall": 4}},
			{"question": "improve", "text": "Thêm chỗ ngồi ngoài trời, nhạc nhỏ hơn một chút"},
		}}, 201, nil)
	}
	env.MustCall("POST", "/api/v1/feedback", key, map[string]any{"source": "shopee", "rating": 4, "text": "Giao nhanh, cà phê ngon"}, 201, nil)
	analyseTexts(t, env) // sentiment, aspects and the correction form in the inbox and on the timeline

	c.Get("/model/standards/new")
	c.Post("/model/standards", url.Values{"name_vi": {"Trả lời tổng đài"}, "metric": {"thời gian chờ"}, "comparator": {"<="}, "value": {"60"}, "unit": {"seconds"}, "scope": {"journey:"}}).Want(200)
	c.Get("/model/goals/new")
	c.Post("/model/goals", url.Values{"name_vi": {"NPS cả hành trình"}, "kpi": {"nps"}, "comparator": {">="}, "value": {"40"}, "scope": {"journey:"}}).Want(200)
	c.Get("/unmapped-events")
	c.Post("/unmapped-events/map", url.Values{"event_type": {"track"}, "event_name": {"Đặt lịch hội thảo"}, "touchpoint_id": {sv.TouchpointID}}).Want(200)
	c.Upload("/customers/transfer", "customers", "khach.csv", "Họ tên,Email,Số điện thoại\nLê Văn Bình,binh@example.vn,0987654321\n", "").Want(200)
	importPage := c.URL
	env.SeedEventData(ws) // again, so the unmapped list and the conflicts are not empty

	journey := firstLink(t, c, "/journeys", "/journeys/")
	c.Get("/milestones/new")
	c.Get(journey).Want(200)
	stage := regexp.MustCompile(`name="stage_id" value="([^"]+)"`).FindStringSubmatch(c.Body)
	milestone := url.Values{"name_vi": {"Đơn thứ hai"}, "due_days": {"30"}, "type": {"event"}, "event": {"Order Completed"}, "count": {"2"}}
	if stage != nil {
		milestone.Set("stage_id", stage[1])
	}
	c.Get("/milestones/new")
	c.Post("/milestones", milestone)
	seedAlerts(t, env, c, lan.ID)
	caseID := waitCase(t, env, key, lan.ID).ID

	pages := map[string]string{
		"/login":                "/login",
		"/account/password":     "/account/password",
		"/{$}":                  "/",
		"/scores":               "/scores?measure=nps&by=touchpoint",
		"/loyalty":              "/loyalty",
		"/journeys/{id}/board":  journey + "/board",
		"/model":                "/model",
		"/model/standards/new":  "/model/standards/new",
		"/model/standards/{id}": firstLink(t, c, "/model", "/model/standards/"),
		"/model/goals/new":      "/model/goals/new",
		"/model/goals/{id}":     firstLink(t, c, "/model", "/model/goals/"),
		"/journeys":             "/journeys",
		"/journeys/{id}":        journey,
		"/touchpoints":          "/touchpoints",
		"/touchpoints/new":      "/touchpoints/new",
		"/touchpoints/{id}":     "/touchpoints/" + sv.TouchpointID,
		"/milestones":           "/milestones",
		"/milestones/new":       "/milestones/new",
		"/milestones/{id}":      firstLink(t, c, "/milestones", "/milestones/"),
		"/settings/users":       "/settings/users",
		"/settings/api-keys":    "/settings/api-keys",
		"/settings/workspace":   "/settings/workspace",
		"/customers":            "/customers",
		"/customers/transfer":   "/customers/transfer",
		"/imports/{id}":         importPage,
		"/customers/{id}":       "/customers/" + lan.ID,
		"/unmapped-events":      "/unmapped-events",
		"/mapping-rules":        "/mapping-rules",
		"/mapping-rules/{id}":   firstLink(t, c, "/mapping-rules", "/mapping-rules/"),
		"/stage-rules":          "/stage-rules",
		"/stage-rules/{id}":     firstLink(t, c, "/stage-rules", "/stage-rules/"),
		"/identity-conflicts":   "/identity-conflicts",
		"/surveys":              "/surveys",
		"/surveys/new":          "/surveys/new",
		"/surveys/rules":        "/surveys/rules",
		"/surveys/{id}":         "/surveys/" + sv.ID,
		"/surveys/{id}/card":    "/surveys/" + sv.ID + "/card",
		"/feedback":             "/feedback",
		"/settings/aspects":     "/settings/aspects",
		"/alerts":               "/alerts",
		"/settings/alerts":      "/settings/alerts",
		"/customer-milestones":  "/customer-milestones?owner=all",
		"/cases":                "/cases?scope=all",
		"/cases/{id}":           "/cases/" + caseID,
		"/settings/cases":       "/settings/cases",
	}
	// The analytics pages.
	pages["/touchpoints/effectiveness"] = "/touchpoints/effectiveness"
	pages["/drivers"] = "/drivers"
	return pages
}

// TestBrowserMenuFoldsOnPhone checks the grouped menu: on a phone it is one
// button that opens with the keyboard; on a laptop every link shows at once.
func TestBrowserMenuFoldsOnPhone(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	pc := env.NewPageChecker(t, c)
	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	eval := webtest.BrowserEvaluator(t, ctx)
	visibleLinks := `[...document.querySelectorAll("nav.nav a")].filter(a => a.checkVisibility() && a.getBoundingClientRect().height > 0).length`
	// Every link of the menu (an owner sees them all) must show once opened.
	allLinks := `document.querySelectorAll("nav.nav a").length`
	groups := `[...document.querySelectorAll("nav.nav .menu-head")].filter(h => h.checkVisibility()).map(h => h.textContent).join(",")`

	run("phone", chromedp.EmulateViewport(375, 800, webtest.BrowserMobile(375)), chromedp.Navigate(env.URL+"/customers"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if n := eval(visibleLinks); n != float64(0) {
		t.Errorf("on a phone %v menu links show before the menu is opened, want 0", n)
	}
	if h := eval(`document.querySelector("nav.nav").getBoundingClientRect().height`).(float64); h > 60 {
		t.Errorf("on a phone the folded menu is %v px high, want at most 60", h)
	}
	run("open the menu with the keyboard", chromedp.Focus(chromedp.CSS(`.menu-toggle`)), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`nav.nav a[href="/feedback"]`)))
	if n, all := eval(visibleLinks), eval(allLinks); n != all || n.(float64) < 14 {
		t.Errorf("the opened menu shows %v of its %v links", n, all)
	}
	if g := eval(groups); g != "Tổng quan,Hành trình,Phản hồi,Khách hàng,Cài đặt" {
		t.Errorf("menu groups %q", g)
	}

	for _, p := range pc.Check("vi-menu-phone", env.URL+"/customers", 375) {
		t.Error(p)
	}
	run("laptop", chromedp.EmulateViewport(1280, 800), chromedp.Navigate(env.URL+"/customers"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if n, all := eval(visibleLinks), eval(allLinks); n != all {
		t.Errorf("at 1280 px %v of the menu's %v links show, want all", n, all)
	}
	if v := eval(`document.querySelector(".menu-toggle").checkVisibility()`); v != false {
		t.Error("at 1280 px the menu button shows")
	}
	// With the analytics pages the groups take two rows at 1280 px.
	if h := eval(`document.querySelector("nav.nav").getBoundingClientRect().height`).(float64); h > 120 {
		t.Errorf("at 1280 px the menu is %v px high, want at most 120 (two rows)", h)
	}
	for _, p := range pc.Check("vi-menu", env.URL+"/customers", 1280) {
		t.Error(p)
	}
}

// TestBrowserSurveyCardPrints prints the survey's table card to PDF in A6
// and A5: one page of that size each, in Be Vietnam Pro, with the
// business's name, the call to action, the QR code and the short link.
func TestBrowserSurveyCardPrints(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	sv := env.CafeSurvey(env.Key(uiWorkspace(t, env), cx.KeySecret))
	pc := env.NewPageChecker(t, c)
	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	for _, size := range []struct {
		name          string
		width, height float64 // points
	}{{"a6", 297.6, 419.5}, {"a5", 419.5, 595.3}} {
		run("card "+size.name, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(env.URL+"/surveys/"+sv.ID+"/card?size="+size.name), chromedp.WaitVisible(chromedp.CSS(`.table-card img`)))
		fonts, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.fonts.ready.then(() => [...document.fonts].filter(f => f.family.includes("Be Vietnam Pro") && f.status === "loaded").length)`, chromedp.EvalAwaitPromise))
		if err != nil || fonts < 2 {
			t.Errorf("%s: %v faces of Be Vietnam Pro loaded (%v), want the Latin and Vietnamese ones", size.name, fonts, err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.table-card`)))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Cà phê Sáng", "Bạn thấy quán hôm nay thế nào?", env.URL + "/s/"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s card lacks %q", size.name, want)
			}
		}
		pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			yes := true
			res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
			return res.Data, err
		})
		if err != nil {
			t.Fatalf("print %s: %v", size.name, err)
		}
		if n := bytes.Count(pdf, []byte("/Type /Page\n")) + bytes.Count(pdf, []byte("/Type /Page/")) + bytes.Count(pdf, []byte("/Type /Page ")) + bytes.Count(pdf, []byte("/Type /Page>")); n > 1 {
			t.Errorf("%s card prints on %d pages, want 1", size.name, n)
		}
		m := regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`).FindAllSubmatch(pdf, -1)
		if len(m) != 1 {
			t.Fatalf("%s: %d pages in the PDF, want 1", size.name, len(m))
		}
		w, _ := strconv.ParseFloat(string(m[0][1]), 64)
		h, _ := strconv.ParseFloat(string(m[0][2]), 64)
		if math.Abs(w-size.width) > 2 || math.Abs(h-size.height) > 2 {
			t.Errorf("%s card printed on %v × %v pt, want %v × %v", size.name, w, h, size.width, size.height)
		}
		if dir := os.Getenv("CXM_SCREENSHOT_DIR"); dir != "" {
			os.WriteFile(filepath.Join(dir, "survey-card-"+size.name+".pdf"), pdf, 0o644)
			pc.Check("vi-survey-card-"+size.name, env.URL+"/surveys/"+sv.ID+"/card?size="+size.name, 1280)
		}
	}
}
