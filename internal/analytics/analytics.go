// Package analytics measures the customer experience: scores (NPS, CSAT,
// CES, stars, criteria), goals, loyalty, journeys, touchpoints and drivers.
// The formulas are written down in docs/metrics.md; every result carries a
// short definition. Results are computed from rollups and per-customer state
// that are kept up to date as data arrives, never from raw rows on a
// dashboard request, except the ad-hoc event funnels.
package analytics

import (
	"time"

	"cxm/internal/store"
)

// Service answers the analytics queries of one server.
type Service struct {
	store *store.Store
	now   func() time.Time
	cuts  cutCache // RFM score cuts, for customer profiles (rfm.go)
}

// New returns the analytics service. now is the clock that decides what
// "today" is for default windows; tests drive it.
func New(st *store.Store, now func() time.Time) *Service {
	return &Service{store: st, now: now}
}
