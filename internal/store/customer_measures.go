package store

import (
	"context"
	"strings"
)

// ChurnFilter keeps the customers at risk of churn at a moment (Unix ms):
// no order for longer than twice their usual gap between orders, or, for
// a one-time buyer, for more than Days days (analytics.ChurnRisk says the
// same in Go).
type ChurnFilter struct {
	At   int64
	Days int
}

// RFMFilter keeps the customers whose RFM scores today, under Cuts with
// recency counted to Ref (Unix ms), fall in one of Cells: R × 10 + FM,
// FM = ⌊(F + M + 1) / 2⌋ (the cells of one named segment).
type RFMFilter struct {
	Ref   int64
	Cuts  RFMCuts
	Cells []int
}

// CountCustomers counts the customers a filter keeps (its Query aside).
func (s *Store) CountCustomers(ctx context.Context, wsID string, f CustomerFilter) (int64, error) {
	where, args, err := s.customerWhere(f)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.reader().queryRow(ctx, `SELECT COUNT(*) FROM customers WHERE workspace_id = ?`+where, append([]any{wsID}, args...)...).Scan(&n)
	return n, err
}

// The casts read an odd stored value (a REAL beyond int64 in SQLite) as
// the nearest integer, so that one row cannot take the list down.
const (
	lastOrderCol  = `CAST(last_order_at AS BIGINT)`
	firstOrderCol = `CAST(first_order_at AS BIGINT)`
)

// churnWhere is the SQL condition of a churn filter, starting with AND.
func churnWhere(f ChurnFilter) (string, []any) {
	days := `((CAST(? AS BIGINT) - ` + lastOrderCol + `) / 86400000)`
	return ` AND orders > 0 AND last_order_at IS NOT NULL AND first_order_at IS NOT NULL AND ` + lastOrderCol + ` <= ? AND (
		(orders = 1 AND ` + days + ` > ?) OR
		(orders >= 2 AND 1.0 * ` + days + ` * (orders - 1) * 86400000 > 2.0 * (` + lastOrderCol + ` - ` + firstOrderCol + `)))`,
		[]any{f.At, f.At, f.Days, f.At}
}

// rfmWhere is the SQL condition of an RFM filter, starting with AND.
func rfmWhere(f RFMFilter) (string, []any) {
	if len(f.Cells) == 0 {
		return ` AND 1 = 0`, nil
	}
	rc, ra := rfmCase(`(CAST(? AS BIGINT) - `+lastOrderCol+`) / 86400000`, "<=", f.Cuts.R, f.Ref)
	fc, fa := rfmCase(`CAST(orders AS BIGINT)`, ">=", f.Cuts.F, nil)
	mc, ma := rfmCase(`CAST(revenue_vnd AS BIGINT)`, ">=", f.Cuts.M, nil)
	args := append(append(ra, fa...), ma...)
	marks := make([]string, len(f.Cells))
	for i, c := range f.Cells {
		marks[i] = "?"
		args = append(args, c)
	}
	return ` AND orders > 0 AND last_order_at IS NOT NULL AND (` + rc + `) * 10 + ((` + fc + `) + (` + mc + `) + 1) / 2 IN (` + strings.Join(marks, ", ") + `)`, args
}

// rfmCase writes the score of expr under cut as a CASE: the first score
// from 5 down whose cut expr passes, else 1. exprArg, when not nil, is
// the argument expr takes, repeated in every WHEN.
func rfmCase(expr, cmp string, cut [4]int64, exprArg any) (string, []any) {
	var b strings.Builder
	var a []any
	b.WriteString("CASE")
	for k := 3; k >= 0; k-- {
		b.WriteString(" WHEN " + expr + " " + cmp + " ? THEN " + itoa(k+2))
		if exprArg != nil {
			a = append(a, exprArg)
		}
		a = append(a, cut[k])
	}
	b.WriteString(" ELSE 1 END")
	return b.String(), a
}
