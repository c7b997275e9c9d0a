// Package storetest opens a fresh, migrated store for a test: SQLite in a
// temporary directory, or PostgreSQL when CXM_TEST_DATABASE_URL names one
// (each test then gets a schema of its own, dropped at the end).
package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
)

// URL returns a database URL for a fresh, empty database: "" (SQLite in the
// data directory) or a PostgreSQL schema of the test's own.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CXM_TEST_DATABASE_URL")
	if base == "" {
		return ""
	}
	schema := "t_" + strings.ToLower(secret.RandomToken(10))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", base, err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("PostgreSQL at CXM_TEST_DATABASE_URL: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("CXM_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated store, closed when the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, URL(t), t.TempDir())
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// Workspace creates a workspace from the lifecycle template.
func Workspace(t testing.TB, s *store.Store, name string) cx.Workspace {
	t.Helper()
	w, err := s.CreateWorkspace(context.Background(), cx.Workspace{Name: name}, cx.TemplateLifecycle)
	if err != nil {
		t.Fatalf("create workspace: %v", err)
	}
	return w
}

// WantErr fails the test unless err is a cx error with the given code and,
// when field is not "", the given field: how a test checks what a store
// method or a use case refused.
func WantErr(t testing.TB, err error, code, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want code %s field %q", code, field)
	}
	if got := cx.ErrorCode(err); got != code {
		t.Fatalf("got code %s (%v), want %s", got, err, code)
	}
	if field == "" {
		return
	}
	if got := cx.AsError(err).Field; got != field {
		t.Fatalf("got field %q (%v), want %q", got, err, field)
	}
}
