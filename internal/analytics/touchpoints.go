package analytics

import (
	"context"
	"math"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Touchpoints is the effectiveness of each touchpoint over a window.
type Touchpoints struct {
	Definition     string           `json:"definition"`
	From           string           `json:"from"`
	To             string           `json:"to"`
	ConversionDays int              `json:"conversion_days"`
	Items          []TouchpointItem `json:"items"`
	Unattributed   Unattributed     `json:"unattributed"`
	Gaps           TouchpointGaps   `json:"gaps"`
}

// TouchpointItem is one touchpoint's measures.
type TouchpointItem struct {
	TouchpointID   string   `json:"touchpoint_id"`
	Reach          int64    `json:"reach"`        // customers touched in the window
	Interactions   int64    `json:"interactions"` // events at the touchpoint in the window
	Converted      int64    `json:"converted"`    // reached customers who ordered within conversion_days of a touch
	ConversionRate *float64 `json:"conversion_rate"`
	Low            *float64 `json:"low"`
	High           *float64 `json:"high"`
	LowN           bool     `json:"low_n"`
	// Satisfaction is the touchpoint's satisfaction (0–100) from the
	// scores measures (touchpointSatisfaction); null without answers.
	Satisfaction *float64       `json:"satisfaction"`
	Feedback     int64          `json:"feedback"` // feedback given at the touchpoint in the window
	Attribution  Attribution    `json:"attribution"`
	Targets      []TargetActual `json:"targets"`
}

// Attribution is what the orders of the window credit to a touchpoint.
type Attribution struct {
	FirstOrders   int64   `json:"first_touch_orders"`
	LastOrders    int64   `json:"last_touch_orders"`
	LinearOrders  float64 `json:"linear_orders"`
	FirstRevenue  int64   `json:"first_touch_revenue"`
	LastRevenue   int64   `json:"last_touch_revenue"`
	LinearRevenue int64   `json:"linear_revenue"`
}

// Unattributed is the orders of the window no touch is credited with.
type Unattributed struct {
	Orders  int64 `json:"orders"`
	Revenue int64 `json:"revenue"`
}

// TargetActual is a touchpoint's target with its actual value, when the
// measures know it, and whether it is met.
type TargetActual struct {
	cx.Target
	Actual *float64 `json:"actual"`
	Met    *bool    `json:"met"`
}

// TouchpointGaps are what seed 003 asks the owner to find.
type TouchpointGaps struct {
	NoFeedback      []string `json:"touchpoints_without_feedback"` // with events in the window but no feedback
	StagesUncovered []string `json:"stages_without_active_touchpoint"`
}

const touchpointsDefinition = "reach = customers with an event at the touchpoint in the window; interactions = those events; conversion_rate = reached customers who placed an order " +
	"within conversion_days after one of those events ÷ reach (%); attribution credits each order of the window to the touches of the conversion_days before it " +
	"since the previous order: all to the first (first touch), all to the last (last touch), or equally (linear)."

// Touchpoints measures every touchpoint over a window (default 30 days).
func (s *Service) Touchpoints(ctx context.Context, wsID string, q Query) (Touchpoints, error) {
	if err := onlyFilters(q.Filter, "touchpoint", "journey", "stage"); err != nil {
		return Touchpoints{}, err
	}
	w, err := s.behaviourWindow(ctx, wsID, q, 30)
	if err != nil {
		return Touchpoints{}, err
	}
	set, err := s.store.AnalyticsSettingsOf(ctx, wsID)
	if err != nil {
		return Touchpoints{}, err
	}
	start, end := w.Start().UnixMilli(), w.End().UnixMilli()
	tps, err := s.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		return Touchpoints{}, err
	}
	ids := make([]string, len(tps))
	for i, tp := range tps {
		ids[i] = tp.ID
	}
	stats, err := s.touchStats(ctx, wsID, ids, w, set.ConversionDays)
	if err != nil {
		return Touchpoints{}, err
	}
	credits, err := s.credits(ctx, wsID, w, set.ConversionDays)
	if err != nil {
		return Touchpoints{}, err
	}
	feedback, err := s.store.FeedbackCounts(ctx, wsID, start, end)
	if err != nil {
		return Touchpoints{}, err
	}
	satisfaction, err := s.touchpointSatisfaction(ctx, wsID, w)
	if err != nil {
		return Touchpoints{}, err
	}
	byTP := map[string]store.TouchStats{}
	for _, st := range stats {
		byTP[st.TouchpointID] = st
	}
	credit := map[string]store.Credit{}
	var credited float64
	var creditedVND float64
	for _, c := range credits {
		credit[c.TouchpointID] = c
		credited += c.LinearOrders
		creditedVND += c.LinearVND
	}
	out := Touchpoints{Definition: touchpointsDefinition, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout),
		ConversionDays: set.ConversionDays, Items: []TouchpointItem{}, Gaps: TouchpointGaps{NoFeedback: []string{}, StagesUncovered: []string{}}}
	for _, tp := range tps {
		if !touchpointInFilter(tp, q.Filter) {
			continue
		}
		st, c := byTP[tp.ID], credit[tp.ID]
		it := TouchpointItem{TouchpointID: tp.ID, Reach: st.Reach, Interactions: st.Interactions, Converted: st.Converted, LowN: st.Reach < LowN,
			Satisfaction: satisfaction[tp.ID], Feedback: feedback[tp.ID], Targets: []TargetActual{},
			Attribution: Attribution{FirstOrders: c.FirstOrders, LastOrders: c.LastOrders, LinearOrders: c.LinearOrders,
				FirstRevenue: c.FirstVND, LastRevenue: c.LastVND, LinearRevenue: int64(math.Round(c.LinearVND))}}
		if st.Reach > 0 {
			iv := Wilson(int(st.Converted), int(st.Reach))
			it.ConversionRate = ptr(100 * float64(st.Converted) / float64(st.Reach))
			it.Low, it.High = ptr(iv.Low), ptr(iv.High)
		}
		for _, t := range tp.Targets {
			it.Targets = append(it.Targets, targetActual(t, it))
		}
		if st.Interactions > 0 && feedback[tp.ID] == 0 {
			out.Gaps.NoFeedback = append(out.Gaps.NoFeedback, tp.ID)
		}
		out.Items = append(out.Items, it)
	}
	if out.Gaps.StagesUncovered, err = s.uncoveredStages(ctx, wsID, tps, q.Filter); err != nil {
		return Touchpoints{}, err
	}
	orders, revenue, err := s.orderTotals(ctx, wsID, w)
	if err != nil {
		return Touchpoints{}, err
	}
	out.Unattributed = Unattributed{Orders: orders - int64(math.Round(credited)), Revenue: revenue - int64(math.Round(creditedVND))}
	return out, nil
}

