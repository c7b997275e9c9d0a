package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/demo"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// demoCafe is the demo café (a lifecycle journey of 7 stages, its
// touchpoints, a year of events and feedback) with the analytics worker
// caught up, a secret key, a signed-in owner and the year as the window.
type demoCafe struct {
	env     *webtest.Env
	ws, key string
	c       *webtest.Client
	window  string // from=…&to=…
	journey cx.Journey
}

func startDemoCafe(t *testing.T) demoCafe {
	t.Helper()
	env := webtest.Start(t)
	ctx := context.Background()
	ws, _, err := demo.Create(ctx, env.Store, env.Ingest, "Cà phê Demo", demo.Options{Size: demo.Size{Customers: 120, Events: 2400, Feedback: 300}, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	d := demoCafe{env: env, ws: ws.ID, key: env.Key(ws.ID, cx.KeySecret), c: env.SessionClient(ws.ID, cx.RoleOwner)}
	loc, err := time.LoadLocation(ws.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(loc)
	d.window = url.Values{"from": {today.AddDate(0, 0, -364).Format("2006-01-02")}, "to": {today.Format("2006-01-02")}}.Encode()
	js, err := env.Store.Journeys(ctx, ws.ID, store.Page{Limit: 1})
	if err != nil || len(js.Items) == 0 {
		t.Fatalf("journeys: %v, %v", js, err)
	}
	d.journey = js.Items[0]
	// The analytics worker of `cxm serve` works out each customer's
	// stages and touches; here it catches up once, as it would.
	if err := analytics.NewWorker(env.Store, slog.New(slog.NewTextHandler(io.Discard, nil))).CatchUp(ctx, ws.ID); err != nil {
		t.Fatal(err)
	}
	return d
}

// api reads an analytics result as JSON.
func (d demoCafe) api(t *testing.T, path string, out any) {
	t.Helper()
	d.env.MustCall("GET", path, d.key, nil, 200, out)
}

var numberRE = regexp.MustCompile(`-?[0-9][0-9,]*(\.[0-9]+)?`)

// enNumber reads the first number of a text written in English ("1,234.5 %").
func enNumber(t *testing.T, s string) float64 {
	t.Helper()
	m := numberRE.FindString(s)
	f, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64)
	if err != nil {
		t.Fatalf("no number in %q", s)
	}
	return f
}

// sameRounded reports whether a number shown with digits decimals is the
// API's value rounded so.
func sameRounded(shown, api float64, digits int) bool {
	p := math.Pow(10, float64(digits))
	return math.Abs(shown-math.Round(api*p)/p) < 0.5/p
}

// TestBrowserAnalyticsPages checks the journey map, the touchpoint
// effectiveness table and the key drivers on the demo café, in headless
// Chromium: every number equals the API's, the drill-downs lead to the
// right lists, the map shows its 7 stages within a 1280 px screen and
// prints on one landscape page, and no page overflows at 1280, 1024 and
// 375 px in either language.
func TestBrowserAnalyticsPages(t *testing.T) {
	d := startDemoCafe(t)
	pc := d.env.NewPageChecker(t, d.c)
	mapURL := d.env.URL + "/journeys/" + d.journey.ID + "/board?" + d.window
	effectURL := d.env.URL + "/touchpoints/effectiveness?" + d.window
	driversURL := d.env.URL + "/drivers?" + d.window

	for _, lang := range []string{cx.LangVi, cx.LangEn} {
		pc.SetLanguage(d.env.URL, lang)
		for name, addr := range map[string]string{"journey-map": mapURL, "effectiveness": effectURL, "drivers": driversURL} {
			for _, p := range pc.Check(lang+"-demo-"+name, addr, webtest.CheckWidths...) {
				t.Errorf("%s (%s): %s", name, lang, p)
			}
		}
	}
	pc.SetLanguage(d.env.URL, cx.LangEn)
	t.Run("journey map", func(t *testing.T) { checkJourneyMap(t, d, pc, mapURL) })
	t.Run("effectiveness", func(t *testing.T) { checkEffectiveness(t, d, pc, effectURL) })
	t.Run("drivers", func(t *testing.T) { checkDrivers(t, d, pc, driversURL) })
}

func checkJourneyMap(t *testing.T, d demoCafe, pc *webtest.PageChecker, mapURL string) {
	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	eval := webtest.BrowserEvaluator(t, ctx)
	var funnel analytics.Funnel
	d.api(t, "/api/v1/analytics/funnel?journey="+d.journey.ID+"&"+d.window, &funnel)
	var emotion analytics.EmotionResult
	d.api(t, "/api/v1/analytics/emotion-curve?journey="+d.journey.ID+"&"+d.window, &emotion)
	var tps analytics.Touchpoints
	d.api(t, "/api/v1/analytics/touchpoints?"+d.window, &tps)

	run("open the map", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(mapURL), chromedp.WaitVisible(chromedp.CSS(`table.map`)))

	// All 7 stages stand within the screen, none scrolled away.
	fit := eval(`(() => { const r = [...document.querySelectorAll("th.map-stage")].map(th => th.getBoundingClientRect()); const box = document.querySelector(".map-scroll");
	  return [r.length, Math.min(...r.map(x => x.left)), Math.max(...r.map(x => x.right)), window.innerWidth, box.scrollWidth - box.clientWidth]; })()`).([]any)
	if fit[0] != float64(7) || fit[1].(float64) < 0 || fit[2].(float64) > fit[3].(float64) || fit[4].(float64) > 1 {
		t.Errorf("at 1280 px: %v stages from %v to %v px on a %v px screen, the map scrolls %v px; want 7 stages within the screen", fit[0], fit[1], fit[2], fit[3], fit[4])
	}

	// The numbers of each stage are the funnel's and the emotion curve's.
	shown := map[string]string{}
	cells, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => { const o = {}; document.querySelectorAll("td[data-measure][data-stage]").forEach(td => {
	  const n = td.querySelector(".num"); o[td.dataset.measure + "/" + td.dataset.stage] = n ? n.textContent.trim() : ""; }); return o; })()`))
	if err != nil {
		t.Fatal(err)
	}
	shown = cells
	for i, fs := range funnel.Stages {
		if got := enNumber(t, shown["reached/"+fs.StageID]); got != float64(fs.Reached) {
			t.Errorf("stage %s: shows %v reached, API %d", fs.StageID, got, fs.Reached)
		}
		if i > 0 && fs.Conversion != nil && !sameRounded(enNumber(t, shown["conversion/"+fs.StageID]), *fs.Conversion, 1) {
			t.Errorf("stage %s: shows conversion %q, API %v", fs.StageID, shown["conversion/"+fs.StageID], *fs.Conversion)
		}
		if fs.MedianDaysFromPrevious != nil && !sameRounded(enNumber(t, shown["median/"+fs.StageID]), *fs.MedianDaysFromPrevious, 1) {
			t.Errorf("stage %s: shows median %q, API %v", fs.StageID, shown["median/"+fs.StageID], *fs.MedianDaysFromPrevious)
		}
	}
	measured := 0
	for _, it := range emotion.Items {
		got := shown["satisfaction/"+it.StageID]
		switch {
		case it.Value == nil && got != "":
			t.Errorf("stage %s: shows satisfaction %q, API none", it.StageID, got)
		case it.Value != nil && !sameRounded(enNumber(t, got), *it.Value, 1):
			t.Errorf("stage %s: shows satisfaction %q, API %v", it.StageID, got, *it.Value)
		case it.Value != nil:
			measured++
		}
	}
	if measured < 2 {
		t.Errorf("only %d stages have a satisfaction on the demo; want a curve", measured)
	}
	// The curve drawn holds the API's values, stage by stage.
	data := eval(`JSON.parse(document.getElementById("emotion-curve").dataset.chart).datasets[0].data`).([]any)
	for i, it := range emotion.Items {
		if (it.Value == nil) != (data[i] == nil) || (it.Value != nil && math.Abs(data[i].(float64)-*it.Value) > 1e-9) {
			t.Errorf("curve point %d: %v, API %v", i, data[i], it.Value)
		}
	}
	// Each touchpoint card shows the touchpoint's satisfaction and reach.
	byTP := map[string]analytics.TouchpointItem{}
	for _, it := range tps.Items {
		byTP[it.TouchpointID] = it
	}
	cards := eval(`[...document.querySelectorAll("article.card[data-touchpoint]")].map(a => [a.dataset.touchpoint,
	  (a.querySelector("[data-measure=tp-satisfaction]") || {}).textContent || "", a.querySelector("[data-measure=tp-reach]").textContent])`).([]any)
	if len(cards) == 0 {
		t.Fatal("no touchpoint cards on the map")
	}
	for _, c := range cards {
		c := c.([]any)
		it := byTP[c[0].(string)]
		if sat := c[1].(string); (it.Satisfaction == nil) != (sat == "") || (it.Satisfaction != nil && !sameRounded(enNumber(t, sat), *it.Satisfaction, 0)) {
			t.Errorf("card %s: satisfaction %q, API %v", c[0], sat, it.Satisfaction)
		}
		if got := enNumber(t, c[2].(string)); got != float64(it.Reach) {
			t.Errorf("card %s: reach %v, API %d", c[0], got, it.Reach)
		}
	}
	// The barrier is the stage with the largest drop-off.
	want, worst := "", -1.0
	for i, fs := range funnel.Stages {
		if i > 0 && fs.DropOffPct != nil && fs.DropOff != nil && *fs.DropOff > 0 && *fs.DropOffPct > worst {
			want, worst = fs.StageID, *fs.DropOffPct
		}
	}
	if got := eval(`[...document.querySelectorAll("th.map-stage.is-barrier")].map(th => th.dataset.stage).join(",")`); got != want {
		t.Errorf("barrier stage %q, want %q (drop-off %v %%)", got, want, worst)
	}
	// Each chart downloads as PNG.
	for _, id := range []string{"emotion-curve", "stage-funnel"} {
		if ok := eval(`!!document.querySelector('[data-chart-png="` + id + `"]') && Chart.getChart("` + id + `").toBase64Image("image/png", 1).startsWith("data:image/png;base64,")`); ok != true {
			t.Errorf("chart %s gives no PNG", id)
		}
	}

	// On a phone the map scrolls inside its frame.
	run("phone", chromedp.EmulateViewport(375, 800, webtest.BrowserMobile(375)), chromedp.Navigate(mapURL), chromedp.WaitVisible(chromedp.CSS(`table.map`)))
	if s := eval(`(() => { const b = document.querySelector(".map-scroll"); return [b.scrollWidth > b.clientWidth, document.documentElement.scrollWidth <= window.innerWidth]; })()`).([]any); s[0] != true || s[1] != true {
		t.Errorf("on a phone: the map scrolls sideways %v, the page fits %v; want both", s[0], s[1])
	}

	// It prints on one landscape page.
	run("laptop again", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(mapURL), chromedp.WaitVisible(chromedp.CSS(`table.map`)))
	pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		yes := true
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{Landscape: &yes, PreferCSSPageSize: &yes, PrintBackground: &yes})
		return res.Data, err
	})
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	boxes := regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) != 1 {
		t.Errorf("the map prints on %d pages, want 1", len(boxes))
	} else if w, h := enNumber(t, string(boxes[0][1])), enNumber(t, string(boxes[0][2])); w <= h {
		t.Errorf("the map prints on %v × %v pt, want landscape", w, h)
	}
	if dir := os.Getenv("CXM_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "journey-map.pdf"), pdf, 0o644)
		// How the print looks, as a picture: letter landscape at 96 dpi.
		run("print media", chromedp.EmulateViewport(1056, 816), media("print"), chromedp.Navigate(mapURL), chromedp.WaitVisible(chromedp.CSS(`table.map`)))
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "journey-map-print.png"), png, 0o644)
		}
		run("screen media", media(""))
	}

	// A stage leads to its customers, a touchpoint to its feedback.
	second := funnel.Stages[1].StageID
	run("open a stage", chromedp.Click(chromedp.CSS(`th.map-stage[data-stage="`+second+`"] a.stage-name`)), chromedp.WaitVisible(chromedp.CSS(`#f-stage`)))
	if got := eval(`location.pathname + location.search + " " + document.getElementById("f-stage").value`); got != "/customers?stage="+second+" "+second {
		t.Errorf("the stage leads to %v, want its customers", got)
	}
	var tp string
	for _, it := range tps.Items {
		if it.Feedback > 0 && slices.ContainsFunc(cards, func(c any) bool { return c.([]any)[0] == it.TouchpointID }) {
			tp = it.TouchpointID
			break
		}
	}
	if tp == "" {
		t.Fatal("no touchpoint on the map has feedback")
	}
	run("open a touchpoint", chromedp.Navigate(mapURL), chromedp.WaitVisible(chromedp.CSS(`table.map`)),
		chromedp.Click(chromedp.CSS(`article.card[data-touchpoint="`+tp+`"] a.card-name`)), chromedp.WaitVisible(chromedp.CSS(`#f-touchpoint_id`)))
	if got := eval(`document.getElementById("f-touchpoint_id").value`); got != tp {
		t.Errorf("the touchpoint leads to the inbox filtered by %v, want %s", got, tp)
	}
	rows := eval(`[...document.querySelectorAll("#fb-list tbody tr")].length`)
	if rows == float64(0) {
		t.Errorf("the touchpoint's feedback list is empty, API counts %d", byTP[tp].Feedback)
	}
}

func checkEffectiveness(t *testing.T, d demoCafe, pc *webtest.PageChecker, effectURL string) {
	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	eval := webtest.BrowserEvaluator(t, ctx)
	var tps analytics.Touchpoints
	d.api(t, "/api/v1/analytics/touchpoints?"+d.window, &tps)
	byTP := map[string]analytics.TouchpointItem{}
	for _, it := range tps.Items {
		byTP[it.TouchpointID] = it
	}
	rowsJS := `[...document.querySelectorAll("#effect-table tbody tr")].map(tr => { const o = {id: tr.dataset.touchpoint};
	  tr.querySelectorAll("td[data-measure]").forEach(td => { const n = td.querySelector(".num") || td; o[td.dataset.measure] = td.classList.contains("num") ? td.textContent.trim() : (td.querySelector(".num") ? n.textContent.trim() : ""); }); return o; })`
	for _, order := range []string{"reach", "-reach"} {
		run("sort by "+order, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(effectURL+"&sort="+order), chromedp.WaitVisible(chromedp.CSS(`#effect-table`)))
		rows := eval(rowsJS).([]any)
		if len(rows) != len(tps.Items) {
			t.Fatalf("%d rows, API %d touchpoints", len(rows), len(tps.Items))
		}
		prev := math.NaN()
		for _, r := range rows {
			r := r.(map[string]any)
			it := byTP[r["id"].(string)]
			reach := enNumber(t, r["reach"].(string))
			if reach != float64(it.Reach) || enNumber(t, r["feedback"].(string)) != float64(it.Feedback) || enNumber(t, r["interactions"].(string)) != float64(it.Interactions) {
				t.Errorf("%s: shows reach %v, feedback %v, interactions %v; API %d, %d, %d", r["id"], r["reach"], r["feedback"], r["interactions"], it.Reach, it.Feedback, it.Interactions)
			}
			for name, v := range map[string]*float64{"satisfaction": it.Satisfaction, "conversion": it.ConversionRate} {
				s := r[name].(string)
				if (v == nil) != (s == "") || (v != nil && !sameRounded(enNumber(t, s), *v, 1)) {
					t.Errorf("%s: shows %s %q, API %v", r["id"], name, s, v)
				}
			}
			if !math.IsNaN(prev) && ((order == "reach" && reach > prev) || (order == "-reach" && reach < prev)) {
				t.Errorf("sorted by %s: %v after %v", order, reach, prev)
			}
			prev = reach
		}
	}
	// The column sorted by links to the other order, the window kept.
	href := eval(`document.querySelector("th[aria-sort] a").getAttribute("href")`).(string)
	if !strings.Contains(href, "sort=reach") || !strings.Contains(href, strings.SplitN(d.window, "&", 2)[0]) {
		t.Errorf("the reach column links to %s, want sort=reach with the window", href)
	}
	// The gaps are the API's.
	gaps := eval(`[[...document.querySelectorAll(".gap-stages li")].map(li => li.dataset.stage), [...document.querySelectorAll(".gap-feedback li")].map(li => li.dataset.touchpoint)]`).([]any)
	if got, want := fmt.Sprint(gaps[0]), fmt.Sprint(tps.Gaps.StagesUncovered); got != want {
		t.Errorf("stages without an active touchpoint %s, API %s", got, want)
	}
	if got, want := fmt.Sprint(gaps[1]), fmt.Sprint(tps.Gaps.NoFeedback); got != want {
		t.Errorf("touchpoints without feedback %s, API %s", got, want)
	}
	// The CSV export is the API's table.
	csv := eval(`document.querySelector("a[download]").getAttribute("href")`).(string)
	d.c.Get(csv)
	if d.c.Code != 200 || !strings.HasPrefix(d.c.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(d.c.Body, "touchpoint_id,reach") {
		t.Errorf("CSV %s: %d %s %.80q", csv, d.c.Code, d.c.Header.Get("Content-Type"), d.c.Body)
	}
	// A feedback count leads to that touchpoint's answers.
	run("open the feedback", chromedp.Click(chromedp.CSS(`#effect-table tbody tr td[data-measure="feedback"] a`)), chromedp.WaitVisible(chromedp.CSS(`#f-touchpoint_id`)))
	if got := eval(`document.getElementById("f-touchpoint_id").value !== "" && location.search.includes("from=")`); got != true {
		t.Errorf("the feedback count leads to %v, want the inbox of the touchpoint in the window", eval(`location.href`))
	}
	// The touchpoints list links here.
	d.c.Get("/touchpoints").Want(200)
	if !strings.Contains(d.c.Body, `href="/touchpoints/effectiveness"`) {
		t.Error("the touchpoints list does not link to the effectiveness table")
	}
}

func checkDrivers(t *testing.T, d demoCafe, pc *webtest.PageChecker, driversURL string) {
	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	eval := webtest.BrowserEvaluator(t, ctx)
	run("open the drivers", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(driversURL), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	sections := eval(`[...document.querySelectorAll("section.driver")].map(s => ({survey: s.dataset.survey, question: s.dataset.question,
	  chart: (s.querySelector("canvas[data-chart]") || {dataset: {}}).dataset.chart || "",
	  rows: [...s.querySelectorAll("tbody tr")].map(tr => [tr.dataset.criterion, tr.querySelector("[data-measure=share]").textContent.trim(),
	    tr.querySelector("[data-measure=performance]").textContent.trim(), tr.querySelector("[data-measure=n]").textContent.trim()])}))`).([]any)
	if len(sections) == 0 {
		t.Fatal("no rating matrix on the drivers page; the demo has one")
	}
	charts := 0
	for _, s := range sections {
		s := s.(map[string]any)
		var res analytics.DriversResult
		d.api(t, "/api/v1/analytics/drivers?survey="+s["survey"].(string)+"&question="+s["question"].(string)+"&"+d.window, &res)
		rows := s["rows"].([]any)
		if len(rows) != len(res.Items) {
			t.Fatalf("%v: %d rows, API %d criteria", s["survey"], len(rows), len(res.Items))
		}
		for i, it := range res.Items {
			r := rows[i].([]any)
			if r[0] != it.Criterion || (it.Share != nil && !sameRounded(enNumber(t, r[1].(string)), *it.Share, 1)) ||
				(it.Performance != nil && !sameRounded(enNumber(t, r[2].(string)), *it.Performance, 2)) || enNumber(t, r[3].(string)) != float64(it.N) {
				t.Errorf("criterion %v: shows %v, API %s share %v performance %v n %d", r[0], r[1:], it.Criterion, it.Share, it.Performance, it.N)
			}
		}
		if c := s["chart"].(string); c != "" {
			charts++
			var spec struct {
				Type     string `json:"type"`
				Datasets []struct {
					Label string           `json:"label"`
					Data  []map[string]any `json:"data"`
				} `json:"datasets"`
			}
			json.Unmarshal([]byte(c), &spec)
			points := 0
			for _, set := range spec.Datasets {
				points += len(set.Data)
				if !slices.Contains([]string{"Fix first", "Keep it up", "Monitor", "Secondary"}, set.Label) {
					t.Errorf("quadrant labelled %q", set.Label)
				}
			}
			if spec.Type != "scatter" || points != len(res.Items) {
				t.Errorf("chart %s with %d points, want a scatter of %d criteria", spec.Type, points, len(res.Items))
			}
		}
	}
	if charts == 0 {
		t.Error("no quadrant chart drawn on the demo")
	}
}

// media emulates a CSS media type ("print"), or the screen again with "".
func media(m string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return err
	})
}
