package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"cxm/internal/account"
	"cxm/internal/alerts"
	"cxm/internal/analytics"
	"cxm/internal/demo"
	"cxm/internal/feedback"
	"cxm/internal/imports"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/text"
	"cxm/internal/web"
)

// serveConfig is the configuration of `cxm serve`: flags with CXM_* twins.
type serveConfig struct {
	db      dbFlags
	addr    string
	baseURL string
	logJSON bool
	smtpURL string // survey emails; none: they are logged, not sent
	smtpCA  string // PEM file of a private CA the SMTP server's certificate is signed by
	from    string
	demo    bool
	proxies string         // --trusted-proxies as given
	trusted []netip.Prefix // … as validate parsed it
	// maxUpload is the largest file the dashboard imports, in MB.
	maxUpload int64
}

func (c *serveConfig) validate() error {
	if _, _, err := net.SplitHostPort(c.addr); err != nil {
		return fmt.Errorf("--addr %q: want host:port, such as 127.0.0.1:8080", c.addr)
	}
	if c.maxUpload < 1 || c.maxUpload > 100_000 {
		return fmt.Errorf("--max-upload %d: want a size in MB from 1 to 100000", c.maxUpload)
	}
	if c.baseURL != "" && !strings.HasPrefix(c.baseURL, "http://") && !strings.HasPrefix(c.baseURL, "https://") {
		return fmt.Errorf("--base-url %q: want http://… or https://…", c.baseURL)
	}
	var err error
	c.trusted, err = parseProxies(c.proxies)
	return err
}

