package store

import (
	"context"
	"database/sql/driver"
	"strings"
	"sync"
	"time"

	"cxm/internal/cx"
	"cxm/internal/text"

	"modernc.org/sqlite"
)

// CustomerFilter narrows a customer list; empty fields match all.
type CustomerFilter struct {
	// Query searches names (without regard to case or Vietnamese
	// diacritics), emails, phone numbers and user ids.
	Query      string
	StageID    string            // current stage in its journey
	City       string            // without regard to case or diacritics
	Traits     map[string]string // trait name → value, all must match
	SeenAfter  time.Time         // last seen at or after
	SeenBefore time.Time         // last seen before
	Churn      *ChurnFilter      // at risk of churn (customer_measures.go)
	RFM        *RFMFilter        // in an RFM segment (customer_measures.go)
}

// Customers lists a workspace's customers, newest first, or with a Query
// the customers it finds, last seen first (see searchCustomers). Page.After
// is the Next of the previous page.
func (s *Store) Customers(ctx context.Context, wsID string, f CustomerFilter, p Page) (List[cx.Customer], error) {
	where, args, err := s.customerWhere(f)
	if err != nil {
		return List[cx.Customer]{}, err
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		return s.searchCustomers(ctx, wsID, q, where, args, p)
	}
	q := `SELECT ` + customerColumns + ` FROM customers WHERE workspace_id = ?` + where
	args = append([]any{wsID}, args...)
	if p.After != "" {
		q += ` AND customer_id < ?`
		args = append(args, p.After)
	}
	r := s.reader()
	out, err := collect(ctx, r, r.scanCustomer, q+` ORDER BY customer_id DESC LIMIT ?`, append(args, p.limit())...)
	if err != nil {
		return List[cx.Customer]{}, err
	}
	return cut(out, p, func(c cx.Customer) string { return c.ID }), nil
}

// customerWhere turns a filter, but for its Query, into SQL conditions on
// customers, each starting with AND.
func (s *Store) customerWhere(f CustomerFilter) (string, []any, error) {
	var b strings.Builder
	var args []any
	if f.StageID != "" {
		b.WriteString(` AND customer_id IN (SELECT customer_id FROM customer_stages WHERE workspace_id = customers.workspace_id AND stage_id = ?)`)
		args = append(args, f.StageID)
	}
	if c := strings.TrimSpace(f.City); c != "" {
		b.WriteString(` AND ` + s.dialect.fold("city") + ` = ?`)
		args = append(args, foldText(c))
	}
	for k, v := range f.Traits {
		cond, ta, err := s.dialect.traitEquals(k, v)
		if err != nil {
			return "", nil, err
		}
		b.WriteString(` AND ` + cond)
		args = append(args, ta...)
	}
	if !f.SeenAfter.IsZero() {
		b.WriteString(` AND last_seen >= ?`)
		args = append(args, ms(f.SeenAfter))
	}
	if !f.SeenBefore.IsZero() {
		b.WriteString(` AND last_seen < ?`)
		args = append(args, ms(f.SeenBefore))
	}
	for _, add := range []func() (string, []any){f.churnCond, f.rfmCond} {
		cond, a := add()
		b.WriteString(cond)
		args = append(args, a...)
	}
	return b.String(), args, nil
}

func (f CustomerFilter) churnCond() (string, []any) {
	if f.Churn == nil {
		return "", nil
	}
	return churnWhere(*f.Churn)
}

func (f CustomerFilter) rfmCond() (string, []any) {
	if f.RFM == nil {
		return "", nil
	}
	return rfmWhere(*f.RFM)
}

// foldText lower-cases s and removes Vietnamese diacritics, as the SQL
// function fold does.
func foldText(s string) string { return strings.ToLower(text.FoldVietnamese(s)) }

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// registerFold gives SQLite the function cxm_fold, which PostgreSQL does
// with translate (see dialect.fold). The driver keeps functions globally,
// so it is registered once.
var registerFold = sync.OnceValue(func() error {
	return sqlite.RegisterDeterministicScalarFunction("cxm_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return foldText(v), nil
		case []byte:
			return foldText(string(v)), nil
		}
		return args[0], nil
	})
})
