package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/text"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// measureSeed is what seedMeasures made: the workspace, its secret key,
// the survey and its touchpoint.
type measureSeed struct {
	ws, key string
	survey  cx.Survey
}

// seedMeasures gives the café of Setup answers (NPS, CSAT, CES, text) at
// its store today, a review, a goal for NPS and one for CSAT, and five
// customers whose orders make some of them loyal and some at risk; the
// text analysis and the analytics worker then catch up.
func seedMeasures(t *testing.T, env *webtest.Env, c *webtest.Client) measureSeed {
	t.Helper()
	s := measureSeed{ws: uiWorkspace(t, env)}
	s.key = env.Key(s.ws, cx.KeySecret)
	var tps httpio.ListBody[cx.Touchpoint]
	env.MustCall("GET", "/api/v1/touchpoints?limit=500", s.key, nil, 200, &tps)
	store := ""
	for _, tp := range tps.Items {
		if tp.Key == "store" {
			store = tp.ID
		}
	}
	title := func(vi, en string) map[string]string { return map[string]string{"vi": vi, "en": en} }
	env.MustCall("POST", "/api/v1/surveys", s.key, map[string]any{"name": title("Sau khi mua", "After the visit"), "touchpoint_id": store, "status": "active",
		"questions": []map[string]any{
			{"key": "nps", "type": "nps", "title": title("Bạn có giới thiệu quán không?", "Would you recommend us?")},
			{"key": "csat", "type": "csat", "title": title("Bạn hài lòng không?", "Were you satisfied?")},
			{"key": "ces", "type": "ces", "title": title("Có dễ dàng không?", "Was it easy?")},
			{"key": "note", "type": "text", "title": title("Góp ý", "Comments")},
		}}, 201, &s.survey)
	answers := []struct {
		nps, csat, ces int
		note           string
	}{
		{10, 5, 7, "Cà phê rất ngon, nhân viên thân thiện"}, {9, 5, 6, ""}, {9, 4, 6, ""}, {8, 4, 5, ""}, {7, 3, 5, ""},
		{3, 1, 2, "Phục vụ quá chậm, đồ uống nguội, rất thất vọng"}, {2, 2, 3, "Nhân viên thô lỗ, tệ quá"}, {10, 5, 7, ""},
	}
	for _, a := range answers {
		body := []map[string]any{{"question": "nps", "score": a.nps}, {"question": "csat", "score": a.csat}, {"question": "ces", "score": a.ces}}
		if a.note != "" {
			body = append(body, map[string]any{"question": "note", "text": a.note})
		}
		env.MustCall("POST", "/api/v1/surveys/"+s.survey.ID+"/responses", s.key, map[string]any{"answers": body}, 201, nil)
	}
	// Ten days ago: the previous period of a week ending today.
	before := time.Now().UTC().AddDate(0, 0, -10).Format(time.RFC3339)
	for _, a := range []int{10, 4, 3, 9, 2} {
		env.MustCall("POST", "/api/v1/surveys/"+s.survey.ID+"/responses", s.key, map[string]any{"submitted_at": before,
			"answers": []map[string]any{{"question": "nps", "score": a}, {"question": "csat", "score": a / 2}, {"question": "ces", "score": 1 + a/2}}}, 201, nil)
	}
	env.MustCall("POST", "/api/v1/feedback", s.key, map[string]any{"source": "google_maps", "kind": "review", "rating": 2, "touchpoint_id": store,
		"text": "Chờ lâu quá, bàn bẩn, thất vọng"}, 201, nil)

	c.Get("/model/goals/new")
	c.Post("/model/goals", url.Values{"name_vi": {"NPS cả quán"}, "kpi": {"nps"}, "comparator": {">="}, "value": {"20"}, "scope": {"journey:"}, "window": {"month"}}).Want(200)
	c.Get("/model/goals/new")
	c.Post("/model/goals", url.Values{"name_vi": {"CSAT cả quán"}, "kpi": {"csat"}, "comparator": {">="}, "value": {"95"}, "scope": {"journey:"}, "window": {"month"}}).Want(200)

	day := 24 * 60
	order := func(user, id string, daysAgo int, total float64) cx.Event {
		return webtest.TestEvent(cx.EventTrack, "Order Completed", user, daysAgo*day+30, map[string]any{"order_id": id, "total": total, "currency": "VND"})
	}
	env.IngestEvents(s.ws,
		order("kh-an", "A1", 200, 120000), order("kh-an", "A2", 100, 80000), // gap 100 days, 100 since: fine
		order("kh-binh", "B1", 60, 50000), order("kh-binh", "B2", 50, 70000), // gap 10, 50 since: at risk
		order("kh-chi", "C1", 120, 300000), // one order 120 days ago: at risk
		order("kh-dung", "D1", 5, 45000),   // one order 5 days ago
	)
	env.IngestEvents(s.ws, webtest.TestEvent(cx.EventTrack, "Order Completed", "kh-em", 50, map[string]any{"order_id": "E1", "total": 60000.0, "currency": "VND"}),
		webtest.TestEvent(cx.EventTrack, "Order Completed", "kh-em", 10, map[string]any{"order_id": "E2", "total": 40000.0, "currency": "VND"}))

	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	tw := feedback.NewTextWorker(env.Store, an, slog.New(slog.NewTextHandler(io.Discard, nil)))
	tw.Clock = func() time.Time { return time.Now().Add(2 * time.Minute) }
	if err := tw.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := analytics.NewWorker(env.Store, slog.New(slog.NewTextHandler(io.Discard, nil))).CatchUp(context.Background(), s.ws); err != nil {
		t.Fatal(err)
	}
	return s
}

