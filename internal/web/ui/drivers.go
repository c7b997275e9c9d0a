package ui

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// driversView is the key-drivers page: one importance × performance
// quadrant a rating matrix of every survey.
type driversView struct {
	From, To string
	Outcome  string       // "" (the matrix's overall row) or nps
	Window   template.URL // from=…&to=…, for the links to the answers
	Matrices []driverMatrix
}

// driverMatrix is one matrix's analysis, or why there is none.
type driverMatrix struct {
	Survey   cx.Survey
	Question cx.Question
	Result   *analytics.DriversResult
	Err      *cx.Error // the analysis could not be made (no overall row, no NPS)
	Chart    view.Chart
	ID       string // the chart's element id
}

// quadrantColours colour the quadrants' points the same on every chart.
var quadrantColours = map[string]string{
	analytics.QuadrantFixFirst: "bad", analytics.QuadrantKeep: "good",
	analytics.QuadrantMonitor: "warn", analytics.QuadrantSecondary: "muted",
}

var quadrantOrder = []string{analytics.QuadrantFixFirst, analytics.QuadrantKeep, analytics.QuadrantMonitor, analytics.QuadrantSecondary}

// Drivers serves GET /drivers?from&to&outcome: every rating matrix's key
// drivers over the window.
func (h *Handler) Drivers(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	in := r.URL.Query()
	v := driversView{Outcome: in.Get("outcome")}
	if v.Outcome != cx.MeasureNPS {
		v.Outcome = ""
	}
	surveys, err := h.store.Surveys(ctx, p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	lang := h.pages.Lang(r, p)
	q := url.Values{"from": {in.Get("from")}, "to": {in.Get("to")}, "outcome": {v.Outcome}}
	// The dates are checked at the door, also when there is no matrix to
	// measure; a bad one is shown on the form and the default window used.
	_, ferr := analytics.ParseWindow(q.Get("from"), q.Get("to"), time.UTC, time.Now(), 30)
	if ferr != nil {
		q.Del("from")
		q.Del("to")
	}
	for _, sv := range surveys.Items {
		for _, qu := range sv.Questions {
			if qu.Type != cx.QMatrix {
				continue
			}
			q.Set("survey", sv.ID)
			q.Set("question", qu.Key)
			res, err := h.measure.Drivers(ctx, p.WorkspaceID, q)
			m := driverMatrix{Survey: sv, Question: qu, Result: res, ID: "drivers-" + sv.ID + "-" + qu.Key}
			if cx.ErrorCode(err) == cx.Invalid {
				m.Err, err = cx.AsError(err), nil
			}
			if err != nil {
				return err
			}
			if res != nil {
				v.From, v.To = res.From, res.To
				m.Chart = driverChart(res, lang, h.pages)
			}
			v.Matrices = append(v.Matrices, m)
		}
	}
	v.Window = template.URL(url.Values{"from": {v.From}, "to": {v.To}}.Encode())
	h.pages.Render(w, r, p, statusOfErr(ferr), "drivers", "drivers.title", v, ferr)
	return nil
}

// driverChart places each criterion by importance (its share of R²) and
// performance (its mean on 1–5), one data set a quadrant so that the
// legend names them.
func driverChart(res *analytics.DriversResult, lang string, pages *view.Pages) view.Chart {
	one, five := 1.0, 5.0
	c := view.Chart{Type: "scatter", Min: &one, Max: &five,
		XTitle: pages.T(lang, "drivers.x"), YTitle: pages.T(lang, "drivers.y")}
	for _, quad := range quadrantOrder {
		set := view.ChartSet{Label: pages.T(lang, "quadrant."+quad), Color: quadrantColours[quad], Data: []any{}}
		for _, it := range res.Items {
			if it.Quadrant != quad || it.Share == nil || it.Performance == nil {
				continue
			}
			set.Data = append(set.Data, map[string]any{"x": *it.Share, "y": *it.Performance, "label": it.Label.In(lang)})
		}
		if len(set.Data) > 0 {
			c.Sets = append(c.Sets, set)
		}
	}
	return c
}
