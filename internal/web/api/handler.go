// Package api holds the JSON handlers of /api/v1. Each decodes the request,
// calls one use case (in a feature package, or the store for plain reads
// and writes) and encodes the answer; authentication and the mapping of
// errors to statuses are done around them by package web.
package api

import (
	"cxm/internal/account"
	"cxm/internal/alerts"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/store"
)

// Handler serves the JSON API. Its methods are listed in web's routes.go.
type Handler struct {
	store    *store.Store     // plain reads and writes that no rule guards
	ingest   *ingest.Pipeline // resolving identity conflicts, in the writer
	rules    *ingest.Rules    // saving a rule tells the writer and remaps
	accounts *account.Service
	feedback *feedback.Service  // answering surveys, imports, invitations
	measure  *analytics.Service // the measures of the CX model
	alerts   *alerts.Service    // alert rules, customers' milestones (UseAlerts)
	// eventLabel names a standard Segment event in both languages (the
	// dashboard's catalogue), the name itself for any other event.
	eventLabel func(name string) cx.Text
}

// New returns the API handlers.
func New(st *store.Store, ing *ingest.Pipeline, rules *ingest.Rules, accounts *account.Service, surveys *feedback.Service, measure *analytics.Service,
	eventLabel func(name string) cx.Text) *Handler {
	return &Handler{store: st, ingest: ing, rules: rules, accounts: accounts, feedback: surveys, measure: measure, eventLabel: eventLabel}
}
