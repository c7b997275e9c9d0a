package analytics

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// dimGroupNames names each dimension a score may be broken down by (by=…)
// in an item's group.
var dimGroupNames = map[string]string{
	"touchpoint": "touchpoint_id", "stage": "stage_id", "phase": "phase", "channel": "channel",
	"survey": "survey_id", "source": "source", "period": "period", "criterion": "criterion",
}

// byDims lists the dimensions by= takes, in the order the docs give them.
var byDims = []string{"touchpoint", "stage", "phase", "channel", "survey", "source", "period"}

// definitions are the short definitions that come with each result; the
// long ones are in docs/metrics.md.
var definitions = map[string]string{
	cx.MeasureNPS:       "NPS = % promoters (9–10) − % detractors (0–6) over answered NPS questions; −100 to 100; 95 % margin 1.96·100·√((p+d−(p−d)²)/n)",
	cx.MeasureCSAT:      "CSAT = % of answers 4 or 5 on a 1–5 scale (top-2 box); 95 % Wilson interval",
	cx.MeasureCES:       "CES = mean on 1–7 (7 = very easy), with the % of answers 5–7; 95 % t-interval",
	cx.MeasureStars:     "Stars = mean on 1–5 over star questions and reviews with a rating, other scales converted linearly; 95 % t-interval",
	cx.MeasureCriterion: "Criterion = mean of each row of a rating matrix on 1–5, with its top-2 box (% 4–5); 95 % t-interval",
}

// ScoreQuery is a parsed request for a score.
type ScoreQuery struct {
	Measure  string
	By       []string // of byDims, at most two
	Grain    Grain    // of the period dimension
	Question string   // a question key; required for criterion
	Window   Window
	Filter   Filter
}

// ScoreResult is a score over a window, by group.
type ScoreResult struct {
	Measure    string      `json:"measure"`
	Definition string      `json:"definition"`
	From       string      `json:"from"`
	To         string      `json:"to"`
	By         []string    `json:"by"`
	Grain      Grain       `json:"grain,omitempty"`
	Items      []ScoreItem `json:"items"`
}

// ScoreItem is the score of one group, with the previous period's.
type ScoreItem struct {
	Group       map[string]string `json:"group"`
	Value       *float64          `json:"value"` // null when n = 0
	N           int               `json:"n"`
	LowN        bool              `json:"low_n"`
	Low         *float64          `json:"low"`
	High        *float64          `json:"high"`
	Previous    Previous          `json:"previous"`
	Change      *float64          `json:"change"`
	Significant bool              `json:"significant"`
	// NPS only.
	Promoters     *int     `json:"promoters,omitempty"`
	Passives      *int     `json:"passives,omitempty"`
	Detractors    *int     `json:"detractors,omitempty"`
	MarginOfError *float64 `json:"margin_of_error,omitempty"`
	// CES only: the share of answers 5–7.
	Share5To7 *float64 `json:"share_5_7,omitempty"`
	// Criteria only: the share of answers 4–5.
	Top2Box *float64 `json:"top2_box,omitempty"`

	se float64
}

// Previous is the value of the same group in the previous period.
type Previous struct {
	Value *float64 `json:"value"`
	N     int      `json:"n"`
}

// ParseScoreQuery reads measure, by, grain, question, from, to and the
// filters; every bad value is refused with its field named.
func (s *Service) ParseScoreQuery(ctx context.Context, wsID string, q url.Values) (ScoreQuery, error) {
	var sq ScoreQuery
	sq.Measure = q.Get("measure")
	if !slices.Contains(cx.Measures, sq.Measure) {
		return sq, cx.FieldErrorf("measure", "measure must be one of %s", strings.Join(cx.Measures, ", "))
	}
	var err error
	if sq.By, err = parseBy(q.Get("by")); err != nil {
		return sq, err
	}
	if sq.Grain, err = ParseGrain("grain", q.Get("grain")); err != nil {
		return sq, err
	}
	sq.Question = strings.TrimSpace(q.Get("question"))
	if sq.Question != "" && !cx.IsSlug(sq.Question) {
		return sq, cx.FieldErrorf("question", "question must be the key of a question")
	}
	if sq.Measure == cx.MeasureCriterion && sq.Question == "" {
		return sq, cx.FieldErrorf("question", "measure=criterion needs question: the key of a rating matrix")
	}
	if sq.Window, err = s.window(ctx, wsID, q, 30); err != nil {
		return sq, err
	}
	sq.Filter, err = parseCheckedFilter(q)
	return sq, err
}

