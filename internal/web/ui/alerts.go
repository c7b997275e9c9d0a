package ui

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"cxm/internal/account"
	"cxm/internal/alerts"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// The alerts page, the alert rules' settings page, the CSM's milestones
// page and the customer-success panel of a customer's profile (issue 13).

// UseAlerts gives the handlers the alerts service.
func (h *Handler) UseAlerts(a *alerts.Service) { h.alerts = a }

// alertsView is the alerts page: the newest alerts.
type alertsView struct {
	Alerts []cx.Alert
	Next   string
}

func (h *Handler) Alerts(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	l, err := h.store.Alerts(r.Context(), p.WorkspaceID, "", store.Page{After: r.URL.Query().Get("after"), Limit: 50})
	if err != nil {
		return err
	}
	v := alertsView{Alerts: l.Items}
	if l.Next != "" {
		v.Next = "/alerts?after=" + url.QueryEscape(l.Next)
	}
	h.pages.Render(w, r, p, http.StatusOK, "alerts", "alerts.title", v, nil)
	return nil
}

// alertRulesView is the alert rules' page: the rules and the form of a
// new one, with what it may name.
type alertRulesView struct {
	Rules       []cx.AlertRule
	Form        alertRuleForm
	Members     []cx.Member
	MemberNames map[string]string
	Model       cx.CXModel
	Touchpoints []cx.Touchpoint
	Choices     map[string][]string
}

// alertRuleForm is the new-rule form as typed.
type alertRuleForm struct {
	Name, Kind, GoalID, Measure, Period, TouchpointID, StandardID string
	MaxPerDay, Aspect, Days, Factor, MinCount                     string
	Recipients                                                    map[string]bool
}

func (h *Handler) alertRulesView(ctx context.Context, wsID string) (*alertRulesView, error) {
	v := &alertRulesView{Form: alertRuleForm{Kind: cx.AlertScoreDrop, Recipients: map[string]bool{}},
		Choices: map[string][]string{"alert_kind": cx.AlertKinds, "alert_period": cx.AlertPeriods,
			"measure": {cx.MeasureNPS, cx.MeasureCSAT, cx.MeasureCES, cx.MeasureStars}}}
	rules, err := h.store.AlertRules(ctx, wsID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	v.Rules = rules.Items
	members, err := h.store.Members(ctx, wsID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	v.Members, v.MemberNames = members.Items, memberNames(members.Items)
	if v.Model, err = h.store.CXModel(ctx, wsID); err != nil {
		return nil, err
	}
	v.Touchpoints, err = h.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	return v, err
}

// memberNames names each member by their name, else their e-mail.
func memberNames(ms []cx.Member) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		out[m.ID] = cmp.Or(m.Name, m.Email)
	}
	return out
}

func (h *Handler) AlertRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v, err := h.alertRulesView(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "alert_rules", "alert_rules.title", v, nil)
	return nil
}

// read reads the form into a rule; numbers that are no numbers are
// refused with their field named.
func (f *alertRuleForm) read(r *http.Request) (cx.AlertRule, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.Name, f.Kind, f.GoalID, f.Measure, f.Period = v("name"), v("kind"), v("goal_id"), v("measure"), v("period")
	f.TouchpointID, f.StandardID, f.MaxPerDay, f.Aspect = v("touchpoint_id"), v("standard_id"), v("max_per_day"), v("aspect")
	f.Days, f.Factor, f.MinCount = v("days"), v("factor"), v("min_count")
	rule := cx.AlertRule{Name: f.Name, Kind: f.Kind, Enabled: true, Params: cx.AlertParams{GoalID: f.GoalID, Measure: f.Measure,
		Period: f.Period, TouchpointID: f.TouchpointID, StandardID: f.StandardID, Aspect: f.Aspect}}
	for _, id := range r.PostForm["recipients"] {
		f.Recipients[id] = true
		rule.Recipients = append(rule.Recipients, id)
	}
	ints := []struct {
		field, s string
		to       *int
	}{{"params.max_per_day", f.MaxPerDay, &rule.Params.MaxPerDay}, {"params.days", f.Days, &rule.Params.Days}, {"params.min_count", f.MinCount, &rule.Params.MinCount}}
	for _, n := range ints {
		if n.s == "" {
			continue
		}
		i, err := strconv.Atoi(n.s)
		if err != nil {
			return rule, cx.FieldErrorf(n.field, "%s must be a whole number", n.field)
		}
		*n.to = i
	}
	if f.Factor != "" {
		x, err := parseNumber(f.Factor, "params.factor")
		if err != nil {
			return rule, err
		}
		rule.Params.Factor = x
	}
	return rule, nil
}

