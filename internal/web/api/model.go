package api

import (
	"net/http"
	"slices"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

func (h *Handler) GetWorkspace(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ws, err := h.store.Workspace(r.Context(), p.WorkspaceID)
	return httpio.Respond(w, http.StatusOK, ws, err)
}

func (h *Handler) PutWorkspace(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var ws cx.Workspace
	if err := httpio.DecodeJSON(w, r, &ws); err != nil {
		return err
	}
	ws.ID = p.WorkspaceID
	ws, err := h.store.UpdateWorkspace(r.Context(), ws)
	return httpio.Respond(w, http.StatusOK, ws, err)
}

func (h *Handler) GetCXModel(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	m, err := h.store.CXModel(r.Context(), p.WorkspaceID)
	return httpio.Respond(w, http.StatusOK, m, err)
}

func (h *Handler) PutCXModel(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var m cx.CXModel
	if err := httpio.DecodeJSON(w, r, &m); err != nil {
		return err
	}
	m, err := h.store.ReplaceCXModel(r.Context(), p.WorkspaceID, m)
	return httpio.Respond(w, http.StatusOK, m, err)
}

func (h *Handler) ListJourneys(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.Journeys(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) CreateJourney(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var j cx.Journey
	if err := httpio.DecodeJSON(w, r, &j); err != nil {
		return err
	}
	j, err := h.store.CreateJourney(r.Context(), p.WorkspaceID, j)
	return httpio.Respond(w, http.StatusCreated, j, err)
}

func (h *Handler) GetJourney(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	j, err := h.store.Journey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, j, err)
}

func (h *Handler) PutJourney(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var j cx.Journey
	if err := httpio.DecodeJSON(w, r, &j); err != nil {
		return err
	}
	j.ID = r.PathValue("id")
	j, err := h.store.UpdateJourney(r.Context(), p.WorkspaceID, j)
	return httpio.Respond(w, http.StatusOK, j, err)
}

func (h *Handler) DeleteJourney(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.store.DeleteJourney(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (h *Handler) ListTouchpoints(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
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
	l, err := h.store.Touchpoints(r.Context(), p.WorkspaceID, f, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) CreateTouchpoint(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var t cx.Touchpoint
	if err := httpio.DecodeJSON(w, r, &t); err != nil {
		return err
	}
	t, err := h.store.CreateTouchpoint(r.Context(), p.WorkspaceID, t)
	return httpio.Respond(w, http.StatusCreated, t, err)
}

func (h *Handler) GetTouchpoint(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	t, err := h.store.Touchpoint(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, t, err)
}

func (h *Handler) PutTouchpoint(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var t cx.Touchpoint
	if err := httpio.DecodeJSON(w, r, &t); err != nil {
		return err
	}
	t.ID = r.PathValue("id")
	t, err := h.store.UpdateTouchpoint(r.Context(), p.WorkspaceID, t)
	return httpio.Respond(w, http.StatusOK, t, err)
}

func (h *Handler) DeleteTouchpoint(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.store.DeleteTouchpoint(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (h *Handler) ListMilestones(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.Milestones(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) CreateMilestone(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var m cx.Milestone
	if err := httpio.DecodeJSON(w, r, &m); err != nil {
		return err
	}
	m, err := h.store.CreateMilestone(r.Context(), p.WorkspaceID, m)
	return httpio.Respond(w, http.StatusCreated, m, err)
}

func (h *Handler) GetMilestone(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	m, err := h.store.Milestone(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, m, err)
}

func (h *Handler) PutMilestone(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var m cx.Milestone
	if err := httpio.DecodeJSON(w, r, &m); err != nil {
		return err
	}
	m.ID = r.PathValue("id")
	m, err := h.store.UpdateMilestone(r.Context(), p.WorkspaceID, m)
	return httpio.Respond(w, http.StatusOK, m, err)
}

func (h *Handler) DeleteMilestone(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.store.DeleteMilestone(r.Context(), p.WorkspaceID, r.PathValue("id")))
}
