package store

import (
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

// translate turns constraint violations into cx conflicts; other errors pass.
func (d dialect) translate(err error) error {
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return cx.Errorf(cx.Conflict, "already exists (%s)", pgErr.ConstraintName)
		case "23503":
			return cx.Errorf(cx.Conflict, "still in use or refers to something missing (%s)", pgErr.ConstraintName)
		}
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return cx.Errorf(cx.Conflict, "already exists (%s)", strings.TrimSpace(msg[strings.Index(msg, "UNIQUE constraint failed")+len("UNIQUE constraint failed:"):]))
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return cx.Errorf(cx.Conflict, "still in use or refers to something missing")
	}
	return err
}
