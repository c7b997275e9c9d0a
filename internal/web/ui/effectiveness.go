package ui

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
)

// effectView is the touchpoint effectiveness page: one row a touchpoint
// with its reach, satisfaction, conversion, attribution and targets, sorted
// as the URL says, and the gaps.
type effectView struct {
	From, To       string
	Journey, Stage string       // the filters
	Window         template.URL // from=…&to=…, for the links to the lists
	Sort           string       // the column sorted by; a leading "-" reverses it
	Reversed       bool         // Sort has a leading "-"
	Rows           []effectRow
	Result         analytics.Touchpoints
	Journeys       []cx.Journey
	Stages         map[string]cx.Stage
	Touchpoints    map[string]cx.Touchpoint
	CSV            string // the API's CSV of the same table
	Columns        []effectColumn
}

// effectRow is one touchpoint and its measures.
type effectRow struct {
	Touchpoint cx.Touchpoint
	Stage      cx.Stage
	M          analytics.TouchpointItem
	Tone       string
	Targets    []targetCell
}

// targetCell is a target with its actual value and its state: met,
// missed, or unmeasured when the measures do not know it.
type targetCell struct {
	analytics.TargetActual
	State string
}

func targetCells(ts []analytics.TargetActual) []targetCell {
	out := make([]targetCell, len(ts))
	for i, t := range ts {
		out[i] = targetCell{TargetActual: t, State: "unmeasured"}
		if t.Met != nil && *t.Met {
			out[i].State = "met"
		} else if t.Met != nil {
			out[i].State = "missed"
		}
	}
	return out
}

// effectColumn is a sortable column header: its link sorts by it, or
// reverses the order when it is the column sorted by.
type effectColumn struct {
	Key, Label, Link, Current string // Current: "ascending", "descending" or ""
}

// effectSorts are the columns the table sorts by, with their labels.
var effectSorts = []string{"name", "reach", "interactions", "conversion", "satisfaction", "feedback", "last_touch", "linear_revenue"}

// Effectiveness serves GET /touchpoints/effectiveness?from&to&journey&stage&sort.
func (h *Handler) Effectiveness(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	q := r.URL.Query()
	v := effectView{Journey: q.Get("journey"), Stage: q.Get("stage"), Sort: q.Get("sort")}
	if !validSort(v.Sort) {
		v.Sort = "reach"
	}
	aq := analytics.Query{From: q.Get("from"), To: q.Get("to"), Filter: analytics.Filter{Journey: v.Journey, Stage: v.Stage}}
	res, err := h.measure.Touchpoints(ctx, p.WorkspaceID, aq)
	var ferr error
	if cx.ErrorCode(err) == cx.Invalid {
		ferr, aq = err, analytics.Query{}
		v.Journey, v.Stage = "", ""
		res, err = h.measure.Touchpoints(ctx, p.WorkspaceID, aq)
	}
	if err != nil {
		return err
	}
	if v.Journeys, err = h.allJourneys(ctx, p.WorkspaceID); err != nil {
		return err
	}
	tps, err := h.store.AllTouchpoints(ctx, p.WorkspaceID, store.TouchpointFilter{})
	if err != nil {
		return err
	}
	v.Result, v.From, v.To, v.Stages = res, res.From, res.To, stageIndex(v.Journeys)
	v.Window = template.URL(url.Values{"from": {res.From}, "to": {res.To}}.Encode())
	v.Touchpoints = map[string]cx.Touchpoint{}
	for _, tp := range tps {
		v.Touchpoints[tp.ID] = tp
	}
	lang := h.pages.Lang(r, p)
	for _, it := range res.Items {
		tp := v.Touchpoints[it.TouchpointID]
		v.Rows = append(v.Rows, effectRow{Touchpoint: tp, Stage: v.Stages[tp.StageID], M: it, Tone: toneOf(it), Targets: targetCells(it.Targets)})
	}
	sortRows(v.Rows, v.Sort, lang)
	v.Reversed = strings.HasPrefix(v.Sort, "-")
	keep := url.Values{"from": {res.From}, "to": {res.To}, "journey": {v.Journey}, "stage": {v.Stage}}
	v.CSV = "/api/v1/analytics/touchpoints?" + withFormat(keep)
	for _, key := range effectSorts {
		c := effectColumn{Key: key, Label: "effect.col." + key}
		next := key
		if strings.TrimPrefix(v.Sort, "-") == key {
			c.Current = "descending"
			if (key == "name") != strings.HasPrefix(v.Sort, "-") {
				c.Current = "ascending"
			}
			if !strings.HasPrefix(v.Sort, "-") {
				next = "-" + key
			}
		}
		keep.Set("sort", next)
		c.Link = "/touchpoints/effectiveness?" + keep.Encode()
		v.Columns = append(v.Columns, c)
	}
	h.pages.Render(w, r, p, statusOfErr(ferr), "effectiveness", "effect.title", v, ferr)
	return nil
}

func withFormat(q url.Values) string {
	c := url.Values{"format": {"csv"}}
	for k, vs := range q {
		if len(vs) > 0 && vs[0] != "" {
			c.Set(k, vs[0])
		}
	}
	return c.Encode()
}

func validSort(s string) bool {
	for _, k := range effectSorts {
		if s == k || s == "-"+k {
			return true
		}
	}
	return false
}

// sortRows orders the table: names A to Z, measures largest first; a
// leading "-" reverses it. Touchpoints without a value go last either way.
func sortRows(rows []effectRow, by, lang string) {
	reverse := strings.HasPrefix(by, "-")
	key := strings.TrimPrefix(by, "-")
	value := func(r effectRow) *float64 {
		f := func(n int64) *float64 { x := float64(n); return &x }
		switch key {
		case "reach":
			return f(r.M.Reach)
		case "interactions":
			return f(r.M.Interactions)
		case "conversion":
			return r.M.ConversionRate
		case "satisfaction":
			return r.M.Satisfaction
		case "feedback":
			return f(r.M.Feedback)
		case "last_touch":
			return f(r.M.Attribution.LastOrders)
		case "linear_revenue":
			return f(r.M.Attribution.LinearRevenue)
		}
		return nil
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if key == "name" {
			a, b := strings.ToLower(rows[i].Touchpoint.Name.In(lang)), strings.ToLower(rows[j].Touchpoint.Name.In(lang))
			return (a < b) != reverse
		}
		a, b := value(rows[i]), value(rows[j])
		switch {
		case a == nil || b == nil:
			return a != nil && b == nil
		case *a == *b:
			return false
		}
		return (*a > *b) != reverse
	})
}
