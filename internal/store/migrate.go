package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// The schema is a numbered list of SQL files per dialect: NNNN_name.sql.
//
//go:embed migrations
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the dialect's migrations in order.
func (d dialect) migrations() ([]migration, error) {
	dir := path.Join("migrations", d.name)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: bad migration file name %q", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migrations must be numbered 1, 2, 3…: %s", m.name)
		}
	}
	return out, nil
}

// SchemaVersion returns the version of the database's schema (0 when empty)
// and the newest version this binary knows.
func (s *Store) SchemaVersion(ctx context.Context) (current, known int, err error) {
	list, err := s.dialect.migrations()
	if err != nil {
		return 0, 0, err
	}
	known = len(list)
	if _, err := s.writer().exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return 0, known, fmt.Errorf("store: schema_migrations: %w", err)
	}
	row := s.reader().queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)
	if err := row.Scan(&current); err != nil {
		return 0, known, fmt.Errorf("store: schema version: %w", err)
	}
	return current, known, nil
}

// ErrSchemaTooNew is returned when the database was migrated by a newer cxm.
type ErrSchemaTooNew struct{ Current, Known int }

func (e *ErrSchemaTooNew) Error() string {
	return fmt.Sprintf("the database schema is at version %d but this cxm knows versions up to %d: it was used by a newer cxm; run that version, or restore a backup", e.Current, e.Known)
}

// Migrate applies the migrations the database lacks, each in its own
// transaction, and returns how many it applied. It refuses a schema newer
// than the binary knows.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	current, known, err := s.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	if current > known {
		return 0, &ErrSchemaTooNew{current, known}
	}
	list, _ := s.dialect.migrations()
	applied := 0
	for _, m := range list[current:] {
		if err := s.apply(ctx, m); err != nil {
			return applied, err
		}
		applied++
	}
	return applied, nil
}

// apply runs one migration in its own transaction and records it.
func (s *Store) apply(ctx context.Context, m migration) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.q.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if after := afterMigration[m.version]; after != nil {
			if err := after(ctx, c); err != nil {
				return fmt.Errorf("store: migration %s: %w", m.name, err)
			}
		}
		_, err := c.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.version, ms(now()))
		return err
	})
}

// CheckSchema returns an error unless the schema is exactly the one this
// binary knows.
func (s *Store) CheckSchema(ctx context.Context) error {
	current, known, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > known {
		return &ErrSchemaTooNew{current, known}
	}
	if current < known {
		return fmt.Errorf("the database schema is at version %d, this cxm needs %d: run 'cxm migrate'", current, known)
	}
	return nil
}
