package analytics

import (
	"context"
	"math"
	"strconv"
	"time"

	"cxm/internal/cx"
)

// Measurement is a KPI's actual value over a window, with its 95 % interval.
type Measurement struct {
	Value      *float64
	N          int
	Low, High  *float64
	Definition string
}

// kpiFunc measures a KPI over a window, within a goal's scope.
type kpiFunc func(ctx context.Context, s *Service, wsID string, w Window, f Filter) (Measurement, error)

// goalKPIs says how each KPI of cx.KPIs is measured. A KPI not listed here
// yet is answered with status "unmeasured"; adding one is one line.
var goalKPIs = map[string]kpiFunc{
	"nps":           scoreKPI(cx.MeasureNPS),
	"csat":          scoreKPI(cx.MeasureCSAT),
	"ces":           scoreKPI(cx.MeasureCES),
	"stars":         scoreKPI(cx.MeasureStars),
	"response_rate": responseRateKPI,

	"repeat_purchase_rate": behaviourKPI("repeat_purchase_rate", true, "Repeat-purchase rate = customers with ≥ 2 orders ÷ customers with ≥ 1 order in the window, %; 95 % Wilson interval"),
	"retention_rate":       behaviourKPI("retention_rate", true, "Retention rate = % of the customers who ordered in the previous period that ordered again in the window; 95 % Wilson interval"),
	"conversion_rate":      behaviourKPI("conversion_rate", true, "Conversion rate = % of the customers touched in the window who ordered within the conversion days after a touch; 95 % Wilson interval"),
	"purchase_frequency":   behaviourKPI("purchase_frequency", false, "Purchase frequency = orders ÷ ordering customers in the window"),
	"revenue":              behaviourKPI("revenue", false, "Revenue = the VND total of the orders placed in the window"),
	"orders":               behaviourKPI("orders", false, "Orders = the number of orders placed in the window"),
}

// Goal statuses.
const (
	GoalMet        = "met"        // the actual value meets the target, beyond the interval
	GoalAtRisk     = "at_risk"    // the target lies inside the 95 % interval
	GoalMissed     = "missed"     // the actual value misses the target, beyond the interval
	GoalNoData     = "no_data"    // nothing measured in the window
	GoalUnmeasured = "unmeasured" // cxm does not measure this KPI yet
)

// GoalsResult is every goal of the CX model with its actual value.
type GoalsResult struct {
	Items []GoalItem `json:"items"`
}

// GoalItem is a goal and how it stands.
type GoalItem struct {
	cx.Goal
	From       string   `json:"from"`
	To         string   `json:"to"`
	Actual     *float64 `json:"actual"`
	N          int      `json:"n"`
	LowN       bool     `json:"low_n"`
	Low        *float64 `json:"low"`
	High       *float64 `json:"high"`
	Status     string   `json:"status"`
	Definition string   `json:"definition"`
}

// Goals answers GET /api/v1/analytics/goals: each goal measured over its
// own window, ending today in the workspace's time zone.
func (s *Service) Goals(ctx context.Context, wsID string) (*GoalsResult, error) {
	m, err := s.store.CXModel(ctx, wsID)
	if err != nil {
		return nil, err
	}
	loc, err := s.zone(ctx, wsID)
	if err != nil {
		return nil, err
	}
	res := &GoalsResult{Items: []GoalItem{}}
	for _, g := range m.Goals {
		item, err := s.goal(ctx, wsID, g, GoalWindow(g.Window, s.now(), loc))
		if err != nil {
			return nil, err
		}
		res.Items = append(res.Items, item)
	}
	return res, nil
}

func (s *Service) goal(ctx context.Context, wsID string, g cx.Goal, w Window) (GoalItem, error) {
	item := GoalItem{Goal: g, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout), Status: GoalUnmeasured}
	measure, ok := goalKPIs[g.KPI]
	if !ok {
		return item, nil
	}
	var f Filter
	switch g.Scope.Kind {
	case cx.ScopeJourney:
		f.Journey = g.Scope.ID
	case cx.ScopeStage:
		f.Stage = g.Scope.ID
	case cx.ScopeTouchpoint:
		f.Touchpoint = g.Scope.ID
	}
	m, err := measure(ctx, s, wsID, w, f)
	if err != nil {
		return item, err
	}
	item.Actual, item.N, item.LowN, item.Low, item.High, item.Definition = m.Value, m.N, m.N < LowN, m.Low, m.High, m.Definition
	item.Status = GoalStatus(g.Comparator, g.Target, m)
	return item, nil
}

