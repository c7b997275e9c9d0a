package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

func (h *Handler) ListMappingRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rules, err := h.store.MappingRules(r.Context(), p.WorkspaceID)
	return httpio.RespondList(w, store.List[cx.MappingRule]{Items: rules}, err)
}

func (h *Handler) GetMappingRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule, err := h.store.MappingRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (h *Handler) CreateMappingRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.MappingRule
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	rule, err := h.rules.CreateMappingRule(r.Context(), p.WorkspaceID, in)
	return httpio.Respond(w, http.StatusCreated, rule, err)
}

func (h *Handler) PutMappingRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.MappingRule
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ID = r.PathValue("id")
	rule, err := h.rules.UpdateMappingRule(r.Context(), p.WorkspaceID, in)
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (h *Handler) DeleteMappingRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.rules.DeleteMappingRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (h *Handler) ListStageRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rules, err := h.store.StageRules(r.Context(), p.WorkspaceID)
	return httpio.RespondList(w, store.List[cx.StageRule]{Items: rules}, err)
}

func (h *Handler) GetStageRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule, err := h.store.StageRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (h *Handler) CreateStageRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.StageRule
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	rule, err := h.rules.CreateStageRule(r.Context(), p.WorkspaceID, in)
	return httpio.Respond(w, http.StatusCreated, rule, err)
}

func (h *Handler) PutStageRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.StageRule
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ID = r.PathValue("id")
	rule, err := h.rules.UpdateStageRule(r.Context(), p.WorkspaceID, in)
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (h *Handler) DeleteStageRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.rules.DeleteStageRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (h *Handler) ListIdentityConflicts(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.IdentityConflicts(r.Context(), p.WorkspaceID, r.URL.Query().Get("status"), page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) GetIdentityConflict(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := h.store.IdentityConflict(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, c, err)
}

// resolveIdentityConflict takes {"action": "merge"} or {"action": "dismiss"}.
func (h *Handler) ResolveIdentityConflict(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in struct {
		Action string `json:"action"`
	}
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := h.ingest.ResolveConflict(r.Context(), p.WorkspaceID, r.PathValue("id"), in.Action)
	return httpio.Respond(w, http.StatusOK, c, err)
}

// ListEventNames serves GET /api/v1/events/names: the kinds of events the
// workspace has received with their counts, then the standard events it
// has not yet, each with its label in both languages.
func (h *Handler) ListEventNames(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	names, err := h.store.EventNames(r.Context(), p.WorkspaceID)
	for i := range names {
		names[i].Label = h.eventLabel(names[i].Name)
	}
	return httpio.RespondList(w, store.List[cx.EventName]{Items: names}, err)
}

func (h *Handler) ListUnmappedEvents(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	groups, err := h.store.UnmappedEvents(r.Context(), p.WorkspaceID)
	return httpio.RespondList(w, store.List[cx.UnmappedEvent]{Items: groups}, err)
}
