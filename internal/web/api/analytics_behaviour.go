package api

import (
	"context"
	"net/http"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

// The behaviour measures: loyalty, RFM, funnels, cohorts, touchpoints,
// browsing and milestones. Each reads its window and filters from the
// query string and answers JSON, or CSV on request.

// behaviourQuery reads from, to, the filters and grain.
func behaviourQuery(r *http.Request) (analytics.Query, error) {
	q := r.URL.Query()
	f, err := analytics.ParseFilter(q)
	if err != nil {
		return analytics.Query{}, err
	}
	for _, name := range []string{"from", "to", "grain"} {
		if len(q.Get(name)) > 40 {
			return analytics.Query{}, cx.FieldErrorf(name, "%s is too long", name)
		}
	}
	return analytics.Query{From: q.Get("from"), To: q.Get("to"), Filter: f, Grain: q.Get("grain"), Steps: q.Get("steps")}, nil
}

// respondMeasure reads the query, asks one measure and writes its table.
func respondMeasure[T httpio.Table](w http.ResponseWriter, r *http.Request, p *account.Principal, name string,
	measure func(context.Context, string, analytics.Query) (T, error)) error {
	q, err := behaviourQuery(r)
	if err != nil {
		return err
	}
	v, err := measure(r.Context(), p.WorkspaceID, q)
	return httpio.RespondTable(w, r, name, v, err)
}

func (h *Handler) AnalyticsLoyalty(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "loyalty", h.measure.Loyalty)
}

func (h *Handler) AnalyticsRFM(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "rfm", h.measure.RFM)
}

func (h *Handler) AnalyticsFunnel(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "funnel", h.measure.Funnel)
}

func (h *Handler) AnalyticsCohorts(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "cohorts", h.measure.Cohorts)
}

func (h *Handler) AnalyticsTouchpoints(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "touchpoints", h.measure.Touchpoints)
}

func (h *Handler) AnalyticsBrowsing(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "browsing", h.measure.Browsing)
}

// AnalyticsMilestones counts each milestone's customers by status, or,
// with milestone and status, lists the customers behind one count.
func (h *Handler) AnalyticsMilestones(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q := r.URL.Query()
	if q.Get("milestone") == "" && q.Get("status") == "" {
		return respondMeasure(w, r, p, "milestones", h.measure.Milestones)
	}
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.measure.MilestoneCustomers(r.Context(), p.WorkspaceID, q.Get("milestone"), q.Get("status"), page)
	return httpio.RespondTable(w, r, "milestone-customers", l, err)
}

func (h *Handler) GetAnalyticsSettings(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	st, err := h.store.AnalyticsSettingsOf(r.Context(), p.WorkspaceID)
	return httpio.Respond(w, http.StatusOK, st, err)
}

func (h *Handler) PutAnalyticsSettings(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var st cx.AnalyticsSettings
	if err := httpio.DecodeJSON(w, r, &st); err != nil {
		return err
	}
	return httpio.Respond(w, http.StatusOK, st, h.store.SetAnalyticsSettings(r.Context(), p.WorkspaceID, st))
}
