package web

import (
	"net/http"

	"cxm/internal/cx"
	"cxm/internal/store"
)

func (s *Server) listMappingRules(w http.ResponseWriter, r *http.Request, p *principal) error {
	rules, err := s.store.MappingRules(r.Context(), p.WorkspaceID)
	return respondList(w, store.List[cx.MappingRule]{Items: rules}, err)
}

func (s *Server) getMappingRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	rule, err := s.store.MappingRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, rule, err)
}

func (s *Server) createMappingRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in cx.MappingRule
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rule, err := s.rules.CreateMappingRule(r.Context(), p.WorkspaceID, in)
	return respond(w, http.StatusCreated, rule, err)
}

func (s *Server) putMappingRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in cx.MappingRule
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ID = r.PathValue("id")
	rule, err := s.rules.UpdateMappingRule(r.Context(), p.WorkspaceID, in)
	return respond(w, http.StatusOK, rule, err)
}

func (s *Server) deleteMappingRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	return noContent(w, s.rules.DeleteMappingRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (s *Server) listStageRules(w http.ResponseWriter, r *http.Request, p *principal) error {
	rules, err := s.store.StageRules(r.Context(), p.WorkspaceID)
	return respondList(w, store.List[cx.StageRule]{Items: rules}, err)
}

func (s *Server) getStageRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	rule, err := s.store.StageRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, rule, err)
}

func (s *Server) createStageRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in cx.StageRule
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rule, err := s.rules.CreateStageRule(r.Context(), p.WorkspaceID, in)
	return respond(w, http.StatusCreated, rule, err)
}

func (s *Server) putStageRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in cx.StageRule
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ID = r.PathValue("id")
	rule, err := s.rules.UpdateStageRule(r.Context(), p.WorkspaceID, in)
	return respond(w, http.StatusOK, rule, err)
}

func (s *Server) deleteStageRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	return noContent(w, s.rules.DeleteStageRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (s *Server) listIdentityConflicts(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.IdentityConflicts(r.Context(), p.WorkspaceID, r.URL.Query().Get("status"), page)
	return respondList(w, l, err)
}

func (s *Server) getIdentityConflict(w http.ResponseWriter, r *http.Request, p *principal) error {
	c, err := s.store.IdentityConflict(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, c, err)
}

// resolveIdentityConflict takes {"action": "merge"} or {"action": "dismiss"}.
func (s *Server) resolveIdentityConflict(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Action string `json:"action"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.ingest.ResolveConflict(r.Context(), p.WorkspaceID, r.PathValue("id"), in.Action)
	return respond(w, http.StatusOK, c, err)
}

func (s *Server) listUnmappedEvents(w http.ResponseWriter, r *http.Request, p *principal) error {
	groups, err := s.store.UnmappedEvents(r.Context(), p.WorkspaceID)
	return respondList(w, store.List[cx.UnmappedEvent]{Items: groups}, err)
}
