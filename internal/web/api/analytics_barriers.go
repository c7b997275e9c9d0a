package api

import (
	"net/http"

	"cxm/internal/account"
)

// AnalyticsBarriers serves GET /api/v1/analytics/barriers: the stages with
// the largest drop-off, their lowest-scoring touchpoints and what their
// negative comments say most often.
func (h *Handler) AnalyticsBarriers(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "barriers", h.measure.Barriers)
}

// AnalyticsEventFunnel serves GET /api/v1/analytics/event-funnel: how many
// customers did a series of events in order.
func (h *Handler) AnalyticsEventFunnel(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return respondMeasure(w, r, p, "event-funnel", h.measure.EventFunnel)
}
