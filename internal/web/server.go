// Package web is cxm's HTTP plumbing: the server, the one routes file that
// lists every route of every surface, the authentication wrappers, health
// checks and metrics. The handlers live by surface in web/api (JSON),
// web/ui (dashboard pages) and web/public (what respondents and sites
// call); web/view renders HTML and web/httpio is what they share.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"cxm/internal/account"
	"cxm/internal/alerts"
	"cxm/internal/analytics"
	"cxm/internal/cases"
	"cxm/internal/feedback"
	"cxm/internal/imports"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/web/api"
	"cxm/internal/web/httpio"
	"cxm/internal/web/public"
	"cxm/internal/web/ui"
	"cxm/internal/web/view"
)

// Config is what the server needs to know about where it runs.
type Config struct {
	// BaseURL is the address people reach cxm at, such as
	// "https://cx.example.vn"; links in messages start with it.
	BaseURL string
	// Version is the binary's version, shown by /healthz.
	Version string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (for rate limits and the sign-in throttle); none: the
	// header is ignored.
	TrustedProxies []netip.Prefix
	// Mail sends the emails of user invitations; nil when no SMTP is
	// configured, and then their links are only shown to who invited.
	Mail feedback.Sender
	// UploadDir is where files uploaded in the dashboard wait for their
	// import: under the data directory, so that a restarted server finds
	// them. MaxUpload is the largest file taken (imports.DefaultMaxUpload
	// when 0).
	UploadDir string
	MaxUpload int64
	// Collectors are metrics of what the caller builds beside the server
	// (such as the feedback worker's mail), served on /metrics with the
	// server's own.
	Collectors []prometheus.Collector
}

// Server serves every route of cxm.
type Server struct {
	cfg      Config
	store    *store.Store
	log      *slog.Logger
	mux      *http.ServeMux
	routes   []string // every pattern registered, for the OpenAPI check
	metrics  *metrics
	origin   *http.CrossOriginProtection
	pages    *view.Pages
	accounts *account.Service   // users, keys, sessions and the sign-in throttle
	imports  *imports.Service   // uploads imported in the background; the caller runs it
	measure  *analytics.Service // the measures; the caller runs its rollup rebuilds

	cases     *cases.Worker // follow-up cases' worker; the caller runs it
	caseAPI   *api.Cases
	casePages *ui.Cases
	jsonAPI   *api.Handler
	dashboard *ui.Handler
	public    *public.Handler
}

// New builds the server and its routes. Events sent to /v1 are stored by
// ing, which the caller starts and closes.
func New(cfg Config, st *store.Store, ing *ingest.Pipeline, log *slog.Logger) (*Server, error) {
	pages, err := view.New(st, log)
	if err != nil {
		return nil, err
	}
	accounts := account.New(st, time.Now)
	accounts.SendInvitations(cfg.BaseURL, invitationMailer(cfg.Mail, log))
	rules := ingest.NewRules(st, ing)
	surveys := feedback.New(st, ing, cfg.BaseURL, time.Now)
	imp := imports.New(st, ing, surveys, cfg.UploadDir, cfg.MaxUpload, log)
	measure := analytics.New(st, time.Now)
	followUp := cases.New(st, surveys, cfg.Mail, cfg.BaseURL, time.Now, log)
	origin := http.NewCrossOriginProtection()
	s := &Server{
		cfg:      cfg,
		store:    st,
		log:      log,
		mux:      http.NewServeMux(),
		metrics:  newMetrics(st.DB(), append([]prometheus.Collector{ing.Collector(), st.JobsCollector()}, cfg.Collectors...)...),
		origin:   origin,
		pages:    pages,
		accounts: accounts,
		imports:  imp,
		measure:  measure,

		cases:     cases.NewWorker(followUp),
		caseAPI:   api.NewCases(st, followUp, time.Now),
		jsonAPI:   api.New(st, ing, rules, accounts, surveys, measure, pages.EventLabel),
		dashboard: ui.New(st, ing, rules, accounts, surveys, imp, measure, pages, origin, cfg.BaseURL, log),
		public:    public.New(ing, accounts, surveys, pages, cfg.BaseURL, log),
	}
	loop := alerts.New(st)
	s.jsonAPI.UseAlerts(loop)
	s.dashboard.UseAlerts(loop)
	s.casePages = ui.NewCases(s.dashboard, followUp)
	s.registerRoutes()
	return s, nil
}

// invitationMailer sends the emails of user invitations through m (nil
// without SMTP), logging failures: the admin still has the link.
func invitationMailer(m feedback.Sender, log *slog.Logger) account.Mailer {
	if m == nil {
		return nil
	}
	return func(ctx context.Context, to, subject, text string) error {
		err := m.Send(ctx, feedback.Message{To: to, Subject: subject, Text: text})
		if err != nil {
			log.Warn("invitation email not sent", "err", err)
		}
		return err
	}
}

// Imports is the service that runs uploaded files' imports: the caller
// runs it (Run) beside the server and stops it before closing the store.
func (s *Server) Imports() *imports.Service { return s.imports }

// Analytics is the service of the measures: the caller runs it (Run)
// beside the server, to rebuild the rollups of a workspace whose time zone
// changed.
func (s *Server) Analytics() *analytics.Service { return s.measure }

// CaseWorker is the worker of follow-up cases (opening them from new
// feedback, deadlines, notices): the caller runs it (Run) beside the server.
func (s *Server) CaseWorker() *cases.Worker { return s.cases }

// ServeHTTP serves a request, counting it for /metrics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(s.cfg.TrustedProxies) > 0 {
		r = r.WithContext(httpio.TrustProxies(r.Context(), s.cfg.TrustedProxies))
	}
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
	token, err := s.accounts.SetupToken(ctx)
	if err != nil || token == "" {
		return "", err
	}
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/setup/" + token, nil
}
