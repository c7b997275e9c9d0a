// Package store keeps cxm's data in SQLite (the default, a file in the data
// directory) or PostgreSQL. The SQL is written once, portable, with '?'
// placeholders; the few differences between the two engines live in
// dialect.go. Every method takes the workspace it works in, and every query
// filters by it: that is what keeps tenants apart.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cxm/internal/cx"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Store is cxm's database. It is safe for concurrent use.
type Store struct {
	write   *sql.DB // SQLite: one connection, so one writer; PostgreSQL: the pool
	read    *sql.DB // SQLite: a pool of read-only connections; PostgreSQL: the same pool
	dialect dialect
	ids     idGen

	prepared   atomic.Pointer[map[string]*sql.Stmt] // ingestion's statements, see PrepareIngest
	apiKeyStmt atomic.Pointer[sql.Stmt]             // SQLite: keys by hash, see APIKeyByHash
	odd        *oddLog                              // stored values left out, see odd.go
	zones      sync.Map                             // time zone name → *time.Location, see score_rollups.go
}

// Open opens the database that url names: "postgres://…" for PostgreSQL,
// "sqlite:PATH" or "" for SQLite (the file cxm.db in dataDir, created if
// needed). It does not migrate; call Migrate.
func Open(ctx context.Context, url, dataDir string) (*Store, error) {
	var s *Store
	var err error
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s, err = openPostgres(url)
	case url == "":
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("store: data directory: %w", err)
		}
		s, err = openSQLite(filepath.Join(dataDir, "cxm.db"))
	case strings.HasPrefix(url, "sqlite:"):
		s, err = openSQLite(strings.TrimPrefix(url, "sqlite:"))
	default:
		return nil, fmt.Errorf("store: unsupported database URL: want postgres://… or sqlite:PATH")
	}
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func openSQLite(path string) (*Store, error) {
	if err := registerFold(); err != nil {
		return nil, fmt.Errorf("store: register cxm_fold: %w", err)
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return &Store{write: write, read: read, dialect: sqliteDialect, odd: newOddLog()}, nil
}

func openPostgres(url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{write: db, read: db, dialect: postgresDialect, odd: newOddLog()}, nil
}

// Engine names the database engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.dialect.name }

// DB returns the pool used for writes, for health checks and metrics.
func (s *Store) DB() *sql.DB { return s.write }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.write.PingContext(ctx); err != nil {
		return fmt.Errorf("store: database unreachable: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs portable SQL on a database or transaction of one dialect.
type conn struct {
	q   querier
	d   dialect
	odd *oddLog // the store's: readers report values they left out to it
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := c.q.ExecContext(ctx, c.d.rebind(query), args...)
	return res, c.d.translate(err)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := c.q.QueryContext(ctx, c.d.rebind(query), args...)
	return rows, c.d.translate(err)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, c.d.rebind(query), args...)
}

// reader returns a connection for reads outside a transaction.
func (s *Store) reader() conn { return conn{s.read, s.dialect, s.odd} }

// writer returns a connection for single-statement writes.
func (s *Store) writer() conn { return conn{s.write, s.dialect, s.odd} }

// inTx runs fn in a transaction on the writer, committing when fn returns
// nil and rolling back otherwise, so that nothing is ever half-written.
func (s *Store) inTx(ctx context.Context, fn func(c conn) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(conn{tx, s.dialect, s.odd}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", s.dialect.translate(err))
	}
	return nil
}

// notFound turns sql.ErrNoRows into a cx not-found error about what.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return cx.Errorf(cx.NotFound, "%s not found", what)
	}
	return err
}

// ms stores times as Unix milliseconds in both engines.
func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// mustAffect returns not-found when a write changed no row.
func mustAffect(res sql.Result, err error, what string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return cx.Errorf(cx.NotFound, "%s not found", what)
	}
	return nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// exists returns not-found unless table has the row id in the workspace.
// Updates check it first, so that another workspace's id is "not found"
// whatever the body says.
func exists(ctx context.Context, c conn, table, idColumn, wsID, id, what string) error {
	var one int
	err := c.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE workspace_id = ? AND `+idColumn+` = ?`, wsID, id).Scan(&one)
	return notFound(err, what)
}

// collect runs a query and scans each row it returns with scan. An empty
// result is an empty slice, never nil, so that lists encode as [].
func collect[T any](ctx context.Context, c conn, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanString reads a row of one text column, for lists of ids.
func scanString(row scanner) (string, error) {
	var s string
	err := row.Scan(&s)
	return s, err
}
