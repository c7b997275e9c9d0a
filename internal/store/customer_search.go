package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"cxm/internal/cx"
)

// Search returns the first matches by last seen without sorting every
// match of a common name. Each way q may match (searchBranches) is a list
// of term ranges; a customer matches with a term in each. The branch is
// driven by its rarest range (counted, up to searchSmall rows, only when
// there are several), the others being checked on each row's words:
//   - with fewer than searchSmall rows, that range is read whole and the
//     matches sorted;
//   - else each of its distinct terms is walked on customer_terms_seen,
//     which holds a term's customers by last seen, until enough match the
//     other ranges. Walking one term per query word is what makes a common
//     name cheap: its first rows are its most recently seen customers.
//   - A common range of more than searchWalked distinct terms (a two-letter
//     prefix on a large vocabulary) is read whole: the slow case.
//
// Each branch returns at most the page's size, after the cursor; the page
// is the first of their union. Results are ordered by last seen (never
// seen last), then by id, both descending, and the cursor is the last
// customer's "last_seen_ms:id".
const (
	searchSmall  = 2000
	searchWalked = 64
)

type searchCursor struct {
	seen int64
	id   string
}

func parseSearchCursor(s string) (*searchCursor, error) {
	if s == "" {
		return nil, nil
	}
	seen, id, ok := strings.Cut(s, ":")
	if ok && id != "" {
		if v, err := strconv.ParseInt(seen, 10, 64); err == nil {
			return &searchCursor{seen: v, id: id}, nil
		}
	}
	return nil, cx.FieldErrorf("after", "after is not a search cursor")
}

// searchCursorOf is the cursor of the page that ends with c.
func searchCursorOf(c cx.Customer) string {
	var seen int64
	if c.Summary.LastSeen != nil {
		seen = ms(*c.Summary.LastSeen)
	}
	return strconv.FormatInt(seen, 10) + ":" + c.ID
}

// searchCustomers returns one page of the customers q finds that also meet
// where (conditions on customers from customerWhere), last seen first.
func (s *Store) searchCustomers(ctx context.Context, wsID, q, where string, wargs []any, p Page) (List[cx.Customer], error) {
	after, err := parseSearchCursor(p.After)
	if err != nil {
		return List[cx.Customer]{}, err
	}
	r := s.reader()
	branches := searchBranches(q)
	counts, err := rangeCounts(ctx, r, wsID, branches)
	if err != nil {
		return List[cx.Customer]{}, err
	}
	sel := searchSelect{wsID: wsID, after: after, where: where, wargs: wargs, n: p.limit()}
	for i, b := range branches {
		if err := sel.addBranch(ctx, r, b, counts[i]); err != nil {
			return List[cx.Customer]{}, err
		}
	}
	out := []cx.Customer{}
	if len(sel.parts) > 0 {
		query := `SELECT ` + customerColumns + ` FROM customers WHERE workspace_id = ? AND customer_id IN (` +
			strings.Join(sel.parts, ` UNION ALL `) + `) ORDER BY COALESCE(last_seen, 0) DESC, customer_id DESC LIMIT ?`
		if out, err = collect(ctx, r, r.scanCustomer, query, append(append([]any{wsID}, sel.args...), p.limit())...); err != nil {
			return List[cx.Customer]{}, err
		}
	}
	return cut(out, p, searchCursorOf), nil
}

// rangeCounts counts the rows of every range of every branch of several
// ranges, up to searchSmall, in one query (none when no branch has several).
// A branch of one range needs no count: it is walked, or read whole when
// it holds too many terms. The counts of such a branch are searchSmall.
func rangeCounts(ctx context.Context, c conn, wsID string, branches [][]termRange) ([][]int, error) {
	out := make([][]int, len(branches))
	var cols []string
	var args []any
	for i, b := range branches {
		if len(b) == 1 {
			out[i] = []int{searchSmall}
			continue
		}
		for _, r := range b {
			cond, ca := r.cond("term")
			cols = append(cols, `(SELECT COUNT(*) FROM (SELECT 1 FROM customer_terms WHERE workspace_id = ? AND `+cond+` LIMIT ?) c`+strconv.Itoa(len(cols))+`)`)
			args = append(append(append(args, wsID), ca...), searchSmall)
		}
	}
	if len(cols) == 0 {
		return out, nil
	}
	flat := make([]int, len(cols))
	dest := make([]any, len(cols))
	for i := range flat {
		dest[i] = &flat[i]
	}
	if err := c.queryRow(ctx, `SELECT `+strings.Join(cols, ", "), args...).Scan(dest...); err != nil {
		return nil, err
	}
	for i, b := range branches {
		if out[i] == nil {
			out[i], flat = flat[:len(b)], flat[len(b):]
		}
	}
	return out, nil
}