// parseProxies reads a comma-separated list of CIDRs (a bare address is
// one host).
func parseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, fmt.Errorf("--trusted-proxies %q: want CIDRs separated by commas, such as 10.0.0.0/8,::1/128", s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func serve(ctx context.Context, env environment, args []string) error {
	var cfg serveConfig
	fs := newFlagSet("serve", "cxm serve [flags]", env)
	cfg.db.register(fs, env.getenv)
	fs.StringVar(&cfg.addr, "addr", orDefault(env.getenv("CXM_ADDR"), "127.0.0.1:8080"), "address to listen on (env CXM_ADDR)")
	fs.StringVar(&cfg.baseURL, "base-url", env.getenv("CXM_BASE_URL"),
		"address people reach cxm at, for links; default http://ADDR (env CXM_BASE_URL)")
	fs.StringVar(&cfg.smtpURL, "smtp-url", env.getenv("CXM_SMTP_URL"),
		"SMTP server for survey and invitation emails, smtp://user:pass@host:587 or smtps://…:465; empty: emails are logged, not sent (env CXM_SMTP_URL)")
	fs.StringVar(&cfg.smtpCA, "smtp-ca-file", env.getenv("CXM_SMTP_CA_FILE"),
		"PEM file of a private CA to trust for the SMTP server's certificate (STARTTLS then required); default the system's CAs (env CXM_SMTP_CA_FILE)")
	fs.StringVar(&cfg.from, "mail-from", orDefault(env.getenv("CXM_MAIL_FROM"), "cxm@localhost"),
		"sender address of survey emails (env CXM_MAIL_FROM)")
	fs.StringVar(&cfg.proxies, "trusted-proxies", env.getenv("CXM_TRUSTED_PROXIES"),
		"reverse proxies whose X-Forwarded-For names the client, as CIDRs separated by commas; default none (env CXM_TRUSTED_PROXIES)")
	fs.BoolVar(&cfg.logJSON, "log-json", env.getenv("CXM_LOG_JSON") == "true", "log in JSON instead of text (env CXM_LOG_JSON)")
	fs.BoolVar(&cfg.demo, "demo", env.getenv("CXM_DEMO") == "true",
		"on an empty database, create the demo café chain \"Cà phê Demo\": 400 customers and a year of events and feedback (env CXM_DEMO)")
	maxUpload := int64(imports.DefaultMaxUpload >> 20)
	if v := env.getenv("CXM_MAX_UPLOAD"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("CXM_MAX_UPLOAD %q: want a whole number of MB", v)
		}
		maxUpload = n
	}
	fs.Int64Var(&cfg.maxUpload, "max-upload", maxUpload,
		"largest CSV file the dashboard imports, in MB; a larger one is refused with 413 while it arrives (env CXM_MAX_UPLOAD)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	var log *slog.Logger
	if cfg.logJSON {
		log = slog.New(slog.NewJSONHandler(env.stderr, nil))
	} else {
		log = slog.New(slog.NewTextHandler(env.stderr, nil))
	}

	// One counted sender for every email, so that /metrics shows them all.
	mail := feedback.Counted(feedback.LogSender{Log: log})
	var smtp feedback.Sender // nil without SMTP: invitation links are only shown
	if cfg.smtpURL != "" {
		s, err := feedback.NewSMTP(cfg.smtpURL, cfg.from)
		if err != nil {
			return fmt.Errorf("--smtp-url: %w", err)
		}
		if cfg.smtpCA != "" {
			if err := s.TrustCA(cfg.smtpCA); err != nil {
				return fmt.Errorf("--smtp-ca-file: %w", err)
			}
		}
		mail = feedback.Counted(s)
		smtp = mail
	} else if cfg.smtpCA != "" {
		return errors.New("--smtp-ca-file: without --smtp-url no email is sent; set both or neither")
	}

	analyzer, err := text.New() // the embedded models, read once
	if err != nil {
		return err
	}
	st, err := cfg.db.open(ctx)
	if err != nil {
		var tooNew *store.ErrSchemaTooNew
		if errors.As(err, &tooNew) {
			return fmt.Errorf("refusing to start: %w", err)
		}
		return err
	}
	defer st.Close()
	st.SetLogger(log)

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	base := cfg.baseURL
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	pipe := ingest.New(st, log)
	pipe.Start(ctx)
	defer pipe.Close() // after the HTTP server, before the store
	var login demo.Login
	var seeded bool
	if cfg.demo {
		if login, seeded, err = demo.Seed(ctx, st, pipe, time.Now()); err != nil {
			ln.Close()
			return fmt.Errorf("demo: %w", err)
		}
	}
	srv, err := web.New(web.Config{BaseURL: base, Version: version, TrustedProxies: cfg.trusted, Mail: smtp,
		UploadDir: filepath.Join(cfg.db.dataDir, "uploads"), MaxUpload: cfg.maxUpload << 20,
		Collectors: []prometheus.Collector{mail}}, st, pipe, log)
	if err != nil {
		ln.Close()
		return err
	}
	httpServer := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	fmt.Fprintf(env.stdout, "cxm %s listening on %s (database: %s)\n", version, base, st.Engine())
	if link, err := srv.SetupURL(ctx); err != nil {
		return err
	} else if link != "" {
		fmt.Fprintf(env.stdout, "No account yet. Open this one-time link to create the owner account:\n  %s\n", link)
	}
	printDemo(env, base, cfg.demo, seeded, login)

	workerCtx, stopWorkers := context.WithCancel(context.Background())
	var workers sync.WaitGroup
	workers.Go(func() { cleanSessions(workerCtx, st, log) })
	workers.Go(func() { feedback.NewWorker(st, mail, base, log).Run(workerCtx) })
	workers.Go(func() { feedback.NewTextWorker(st, analyzer, log).Run(workerCtx) })
	workers.Go(func() { srv.Imports().Run(workerCtx) })
	workers.Go(func() { srv.CaseWorker().Run(workerCtx) })
	workers.Go(func() { analytics.NewWorker(st, log).Run(workerCtx) })
	workers.Go(func() { srv.Analytics().Run(workerCtx, log) })
	workers.Go(func() { analytics.NewStandardsWorker(st, log).Run(workerCtx) })
	workers.Go(func() { alerts.NewMilestoneScheduler(st, log).Run(workerCtx) })
	workers.Go(func() { alerts.NewEvaluator(st, mail, base, log).Run(workerCtx) })

	serveErr := make(chan error, 1)
	go func() { serveErr <- httpServer.Serve(ln) }()
	select {
	case err := <-serveErr:
		stopWorkers()
		workers.Wait()
		return err
	case <-ctx.Done():
	}

	// Shut down in reverse order: requests in flight finish, then the
	// workers stop, then the ingestion pipeline commits what is queued and
	// the store closes (both deferred above).
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = httpServer.Shutdown(shutdownCtx)
	stopWorkers()
	workers.Wait()
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	fmt.Fprintln(env.stdout, "cxm stopped")
	return nil
}

// printDemo tells how to sign in to the demo just made, or why none was.
func printDemo(env environment, base string, asked, seeded bool, login demo.Login) {
	switch {
	case seeded:
		fmt.Fprintf(env.stdout, "Demo workspace %q is ready. Sign in at %s/login\n  email:    %s\n  password: %s  (one-time: you choose your own at the first sign-in)\n",
			demo.WorkspaceName, strings.TrimSuffix(base, "/"), login.Email, login.Password)
	case asked:
		fmt.Fprintln(env.stdout, "Demo not created: the database already has a workspace.")
	}
}

// cleanSessions deletes expired sessions, and failed sign-ins the throttle
// no longer counts, every hour until ctx ends.
func cleanSessions(ctx context.Context, st *store.Store, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	accounts := account.New(st, time.Now)
	for {
		if n, err := st.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			log.Warn("cleaning sessions", "err", err)
		} else if n > 0 {
			log.Info("expired sessions deleted", "count", n)
		}
		if _, err := accounts.ForgetSignInFailures(ctx); err != nil && ctx.Err() == nil {
			log.Warn("forgetting old failed sign-ins", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
