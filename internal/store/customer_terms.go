package store

import (
	"context"
	"strings"
	"unicode"

	"cxm/internal/phone"
)

// Customer search looks words up in customer_terms instead of scanning
// customers: each profile's folded name words, its lower-cased e-mail, its
// phone in E.164, its phone digits reversed (marked with ~, so that a
// search by trailing digits is a prefix look-up too) and its user id
// (marked with =). reindexCustomer keeps the terms in step with every write
// of a user id, name, e-mail or phone.

// minPrefix is the shortest query word matched as a word prefix; shorter
// words must match a whole word, since one letter would match half the list.
const minPrefix = 2

// nameWords splits a folded text into its words of letters and digits.
func nameWords(s string) []string {
	return strings.FieldsFunc(foldText(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// customerTerms returns the search terms of a profile, without repeats.
func customerTerms(userID, fullName, email, ph string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	if userID != "" {
		add(userTerm(userID))
	}
	for _, w := range nameWords(fullName) {
		add(w)
	}
	add(strings.ToLower(strings.TrimSpace(email)))
	if ph != "" {
		add(ph)
		if d := digitsOf(ph); d != "" {
			add("~" + reverse(d))
		}
	}
	return out
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// reindexCustomer rewrites a customer's search terms from its row.
func reindexCustomer(ctx context.Context, c conn, wsID, id string) error {
	var user, name, email, ph string
	if err := c.queryRow(ctx, `SELECT COALESCE(user_id, ''), full_name, email, phone FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, id).Scan(&user, &name, &email, &ph); err != nil {
		return notFound(err, "customer")
	}
	if _, err := c.exec(ctx, `DELETE FROM customer_terms WHERE workspace_id = ? AND customer_id = ?`, wsID, id); err != nil {
		return err
	}
	for _, t := range customerTerms(user, name, email, ph) {
		if _, err := c.exec(ctx, qAddTerm, wsID, t, id); err != nil {
			return err
		}
	}
	return nil
}

// backfillCustomerTerms indexes every existing customer; migration 0008
// runs it in its transaction, after creating the table.
func backfillCustomerTerms(ctx context.Context, c conn) error {
	rows, err := c.query(ctx, `SELECT workspace_id, customer_id FROM customers`)
	if err != nil {
		return err
	}
	var ids [][2]string
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range ids {
		if err := reindexCustomer(ctx, c, k[0], k[1]); err != nil {
			return err
		}
	}
	return nil
}

// afterMigration holds the Go steps a migration needs beyond its SQL, run
// in the same transaction.
var afterMigration = map[int]func(context.Context, conn) error{8: backfillCustomerTerms}

// prefixRange returns the bounds of the terms that start with p: p ≤ term < next.
func prefixRange(p string) (string, string) {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return p, string(b[:i+1])
		}
	}
	return p, "\xff"
}

// customerSearch matches q by words: every query word must be a word of the
// folded name, or a prefix of one when it has at least minPrefix letters
// (e-mails match the same way, so "binh@" finds binh@example.vn). A phone
// matches in E.164 when q reads as one, else by its trailing digits; a user
// id matches exactly. It is one subquery on customer_terms, so that each
// branch is a range of its primary key, whatever the engine's planner.
func (s *Store) customerSearch(wsID, q string) (string, []any) {
	const sel = `SELECT customer_id FROM customer_terms WHERE workspace_id = ? AND `
	var words []string
	for _, f := range strings.Fields(q) {
		if strings.Contains(f, "@") {
			words = append(words, strings.ToLower(f))
			continue
		}
		words = append(words, nameWords(f)...)
	}
	var parts []string
	var args []any
	prefix := func(p string) {
		lo, hi := prefixRange(p)
		parts = append(parts, sel+`term >= ? AND term < ?`)
		args = append(args, wsID, lo, hi)
	}
	exact := func(t string) {
		parts = append(parts, sel+`term = ?`)
		args = append(args, wsID, t)
	}
	if len(words) > 0 {
		var all []string
		for _, w := range words {
			if len([]rune(w)) < minPrefix {
				all = append(all, sel+`term = ?`)
				args = append(args, wsID, w)
				continue
			}
			lo, hi := prefixRange(w)
			all = append(all, sel+`term >= ? AND term < ?`)
			args = append(args, wsID, lo, hi)
		}
		// INTERSECT first: SQLite reads compounds left to right, PostgreSQL
		// binds INTERSECT tighter, and both then agree.
		parts = append(parts, strings.Join(all, ` INTERSECT `))
	}
	exact(userTerm(q))
	if p, err := phone.Normalize(q); err == nil {
		exact(p)
	} else if d := digitsOf(q); len(d) >= 4 {
		prefix("~" + reverse(d))
	}
	return ` AND customer_id IN (` + strings.Join(parts, ` UNION `) + `)`, args
}

// userTerm is the term of a user id, matched exactly and as written.
func userTerm(id string) string { return "=" + id }
