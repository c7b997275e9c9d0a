package store

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"cxm/internal/cx"

	"github.com/jackc/pgx/v5/pgconn"
)

// dialect holds everything that differs between SQLite and PostgreSQL.
// The SQL elsewhere is portable; the schema files are per dialect.
type dialect struct {
	name string
}

var (
	sqliteDialect   = dialect{name: "sqlite"}
	postgresDialect = dialect{name: "postgres"}
)

// rebind turns '?' placeholders into PostgreSQL's $1, $2 … . Queries never
// contain a literal '?' in a string.
func (d dialect) rebind(q string) string {
	if d.name != "postgres" || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Constraint violations, as translate reports them. Callers that know what
// was duplicated or missing return a better message; these are the fallback.
// Constraint names stay out of messages: they mean nothing to people.
var (
	errDuplicate = cx.Errorf(cx.Conflict, "this already exists")
	errReference = cx.Errorf(cx.Conflict, "this refers to something that does not exist, or is still in use")
)

// translate turns constraint violations into errDuplicate and errReference;
// other errors pass.
func (d dialect) translate(err error) error {
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return errDuplicate
		case "23503":
			return errReference
		}
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return errDuplicate
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return errReference
	}
	return err
}

// lockWorkspace serialises the transactions that check an invariant of a
// whole workspace (it keeps an owner, it keeps a journey) before changing it.
// SQLite needs nothing: its transactions start with BEGIN IMMEDIATE and so
// run one at a time. PostgreSQL's read-committed transactions would both
// pass the check, so they queue on the workspace row.
func (d dialect) lockWorkspace(ctx context.Context, c conn, wsID string) error {
	if d.name != "postgres" {
		return nil
	}
	var id string
	err := c.queryRow(ctx, `SELECT workspace_id FROM workspaces WHERE workspace_id = ? FOR UPDATE`, wsID).Scan(&id)
	return notFound(err, "workspace")
}

// forUpdate is the clause that locks the rows a query reads until the
// transaction ends: PostgreSQL's FOR UPDATE; SQLite needs none.
func (d dialect) forUpdate() string {
	if d.name != "postgres" {
		return ""
	}
	return " FOR UPDATE"
}

// forShare is the clause that makes a query share a lock on the rows of
// table alias t until the transaction ends: PostgreSQL's FOR SHARE; SQLite
// needs none, its transactions run one at a time.
func (d dialect) forShare(t string) string {
	if d.name != "postgres" {
		return ""
	}
	return " FOR SHARE OF " + t
}
