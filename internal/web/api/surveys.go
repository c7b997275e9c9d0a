package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

func (s *Handler) ListSurveys(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Surveys(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (s *Handler) CreateSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var sv cx.Survey
	if err := httpio.DecodeJSON(w, r, &sv); err != nil {
		return err
	}
	sv, err := s.store.CreateSurvey(r.Context(), p.WorkspaceID, sv)
	return httpio.Respond(w, http.StatusCreated, sv, err)
}

func (s *Handler) GetSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	sv, err := s.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, sv, err)
}

// putSurvey replaces a survey. Changing the questions of a survey that has
// responses makes a new version; the answers keep theirs.
func (s *Handler) PutSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	old, err := s.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	sv := old
	sv.Questions = nil
	if err := httpio.DecodeJSON(w, r, &sv); err != nil {
		return err
	}
	sv.ID = old.ID
	sv, err = s.store.UpdateSurvey(r.Context(), p.WorkspaceID, sv)
	return httpio.Respond(w, http.StatusOK, sv, err)
}

func (s *Handler) DeleteSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, s.store.DeleteSurvey(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (s *Handler) ListSurveyVersions(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	vs, err := s.store.SurveyVersions(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, map[string]any{"items": vs}, err)
}

func (s *Handler) ListResponses(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Responses(r.Context(), p.WorkspaceID, r.PathValue("id"), page)
	return httpio.RespondList(w, l, err)
}

// responseRequest is a whole response sent through the API, such as answers
// collected by a call centre or another tool.
type responseRequest struct {
	CustomerID string      `json:"customer_id"`
	Channel    string      `json:"channel"`
	Language   string      `json:"language"`
	Answers    []cx.Answer `json:"answers"`
}

// createResponse records a whole response: every answer is checked as the
// survey page would, and all are stored together or none.
func (s *Handler) CreateResponse(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req responseRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	resp, err := s.feedback.SubmitResponse(r.Context(), p.WorkspaceID, cx.Response{SurveyID: r.PathValue("id"), CustomerID: req.CustomerID,
		Channel: req.Channel, Language: req.Language, Answers: req.Answers})
	return httpio.Respond(w, http.StatusCreated, resp, err)
}
