package ui

import (
	"context"
	"math"
	"net/http"
	"net/url"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
)

// overviewView is the home page: this month's scores against their goals,
// what went wrong, and where to look first.
type overviewView struct {
	windowQuery
	PrevFrom, PrevTo string
	Tiles            []kpiTile
	Missed           []analytics.GoalItem // goals missed, each over its own window
	AtRiskGoals      int
	AtRisk           int64         // customers at risk of churn now
	AtRiskList       []cx.Customer // the first of them
	Negative         []cx.Feedback // the latest negative comments
	Alerts           []cx.Alert    // the newest alerts that fired
	Weakest          *analytics.TouchpointItem
	WeakestPct       *float64 // its satisfaction, rounded
	WeakestLink      string
	DropOff          *dropOff
	Names            map[string]cx.Text // touchpoints and stages by id
	NoAnswers        bool               // no score has an answer in the window
}

// kpiTile is one KPI of the month with its goal, trend and change.
type kpiTile struct {
	KPI         string
	Percent     bool // the value is a percentage
	Value       *float64
	N           int
	LowN        bool
	Low, High   *float64
	Change      *float64
	Dir         string // of the change: up, down or ""
	Significant bool
	Goal        *cx.Goal
	Status      string // a goal status, "" without a goal for the whole business
	Spark       sparkline
	Link        string // the breakdown behind the value
	Answers     string // the answers or customers behind n
	Trend       string // the trend behind the sparkline
}

// dropOff is the stage of a journey that loses the largest share of the
// customers of the stage before it.
type dropOff struct {
	JourneyID       string
	From, To        string // stage ids
	Pct             *float64
	Lost            int64
	CustomersBefore string // the customers still standing in the stage before
}

// trendMonths is how many calendar months a tile's sparkline shows.
const trendMonths = 6

// Home is the overview, the page after sign-in.
func (h *Handler) Home(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx, q := r.Context(), r.URL.Query()
	win, err := h.measure.PageWindow(ctx, p.WorkspaceID, q.Get("from"), q.Get("to"))
	if status, ok := formError(err); ok {
		h.pages.Render(w, r, p, status, "overview", "overview.title", &overviewView{}, err)
		return nil
	}
	if err != nil {
		return err
	}
	prev := win.Previous()
	v := &overviewView{windowQuery: windowQuery{win.From.Format(analytics.DateLayout), win.To.Format(analytics.DateLayout)},
		PrevFrom: prev.From.Format(analytics.DateLayout), PrevTo: prev.To.Format(analytics.DateLayout), Names: map[string]cx.Text{}}
	err = h.overviewTiles(ctx, p.WorkspaceID, v, win)
	if err == nil {
		err = h.overviewLists(ctx, p.WorkspaceID, v)
	}
	if err == nil {
		err = h.whatToLookAt(ctx, p.WorkspaceID, v, q.Get("journey"))
	}
	if status, ok := formError(err); ok { // a journey= the workspace does not have
		h.pages.Render(w, r, p, status, "overview", "overview.title", v, err)
		return nil
	}
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "overview", "overview.title", v, nil)
	return nil
}

// overviewTiles fills the four KPIs of the window, each against the goal
// set for the whole business.
func (h *Handler) overviewTiles(ctx context.Context, wsID string, v *overviewView, win analytics.Window) error {
	goals, err := h.measure.Goals(ctx, wsID)
	if err != nil {
		return err
	}
	for _, g := range goals.Items {
		switch g.Status {
		case analytics.GoalMissed:
			g.Actual = round1(g.Actual)
			v.Missed = append(v.Missed, g)
		case analytics.GoalAtRisk:
			v.AtRiskGoals++
		}
	}
	trendFrom := analytics.PeriodStart(win.To, analytics.Month).AddDate(0, -(trendMonths - 1), 0).Format(analytics.DateLayout)
	for _, m := range []string{cx.MeasureNPS, cx.MeasureCSAT, cx.MeasureCES} {
		t, err := h.scoreTile(ctx, wsID, m, v.windowQuery, trendFrom)
		if err != nil {
			return err
		}
		v.Tiles = append(v.Tiles, t)
	}
	t, err := h.repeatTile(ctx, wsID, v.windowQuery, win, trendFrom)
	if err != nil {
		return err
	}
	v.Tiles = append(v.Tiles, t)
	v.NoAnswers = v.Tiles[0].N == 0 && v.Tiles[1].N == 0 && v.Tiles[2].N == 0
	for i := range v.Tiles {
		t := &v.Tiles[i]
		if t.Goal = businessGoal(goals.Items, t.KPI); t.Goal != nil {
			t.Status = analytics.GoalStatus(t.Goal.Comparator, t.Goal.Target, analytics.Measurement{Value: t.Value, N: t.N, Low: t.Low, High: t.High})
		}
		t.Value, t.Low, t.High, t.Change = round1(t.Value), round1(t.Low), round1(t.High), round1(t.Change)
		t.Dir = direction(t.Change)
	}
	return nil
}

