package ui_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// TestBrowserMeasurePages loads the overview, the scores and the
// loyalty pages in headless Chromium at 1280, 1024 and 375 px in both
// languages (no console error, nothing overflowing), reads the numbers a
// person sees and compares them with the API's JSON, draws every chart,
// and follows the at-risk number to the customers behind it.
func TestBrowserMeasurePages(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	s := seedMeasures(t, env, c)
	pc := env.NewPageChecker(t, c)
	// The customer list and the scores by touchpoint are in TestBrowserEveryPageFits too.
	pages := []string{"/", "/scores?measure=csat&by=period&grain=week", "/scores?measure=ces&by=channel,source", "/loyalty"}
	for _, lang := range []string{cx.LangVi, cx.LangEn} {
		pc.SetLanguage(env.URL, lang)
		for _, path := range pages {
			name := lang + "-" + strings.NewReplacer("/", "", "?", "-", "&", "-", "=", "-", ",", "-").Replace(path)
			if path == "/" {
				name = lang + "-overview"
			}
			for _, p := range pc.Check(name, env.URL+path, webtest.CheckWidths...) {
				t.Errorf("%s (%s): %s", path, lang, p)
			}
		}
	}

	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	eval := webtest.BrowserEvaluator(t, ctx)
	pc.SetLanguage(env.URL, cx.LangEn)
	run("overview", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`.kpis`)))
	from, _ := eval(`document.querySelector("#f-from").value`).(string)
	to, _ := eval(`document.querySelector("#f-to").value`).(string)
	for _, kpi := range []string{cx.MeasureNPS, cx.MeasureCSAT, cx.MeasureCES, "repeat_purchase_rate"} {
		got, _ := eval(`document.querySelector('[data-kpi="` + kpi + `"] [data-value]').textContent.trim()`).(string)
		if w := strings.Replace(shown(apiTile(env, s.key, kpi, from, to)), ",", ".", 1); strings.TrimSpace(strings.TrimSuffix(got, "%")) != w {
			t.Errorf("the %s tile shows %q in the browser, the API %s", kpi, got, w)
		}
	}
	var l analytics.Loyalty
	env.MustCall("GET", "/api/v1/analytics/loyalty?grain=month", s.key, nil, 200, &l)
	risk := l.Trend[len(l.Trend)-1].AtRisk
	run("follow the at-risk number", chromedp.Click(chromedp.CSS(`.overview-grid [data-at-risk]`)), chromedp.WaitVisible(chromedp.CSS(`#f-churn`)))
	if where := eval(`location.pathname + location.search`); where != "/customers?churn=at_risk" {
		t.Errorf("the at-risk number leads to %v", where)
	}
	if n := eval(`document.querySelectorAll('main table a[href^="/customers/"]').length`); n != float64(risk) {
		t.Errorf("the list behind the at-risk number has %v customers, the API counts %d", n, risk)
	}
	if v := eval(`document.querySelector("#f-churn").value`); v != "at_risk" {
		t.Errorf("the customer list's churn filter shows %v", v)
	}

	run("scores", chromedp.Navigate(env.URL+"/scores?measure=nps&by=touchpoint"), chromedp.WaitVisible(chromedp.CSS(`canvas#scores-chart[data-drawn]`)))
	for _, id := range []string{"scores-chart", "scores-mix"} {
		if d := eval(`document.querySelector("#` + id + `").dataset.drawn`); d != "1" {
			t.Errorf("chart %s: drawn %v", id, d)
		}
	}
	var res analytics.ScoreResult
	env.MustCall("GET", "/api/v1/analytics/scores?measure=nps", s.key, nil, 200, &res)
	if got := eval(`document.querySelector("[data-total] a").textContent.trim()`); got != strings.Replace(shown(res.Items[0].Value), ",", ".", 1) {
		t.Errorf("the scores page's NPS is %v, the API's %s", got, shown(res.Items[0].Value))
	}
	run("loyalty", chromedp.Navigate(env.URL+"/loyalty"), chromedp.WaitVisible(chromedp.CSS(`canvas#loyalty-trend[data-drawn]`)))
	var rfm analytics.RFM
	env.MustCall("GET", "/api/v1/analytics/rfm", s.key, nil, 200, &rfm)
	for _, seg := range rfm.Segments {
		name, _ := json.Marshal(seg.Name)
		got := eval(`[...document.querySelectorAll("tr[data-segment]")].find(tr => tr.dataset.segment === ` + string(name) + `).querySelector("[data-customers]").textContent`)
		if got != strconv.FormatInt(seg.Customers, 10) {
			t.Errorf("segment %s shows %v customers in the browser, the API %d", seg.Name, got, seg.Customers)
		}
	}
}
