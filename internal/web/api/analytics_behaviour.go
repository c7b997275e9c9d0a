package api

import (
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
	return analytics.Query{From: q.Get("from"), To: q.Get("to"), Filter: f, Grain: q.Get("grain")}, nil
}

func (h *Handler) AnalyticsLoyalty(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q, err := behaviourQuery(r)
	if err != nil {
		return err
	}
	v, err := h.measure.Loyalty(r.Context(), p.WorkspaceID, q)
	return httpio.RespondTable(w, r, "loyalty", v, err)
}

func (h *Handler) AnalyticsRFM(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q, err := behaviourQuery(r)
	if err != nil {
		return err
	}
	v, err := h.measure.RFM(r.Context(), p.WorkspaceID, q)
	return httpio.RespondTable(w, r, "rfm", v, err)
}

func (h *Handler) AnalyticsFunnel(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q, err := behaviourQuery(r)
	if err != nil {
		return err
	}
	v, err := h.measure.Funnel(r.Context(), p.WorkspaceID, q)
	return httpio.RespondTable(w, r, "funnel", v, err)
}

func (h *Handler) AnalyticsCohorts(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q, err := behaviourQuery(r)
	if err != nil {
		return err
	}
	v, err := h.measure.Cohorts(r.Context(), p.WorkspaceID, q)
	return httpio.RespondTable(w, r, "cohorts", v, err)
}

func (h *Handler) AnalyticsTouchpoints(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q, err := behaviourQuery(r)
	if err != nil {
		return err
	}
	v, err := h.measure.Touchpoints(r.Context(), p.WorkspaceID, q)
	return httpio.RespondTable(w, r, "touchpoints", v, err)
}

func (h *Handler) AnalyticsBrowsing(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q, err := behaviourQuery(r)
	if err != nil {
		return err
	}
	v, err := h.measure.Browsing(r.Context(), p.WorkspaceID, q)
	return httpio.RespondTable(w, r, "browsing", v, err)
}

// AnalyticsMilestones counts each milestone's customers by status, or,
// with milestone and status, lists the customers behind one count.
func (h *Handler) AnalyticsMilestones(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q, err := behaviourQuery(r)
	if err != nil {
		return err
	}
	if id := r.URL.Query().Get("milestone"); id != "" || r.URL.Query().Get("status") != "" {
		page, err := httpio.PageOf(r)
		if err != nil {
			return err
		}
		l, err := h.measure.MilestoneCustomers(r.Context(), p.WorkspaceID, id, r.URL.Query().Get("status"), page)
		return httpio.RespondList(w, l, err)
	}
	v, err := h.measure.Milestones(r.Context(), p.WorkspaceID, q)
	return httpio.RespondTable(w, r, "milestones", v, err)
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