// apiTile is the API's value of an overview tile over a window.
func apiTile(env *webtest.Env, key, kpi, from, to string) *float64 {
	if kpi == "repeat_purchase_rate" {
		var l analytics.Loyalty
		env.MustCall("GET", "/api/v1/analytics/loyalty?from="+from+"&to="+to, key, nil, 200, &l)
		return l.RepeatPurchaseRate
	}
	var res analytics.ScoreResult
	env.MustCall("GET", "/api/v1/analytics/scores?measure="+kpi+"&from="+from+"&to="+to, key, nil, 200, &res)
	return res.Items[0].Value
}

// shown writes a number as the Vietnamese pages show it: one decimal at
// most, a comma for the decimal point.
func shown(v *float64) string {
	if v == nil {
		return "—"
	}
	r := math.Round(*v*10) / 10
	return strings.Replace(strconv.FormatFloat(r, 'f', -1, 64), ".", ",", 1)
}

var (
	tileRE   = regexp.MustCompile(`(?s)data-kpi="([a-z_]+)".*?<a href="([^"]+)" data-value>([^<]*)</a>`)
	windowRE = regexp.MustCompile(`(?s)id="f-from" name="from" type="date" value="([0-9-]+)".*?id="f-to" name="to" type="date" value="([0-9-]+)"`)
	atRiskRE = regexp.MustCompile(`data-at-risk><strong>(\d+)</strong>`)
	rowRE    = regexp.MustCompile(`<a href="/customers/[^"]+">`)
)