// businessGoal is the first goal of a KPI whose scope is the whole
// business (a journey scope without an id), or nil.
func businessGoal(goals []analytics.GoalItem, kpi string) *cx.Goal {
	for _, g := range goals {
		if g.KPI == kpi && g.Scope.Kind == cx.ScopeJourney && g.Scope.ID == "" {
			return &g.Goal
		}
	}
	return nil
}

// scoreTile is a score over the window (with the previous window's) and
// its monthly trend, both as /api/v1/analytics/scores answers them.
func (h *Handler) scoreTile(ctx context.Context, wsID, measure string, wq windowQuery, trendFrom string) (kpiTile, error) {
	t := kpiTile{KPI: measure, Percent: measure == cx.MeasureCSAT,
		Link:    href("/scores", "measure", measure, "from", wq.From, "to", wq.To),
		Answers: href("/feedback", "scale", inboxScale(measure), "from", wq.From, "to", wq.To),
		Trend:   href("/scores", "measure", measure, "by", "period", "grain", "month", "from", trendFrom, "to", wq.To)}
	res, err := h.measure.Scores(ctx, wsID, url.Values{"measure": {measure}, "from": {wq.From}, "to": {wq.To}})
	if err != nil {
		return t, err
	}
	if len(res.Items) == 1 {
		it := res.Items[0]
		t.Value, t.N, t.LowN, t.Low, t.High, t.Change, t.Significant = it.Value, it.N, it.LowN, it.Low, it.High, it.Change, it.Significant
	}
	trend, err := h.measure.Scores(ctx, wsID, url.Values{"measure": {measure}, "by": {"period"}, "grain": {"month"}, "from": {trendFrom}, "to": {wq.To}})
	if err != nil {
		return t, err
	}
	var values []sparkValue
	for _, it := range trend.Items {
		values = append(values, sparkValue{Label: it.Group["period"], Value: round1(it.Value)})
	}
	t.Spark = newSparkline(values)
	return t, nil
}

// repeatTile is the repeat-purchase rate of the window, as
// /api/v1/analytics/loyalty answers it, with the previous window's and
// the rate of each month of the trend (Service.KPIValue, as goals read it).
func (h *Handler) repeatTile(ctx context.Context, wsID string, wq windowQuery, win analytics.Window, trendFrom string) (kpiTile, error) {
	t := kpiTile{KPI: "repeat_purchase_rate", Percent: true, Link: href("/loyalty", "from", wq.From, "to", wq.To), Trend: href("/loyalty", "from", trendFrom, "to", wq.To)}
	l, err := h.measure.Loyalty(ctx, wsID, analytics.Query{From: wq.From, To: wq.To})
	if err != nil {
		return t, err
	}
	t.Value, t.N, t.LowN, t.Low, t.High = l.RepeatPurchaseRate, int(l.N), l.LowN, l.Low, l.High
	prev := win.Previous()
	pv, pn, _, err := h.measure.KPIValue(ctx, wsID, "repeat_purchase_rate", prev, analytics.Filter{})
	if err != nil {
		return t, err
	}
	if t.Value != nil && pn > 0 {
		change := *t.Value - pv
		t.Change = &change
		// The same test as the scores' change: |Δ| > 1.96 · √(SE₁² + SE₂²).
		t.Significant = analytics.Significant(change, analytics.ProportionSE(int(l.RepeatCustomers), t.N),
			analytics.ProportionSE(int(math.Round(pv*float64(pn)/100)), pn))
	}
	var values []sparkValue
	for m := analytics.PeriodStart(win.To, analytics.Month).AddDate(0, -(trendMonths - 1), 0); !m.After(win.To); m = m.AddDate(0, 1, 0) {
		mw := analytics.Window{From: m, To: m.AddDate(0, 1, -1), Loc: win.Loc}
		if mw.To.After(win.To) {
			mw.To = win.To
		}
		rate, n, _, err := h.measure.KPIValue(ctx, wsID, "repeat_purchase_rate", mw, analytics.Filter{})
		if err != nil {
			return t, err
		}
		sv := sparkValue{Label: analytics.PeriodKey(m, analytics.Month)}
		if n > 0 {
			sv.Value = round1(&rate)
		}
		values = append(values, sv)
	}
	t.Spark = newSparkline(values)
	return t, nil
}

