package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// scoreParams are the query parameters of the scores page: those of
// GET /api/v1/analytics/scores, so that the page's URL and the API's
// carry the same query.
var scoreParams = []string{"measure", "by", "grain", "question", "from", "to", "journey", "stage", "touchpoint", "survey", "channel", "source"}

// scoresView is the scores page: one measure by up to two dimensions,
// with its interval drawn, the NPS distribution, and the CSV of the same
// query.
type scoresView struct {
	windowQuery
	Q        map[string]string // the query as given
	Measures []string
	Dims     []string
	Grains   []string
	Channels []string
	Sources  []string
	TPs      []cx.Touchpoint
	Journeys []cx.Journey
	Surveys  []cx.Survey
	Total    *scoreRow // the whole window (by=none)
	Rows     []scoreRow
	Chart    view.Chart
	Mix      *view.Chart // NPS: promoters, passives, detractors of each group
	Dist     *analytics.Distribution
	Bands    []scoreBand
	DistArt  view.Chart
	CSV      string
	Percent  bool

	lang string
	t    func(key string, args ...any) string
	day  func(string) string
}

// scoreRow is one group of the result, named, with its drill-downs.
type scoreRow struct {
	Label       string
	Value       *float64
	N           int
	LowN        bool
	Low, High   *float64
	Previous    *float64
	PreviousN   int
	Change      *float64
	Dir         string // of the change: up, down or ""
	Significant bool
	Promoters   *int
	Passives    *int
	Detractors  *int
	Margin      *float64
	Answers     string // the inbox with the answers behind the row
}

func (h *Handler) Scores(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	in := r.URL.Query()
	q := url.Values{}
	v := &scoresView{Q: map[string]string{}, Measures: []string{cx.MeasureNPS, cx.MeasureCSAT, cx.MeasureCES, cx.MeasureStars},
		Dims: []string{"touchpoint", "stage", "phase", "channel", "survey", "source", "period"}, Grains: []string{"day", "week", "month"},
		Channels: cx.AnswerChannels, Sources: cx.Sources, lang: h.pages.Lang(r, p)}
	v.t = func(key string, args ...any) string { return h.pages.T(v.lang, key, args...) }
	v.day = func(d string) string { return h.pages.Day(v.lang, d) }
	for _, k := range scoreParams {
		if s := strings.TrimSpace(in.Get(k)); s != "" {
			q.Set(k, s)
			v.Q[k] = s
		}
	}
	if q.Get("measure") == "" {
		q.Set("measure", cx.MeasureNPS)
		v.Q["measure"] = cx.MeasureNPS
	}
	v.Percent = q.Get("measure") == cx.MeasureCSAT
	if err := h.scoreNames(ctx, p.WorkspaceID, v); err != nil {
		return err
	}
	res, err := h.measure.Scores(ctx, p.WorkspaceID, q)
	if status, ok := formError(err); ok {
		h.pages.Render(w, r, p, status, "scores", "scores.title", v, err)
		return nil
	}
	if err != nil {
		return err
	}
	v.From, v.To = res.From, res.To
	total := cloneValues(q)
	total.Del("by")
	total.Set("from", res.From)
	total.Set("to", res.To)
	all, err := h.measure.Scores(ctx, p.WorkspaceID, total)
	if err != nil {
		return err
	}
	if len(all.Items) == 1 {
		row := v.row(all.Items[0], res)
		v.Total = &row
	}
	for _, it := range res.Items {
		v.Rows = append(v.Rows, v.row(it, res))
	}
	q.Set("from", res.From)
	q.Set("to", res.To)
	if err := h.scoreDistribution(ctx, p.WorkspaceID, v, q); err != nil {
		return err
	}
	q.Set("format", "csv")
	v.CSV = "/api/v1/analytics/scores?" + q.Encode()
	v.Chart, v.Mix = scoreCharts(v, res)
	h.pages.Render(w, r, p, http.StatusOK, "scores", "scores.title", v, nil)
	return nil
}

