// Package public holds what respondents and sites call without signing in:
// the survey pages under /s/, the survey widget's API, the tracking snippet
// /js/cxm.js and the Segment-compatible ingestion under /v1.
package public

import (
	"log/slog"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// Handler serves the public surfaces. Its methods are listed in web's
// routes.go.
type Handler struct {
	store       *store.Store
	ingest      *ingest.Pipeline
	accounts    *account.Service // write keys
	pages       *view.Pages
	baseURL     string // survey links start with it
	log         *slog.Logger
	snippet     snippetFile
	surveyLimit *ipLimiter // answers per IP on the public survey pages
}

// New returns the public handlers.
func New(st *store.Store, ing *ingest.Pipeline, accounts *account.Service, pages *view.Pages, baseURL string, log *slog.Logger) *Handler {
	return &Handler{store: st, ingest: ing, accounts: accounts, pages: pages, baseURL: strings.TrimSuffix(baseURL, "/"), log: log,
		snippet: newSnippetFile(), surveyLimit: newIPLimiter(30, 2*time.Second)}
}
