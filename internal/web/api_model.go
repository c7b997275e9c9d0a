package web

import (
	"net/http"
	"slices"

	"cxm/internal/cx"
	"cxm/internal/store"
)

func (s *Server) getWorkspace(w http.ResponseWriter, r *http.Request, p *principal) error {
	ws, err := s.store.Workspace(r.Context(), p.WorkspaceID)
	return respond(w, http.StatusOK, ws, err)
}

func (s *Server) putWorkspace(w http.ResponseWriter, r *http.Request, p *principal) error {
	var ws cx.Workspace
	if err := decodeJSON(w, r, &ws); err != nil {
		return err
	}
	ws.ID = p.WorkspaceID
	ws, err := s.store.UpdateWorkspace(r.Context(), ws)
	return respond(w, http.StatusOK, ws, err)
}

func (s *Server) getCXModel(w http.ResponseWriter, r *http.Request, p *principal) error {
	m, err := s.store.CXModel(r.Context(), p.WorkspaceID)
	return respond(w, http.StatusOK, m, err)
}

func (s *Server) putCXModel(w http.ResponseWriter, r *http.Request, p *principal) error {
	var m cx.CXModel
	if err := decodeJSON(w, r, &m); err != nil {
		return err
	}
	m, err := s.store.ReplaceCXModel(r.Context(), p.WorkspaceID, m)
	return respond(w, http.StatusOK, m, err)
}

func (s *Server) listJourneys(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Journeys(r.Context(), p.WorkspaceID, page)
	return respondList(w, l, err)
}

func (s *Server) createJourney(w http.ResponseWriter, r *http.Request, p *principal) error {
	var j cx.Journey
	if err := decodeJSON(w, r, &j); err != nil {
		return err
	}
	j, err := s.store.CreateJourney(r.Context(), p.WorkspaceID, j)
	return respond(w, http.StatusCreated, j, err)
}

func (s *Server) getJourney(w http.ResponseWriter, r *http.Request, p *principal) error {
	j, err := s.store.Journey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, j, err)
}

func (s *Server) putJourney(w http.ResponseWriter, r *http.Request, p *principal) error {
	var j cx.Journey
	if err := decodeJSON(w, r, &j); err != nil {
		return err
	}
	j.ID = r.PathValue("id")
	j, err := s.store.UpdateJourney(r.Context(), p.WorkspaceID, j)
	return respond(w, http.StatusOK, j, err)
}

func (s *Server) deleteJourney(w http.ResponseWriter, r *http.Request, p *principal) error {
	return noContent(w, s.store.DeleteJourney(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (s *Server) listTouchpoints(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.TouchpointFilter{StageID: q.Get("stage_id"), Phase: q.Get("phase"), Status: q.Get("status")}
	if f.Phase != "" && !slices.Contains(cx.Phases, f.Phase) {
		return cx.FieldErrorf("phase", "phase must be before, during or after")
	}
	if f.Status != "" && !slices.Contains(cx.Statuses, f.Status) {
		return cx.FieldErrorf("status", "status must be ideal, active, missing or retired")
	}
	l, err := s.store.Touchpoints(r.Context(), p.WorkspaceID, f, page)
	return respondList(w, l, err)
}

func (s *Server) createTouchpoint(w http.ResponseWriter, r *http.Request, p *principal) error {
	var t cx.Touchpoint
	if err := decodeJSON(w, r, &t); err != nil {
		return err
	}
	t, err := s.store.CreateTouchpoint(r.Context(), p.WorkspaceID, t)
	return respond(w, http.StatusCreated, t, err)
}

func (s *Server) getTouchpoint(w http.ResponseWriter, r *http.Request, p *principal) error {
	t, err := s.store.Touchpoint(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, t, err)
}

func (s *Server) putTouchpoint(w http.ResponseWriter, r *http.Request, p *principal) error {
	var t cx.Touchpoint
	if err := decodeJSON(w, r, &t); err != nil {
		return err
	}
	t.ID = r.PathValue("id")
	t, err := s.store.UpdateTouchpoint(r.Context(), p.WorkspaceID, t)
	return respond(w, http.StatusOK, t, err)
}

func (s *Server) deleteTouchpoint(w http.ResponseWriter, r *http.Request, p *principal) error {
	return noContent(w, s.store.DeleteTouchpoint(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (s *Server) listMilestones(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Milestones(r.Context(), p.WorkspaceID, page)
	return respondList(w, l, err)
}

func (s *Server) createMilestone(w http.ResponseWriter, r *http.Request, p *principal) error {
	var m cx.Milestone
	if err := decodeJSON(w, r, &m); err != nil {
		return err
	}
	m, err := s.store.CreateMilestone(r.Context(), p.WorkspaceID, m)
	return respond(w, http.StatusCreated, m, err)
}

func (s *Server) getMilestone(w http.ResponseWriter, r *http.Request, p *principal) error {
	m, err := s.store.Milestone(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, m, err)
}

func (s *Server) putMilestone(w http.ResponseWriter, r *http.Request, p *principal) error {
	var m cx.Milestone
	if err := decodeJSON(w, r, &m); err != nil {
		return err
	}
	m.ID = r.PathValue("id")
	m, err := s.store.UpdateMilestone(r.Context(), p.WorkspaceID, m)
	return respond(w, http.StatusOK, m, err)
}

func (s *Server) deleteMilestone(w http.ResponseWriter, r *http.Request, p *principal) error {
	return noContent(w, s.store.DeleteMilestone(r.Context(), p.WorkspaceID, r.PathValue("id")))
}
