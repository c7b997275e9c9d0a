package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// The event-data pages: what no rule maps yet, the mapping and stage rules,
// and the identity conflicts waiting for a person.

// ruleChoices are the touchpoints, journeys and events a rule form offers.
type ruleChoices struct {
	Touchpoints []cx.Touchpoint
	ByID        map[string]cx.Touchpoint
	Journeys    []cx.Journey
	Stages      map[string]cx.Stage
	Events      []cx.EventName // seen, the most frequent first, then the standard ones
}

func (h *Handler) ruleChoices(ctx context.Context, wsID string) (ruleChoices, error) {
	var c ruleChoices
	l, err := h.store.Touchpoints(ctx, wsID, store.TouchpointFilter{}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return c, err
	}
	c.Touchpoints, c.ByID = l.Items, map[string]cx.Touchpoint{}
	for _, tp := range l.Items {
		c.ByID[tp.ID] = tp
	}
	if c.Journeys, err = h.allJourneys(ctx, wsID); err != nil {
		return c, err
	}
	c.Stages = stageIndex(c.Journeys)
	c.Events, err = h.eventNames(ctx, wsID)
	return c, err
}

// eventNames are the events a picker offers, each name once.
func (h *Handler) eventNames(ctx context.Context, wsID string) ([]cx.EventName, error) {
	all, err := h.store.EventNames(ctx, wsID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := all[:0]
	for _, e := range all {
		if !seen[e.Name] {
			seen[e.Name] = true
			out = append(out, e)
		}
	}
	return out, nil
}

// unmappedView is the unmapped-events page.
type unmappedView struct {
	ruleChoices
	Groups []cx.UnmappedEvent
}

func (h *Handler) Unmapped(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	groups, err := h.store.UnmappedEvents(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	choices, err := h.ruleChoices(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "unmapped", "unmapped.title", unmappedView{choices, groups}, nil)
	return nil
}

// mapUnmapped is the "map to touchpoint" form of a group: it creates a rule
// for the event's type and name, first in order, and maps past events.
func (h *Handler) MapUnmapped(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule := cx.MappingRule{EventType: r.PostFormValue("event_type"), EventName: r.PostFormValue("event_name"),
		PathPrefix: strings.TrimSpace(r.PostFormValue("path_prefix")), TouchpointID: r.PostFormValue("touchpoint_id")}
	if _, err := h.rules.MapUnmapped(r.Context(), p.WorkspaceID, rule); err != nil {
		return err
	}
	view.Redirect(w, r, "/unmapped-events", "created")
	return nil
}

// rulesView is a rules page with the form of a new rule (or the rule being
// edited).
type rulesView struct {
	ruleChoices
	Mapping []cx.MappingRule
	Stage   []cx.StageRule
	Form    ruleForm
}

// ruleForm holds a mapping or stage rule form as typed.
type ruleForm struct {
	ID, EventType, EventName, Channel, Property, PropertyValue, PathPrefix, TouchpointID string
	Occurrence, StageID, Position                                                        string
}

func (f *ruleForm) read(r *http.Request) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.EventType, f.EventName, f.Channel, f.Property, f.PropertyValue = v("event_type"), v("event_name"), v("channel"), v("property"), v("property_value")
	f.PathPrefix, f.TouchpointID, f.Occurrence, f.StageID, f.Position = v("path_prefix"), v("touchpoint_id"), v("occurrence"), v("stage_id"), v("position")
}

// formInt reads a whole number field; empty is def.
func formInt(field, v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, cx.FieldErrorf(field, "%s must be a whole number", field)
	}
	return n, nil
}

func (f *ruleForm) mapping() (cx.MappingRule, error) {
	pos, err := formInt("position", f.Position, 0)
	return cx.MappingRule{ID: f.ID, Position: pos, EventType: f.EventType, EventName: f.EventName, Channel: f.Channel, Property: f.Property,
		PropertyValue: f.PropertyValue, PathPrefix: f.PathPrefix, TouchpointID: f.TouchpointID}, err
}

func (f *ruleForm) stage() (cx.StageRule, error) {
	pos, err := formInt("position", f.Position, 0)
	if err != nil {
		return cx.StageRule{}, err
	}
	occ, err := formInt("occurrence", f.Occurrence, 1)
	return cx.StageRule{ID: f.ID, Position: pos, EventName: f.EventName, Occurrence: occ, StageID: f.StageID}, err
}

// rulesPage renders the mapping ("mapping") or stage ("stage") rules.
func (h *Handler) Rules(kind string) httpio.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
		return h.renderRules(w, r, p, kind, http.StatusOK, ruleForm{Occurrence: "1"}, nil)
	}
}

