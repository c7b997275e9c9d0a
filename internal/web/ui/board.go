package ui

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// mapView is the journey map: the stages left to right in journey order,
// each with its desired emotions and actions, the customers who passed it
// and how many went on from the stage before, its satisfaction (the
// emotion curve) and its touchpoints as cards coloured by their score
// against their targets. Every number comes from the analytics service.
type mapView struct {
	Journey    cx.Journey
	Journeys   []cx.Journey
	From, To   string       // the window every number is measured over
	Window     template.URL // from=…&to=…, kept in every link
	Stages     []mapStage
	Unassigned []mapGroup
	Count      int
	Barrier    *mapBarrier
	Emotion    view.Chart
	Funnel     view.Chart
	// ConversionDays is how long after a touch an order counts as its
	// conversion (the workspace's setting).
	ConversionDays int
}

// mapStage is one column of the map.
type mapStage struct {
	Stage   cx.Stage
	Funnel  analytics.FunnelStage
	Emotion analytics.EmotionItem
	Groups  []mapGroup
	Barrier bool // the stage with the largest drop-off
}

// mapGroup is a stage's touchpoints in one purchase phase.
type mapGroup struct {
	Phase string
	Cards []mapCard
}

// mapCard is a touchpoint with its measures. Tone says how its scores
// stand against its targets: good (every target measured is met), bad (one
// is missed), plain (measured, no target to compare with), none (nothing
// measured in the window).
type mapCard struct {
	Touchpoint cx.Touchpoint
	Measures   analytics.TouchpointItem
	Tone       string
	Barrier    bool // one of the weakest touchpoints of the barrier stage
}

// mapBarrier is the stage where the most customers are lost, with its
// lowest-scoring touchpoints.
type mapBarrier struct {
	Stage, Previous cx.Stage
	Funnel          analytics.FunnelStage
	Weak            []mapCard
}

// weakest is how many touchpoints of the barrier stage are highlighted.
const weakest = 2

// Board serves GET /journeys/{id}/board: the journey map over the window
// ?from=…&to=… (default: the last 30 days).
func (h *Handler) Board(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	j, err := h.store.Journey(ctx, p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	q := url.Values{"journey": {j.ID}, "from": {r.URL.Query().Get("from")}, "to": {r.URL.Query().Get("to")}}
	em, err := h.measure.EmotionCurve(ctx, p.WorkspaceID, q)
	var ferr error
	if cx.ErrorCode(err) == cx.Invalid {
		// A bad date is shown on the form; the map shows the default window.
		ferr = err
		q.Del("from")
		q.Del("to")
		em, err = h.measure.EmotionCurve(ctx, p.WorkspaceID, q)
	}
	if err != nil {
		return err
	}
	aq := analytics.Query{From: em.From, To: em.To, Filter: analytics.Filter{Journey: j.ID}}
	funnel, err := h.measure.Funnel(ctx, p.WorkspaceID, aq)
	if err != nil {
		return err
	}
	tm, err := h.measure.Touchpoints(ctx, p.WorkspaceID, aq)
	if err != nil {
		return err
	}
	v, err := h.journeyMap(ctx, p.WorkspaceID, j, em, funnel, tm)
	if err != nil {
		return err
	}
	v.charts(h.pages.Lang(r, p), h.pages)
	h.pages.Render(w, r, p, statusOfErr(ferr), "board", "board.title", v, ferr)
	return nil
}

// journeyMap lays the measures out stage by stage.
func (h *Handler) journeyMap(ctx context.Context, wsID string, j cx.Journey, em *analytics.EmotionResult, funnel analytics.Funnel, tm analytics.Touchpoints) (mapView, error) {
	journeys, err := h.allJourneys(ctx, wsID)
	if err != nil {
		return mapView{}, err
	}
	tps, err := h.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		return mapView{}, err
	}
	v := mapView{Journey: j, Journeys: journeys, From: em.From, To: em.To, ConversionDays: tm.ConversionDays,
		Window: template.URL(url.Values{"from": {em.From}, "to": {em.To}}.Encode())}
	measures := map[string]analytics.TouchpointItem{}
	for _, it := range tm.Items {
		measures[it.TouchpointID] = it
	}
	emotion := map[string]analytics.EmotionItem{}
	for _, it := range em.Items {
		emotion[it.StageID] = it
	}
	flow := map[string]analytics.FunnelStage{}
	for _, fs := range funnel.Stages {
		flow[fs.StageID] = fs
	}
	for _, st := range orderedStages(j) {
		col := mapStage{Stage: st, Funnel: flow[st.ID], Emotion: emotion[st.ID]}
		col.Groups = cardGroups(tps, st.ID, measures)
		for _, g := range col.Groups {
			v.Count += len(g.Cards)
		}
		v.Stages = append(v.Stages, col)
	}
	v.Unassigned = cardGroups(tps, "", measures)
	for _, g := range v.Unassigned {
		v.Count += len(g.Cards)
	}
	v.markBarrier()
	return v, nil
}

// orderedStages is a journey's stages by position.
func orderedStages(j cx.Journey) []cx.Stage {
	out := append([]cx.Stage(nil), j.Stages...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Position < out[b].Position })
	return out
}