// parseBy reads by=DIM[,DIM]; "none" or nothing is no breakdown.
func parseBy(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return []string{}, nil
	}
	dims := strings.Split(s, ",")
	if len(dims) > 2 {
		return nil, cx.FieldErrorf("by", "by names at most two of %s", strings.Join(byDims, ", "))
	}
	for i, d := range dims {
		dims[i] = strings.TrimSpace(d)
		if !slices.Contains(byDims, dims[i]) {
			return nil, cx.FieldErrorf("by", "by names at most two of %s", strings.Join(byDims, ", "))
		}
	}
	if len(dims) == 2 && dims[0] == dims[1] {
		return nil, cx.FieldErrorf("by", "by names at most two of %s", strings.Join(byDims, ", "))
	}
	return dims, nil
}

// parseCheckedFilter reads the filters and checks the ones with a fixed
// list of values: channel and source.
func parseCheckedFilter(q url.Values) (Filter, error) {
	f, err := ParseFilter(q)
	if err != nil {
		return f, err
	}
	if f.Channel != "" && !slices.Contains(cx.AnswerChannels, f.Channel) {
		return f, cx.FieldErrorf("channel", "channel must be one of %s", strings.Join(cx.AnswerChannels, ", "))
	}
	if f.Source != "" && !slices.Contains(cx.Sources, f.Source) {
		return f, cx.FieldErrorf("source", "source must be one of %s", strings.Join(cx.Sources, ", "))
	}
	return f, nil
}

// windowAndFilter reads the window (30 days by default) and the filters.
func (s *Service) windowAndFilter(ctx context.Context, wsID string, q url.Values) (Window, Filter, error) {
	w, err := s.window(ctx, wsID, q, 30)
	if err != nil {
		return w, Filter{}, err
	}
	f, err := parseCheckedFilter(q)
	return w, f, err
}

// window reads from and to in the workspace's time zone.
func (s *Service) window(ctx context.Context, wsID string, q url.Values, defaultDays int) (Window, error) {
	return s.behaviourWindow(ctx, wsID, Query{From: q.Get("from"), To: q.Get("to")}, defaultDays)
}

// zone is the workspace's time zone.
func (s *Service) zone(ctx context.Context, wsID string) (*time.Location, error) {
	ws, err := s.store.Workspace(ctx, wsID)
	if err != nil {
		return nil, err
	}
	return s.store.Location(ws.Timezone)
}

// Scores answers GET /api/v1/analytics/scores.
func (s *Service) Scores(ctx context.Context, wsID string, q url.Values) (*ScoreResult, error) {
	sq, err := s.ParseScoreQuery(ctx, wsID, q)
	if err != nil {
		return nil, err
	}
	return s.Score(ctx, wsID, sq)
}