// overviewLists reads the customers at risk and the latest negative comments.
func (h *Handler) overviewLists(ctx context.Context, wsID string, v *overviewView) error {
	q := analytics.CustomerQuery{Churn: analytics.ChurnAtRisk}
	n, err := h.measure.CountCustomers(ctx, wsID, q)
	if err != nil {
		return err
	}
	v.AtRisk = n
	l, err := h.measure.Customers(ctx, wsID, q, store.Page{Limit: 5})
	if err != nil {
		return err
	}
	v.AtRiskList = l.Items
	fb, err := h.store.Feedback(ctx, wsID, store.FeedbackFilter{Sentiment: "negative"}, store.Page{Limit: 5})
	if err != nil {
		return err
	}
	v.Negative = fb.Items
	alerts, err := h.store.Alerts(ctx, wsID, "", store.Page{Limit: 3})
	if err != nil {
		return err
	}
	v.Alerts = alerts.Items
	return nil
}

// whatToLookAt finds the touchpoint with the lowest satisfaction in the
// window and the stage of the journey (the first, unless the URL names
// one) that loses the largest share of customers.
func (h *Handler) whatToLookAt(ctx context.Context, wsID string, v *overviewView, journeyID string) error {
	tps, err := h.measure.Touchpoints(ctx, wsID, analytics.Query{From: v.From, To: v.To})
	if err != nil {
		return err
	}
	for i, it := range tps.Items {
		// A touchpoint everyone is satisfied with is nothing to look at.
		if it.Satisfaction != nil && *it.Satisfaction < 100 && (v.Weakest == nil || *it.Satisfaction < *v.Weakest.Satisfaction) {
			v.Weakest = &tps.Items[i]
		}
	}
	if v.Weakest != nil {
		v.WeakestPct = round1(v.Weakest.Satisfaction)
		v.WeakestLink = href("/feedback", "touchpoint_id", v.Weakest.TouchpointID, "from", v.From, "to", v.To)
	}
	all, err := h.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		return err
	}
	for _, tp := range all {
		v.Names[tp.ID] = tp.Name
	}
	journeys, err := h.allJourneys(ctx, wsID)
	if err != nil || len(journeys) == 0 {
		return err
	}
	for _, st := range stageIndex(journeys) {
		v.Names[st.ID] = st.Name
	}
	if journeyID == "" {
		journeyID = journeys[0].ID
	}
	f, err := h.measure.Funnel(ctx, wsID, analytics.Query{From: v.From, To: v.To, Filter: analytics.Filter{Journey: journeyID}})
	if err != nil {
		return err
	}
	for i := 1; i < len(f.Stages); i++ {
		st := f.Stages[i]
		if st.DropOffPct != nil && *st.DropOffPct > 0 && (v.DropOff == nil || *st.DropOffPct > *v.DropOff.Pct) {
			v.DropOff = &dropOff{JourneyID: journeyID, From: f.Stages[i-1].StageID, To: st.StageID, Pct: round1(st.DropOffPct), Lost: *st.DropOff,
				CustomersBefore: href("/customers", "stage", f.Stages[i-1].StageID)}
		}
	}
	return nil
}