// cardGroups returns the touchpoints of one stage ("" for none) grouped by
// phase, phases without touchpoints left out.
func cardGroups(tps []cx.Touchpoint, stageID string, measures map[string]analytics.TouchpointItem) []mapGroup {
	var out []mapGroup
	for _, phase := range cx.Phases {
		g := mapGroup{Phase: phase}
		for _, tp := range tps {
			if tp.StageID == stageID && tp.Phase == phase {
				m := measures[tp.ID]
				g.Cards = append(g.Cards, mapCard{Touchpoint: tp, Measures: m, Tone: toneOf(m)})
			}
		}
		if len(g.Cards) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// toneOf says how a touchpoint's measures stand against its targets.
func toneOf(m analytics.TouchpointItem) string {
	tone := "none"
	if m.Satisfaction != nil || m.ConversionRate != nil {
		tone = "plain"
	}
	for _, t := range m.Targets {
		switch {
		case t.Met == nil:
		case !*t.Met:
			return "bad"
		default:
			tone = "good"
		}
	}
	return tone
}

// markBarrier finds the stage with the largest drop-off from the one
// before (as a share of it) and its lowest-scoring touchpoints.
func (v *mapView) markBarrier() {
	best := -1
	for i, col := range v.Stages {
		f := col.Funnel
		if i == 0 || f.DropOffPct == nil || f.DropOff == nil || *f.DropOff <= 0 {
			continue
		}
		if best < 0 || *f.DropOffPct > *v.Stages[best].Funnel.DropOffPct {
			best = i
		}
	}
	if best < 0 {
		return
	}
	col := &v.Stages[best]
	col.Barrier = true
	b := &mapBarrier{Stage: col.Stage, Previous: v.Stages[best-1].Stage, Funnel: col.Funnel}
	var scored []*mapCard
	for gi := range col.Groups {
		for ci := range col.Groups[gi].Cards {
			if c := &col.Groups[gi].Cards[ci]; c.Measures.Satisfaction != nil {
				scored = append(scored, c)
			}
		}
	}
	sort.SliceStable(scored, func(a, b int) bool { return *scored[a].Measures.Satisfaction < *scored[b].Measures.Satisfaction })
	for i, c := range scored {
		if i == weakest {
			break
		}
		c.Barrier = true
		b.Weak = append(b.Weak, *c)
	}
	v.Barrier = b
}

// charts draws the emotion curve and the customers who passed each stage,
// every label leading to the customers of that stage.
func (v *mapView) charts(lang string, pages *view.Pages) {
	hundred, zero := 100.0, 0.0
	v.Emotion = view.Chart{Type: "line", Unit: "percent", Min: &zero, Max: &hundred, Offset: true}
	v.Funnel = view.Chart{Type: "bar"}
	emotion := view.ChartSet{Label: pages.T(lang, "map.satisfaction"), Color: "brand"}
	reached := view.ChartSet{Label: pages.T(lang, "map.reached"), Color: "brand"}
	for _, col := range v.Stages {
		name := col.Stage.Name.In(lang)
		link := "/customers?stage=" + url.QueryEscape(col.Stage.ID)
		v.Emotion.Labels = append(v.Emotion.Labels, name)
		v.Funnel.Labels = append(v.Funnel.Labels, name)
		v.Emotion.Links = append(v.Emotion.Links, link)
		v.Funnel.Links = append(v.Funnel.Links, link)
		if col.Emotion.Value != nil {
			emotion.Data = append(emotion.Data, *col.Emotion.Value)
		} else {
			emotion.Data = append(emotion.Data, nil)
		}
		reached.Data = append(reached.Data, col.Funnel.Reached)
		colour := "brand"
		if col.Barrier {
			colour = "bad"
		}
		reached.Colors = append(reached.Colors, colour)
	}
	v.Emotion.Sets = []view.ChartSet{emotion}
	v.Funnel.Sets = []view.ChartSet{reached}
}

// JourneyMap serves GET /journey-map: the map of the workspace's first
// journey, the window kept.
func (h *Handler) JourneyMap(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	l, err := h.store.Journeys(r.Context(), p.WorkspaceID, store.Page{Limit: 1})
	if err != nil {
		return err
	}
	to := "/journeys"
	if len(l.Items) > 0 {
		to = "/journeys/" + l.Items[0].ID + "/board"
	}
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// allJourneys returns every journey of the workspace.
func (h *Handler) allJourneys(ctx context.Context, wsID string) ([]cx.Journey, error) {
	var out []cx.Journey
	page := store.Page{Limit: store.MaxLimit}
	for {
		l, err := h.store.Journeys(ctx, wsID, page)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if l.Next == "" {
			return out, nil
		}
		page.After = l.Next
	}
}

// stageIndex maps stage ids to stages, for showing names in lists.
func stageIndex(journeys []cx.Journey) map[string]cx.Stage {
	m := map[string]cx.Stage{}
	for _, j := range journeys {
		for _, st := range j.Stages {
			m[st.ID] = st
		}
	}
	return m
}
