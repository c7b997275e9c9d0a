package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

// CorrectFeedbackLabel serves PUT /api/v1/feedback/{id}/label: a member's
// correction of a text's sentiment (and aspects), which the workspace's
// model then learns.
func (h *Handler) CorrectFeedbackLabel(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var in cx.CorrectLabel
	if err := httpio.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := h.feedback.CorrectLabel(r.Context(), p.WorkspaceID, actorID(p), r.PathValue("id"), in)
	return httpio.Respond(w, http.StatusOK, a, err)
}

// actorID names who acts: the signed-in member, or the secret key.
func actorID(p *account.Principal) string {
	switch {
	case p.Member != nil:
		return p.Member.ID
	case p.Key != nil:
		return p.Key.ID
	}
	return "operator"
}

// ListTextAspects serves GET /api/v1/text/aspects.
func (h *Handler) ListTextAspects(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	tax, err := h.feedback.TextAspects(r.Context(), p.WorkspaceID)
	return httpio.Respond(w, http.StatusOK, tax, err)
}

// PutTextAspect serves PUT /api/v1/text/aspects/{key}.
func (h *Handler) PutTextAspect(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var a cx.TextAspect
	if err := httpio.DecodeJSON(w, r, &a); err != nil {
		return err
	}
	a.Key = r.PathValue("key")
	saved, err := h.feedback.SaveTextAspect(r.Context(), p.WorkspaceID, a)
	return httpio.Respond(w, http.StatusOK, saved, err)
}

// DeleteTextAspect serves DELETE /api/v1/text/aspects/{key}.
func (h *Handler) DeleteTextAspect(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.feedback.DeleteTextAspect(r.Context(), p.WorkspaceID, r.PathValue("key")))
}

// AnalyticsSentiment serves GET /api/v1/analytics/sentiment.
func (h *Handler) AnalyticsSentiment(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	res, err := h.measure.Sentiment(r.Context(), p.WorkspaceID, r.URL.Query())
	return httpio.RespondTable(w, r, "sentiment", res, err)
}

// AnalyticsAspects serves GET /api/v1/analytics/aspects.
func (h *Handler) AnalyticsAspects(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	res, err := h.measure.Aspects(r.Context(), p.WorkspaceID, r.URL.Query())
	return httpio.RespondTable(w, r, "aspects", res, err)
}
