package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/alerts"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

// Alert rules, alerts, standards' breaches, customers' milestones and
// their CSM owner (issue 13).

// UseAlerts gives the handlers the alerts service.
func (h *Handler) UseAlerts(a *alerts.Service) { h.alerts = a }

func (h *Handler) ListAlertRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.AlertRules(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) CreateAlertRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var rule cx.AlertRule
	if err := httpio.DecodeJSON(w, r, &rule); err != nil {
		return err
	}
	rule, err := h.alerts.CreateRule(r.Context(), p.WorkspaceID, rule)
	return httpio.Respond(w, http.StatusCreated, rule, err)
}

func (h *Handler) GetAlertRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule, err := h.store.AlertRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (h *Handler) PutAlertRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var rule cx.AlertRule
	if err := httpio.DecodeJSON(w, r, &rule); err != nil {
		return err
	}
	rule.ID = r.PathValue("id")
	rule, err := h.alerts.UpdateRule(r.Context(), p.WorkspaceID, rule)
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (h *Handler) DeleteAlertRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.store.DeleteAlertRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (h *Handler) ListAlerts(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	rule := r.URL.Query().Get("rule_id")
	if len(rule) > 100 {
		return cx.FieldErrorf("rule_id", "%s is too long", "rule_id")
	}
	l, err := h.store.Alerts(r.Context(), p.WorkspaceID, rule, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) GetAlert(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	a, err := h.store.Alert(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, a, err)
}

func (h *Handler) AnalyticsStandards(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "standards", h.measure.Standards)
}

// milestoneFilter reads status, csm_owner ("me" for the caller),
// milestone_id and customer_id.
func milestoneFilter(r *http.Request, p *account.Principal) (store.MilestoneFilter, error) {
	q := r.URL.Query()
	f := store.MilestoneFilter{Status: q.Get("status"), CSMOwner: q.Get("csm_owner"), MilestoneID: q.Get("milestone_id"), CustomerID: q.Get("customer_id")}
	for name, v := range map[string]string{"status": f.Status, "csm_owner": f.CSMOwner, "milestone_id": f.MilestoneID, "customer_id": f.CustomerID} {
		if len(v) > 100 {
			return f, cx.FieldErrorf(name, "%s is too long", name)
		}
	}
	if f.CSMOwner == "me" {
		if p.Member == nil {
			return f, cx.FieldErrorf("csm_owner", "csm_owner=me needs a signed-in person, not a key")
		}
		f.CSMOwner = p.Member.ID
	}
	return f, nil
}

func (h *Handler) ListCustomerMilestones(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	f, err := milestoneFilter(r, p)
	if err != nil {
		return err
	}
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.CustomerMilestones(r.Context(), p.WorkspaceID, f, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) CustomerMilestones(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	id := r.PathValue("id")
	if _, err := h.store.Customer(r.Context(), p.WorkspaceID, id); err != nil {
		return err
	}
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.CustomerMilestones(r.Context(), p.WorkspaceID, store.MilestoneFilter{CustomerID: id}, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) PutCSMOwner(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var body struct {
		CSMOwner string `json:"csm_owner"`
	}
	if err := httpio.DecodeJSON(w, r, &body); err != nil {
		return err
	}
	c, err := h.alerts.SetCSMOwner(r.Context(), p.WorkspaceID, r.PathValue("id"), body.CSMOwner)
	return httpio.Respond(w, http.StatusOK, c, err)
}