// GoalWindow is the window a goal is measured over on the day of now:
// the last 30 days, or the calendar month or quarter so far.
func GoalWindow(kind string, now time.Time, loc *time.Location) Window {
	today := midnight(now.In(loc))
	w := Window{From: today.AddDate(0, 0, -29), To: today, Loc: loc}
	switch kind {
	case cx.GoalMonth:
		w.From = time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
	case cx.GoalQuarter:
		w.From = time.Date(today.Year(), (today.Month()-1)/3*3+1, 1, 0, 0, 0, 0, loc)
	}
	return w
}

// GoalStatus decides how a goal stands: at risk when the target lies
// inside the interval (chance could put it either side), else met or
// missed by the comparator. A goal of equality is met when the target
// lies inside the interval.
func GoalStatus(comparator string, target float64, m Measurement) string {
	if m.Value == nil || m.N == 0 {
		return GoalNoData
	}
	inside := (m.Low == nil || *m.Low <= target) && (m.High == nil || target <= *m.High)
	v := *m.Value
	if comparator == "=" {
		if inside {
			return GoalMet
		}
		return GoalMissed
	}
	if inside {
		return GoalAtRisk
	}
	var meets bool
	switch comparator {
	case ">=":
		meets = v >= target
	case ">":
		meets = v > target
	case "<=":
		meets = v <= target
	case "<":
		meets = v < target
	}
	if meets {
		return GoalMet
	}
	return GoalMissed
}

// scoreKPI measures a goal on a score: the same computation as
// /api/v1/analytics/scores with by=none.
func scoreKPI(measure string) kpiFunc {
	return func(ctx context.Context, s *Service, wsID string, w Window, f Filter) (Measurement, error) {
		sq := ScoreQuery{Measure: measure, By: []string{}, Window: w, Filter: f}
		h, err := s.histograms(ctx, wsID, sq, []string{}, w)
		if err != nil {
			return Measurement{}, err
		}
		it := scoreItem(measure, h[""])
		return Measurement{Value: it.Value, N: it.N, Low: it.Low, High: it.High, Definition: definitions[measure]}, nil
	}
}

// behaviourKPI measures a loyalty or journey KPI with Service.KPIValue.
// A rate gets the Wilson interval of its customers; a count, a sum or a
// frequency over every order of the window is exact, so its interval is
// the value itself.
func behaviourKPI(kpi string, rate bool, definition string) kpiFunc {
	return func(ctx context.Context, s *Service, wsID string, w Window, f Filter) (Measurement, error) {
		v, n, _, err := s.KPIValue(ctx, wsID, kpi, w, f)
		if err != nil {
			return Measurement{}, err
		}
		m := Measurement{N: n, Definition: definition}
		if n == 0 {
			return m, nil
		}
		m.Value, m.Low, m.High = num(v), num(v), num(v)
		if rate {
			iv := Wilson(int(math.Round(v*float64(n)/100)), n)
			m.Low, m.High = num(iv.Low), num(iv.High)
		}
		return m, nil
	}
}

// responseRateKPI is the share of the invitations sent in the window that
// were answered, with its Wilson interval. n is the invitations sent.
func responseRateKPI(ctx context.Context, s *Service, wsID string, w Window, f Filter) (Measurement, error) {
	c, err := s.store.InvitationCounts(ctx, wsID, w.Start(), w.End(), f.Touchpoint, f.Stage)
	if err != nil {
		return Measurement{}, err
	}
	m := Measurement{N: c.Sent, Definition: "Response rate = % of the survey invitations sent in the window that were answered; 95 % Wilson interval"}
	if c.Sent > 0 {
		iv := Wilson(c.Responded, c.Sent)
		m.Value, m.Low, m.High = num(100*float64(c.Responded)/float64(c.Sent)), num(iv.Low), num(iv.High)
	}
	return m, nil
}

// CSV writes one goal a row.
func (r *GoalsResult) CSV() ([]string, [][]string) {
	header := []string{"goal_id", "name", "kpi", "comparator", "target", "scope_kind", "scope_id", "window", "from", "to",
		"actual", "n", "low_n", "low", "high", "status"}
	rows := make([][]string, 0, len(r.Items))
	for _, g := range r.Items {
		rows = append(rows, []string{g.ID, g.Name.Vi, g.KPI, g.Comparator, strconv.FormatFloat(g.Target, 'f', -1, 64), g.Scope.Kind, g.Scope.ID,
			g.Window, g.From, g.To, cell(g.Actual), strconv.Itoa(g.N), strconv.FormatBool(g.LowN), cell(g.Low), cell(g.High), g.Status})
	}
	return header, rows
}