// scoreBand is one score of the distribution with the answers behind it.
type scoreBand struct {
	Score   int
	Answers int64
	Share   *float64
	Link    string
}

// scoreDistribution reads how many answers gave each score, for the
// measures with one scale, and draws it coloured as the measure reads it.
func (h *Handler) scoreDistribution(ctx context.Context, wsID string, v *scoresView, q url.Values) error {
	d, ok, err := h.measure.ScoreDistribution(ctx, wsID, q)
	if err != nil || !ok {
		return err
	}
	v.Dist = d
	c := view.Chart{Type: "bar"}
	set := view.ChartSet{Label: v.t("scores.answers")}
	for _, b := range d.Scores {
		score := strconv.Itoa(b.Score)
		share := b.Share
		band := scoreBand{Score: b.Score, Answers: b.Answers, Share: round1(&share),
			Link: href("/feedback", "scale", inboxScale(d.Measure), "min_score", score, "max_score", score, "from", d.From, "to", d.To,
				"touchpoint_id", v.Q["touchpoint"], "survey_id", v.Q["survey"], "source", v.Q["source"])}
		v.Bands = append(v.Bands, band)
		c.Labels = append(c.Labels, score)
		c.Links = append(c.Links, band.Link)
		set.Data = append(set.Data, b.Answers)
		set.Colors = append(set.Colors, bandColor(d.Measure, b.Score))
	}
	c.Sets = []view.ChartSet{set}
	v.DistArt = c
	return nil
}

// bandColor colours a score as its measure reads it: NPS detractors,
// passives and promoters; the top of CSAT (4–5) and of CES (5–7).
func bandColor(measure string, score int) string {
	switch {
	case measure == cx.MeasureNPS && score <= 6:
		return "bad"
	case measure == cx.MeasureNPS && score <= 8, measure == cx.MeasureCSAT && score == 3, measure == cx.MeasureCES && score == 4:
		return "muted"
	case measure == cx.MeasureNPS, measure == cx.MeasureCSAT && score >= 4, measure == cx.MeasureCES && score >= 5:
		return "good"
	}
	return "bad"
}

// scoreNames reads what the page names groups and filters with.
func (h *Handler) scoreNames(ctx context.Context, wsID string, v *scoresView) error {
	var err error
	if v.TPs, err = h.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{}); err != nil {
		return err
	}
	if v.Journeys, err = h.allJourneys(ctx, wsID); err != nil {
		return err
	}
	l, err := h.store.Surveys(ctx, wsID, store.Page{Limit: store.MaxLimit})
	v.Surveys = l.Items
	return err
}

// row names a result's item and links it to the answers behind it.
func (v *scoresView) row(it analytics.ScoreItem, res *analytics.ScoreResult) scoreRow {
	row := scoreRow{Label: v.groupLabel(it.Group), Value: round1(it.Value), N: it.N, LowN: it.LowN, Low: round1(it.Low), High: round1(it.High),
		Previous: round1(it.Previous.Value), PreviousN: it.Previous.N, Change: round1(it.Change), Significant: it.Significant,
		Promoters: it.Promoters, Passives: it.Passives, Detractors: it.Detractors, Margin: round1(it.MarginOfError)}
	row.Dir = direction(row.Change)
	from, to := res.From, res.To
	if p := it.Group["period"]; p != "" {
		from, to = periodBounds(p, res.Grain, res.From, res.To)
	}
	row.Answers = href("/feedback", "scale", inboxScale(res.Measure), "from", from, "to", to,
		"touchpoint_id", firstOf(it.Group["touchpoint_id"], v.Q["touchpoint"]), "survey_id", firstOf(it.Group["survey_id"], v.Q["survey"]),
		"source", firstOf(it.Group["source"], v.Q["source"]))
	return row
}