// Score computes a parsed score query.
func (s *Service) Score(ctx context.Context, wsID string, sq ScoreQuery) (*ScoreResult, error) {
	res := &ScoreResult{Measure: sq.Measure, Definition: definitions[sq.Measure], From: sq.Window.From.Format(DateLayout),
		To: sq.Window.To.Format(DateLayout), By: sq.By, Items: []ScoreItem{}}
	group := slices.Clone(sq.By)
	if sq.Measure == cx.MeasureCriterion {
		group = append(group, "criterion")
	}
	period := slices.Index(group, "period")
	if period >= 0 {
		res.Grain = sq.Grain
		group[period] = string(sq.Grain)
	}
	cur, err := s.histograms(ctx, wsID, sq, group, sq.Window)
	if err != nil {
		return nil, err
	}
	prevWindow := sq.Window.Previous()
	if period >= 0 {
		// The previous value of a period is the period before it; the first
		// period's is the whole calendar period before it.
		first := PeriodStart(sq.Window.From, sq.Grain)
		prevWindow = Window{From: PeriodStart(first.AddDate(0, 0, -1), sq.Grain), To: first.AddDate(0, 0, -1), Loc: sq.Window.Loc}
	}
	prev, err := s.histograms(ctx, wsID, sq, group, prevWindow)
	if err != nil {
		return nil, err
	}
	for _, key := range groupKeys(cur, prev, group, period, sq) {
		item := scoreItem(sq.Measure, cur[key.join()])
		item.Group = map[string]string{}
		for i, g := range group {
			name := dimGroupNames[g]
			if i == period {
				name = "period"
			}
			item.Group[name] = key[i]
		}
		p := prev[key.join()]
		if period >= 0 {
			p = previousPeriod(cur, prev, key, period, sq)
		}
		pi := scoreItem(sq.Measure, p)
		item.Previous = Previous{Value: pi.Value, N: pi.N}
		if item.Value != nil && pi.Value != nil {
			change := *item.Value - *pi.Value
			item.Change = &change
			item.Significant = Significant(change, item.se, pi.se)
		}
		res.Items = append(res.Items, item)
	}
	return res, nil
}

// previousPeriod is the histogram of the period before the one key names,
// within the same other group.
func previousPeriod(cur, prev map[string]histogram, key groupKey, period int, sq ScoreQuery) histogram {
	keys := sq.Window.Periods(sq.Grain)
	i := slices.Index(keys, key[period])
	k := slices.Clone(key)
	if i <= 0 {
		k[period] = PeriodKey(PeriodStart(sq.Window.From, sq.Grain).AddDate(0, 0, -1), sq.Grain)
		return prev[k.join()]
	}
	k[period] = keys[i-1]
	return cur[k.join()]
}

// groupKey is the values of an item's group, in the query's group order.
type groupKey []string

func (k groupKey) join() string { return strings.Join(k, "\x00") }

// groupKeys lists the items to return: every group seen in either period,
// and, when a period is a dimension, every period of the window for each
// other group seen (with n = 0 when it had no answers). Without any
// dimension there is one item with an empty group.
func groupKeys(cur, prev map[string]histogram, group []string, period int, sq ScoreQuery) []groupKey {
	seen := map[string]groupKey{}
	for _, m := range []map[string]histogram{cur, prev} {
		for _, h := range m {
			k := slices.Clone(h.key)
			if period >= 0 {
				k[period] = ""
			}
			seen[k.join()] = k
		}
	}
	if len(group) == 0 || period >= 0 && len(group) == 1 {
		seen = map[string]groupKey{"": make(groupKey, len(group))}
	}
	var out []groupKey
	for _, k := range seen {
		if period < 0 {
			out = append(out, k)
			continue
		}
		for _, p := range sq.Window.Periods(sq.Grain) {
			kk := slices.Clone(k)
			kk[period] = p
			out = append(out, kk)
		}
	}
	slices.SortFunc(out, func(a, b groupKey) int { return strings.Compare(a.join(), b.join()) })
	return out
}

// histogram is what the answers of one group add up to.
type histogram struct {
	key groupKey
	summary
}

