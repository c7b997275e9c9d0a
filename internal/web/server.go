// Package web is cxm's HTTP face: the JSON API under /api/v1, the dashboard
// under /, health checks and metrics. Handlers are thin: decode, authorise,
// call the store, encode.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/store"
)

// Config is what the server needs to know about where it runs.
type Config struct {
	// BaseURL is the address people reach cxm at, such as
	// "https://cx.example.vn"; links in messages start with it.
	BaseURL string
	// Version is the binary's version, shown by /healthz.
	Version string
}

// Server serves every route of cxm.
type Server struct {
	cfg    Config
	store  *store.Store
	ingest *ingest.Pipeline
	// writeKeys remembers the workspaces of write keys; see writeKeyCache.
	writeKeys writeKeyCache
	log       *slog.Logger
	mux       *http.ServeMux
	routes    []string // every pattern registered, for the OpenAPI check
	metrics   *metrics
	logins    *loginLimiter
	origin    *http.CrossOriginProtection
	pages     *pages
	snippet   snippetFile

	surveyLimit *ipLimiter        // answers per IP on the public survey pages
	feedback    *feedback.Service // answering surveys, imports, invitations

	mu         sync.Mutex
	setupToken string // one-time owner sign-up while the server has no user
}

// New builds the server and its routes. Events sent to /v1 are stored by
// ing, which the caller starts and closes.
func New(cfg Config, st *store.Store, ing *ingest.Pipeline, log *slog.Logger) (*Server, error) {
	s := &Server{
		cfg:     cfg,
		store:   st,
		ingest:  ing,
		log:     log,
		mux:     http.NewServeMux(),
		metrics: newMetrics(st.DB()),
		logins:  newLoginLimiter(),
		origin:  http.NewCrossOriginProtection(),
		snippet: newSnippetFile(),

		surveyLimit: newIPLimiter(30, 2*time.Second),
		feedback:    feedback.New(st, ing, cfg.BaseURL, time.Now),
	}
	p, err := newPages()
	if err != nil {
		return nil, err
	}
	s.pages = p
	s.registerRoutes()
	return s, nil
}

// ServeHTTP serves a request, counting it for /metrics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.metrics.observe(s.mux, w, r)
}

// handle registers a route and remembers its pattern.
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.HandleFunc(pattern, h)
}

// Routes returns every registered pattern, such as "GET /api/v1/touchpoints".
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// SetupURL returns the one-time link that creates the first owner account,
// or "" once the server has a user.
func (s *Server) SetupURL(ctx context.Context) (string, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.setupToken == "" {
		s.setupToken, _ = newToken()
	}
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/setup/" + s.setupToken, nil
}
