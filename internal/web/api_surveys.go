package web

import (
	"net/http"

	"cxm/internal/cx"
)

func (s *Server) listSurveys(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Surveys(r.Context(), p.WorkspaceID, page)
	return respondList(w, l, err)
}

func (s *Server) createSurvey(w http.ResponseWriter, r *http.Request, p *principal) error {
	var sv cx.Survey
	if err := decodeJSON(w, r, &sv); err != nil {
		return err
	}
	sv, err := s.store.CreateSurvey(r.Context(), p.WorkspaceID, sv)
	return respond(w, http.StatusCreated, sv, err)
}

func (s *Server) getSurvey(w http.ResponseWriter, r *http.Request, p *principal) error {
	sv, err := s.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, sv, err)
}

// putSurvey replaces a survey. Changing the questions of a survey that has
// responses makes a new version; the answers keep theirs.
func (s *Server) putSurvey(w http.ResponseWriter, r *http.Request, p *principal) error {
	old, err := s.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	sv := old
	sv.Questions = nil
	if err := decodeJSON(w, r, &sv); err != nil {
		return err
	}
	sv.ID = old.ID
	sv, err = s.store.UpdateSurvey(r.Context(), p.WorkspaceID, sv)
	return respond(w, http.StatusOK, sv, err)
}

func (s *Server) deleteSurvey(w http.ResponseWriter, r *http.Request, p *principal) error {
	return noContent(w, s.store.DeleteSurvey(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (s *Server) listSurveyVersions(w http.ResponseWriter, r *http.Request, p *principal) error {
	vs, err := s.store.SurveyVersions(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, map[string]any{"items": vs}, err)
}

func (s *Server) listResponses(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Responses(r.Context(), p.WorkspaceID, r.PathValue("id"), page)
	return respondList(w, l, err)
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
func (s *Server) createResponse(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req responseRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	resp, err := s.feedback.SubmitResponse(r.Context(), p.WorkspaceID, cx.Response{SurveyID: r.PathValue("id"), CustomerID: req.CustomerID,
		Channel: req.Channel, Language: req.Language, Answers: req.Answers})
	return respond(w, http.StatusCreated, resp, err)
}
