package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// openEmpty opens a store on a fresh database without migrating it.
func openEmpty(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), storetest.URL(t), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	s := openEmpty(t)
	current, known, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if current != 0 || known < 1 {
		t.Fatalf("got version %d of %d on an empty database, want 0 of at least 1", current, known)
	}
	if err := s.CheckSchema(ctx); err == nil {
		t.Errorf("got no error from CheckSchema on an empty database, want one")
	} else if errors.As(err, new(*store.ErrSchemaTooNew)) {
		t.Errorf("got %v, want a schema-too-old error", err)
	}
	for _, want := range []int{known, 0} {
		n, err := s.Migrate(ctx)
		if err != nil || n != want {
			t.Fatalf("got %d migrations applied, %v, want %d", n, err, want)
		}
	}
	current, known2, err := s.SchemaVersion(ctx)
	if err != nil || current != known || known2 != known {
		t.Errorf("got version %d of %d, %v, want %d of %d", current, known2, err, known, known)
	}
	if err := s.CheckSchema(ctx); err != nil {
		t.Errorf("got %v from CheckSchema, want nil", err)
	}
}

func TestSchemaTooNew(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	_, known, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, fmt.Sprintf(`INSERT INTO schema_migrations (version, applied_at) VALUES (%d, 0)`, known+1)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"Migrate", func() error { _, err := s.Migrate(ctx); return err }},
		{"CheckSchema", func() error { return s.CheckSchema(ctx) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			var tooNew *store.ErrSchemaTooNew
			if !errors.As(err, &tooNew) {
				t.Fatalf("got %v, want *store.ErrSchemaTooNew", err)
			}
			if tooNew.Current != known+1 || tooNew.Known != known {
				t.Errorf("got current %d known %d, want %d and %d", tooNew.Current, tooNew.Known, known+1, known)
			}
		})
	}
	if current, _, _ := s.SchemaVersion(ctx); current != known+1 {
		t.Errorf("got version %d, want %d left alone", current, known+1)
	}
}

// TestTenantTablesLeadWithWorkspace checks that every table of tenant data
// has workspace_id as its first column, so that its primary key and indexes
// start with it.
func TestTenantTablesLeadWithWorkspace(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.cid = 0`
	if s.Engine() == "postgres" {
		q = `SELECT c.table_name, c.column_name FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
			WHERE c.table_schema = current_schema() AND c.ordinal_position = (SELECT MIN(ordinal_position)
				FROM information_schema.columns x WHERE x.table_schema = c.table_schema AND x.table_name = c.table_name)`
	}
	rows, err := s.DB().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	first := map[string]string{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		first[table] = column
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"workspaces", "users", "memberships", "sessions", "api_keys", "journeys", "stages", "touchpoints", "standards", "goals", "milestones", "schema_migrations"} {
		if _, ok := first[table]; !ok {
			t.Errorf("got no table %s, want it in the schema", table)
		}
	}
	reference := map[string]bool{"workspaces": true, "users": true, "sessions": true, "sign_in_failures": true, "schema_migrations": true}
	for table, column := range first {
		t.Run(table, func(t *testing.T) {
			if !reference[table] && column != "workspace_id" {
				t.Errorf("got first column %s, want workspace_id", column)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		url  string
		dir  string
		file string // the SQLite file that should exist after; "" when Open fails
	}{
		{"default file in the data directory", "", filepath.Join(dir, "data"), filepath.Join(dir, "data", "cxm.db")},
		{"sqlite url", "sqlite:" + filepath.Join(dir, "other.db"), "", filepath.Join(dir, "other.db")},
		{"unsupported url", "mysql://localhost/cxm", dir, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := store.Open(ctx, tc.url, tc.dir)
			if tc.file == "" {
				if err == nil {
					s.Close()
					t.Fatal("got no error, want one")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if s.Engine() != "sqlite" {
				t.Errorf("got engine %s, want sqlite", s.Engine())
			}
			if err := s.Close(); err != nil {
				t.Errorf("got %v from Close, want nil", err)
			}
			if err := s.Ping(ctx); err == nil {
				t.Errorf("got no error from Ping after Close, want one")
			}
			if _, err := os.Stat(tc.file); err != nil {
				t.Errorf("got %v, want the file %s", err, tc.file)
			}
		})
	}
}