// TestUIOverviewMatchesAPI: the home page after sign-in is the overview;
// each tile's number is the API's for the window the page shows, the
// tiles carry their goal's status, the at-risk customers are those the
// loyalty trend counts and the list behind the number, and the negative
// comments are the text analysis's.
func TestUIOverviewMatchesAPI(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	if u, _ := url.Parse(c.URL); u.Path != "/" {
		t.Fatalf("after setup at %s, want the overview at /", c.URL)
	}
	s := seedMeasures(t, env, c)

	c.Get("/").Want(200, "Tổng quan", "Bình luận tiêu cực mới nhất", "Phục vụ quá chậm", "Nên xem gì trước")
	body := html.UnescapeString(c.Body)
	w := windowRE.FindStringSubmatch(body)
	if w == nil {
		t.Fatal("the overview shows no window")
	}
	from, to := w[1], w[2]
	tiles := tileRE.FindAllStringSubmatch(body, -1)
	if len(tiles) != 4 {
		t.Fatalf("got %d tiles, want 4", len(tiles))
	}
	for _, tile := range tiles {
		kpi, link, got := tile[1], tile[2], strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(tile[3]), "%"))
		want := apiTile(env, s.key, kpi, from, to)
		if got != shown(want) {
			t.Errorf("%s tile shows %q, the API %s", kpi, got, shown(want))
		}
		if !strings.Contains(link, "from="+from) {
			t.Errorf("%s tile links to %s, not the same window", kpi, link)
		}
	}
	// NPS (4 promoters, 2 detractors of 8: 25) against ≥ 20 with a wide
	// interval is at risk; CSAT (62.5 %) against 95 is missed.
	for kpi, status := range map[string]string{"nps": "at_risk", "csat": "missed", "ces": "none"} {
		if !strings.Contains(body, `class="kpi st-`+status+`" data-kpi="`+kpi+`"`) {
			t.Errorf("the %s tile is not %s", kpi, status)
		}
	}
	if !strings.Contains(body, "CSAT cả quán") {
		t.Error("the missed CSAT goal is not listed")
	}

	var l analytics.Loyalty
	env.MustCall("GET", "/api/v1/analytics/loyalty?grain=month", s.key, nil, 200, &l)
	apiRisk := l.Trend[len(l.Trend)-1].AtRisk
	m := atRiskRE.FindStringSubmatch(body)
	if m == nil || m[1] != strconv.FormatInt(apiRisk, 10) || apiRisk != 2 {
		t.Fatalf("the overview shows %v customers at risk, the API's loyalty trend %d (want 2)", m, apiRisk)
	}
	c.Get("/customers?churn=at_risk").Want(200, "kh-binh", "kh-chi")
	if n := len(rowRE.FindAllString(c.Body, -1)); int64(n) != apiRisk {
		t.Errorf("the at-risk list has %d customers, want %d", n, apiRisk)
	}

	var fb httpio.ListBody[cx.Feedback]
	env.MustCall("GET", "/api/v1/feedback?sentiment=negative", s.key, nil, 200, &fb)
	if len(fb.Items) == 0 {
		t.Fatal("the text analysis found no negative comment")
	}
	for _, f := range fb.Items {
		if !strings.Contains(body, f.Text) {
			t.Errorf("the overview lacks the negative comment %q", f.Text)
		}
	}
	// Over the last week the previous week has answers: each tile shows the
	// API's change, marked when it is within the margin of error.
	weekFrom := time.Now().AddDate(0, 0, -6).Format("2006-01-02")
	weekTo := time.Now().AddDate(0, 0, 1).Format("2006-01-02")
	c.Get("/?from=" + weekFrom + "&to=" + weekTo).Want(200)
	week := html.UnescapeString(c.Body)
	for _, kpi := range []string{cx.MeasureNPS, cx.MeasureCSAT, cx.MeasureCES} {
		var res analytics.ScoreResult
		env.MustCall("GET", "/api/v1/analytics/scores?measure="+kpi+"&from="+weekFrom+"&to="+weekTo, s.key, nil, 200, &res)
		it := res.Items[0]
		if it.Change == nil {
			t.Fatalf("%s: the API has no change over the week", kpi)
		}
		m := regexp.MustCompile(`(?s)data-kpi="` + kpi + `".*?<span data-change>([^<]*)</span>(\s*<span class="muted"> · [^<]*</span>)?`).FindStringSubmatch(week)
		if m == nil {
			t.Errorf("%s: no change shown", kpi)
			continue
		}
		got := strings.TrimSpace(strings.NewReplacer("▲", "", "▼", "", "+", "").Replace(m[1]))
		if got != shown(it.Change) {
			t.Errorf("%s: change %q, the API %s", kpi, got, shown(it.Change))
		}
		if (m[2] != "") != !it.Significant {
			t.Errorf("%s: significant %v but the margin mark is %q", kpi, it.Significant, m[2])
		}
	}
	c.Get("/scores?measure=nps&by=touchpoint&from="+weekFrom+"&to="+weekTo).Want(200, "▲")
	c.Get("/?from=2026-13-01").Want(400, "Từ ngày phải là một ngày")
	c.Get("/?journey=nope").Want(400, "nope")
}

