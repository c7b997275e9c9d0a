package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

func (s *Handler) ListMappingRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rules, err := s.store.MappingRules(r.Context(), p.WorkspaceID)
	return httpio.RespondList(w, store.List[cx.MappingRule]{Items: rules}, err)
}

func (s *Handler) GetMappingRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule, err := s.store.MappingRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (s *Handler) CreateMappingRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.MappingRule
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	rule, err := s.rules.CreateMappingRule(r.Context(), p.WorkspaceID, in)
	return httpio.Respond(w, http.StatusCreated, rule, err)
}

func (s *Handler) PutMappingRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.MappingRule
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ID = r.PathValue("id")
	rule, err := s.rules.UpdateMappingRule(r.Context(), p.WorkspaceID, in)
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (s *Handler) DeleteMappingRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, s.rules.DeleteMappingRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (s *Handler) ListStageRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rules, err := s.store.StageRules(r.Context(), p.WorkspaceID)
	return httpio.RespondList(w, store.List[cx.StageRule]{Items: rules}, err)
}

func (s *Handler) GetStageRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule, err := s.store.StageRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (s *Handler) CreateStageRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.StageRule
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	rule, err := s.rules.CreateStageRule(r.Context(), p.WorkspaceID, in)
	return httpio.Respond(w, http.StatusCreated, rule, err)
}

func (s *Handler) PutStageRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.StageRule
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ID = r.PathValue("id")
	rule, err := s.rules.UpdateStageRule(r.Context(), p.WorkspaceID, in)
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (s *Handler) DeleteStageRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, s.rules.DeleteStageRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (s *Handler) ListIdentityConflicts(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.IdentityConflicts(r.Context(), p.WorkspaceID, r.URL.Query().Get("status"), page)
	return httpio.RespondList(w, l, err)
}

func (s *Handler) GetIdentityConflict(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	c, err := s.store.IdentityConflict(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, c, err)
}

// resolveIdentityConflict takes {"action": "merge"} or {"action": "dismiss"}.
func (s *Handler) ResolveIdentityConflict(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in struct {
		Action string `json:"action"`
	}
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.ingest.ResolveConflict(r.Context(), p.WorkspaceID, r.PathValue("id"), in.Action)
	return httpio.Respond(w, http.StatusOK, c, err)
}

func (s *Handler) ListUnmappedEvents(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	groups, err := s.store.UnmappedEvents(r.Context(), p.WorkspaceID)
	return httpio.RespondList(w, store.List[cx.UnmappedEvent]{Items: groups}, err)
}