// touchpointSatisfaction is each touchpoint's satisfaction over the
// window: the top-2 box of its satisfaction answers (CSAT and stars), 0–100,
// as the emotion curve counts them per stage.
func (s *Service) touchpointSatisfaction(ctx context.Context, wsID string, w Window) (map[string]*float64, error) {
	top2, n, err := s.satisfactionBy(ctx, wsID, "touchpoint", w, Filter{})
	if err != nil {
		return nil, err
	}
	out := map[string]*float64{}
	for tp, count := range n {
		if count > 0 {
			out[tp] = num(100 * float64(top2[tp]) / float64(count))
		}
	}
	return out, nil
}

func touchpointInFilter(tp cx.Touchpoint, f Filter) bool {
	return (f.Touchpoint == "" || tp.ID == f.Touchpoint) && (f.Stage == "" || tp.StageID == f.Stage)
}

// targetActual sets a target's actual value when the touchpoint measures
// know it: conversion_rate here, the scores' KPIs from satisfaction.
func targetActual(t cx.Target, it TouchpointItem) TargetActual {
	ta := TargetActual{Target: t}
	switch t.KPI {
	case "conversion_rate":
		ta.Actual = it.ConversionRate
	case "csat":
		ta.Actual = it.Satisfaction
	}
	if ta.Actual != nil {
		ta.Met = ptr(cx.Compare(*ta.Actual, t.Comparator, t.Value))
	}
	return ta
}

// uncoveredStages lists the stages (of the filtered journey, or all) that
// no active touchpoint serves.
func (s *Service) uncoveredStages(ctx context.Context, wsID string, tps []cx.Touchpoint, f Filter) ([]string, error) {
	m, err := loadModel(ctx, s.store, wsID)
	if err != nil {
		return nil, err
	}
	covered := map[string]bool{}
	for _, tp := range tps {
		if tp.Status == "active" && tp.StageID != "" {
			covered[tp.StageID] = true
		}
	}
	out := []string{}
	for _, j := range m.journeyOrder() {
		if f.Journey != "" && j != f.Journey {
			continue
		}
		for _, st := range m.journeys[j] {
			if !covered[st] && (f.Stage == "" || st == f.Stage) {
				out = append(out, st)
			}
		}
	}
	return out, nil
}

// overallConversion counts the customers touched at any touchpoint (or
// one) in the window and those who ordered within days after a touch.
func (s *Service) overallConversion(ctx context.Context, wsID string, w Window, days int, touchpointID string) (reached, converted int64, err error) {
	return s.store.Conversion(ctx, wsID, w.Start().UnixMilli(), w.End().UnixMilli(), int64(days)*dayMS, touchpointID)
}

// CSV writes one touchpoint a row.
func (t Touchpoints) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, it := range t.Items {
		a := it.Attribution
		rows = append(rows, []string{it.TouchpointID, itoa(it.Reach), itoa(it.Interactions), itoa(it.Converted), fnum(it.ConversionRate), fnum(it.Satisfaction),
			itoa(it.Feedback), itoa(a.FirstOrders), itoa(a.LastOrders), fnum(&a.LinearOrders), itoa(a.FirstRevenue), itoa(a.LastRevenue), itoa(a.LinearRevenue)})
	}
	return []string{"touchpoint_id", "reach", "interactions", "converted", "conversion_rate", "satisfaction", "feedback",
		"first_touch_orders", "last_touch_orders", "linear_orders", "first_touch_revenue", "last_touch_revenue", "linear_revenue"}, rows
}