// distinctTerms returns up to limit of the distinct terms in r, in order,
// one index seek each.
func distinctTerms(ctx context.Context, c conn, wsID string, r termRange, limit int) ([]string, error) {
	next := `SELECT n.term FROM customer_terms n WHERE n.workspace_id = ? AND n.term %s AND n.term < ? ORDER BY n.term LIMIT 1`
	return collect(ctx, c, scanString, `WITH RECURSIVE d (term, k) AS (
			SELECT (`+strings.Replace(next, "%s", ">= ?", 1)+`), 1
			UNION ALL
			SELECT (`+strings.Replace(next, "%s", "> d.term", 1)+`), d.k + 1 FROM d WHERE d.term IS NOT NULL AND d.k < ?
		) SELECT term FROM d WHERE term IS NOT NULL`, wsID, r.lo, r.hi, wsID, r.hi, limit)
}

// searchSelect gathers the selects of a search's branches.
type searchSelect struct {
	wsID  string
	after *searchCursor
	where string
	wargs []any
	n     int
	parts []string
	args  []any
}

// addBranch adds the selects of the customers with a term in every range,
// counts being the ranges' row counts.
func (sel *searchSelect) addBranch(ctx context.Context, c conn, ranges []termRange, counts []int) error {
	d := 0
	for i, n := range counts {
		if n == 0 {
			return nil
		}
		if n < counts[d] {
			d = i
		}
	}
	drive, others := ranges[d], slices.Delete(slices.Clone(ranges), d, d+1)
	if drive.one || counts[d] < searchSmall {
		sel.add(drive, others)
		return nil
	}
	terms, err := distinctTerms(ctx, c, sel.wsID, drive, searchWalked+1)
	if err != nil {
		return err
	}
	if len(terms) > searchWalked {
		sel.add(drive, others)
		return nil
	}
	for _, t := range terms {
		sel.add(oneTerm(t), others)
	}
	return nil
}

// add adds the select of the customers with a term in drive and in every
// range of others, after the cursor, in search order, at most a page.
func (sel *searchSelect) add(drive termRange, others []termRange) {
	var b strings.Builder
	b.WriteString(`SELECT `)
	if !drive.one {
		b.WriteString(`DISTINCT `) // a customer may have several terms in a range
	}
	cond, args := drive.cond("t.term")
	b.WriteString(`t.customer_id, t.last_seen FROM customer_terms t WHERE t.workspace_id = ? AND ` + cond)
	args = append([]any{sel.wsID}, args...)
	if sel.after != nil {
		b.WriteString(` AND (t.last_seen, t.customer_id) < (?, ?)`)
		args = append(args, sel.after.seen, sel.after.id)
	}
	for _, o := range others {
		b.WriteString(` AND t.words LIKE ? ESCAPE '\'`)
		args = append(args, o.pattern())
	}
	if sel.where != "" {
		b.WriteString(` AND EXISTS (SELECT 1 FROM customers WHERE customers.workspace_id = t.workspace_id AND customers.customer_id = t.customer_id` + sel.where + `)`)
		args = append(args, sel.wargs...)
	}
	b.WriteString(` ORDER BY t.last_seen DESC, t.customer_id DESC LIMIT ?`)
	sel.parts = append(sel.parts, `SELECT customer_id FROM (`+b.String()+`) b`+strconv.Itoa(len(sel.parts)))
	sel.args = append(append(sel.args, args...), sel.n)
}
