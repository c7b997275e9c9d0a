// Package api holds the JSON handlers of /api/v1. Each decodes the request,
// calls one use case (in a feature package, or the store for plain reads
// and writes) and encodes the answer; authentication and the mapping of
// errors to statuses are done around them by package web.
package api

import (
	"log/slog"
	"strings"

	"cxm/internal/account"
	"cxm/internal/ingest"
	"cxm/internal/store"
)

// Handler serves the JSON API. Its methods are listed in web's routes.go.
type Handler struct {
	store    *store.Store
	ingest   *ingest.Pipeline
	rules    *ingest.Rules // saving a rule tells the writer and remaps
	accounts *account.Service
	baseURL  string // survey links start with it
	log      *slog.Logger
}

// New returns the API handlers.
func New(st *store.Store, ing *ingest.Pipeline, rules *ingest.Rules, accounts *account.Service, baseURL string, log *slog.Logger) *Handler {
	return &Handler{store: st, ingest: ing, rules: rules, accounts: accounts, baseURL: strings.TrimSuffix(baseURL, "/"), log: log}
}