// TestUICustomerListBySegment: every RFM segment's size on the loyalty
// page is the API's, and its link lists that many customers; an unknown
// segment or churn value is refused with the field named.
func TestUICustomerListBySegment(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	s := seedMeasures(t, env, c)
	var rfm analytics.RFM
	env.MustCall("GET", "/api/v1/analytics/rfm", s.key, nil, 200, &rfm)
	if rfm.N != 5 {
		t.Fatalf("RFM over %d customers, want 5", rfm.N)
	}
	c.Get("/loyalty").Want(200, "Phân nhóm RFM", "Khách hàng xuất sắc")
	page := html.UnescapeString(c.Body)
	seen := int64(0)
	for _, seg := range rfm.Segments {
		m := regexp.MustCompile(`(?s)data-segment="` + regexp.QuoteMeta(seg.Name) + `">.*?<a href="([^"]+)" data-customers>(\d+)</a>`).FindStringSubmatch(page)
		if m == nil || m[2] != strconv.FormatInt(seg.Customers, 10) {
			t.Errorf("segment %s: the page shows %v, the API %d", seg.Name, m, seg.Customers)
			continue
		}
		c.Get(m[1]).Want(200)
		if n := len(rowRE.FindAllString(c.Body, -1)); int64(n) != seg.Customers {
			t.Errorf("segment %s lists %d customers, want %d", seg.Name, n, seg.Customers)
		}
		seen += seg.Customers
	}
	if seen != rfm.N {
		t.Errorf("the segments hold %d customers, want %d", seen, rfm.N)
	}
	var apiL analytics.Loyalty
	env.MustCall("GET", "/api/v1/analytics/loyalty", s.key, nil, 200, &apiL)
	for measure, want := range map[string]string{"customers_with_orders": fmt.Sprint(apiL.CustomersWithOrders), "orders": fmt.Sprint(apiL.Orders),
		"repeat_purchase_rate": shown(apiL.RepeatPurchaseRate) + " %"} {
		if !strings.Contains(page, `data-measure="`+measure+`">`+want+`<`) {
			t.Errorf("loyalty page: %s is not %s", measure, want)
		}
	}
	c.Get("/customers?segment=Nobody").Want(400, "nhóm khách phải là một trong Champions")
	c.Get("/customers?churn=maybe").Want(400, "nguy cơ rời bỏ phải là at_risk")
}

