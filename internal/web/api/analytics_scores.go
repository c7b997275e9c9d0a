package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/web/httpio"
)

// The score measures: JSON, or CSV with Accept: text/csv or ?format=csv.

// AnalyticsScores serves GET /api/v1/analytics/scores.
func (h *Handler) AnalyticsScores(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	res, err := h.measure.Scores(r.Context(), p.WorkspaceID, r.URL.Query())
	return httpio.RespondTable(w, r, "scores", res, err)
}

// AnalyticsGoals serves GET /api/v1/analytics/goals.
func (h *Handler) AnalyticsGoals(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	res, err := h.measure.Goals(r.Context(), p.WorkspaceID)
	return httpio.RespondTable(w, r, "goals", res, err)
}

// AnalyticsDrivers serves GET /api/v1/analytics/drivers.
func (h *Handler) AnalyticsDrivers(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	res, err := h.measure.Drivers(r.Context(), p.WorkspaceID, r.URL.Query())
	return httpio.RespondTable(w, r, "drivers", res, err)
}

// AnalyticsEmotionCurve serves GET /api/v1/analytics/emotion-curve.
func (h *Handler) AnalyticsEmotionCurve(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	res, err := h.measure.EmotionCurve(r.Context(), p.WorkspaceID, r.URL.Query())
	return httpio.RespondTable(w, r, "emotion-curve", res, err)
}