// histograms reads the rollups of a window: group → its answers.
// Periods come back as the keys PeriodKey writes.
func (s *Service) histograms(ctx context.Context, wsID string, sq ScoreQuery, group []string, w Window) (map[string]histogram, error) {
	q := store.ScoreQuery{Measure: sq.Measure, From: store.DayNumber(w.From), To: store.DayNumber(w.To), Group: group,
		Question: sq.Question, Equal: map[string]string{}}
	if err := s.applyFilter(ctx, wsID, sq.Filter, &q.Equal, &q.Stages); err != nil {
		return nil, err
	}
	counts, err := s.store.ScoreCounts(ctx, wsID, q)
	if err != nil {
		return nil, err
	}
	out := map[string]histogram{}
	for _, c := range counts {
		key := groupKey(c.Group)
		for i, g := range group {
			key[i] = periodName(g, key[i])
		}
		out[key.join()] = histogram{key: key, summary: summary{n: c.N, high: c.High, low: c.Low, sum: c.Sum, sumSquares: c.SumSq}}
	}
	return out, nil
}

// periodName turns a period the store writes (YYYYMMDD or YYYYMM) into the
// API's (YYYY-MM-DD or YYYY-MM); other dimensions pass.
func periodName(dim, v string) string {
	switch {
	case (dim == string(Day) || dim == string(Week)) && len(v) == 8:
		return v[:4] + "-" + v[4:6] + "-" + v[6:]
	case dim == string(Month) && len(v) == 6:
		return v[:4] + "-" + v[4:]
	}
	return v
}

// applyFilter turns a filter into the store's: equal columns, and a
// journey into its stages.
func (s *Service) applyFilter(ctx context.Context, wsID string, f Filter, equal *map[string]string, stages *[]string) error {
	for dim, v := range map[string]string{"stage": f.Stage, "touchpoint": f.Touchpoint, "survey": f.Survey, "channel": f.Channel, "source": f.Source} {
		if v != "" {
			(*equal)[dim] = v
		}
	}
	if f.Journey == "" {
		return nil
	}
	j, err := s.store.Journey(ctx, wsID, f.Journey)
	if err != nil {
		return cx.FieldErrorf("journey", "no journey %q in this workspace", f.Journey)
	}
	*stages = []string{}
	for _, st := range j.Stages {
		*stages = append(*stages, st.ID)
	}
	return nil
}

// scoreItem computes a measure from a group's answers: value, n, interval and
// standard error, and what the measure adds.
func scoreItem(measure string, h histogram) ScoreItem {
	a := h.summary
	item := ScoreItem{N: a.n, LowN: a.n < LowN}
	if a.n == 0 {
		item.se = inf
		if measure == cx.MeasureNPS {
			zero := 0
			item.Promoters, item.Passives, item.Detractors = &zero, &zero, &zero
		}
		return item
	}
	switch measure {
	case cx.MeasureNPS:
		v := 100 * float64(a.high-a.low) / float64(a.n)
		m := NPSMargin(a.high, a.low, a.n)
		passives := a.n - a.high - a.low
		item.Value, item.MarginOfError = num(v), num(m)
		item.Low, item.High = num(max(-100, v-m)), num(min(100, v+m))
		item.Promoters, item.Passives, item.Detractors = &a.high, &passives, &a.low
		item.se = NPSSE(a.high, a.low, a.n)
	case cx.MeasureCSAT:
		iv := Wilson(a.high, a.n)
		item.Value, item.Low, item.High = num(100*float64(a.high)/float64(a.n)), num(iv.Low), num(iv.High)
		item.se = ProportionSE(a.high, a.n)
	default:
		mean, iv, se := MeanInterval(a.n, a.sum, a.sumSquares)
		item.Value, item.Low, item.High, item.se = num(mean), num(iv.Low), num(iv.High), se
		if measure == cx.MeasureCES {
			item.Share5To7 = num(100 * float64(a.high) / float64(a.n))
		}
		if measure == cx.MeasureCriterion {
			item.Top2Box = num(100 * float64(a.high) / float64(a.n))
		}
	}
	return item
}

// summary is what every measure is computed from: exact counts and sums
// of the answers (store.ScoreCount).
type summary struct {
	n    int
	high int // NPS promoters (9–10), CES 5–7, CSAT, stars and criteria 4–5
	low  int // NPS detractors (0–6)

	sum, sumSquares float64
}
