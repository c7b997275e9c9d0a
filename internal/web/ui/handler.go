// Package ui holds the dashboard's page handlers: one file per area, each
// handler reading its form, calling one use case and rendering a page
// through package view. Package web signs people in around them.
package ui

import (
	"log/slog"
	"net/http"
	"strings"

	"cxm/internal/account"
	"cxm/internal/alerts"
	"cxm/internal/analytics"
	"cxm/internal/feedback"
	"cxm/internal/imports"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// Handler serves the dashboard. Its methods are listed in web's routes.go.
type Handler struct {
	store    *store.Store
	ingest   *ingest.Pipeline
	rules    *ingest.Rules // saving a rule tells the writer and remaps
	accounts *account.Service
	feedback *feedback.Service  // answering surveys, imports, invitations
	imports  *imports.Service   // uploaded files, imported in the background
	measure  *analytics.Service // every number the analytics pages show
	alerts   *alerts.Service    // alert rules, customers' milestones (UseAlerts)
	pages    *view.Pages
	baseURL  string // links shown to people start with it
	log      *slog.Logger
	origin   *http.CrossOriginProtection // sign-in and setup forms must come from this site
}

// New returns the dashboard handlers.
func New(st *store.Store, ing *ingest.Pipeline, rules *ingest.Rules, accounts *account.Service, surveys *feedback.Service, imp *imports.Service, measure *analytics.Service, pages *view.Pages, origin *http.CrossOriginProtection, baseURL string, log *slog.Logger) *Handler {
	return &Handler{store: st, ingest: ing, rules: rules, accounts: accounts, feedback: surveys, imports: imp, measure: measure, pages: pages,
		baseURL: strings.TrimSuffix(baseURL, "/"), log: log, origin: origin}
}