// TestUIScoresMatchAPI: the scores page by touchpoint shows the API's
// value and n for each touchpoint, and its CSV link is the API's query.
func TestUIScoresMatchAPI(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("en")
	s := seedMeasures(t, env, c)
	var res analytics.ScoreResult
	env.MustCall("GET", "/api/v1/analytics/scores?measure=csat&by=touchpoint", s.key, nil, 200, &res)
	c.Get("/scores?measure=csat&by=touchpoint").Want(200, "Scores", "95 % interval")
	page := html.UnescapeString(c.Body)
	for _, it := range res.Items {
		want := strings.Replace(shown(it.Value), ",", ".", 1) + " %"
		if it.Value == nil {
			want = "—"
		}
		if !strings.Contains(page, `data-value>`+want+`<`) {
			t.Errorf("touchpoint %s: the page lacks %s", it.Group["touchpoint_id"], want)
		}
		if !strings.Contains(page, `data-n>`+strconv.Itoa(it.N)+`<`) {
			t.Errorf("touchpoint %s: the page lacks n = %d", it.Group["touchpoint_id"], it.N)
		}
	}
	raw := c.Body
	csv := regexp.MustCompile(`href="(/api/v1/analytics/scores\?[^"]+)" download`).FindStringSubmatch(page)
	if csv == nil {
		t.Fatal("no CSV link")
	}
	c.Get(csv[1]).Want(200, "touchpoint_id,value,n")
	var chart struct{}
	if err := json.Unmarshal([]byte(html.UnescapeString(regexp.MustCompile(`data-chart="([^"]+)"`).FindStringSubmatch(raw)[1])), &chart); err != nil {
		t.Errorf("the chart is not JSON: %v", err)
	}
	c.Get("/scores?measure=nps&by=colour").Want(400, "by")

	// The 0–10 distribution adds up to the API's promoters, passives and
	// detractors, and each score leads to its answers in the inbox.
	var nps analytics.ScoreResult
	env.MustCall("GET", "/api/v1/analytics/scores?measure=nps", s.key, nil, 200, &nps)
	c.Get("/scores?measure=nps").Want(200, "Distribution of the scores")
	bands := map[int]int{}
	for _, m := range regexp.MustCompile(`<a href="([^"]+)" data-band="(\d+)">(\d+)</a>`).FindAllStringSubmatch(c.Body, -1) {
		score, _ := strconv.Atoi(m[2])
		bands[score], _ = strconv.Atoi(m[3])
	}
	if len(bands) != 11 {
		t.Fatalf("the distribution has %d scores, want 0 to 10", len(bands))
	}
	sum := func(lo, hi int) (n int) {
		for v := lo; v <= hi; v++ {
			n += bands[v]
		}
		return n
	}
	it := nps.Items[0]
	if sum(9, 10) != *it.Promoters || sum(7, 8) != *it.Passives || sum(0, 6) != *it.Detractors || sum(0, 10) != it.N {
		t.Errorf("distribution %v, the API: %d promoters, %d passives, %d detractors of %d", bands, *it.Promoters, *it.Passives, *it.Detractors, it.N)
	}
	link := html.UnescapeString(regexp.MustCompile(`<a href="([^"]+)" data-band="9">`).FindStringSubmatch(c.Body)[1])
	c.Get(link).Want(200)
	if n := strings.Count(c.Body, `<tr id="fb-`); n != bands[9] {
		t.Errorf("the inbox behind score 9 (%s) shows %d responses, want %d", link, n, bands[9])
	}
}

// TestAPICustomersBySegment: the customer list API takes the same
// segment and churn filters as the page, and refuses unknown values with
// the field named.
func TestAPICustomersBySegment(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	s := seedMeasures(t, env, c)
	var l httpio.ListBody[cx.Customer]
	env.MustCall("GET", "/api/v1/customers?churn=at_risk", s.key, nil, 200, &l)
	var ids []string
	for _, cu := range l.Items {
		ids = append(ids, cu.UserID)
	}
	if strings.Join(ids, ",") != "kh-chi,kh-binh" && strings.Join(ids, ",") != "kh-binh,kh-chi" {
		t.Errorf("at risk: got %v, want kh-binh and kh-chi", ids)
	}
	var rfm analytics.RFM
	env.MustCall("GET", "/api/v1/analytics/rfm", s.key, nil, 200, &rfm)
	for _, seg := range rfm.Segments {
		env.MustCall("GET", "/api/v1/customers?segment="+url.QueryEscape(seg.Name), s.key, nil, 200, &l)
		if int64(len(l.Items)) != seg.Customers {
			t.Errorf("segment %s: %d customers, the RFM result %d", seg.Name, len(l.Items), seg.Customers)
		}
	}
	for query, field := range map[string]string{"segment=Nobody": "segment", "churn=soon": "churn"} {
		status, body := env.Call("GET", "/api/v1/customers?"+query, s.key, nil)
		if status != 400 || !strings.Contains(string(body), `"field":"`+field+`"`) {
			t.Errorf("%s: got %d %s", query, status, body)
		}
	}
}