func (h *Handler) renderRules(w http.ResponseWriter, r *http.Request, p *account.Principal, kind string, status int, f ruleForm, formErr error) error {
	choices, err := h.ruleChoices(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	v := rulesView{ruleChoices: choices, Form: f}
	if kind == "mapping" {
		v.Mapping, err = h.store.MappingRules(r.Context(), p.WorkspaceID)
	} else {
		v.Stage, err = h.store.StageRules(r.Context(), p.WorkspaceID)
	}
	if err != nil {
		return err
	}
	page, title := kind+"_rules", kind+"_rules.title"
	if f.ID != "" {
		page, title = kind+"_rule", kind+"_rules.edit"
	}
	h.pages.Render(w, r, p, status, page, title, v, formErr)
	return nil
}

// editRulePage shows the form of one rule.
func (h *Handler) EditRule(kind string) httpio.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
		id := r.PathValue("id")
		f := ruleForm{ID: id}
		if kind == "mapping" {
			m, err := h.store.MappingRule(r.Context(), p.WorkspaceID, id)
			if err != nil {
				return err
			}
			f.EventType, f.EventName, f.Channel, f.Property, f.PropertyValue = m.EventType, m.EventName, m.Channel, m.Property, m.PropertyValue
			f.PathPrefix, f.TouchpointID, f.Position = m.PathPrefix, m.TouchpointID, strconv.Itoa(m.Position)
		} else {
			st, err := h.store.StageRule(r.Context(), p.WorkspaceID, id)
			if err != nil {
				return err
			}
			f.EventName, f.Occurrence, f.StageID, f.Position = st.EventName, strconv.Itoa(st.Occurrence), st.StageID, strconv.Itoa(st.Position)
		}
		return h.renderRules(w, r, p, kind, http.StatusOK, f, nil)
	}
}

// saveRule creates (no id in the path) or updates a rule from its form.
func (h *Handler) SaveRule(kind string) httpio.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
		f := ruleForm{ID: r.PathValue("id")}
		f.read(r)
		err := h.storeRule(r.Context(), p.WorkspaceID, kind, f)
		if status, ok := formError(err); ok {
			return h.renderRules(w, r, p, kind, status, f, err)
		}
		if err != nil {
			return err
		}
		view.Redirect(w, r, "/"+kind+"-rules", "saved")
		return nil
	}
}

func (h *Handler) storeRule(ctx context.Context, wsID, kind string, f ruleForm) error {
	if kind == "mapping" {
		rule, err := f.mapping()
		if err != nil {
			return err
		}
		if f.ID == "" {
			_, err = h.rules.CreateMappingRule(ctx, wsID, rule)
		} else {
			_, err = h.rules.UpdateMappingRule(ctx, wsID, rule)
		}
		return err
	}
	rule, err := f.stage()
	if err != nil {
		return err
	}
	if f.ID == "" {
		_, err = h.rules.CreateStageRule(ctx, wsID, rule)
	} else {
		_, err = h.rules.UpdateStageRule(ctx, wsID, rule)
	}
	return err
}

// moveRule moves a rule to the position in the form: the up and down
// buttons of the rules pages.
func (h *Handler) MoveRule(kind string) httpio.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
		pos, err := formInt("position", r.PostFormValue("position"), 0)
		if err != nil {
			return err
		}
		id := r.PathValue("id")
		if kind == "mapping" {
			_, err = h.rules.MoveMappingRule(r.Context(), p.WorkspaceID, id, pos)
		} else {
			_, err = h.rules.MoveStageRule(r.Context(), p.WorkspaceID, id, pos)
		}
		if err != nil {
			return err
		}
		view.Redirect(w, r, "/"+kind+"-rules", "saved")
		return nil
	}
}

func (h *Handler) DeleteRule(kind string) httpio.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
		var err error
		if kind == "mapping" {
			err = h.rules.DeleteMappingRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
		} else {
			err = h.rules.DeleteStageRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
		}
		if err != nil {
			return err
		}
		view.Redirect(w, r, "/"+kind+"-rules", "deleted")
		return nil
	}
}

// conflictsView is the identity-conflicts page.
type conflictsView struct {
	Status    string
	Conflicts []cx.IdentityConflict
	Customers map[string]cx.Customer
	Next      string
}

func (h *Handler) Conflicts(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = cx.ConflictOpen
	}
	filter := status
	if status == "all" {
		filter = ""
	}
	l, err := h.store.IdentityConflicts(r.Context(), p.WorkspaceID, filter, store.Page{After: r.URL.Query().Get("after")})
	if err != nil {
		return err
	}
	v := conflictsView{Status: status, Conflicts: l.Items, Customers: map[string]cx.Customer{}, Next: l.Next}
	for _, c := range l.Items {
		for _, id := range []string{c.CustomerID, c.ClaimantID} {
			if _, ok := v.Customers[id]; ok {
				continue
			}
			if cust, err := h.store.Customer(r.Context(), p.WorkspaceID, id); err == nil {
				v.Customers[id] = cust
			}
		}
	}
	h.pages.Render(w, r, p, http.StatusOK, "conflicts", "conflicts.title", v, nil)
	return nil
}

func (h *Handler) ResolveConflict(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if _, err := h.ingest.ResolveConflict(r.Context(), p.WorkspaceID, r.PathValue("id"), r.PostFormValue("action")); err != nil {
		return err
	}
	view.Redirect(w, r, "/identity-conflicts", "saved")
	return nil
}