func (h *Handler) SaveAlertRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v, err := h.alertRulesView(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	rule, err := v.Form.read(r)
	if err == nil {
		_, err = h.alerts.CreateRule(r.Context(), p.WorkspaceID, rule)
	}
	if status, ok := formError(err); ok {
		h.pages.Render(w, r, p, status, "alert_rules", "alert_rules.title", v, cx.AsError(err))
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/alerts", "saved")
	return nil
}

// ToggleAlertRule turns a rule on or off.
func (h *Handler) ToggleAlertRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule, err := h.store.AlertRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	rule.Enabled = r.PostFormValue("enabled") == "true"
	if _, err := h.alerts.UpdateRule(r.Context(), p.WorkspaceID, rule); err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/alerts", "saved")
	return nil
}

func (h *Handler) DeleteAlertRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.store.DeleteAlertRule(r.Context(), p.WorkspaceID, r.PathValue("id")); err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/alerts", "deleted")
	return nil
}

// customerMilestonesView is the CSM's page: their customers' milestones,
// the overdue first.
type customerMilestonesView struct {
	Items       []cx.CustomerMilestone
	Next        string
	Owner       string // "me", "all" or a member's id
	Status      string
	Members     []cx.Member
	MemberNames map[string]string
}

func (h *Handler) CustomerMilestones(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q := r.URL.Query()
	v := customerMilestonesView{Owner: q.Get("owner"), Status: q.Get("status")}
	if v.Owner == "" {
		v.Owner = "me"
	}
	f := store.MilestoneFilter{Status: v.Status, CSMOwner: v.Owner}
	switch v.Owner {
	case "me":
		f.CSMOwner = p.Member.ID
	case "all":
		f.CSMOwner = ""
	}
	members, err := h.store.Members(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	v.Members, v.MemberNames = members.Items, memberNames(members.Items)
	l, err := h.store.CustomerMilestones(r.Context(), p.WorkspaceID, f, store.Page{After: q.Get("after"), Limit: 50})
	if cx.ErrorCode(err) == cx.Invalid {
		h.pages.Render(w, r, p, http.StatusBadRequest, "customer_milestones", "customer_milestones.title", v, cx.AsError(err))
		return nil
	}
	if err != nil {
		return err
	}
	v.Items = l.Items
	if l.Next != "" {
		next := url.Values{"after": {l.Next}, "owner": {v.Owner}}
		if v.Status != "" {
			next.Set("status", v.Status)
		}
		v.Next = "/customer-milestones?" + next.Encode()
	}
	h.pages.Render(w, r, p, http.StatusOK, "customer_milestones", "customer_milestones.title", v, nil)
	return nil
}

// customerSuccess is the customer-success panel of a profile: the CSM
// owner and the customer's milestones.
type customerSuccess struct {
	Members    []cx.Member
	Milestones []cx.CustomerMilestone
}

func (h *Handler) customerSuccessOf(ctx context.Context, wsID, customerID string) (*customerSuccess, error) {
	members, err := h.store.Members(ctx, wsID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	ms, err := h.store.CustomerMilestones(ctx, wsID, store.MilestoneFilter{CustomerID: customerID}, store.Page{Limit: 50})
	if err != nil {
		return nil, err
	}
	return &customerSuccess{Members: members.Items, Milestones: ms.Items}, nil
}

// SaveCSMOwner sets the customer's CSM owner from the profile page.
func (h *Handler) SaveCSMOwner(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	id := r.PathValue("id")
	if _, err := h.alerts.SetCSMOwner(r.Context(), p.WorkspaceID, id, strings.TrimSpace(r.PostFormValue("csm_owner"))); err != nil {
		return err
	}
	view.Redirect(w, r, "/customers/"+id+"#h-success", "saved")
	return nil
}
