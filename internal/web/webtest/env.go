// Package webtest starts the whole cxm server on a real store over real
// HTTP for the tests of every surface (web, web/api, web/ui, web/public):
// one starter, API calls with a key or a session, a cookie-keeping page
// client, headless Chromium and an SMTP mailbox.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
	"cxm/internal/web"
)

// Env is a real server on a real store, listening on a loopback port.
type Env struct {
	T      testing.TB
	Store  *store.Store
	Ingest *ingest.Pipeline
	Server *web.Server
	URL    string // the server's base URL, also its configured BaseURL
	// UploadDir is where uploads wait for their import.
	UploadDir string
}

// MaxUpload is an option of Start: the largest upload the server takes.
func MaxUpload(bytes int64) func(*web.Config) {
	return func(c *web.Config) { c.MaxUpload = bytes }
}

// Mail is an option of Start: the server sends its e-mail through m.
func Mail(m feedback.Sender) func(*web.Config) {
	return func(c *web.Config) { c.Mail = m }
}

// BaseURL is an option of Start: the address the server says it is
// reached at, such as a proxy's in front of it (Env.URL stays its own).
func BaseURL(url string) func(*web.Config) {
	return func(c *web.Config) { c.BaseURL = url }
}

// Start opens a store (SQLite, or PostgreSQL with CXM_TEST_DATABASE_URL),
// starts the ingestion pipeline, the imports' and the cases' workers and serves cxm on
// 127.0.0.1, all closed when the test ends. Options change the server's
// configuration, such as the largest upload.
func Start(t testing.TB, options ...func(*web.Config)) *Env {
	t.Helper()
	st := storetest.Open(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ing := ingest.New(st, log)
	ing.Start(context.Background())
	t.Cleanup(ing.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg := web.Config{BaseURL: base, Version: "test", UploadDir: filepath.Join(t.TempDir(), "uploads")}
	for _, o := range options {
		o(&cfg)
	}
	srv, err := web.New(cfg, st, ing, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); srv.Imports().Run(ctx) }()
	rebuilt := make(chan struct{})
	go func() { defer close(rebuilt); srv.Analytics().Run(ctx, log) }()
	followUp := make(chan struct{})
	go func() { defer close(followUp); srv.CaseWorker().Run(ctx) }()
	t.Cleanup(func() { stop(); <-done; <-rebuilt; <-followUp })
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return &Env{T: t, Store: st, Ingest: ing, Server: srv, URL: base, UploadDir: cfg.UploadDir}
}

// Workspace creates a workspace and a secret key for it.
func (e *Env) Workspace(name string) (wsID, key string) {
	e.T.Helper()
	w := storetest.Workspace(e.T, e.Store, name)
	return w.ID, e.Key(w.ID, cx.KeySecret)
}

// Key creates an API key of kind (cx.KeySecret, cx.KeyWrite) in a workspace.
func (e *Env) Key(wsID, kind string) string {
	e.T.Helper()
	key, hash, prefix := secret.NewAPIKey(kind)
	if _, err := e.Store.CreateAPIKey(context.Background(), cx.APIKey{WorkspaceID: wsID, Kind: kind, Hash: hash, Prefix: prefix}); err != nil {
		e.T.Fatal(err)
	}
	return key
}

// Session signs a new user with role into a workspace and returns the
// session cookie's value.
func (e *Env) Session(wsID string, role cx.Role) string {
	e.T.Helper()
	ctx := context.Background()
	m, _, err := e.Store.AddUser(ctx, wsID, cx.User{Email: secret.RandomToken(6) + "@example.vn", PasswordHash: "x"}, role)
	if err != nil {
		e.T.Fatal(err)
	}
	return e.SessionOf(wsID, m.ID)
}

// SessionOf signs an existing member into a workspace and returns the
// session cookie's value.
func (e *Env) SessionOf(wsID, userID string) string {
	e.T.Helper()
	token, hash := secret.NewToken()
	err := e.Store.CreateSession(context.Background(), cx.Session{TokenHash: hash, UserID: userID, WorkspaceID: wsID,
		CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	if err != nil {
		e.T.Fatal(err)
	}
	return token
}

// Call makes an API request with a secret key ("" for none) and a JSON body
// (nil for none; a string is sent as is) and returns the status and body.
func (e *Env) Call(method, path, key string, body any) (int, []byte) {
	e.T.Helper()
	req := e.Request(method, path, body)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	return e.Send(req)
}

// Request builds a request to the server with a JSON body (see Call).
func (e *Env) Request(method, path string, body any) *http.Request {
	e.T.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.T.Fatal(err)
		}
		r = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.URL+path, r)
	if err != nil {
		e.T.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// Send sends a request and returns the status and body.
func (e *Env) Send(req *http.Request) (int, []byte) {
	e.T.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.T.Fatal(err)
	}
	return res.StatusCode, b
}

// MustCall is Call that expects a status and decodes the body into out.
func (e *Env) MustCall(method, path, key string, body any, want int, out any) {
	e.T.Helper()
	status, b := e.Call(method, path, key, body)
	if status != want {
		e.T.Fatalf("%s %s: got status %d, want %d; body %s", method, path, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.T.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
}

// Track posts one call to /v1/{kind} with a write key and fails unless it
// is accepted.
func (e *Env) Track(writeKey, kind string, body map[string]any) {
	e.T.Helper()
	req := e.Request("POST", "/v1/"+kind, body)
	req.SetBasicAuth(writeKey, "")
	if status, b := e.Send(req); status != 200 {
		e.T.Fatalf("/v1/%s: got %d %s", kind, status, b)
	}
}

// APIError is the body of every API error.
type APIError struct {
	Error struct {
		Code, Message, Field string
	}
}
