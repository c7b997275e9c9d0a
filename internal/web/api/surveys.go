package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/web/httpio"
)

func (h *Handler) ListSurveys(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.Surveys(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) CreateSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var sv cx.Survey
	if err := httpio.DecodeJSON(w, r, &sv); err != nil {
		return err
	}
	sv, err := h.store.CreateSurvey(r.Context(), p.WorkspaceID, sv)
	return httpio.Respond(w, http.StatusCreated, sv, err)
}

func (h *Handler) GetSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	sv, err := h.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, sv, err)
}

// putSurvey replaces a survey. Changing the questions of a survey that has
// responses makes a new version; the answers keep theirs.
func (h *Handler) PutSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	old, err := h.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	sv := old
	sv.Questions = nil
	if err := httpio.DecodeJSON(w, r, &sv); err != nil {
		return err
	}
	sv.ID = old.ID
	sv, err = h.store.UpdateSurvey(r.Context(), p.WorkspaceID, sv)
	return httpio.Respond(w, http.StatusOK, sv, err)
}

func (h *Handler) DeleteSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.store.DeleteSurvey(r.Context(), p.WorkspaceID, r.PathValue("id")))
}

func (h *Handler) ListSurveyVersions(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	vs, err := h.store.SurveyVersions(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, map[string]any{"items": vs}, err)
}

func (h *Handler) ListResponses(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.Responses(r.Context(), p.WorkspaceID, r.PathValue("id"), page)
	return httpio.RespondList(w, l, err)
}

// responseRequest is a whole response sent through the API, such as answers
// collected by a call centre or another tool.
type responseRequest struct {
	CustomerID  string      `json:"customer_id"`
	Channel     string      `json:"channel"`
	Language    string      `json:"language"`
	SubmittedAt string      `json:"submitted_at"` // RFC 3339; now when empty
	Answers     []cx.Answer `json:"answers"`
}

// createResponse records a whole response: every answer is checked as the
// survey page would, and all are stored together or none.
func (h *Handler) CreateResponse(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req responseRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	at, err := httpio.OptionalTime("submitted_at", req.SubmittedAt)
	if err != nil {
		return err
	}
	resp, err := h.feedback.SubmitResponse(r.Context(), p.WorkspaceID, cx.Response{SurveyID: r.PathValue("id"), CustomerID: req.CustomerID,
		Channel: req.Channel, Language: req.Language, Answers: req.Answers, CompletedAt: at})
	return httpio.Respond(w, http.StatusCreated, resp, err)
}

// ImportResponses brings a history of responses to a survey from a CSV
// file (Google Forms or another tool): the rows that check go in, the
// others are reported with their line and column. The body is read as
// CSV whatever its Content-Type says: the survey is looked up first.
func (h *Handler) ImportResponses(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rep, err := h.feedback.ImportResponsesCSV(r.Context(), p.WorkspaceID, http.MaxBytesReader(w, r.Body, maxCSVBody),
		feedback.ResponseFile{SurveyID: r.PathValue("id"), DateOrder: r.URL.Query().Get("date_order")})
	if httpio.IsTooLarge(err) {
		err = cx.Errorf(cx.TooLarge, "the body is larger than %d bytes", maxCSVBody)
	}
	return httpio.Respond(w, http.StatusOK, rep, err)
}