// groupLabel names a group in the page's language: touchpoint, stage
// and survey names, labelled phases, channels and sources, days.
func (v *scoresView) groupLabel(g map[string]string) string {
	var parts []string
	for _, dim := range []string{"touchpoint_id", "stage_id", "phase", "channel", "survey_id", "source", "period"} {
		if id, ok := g[dim]; ok {
			parts = append(parts, v.nameOf(dim, id))
		}
	}
	return strings.Join(parts, " · ")
}

func (v *scoresView) nameOf(dim, id string) string {
	if id == "" {
		return v.t("scores.none")
	}
	switch dim {
	case "touchpoint_id":
		for _, tp := range v.TPs {
			if tp.ID == id {
				return tp.Name.In(v.lang)
			}
		}
	case "stage_id":
		if st, ok := stageIndex(v.Journeys)[id]; ok {
			return st.Name.In(v.lang)
		}
	case "survey_id":
		for _, s := range v.Surveys {
			if s.ID == id {
				return s.Name.In(v.lang)
			}
		}
	case "phase", "source":
		return v.t(dim + "." + id)
	case "channel":
		return v.t("answer_channel." + id)
	case "period":
		return v.day(id)
	}
	return id
}

// periodBounds is the first and last day of a period of the result, cut
// to its window.
func periodBounds(period string, g analytics.Grain, from, to string) (string, string) {
	start := period
	if len(period) == 7 {
		start = period + "-01"
	}
	s, err := time.Parse(analytics.DateLayout, start)
	if err != nil {
		return from, to
	}
	var end time.Time
	switch g {
	case analytics.Month:
		end = s.AddDate(0, 1, -1)
	case analytics.Week:
		end = s.AddDate(0, 0, 6)
	default:
		end = s
	}
	a, b := s.Format(analytics.DateLayout), end.Format(analytics.DateLayout)
	return max(a, from), min(b, to)
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// scaleOf is the value axis of a measure.
func scaleOf(measure string) (lo, hi float64) {
	switch measure {
	case cx.MeasureNPS:
		return -100, 100
	case cx.MeasureCSAT:
		return 0, 100
	case cx.MeasureCES:
		return 1, 7
	}
	return 1, 5
}

// scoreCharts draws each group's value over its 95 % interval (a
// floating bar from low to high), and for NPS the promoters, passives and
// detractors of each group.
func scoreCharts(v *scoresView, res *analytics.ScoreResult) (view.Chart, *view.Chart) {
	lo, hi := scaleOf(res.Measure)
	period := len(res.By) == 1 && res.By[0] == "period"
	c := view.Chart{Type: "bar", Min: &lo, Max: &hi, Horizontal: !period}
	if v.Percent {
		c.Unit = "percent"
	}
	interval := view.ChartSet{Label: v.t("scores.interval"), Color: "muted"}
	// Over periods the value is a line across its intervals; over groups
	// it is a bar beside each group's interval.
	value := view.ChartSet{Label: v.t("scores.value"), Color: "brand"}
	if period {
		value.Type = "line"
	}
	for _, row := range v.Rows {
		c.Labels = append(c.Labels, row.Label)
		c.Links = append(c.Links, row.Answers)
		interval.Data = append(interval.Data, floatBar(row.Low, row.High))
		value.Data = append(value.Data, pointOf(row.Value))
	}
	c.Sets = []view.ChartSet{value, interval}
	if res.Measure != cx.MeasureNPS {
		return c, nil
	}
	mix := view.Chart{Type: "bar", Stacked: true, Horizontal: !period, Labels: c.Labels, Links: c.Links}
	sets := []view.ChartSet{{Label: v.t("scores.promoters"), Color: "good"}, {Label: v.t("scores.passives"), Color: "muted"}, {Label: v.t("scores.detractors"), Color: "bad"}}
	for _, row := range v.Rows {
		for i, n := range []*int{row.Promoters, row.Passives, row.Detractors} {
			var x any
			if n != nil {
				x = *n
			}
			sets[i].Data = append(sets[i].Data, x)
		}
	}
	mix.Sets = sets
	return c, &mix
}
