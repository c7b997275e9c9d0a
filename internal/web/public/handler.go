// Package public holds what respondents and sites call without signing in:
// the survey pages under /s/, the survey widget's API, the tracking snippet
// /js/cxm.js and the Segment-compatible ingestion under /v1.
package public

import (
	"log/slog"
	"strings"
	"time"

	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// Handler serves the public surfaces. Its methods are listed in web's
// routes.go.
type Handler struct {
	store       *store.Store
	ingest      *ingest.Pipeline
	pages       *view.Pages
	writeKeys   *httpio.WriteKeyCache
	baseURL     string // survey links start with it
	log         *slog.Logger
	snippet     snippetFile
	surveyLimit *ipLimiter // answers per IP on the public survey pages
}

// New returns the public handlers.
func New(st *store.Store, ing *ingest.Pipeline, pages *view.Pages, writeKeys *httpio.WriteKeyCache, baseURL string, log *slog.Logger) *Handler {
	return &Handler{store: st, ingest: ing, pages: pages, writeKeys: writeKeys, baseURL: strings.TrimSuffix(baseURL, "/"), log: log,
		snippet: newSnippetFile(), surveyLimit: newIPLimiter(30, 2*time.Second)}
}
