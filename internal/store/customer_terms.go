package store

import (
	"context"
	"database/sql"
	"strings"
	"unicode"
	"unicode/utf8"

	"cxm/internal/phone"
)

// Customer search looks words up in customer_terms instead of scanning
// customers: each profile's folded name words, its lower-cased e-mail
// (marked with @, so that the prefixes of name words hold name words only),
// its phone in E.164, its phone digits reversed (marked with ~, so that a
// search by trailing digits is a prefix look-up too) and its user id
// (marked with =). reindexCustomer keeps the terms in step with every write
// of a user id, name, e-mail or phone; triggers (migration 0009) keep each
// term's copy of its customer's last_seen.

// minPrefix is the shortest query word matched as a word prefix; shorter
// words must match a whole word, since one letter would match half the list.
const minPrefix = 2

// emailMark starts the term of an e-mail.
const emailMark = "@"

// nameWords splits a folded text into its words of letters and digits.
func nameWords(s string) []string {
	return strings.FieldsFunc(foldText(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// customerTerms returns the search terms of a profile, without repeats,
// and its words: the name words and the e-mail term, each between spaces,
// which every term row carries so that a search checks a customer's other
// query words on the row it reads (see searchSelect.add).
func customerTerms(userID, fullName, email, ph string) ([]string, string) {
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
	if e := strings.ToLower(strings.TrimSpace(email)); e != "" {
		add(emailMark + e)
	}
	words := " "
	for _, t := range out {
		if !strings.HasPrefix(t, "=") {
			words += t + " "
		}
	}
	if ph != "" {
		add(ph)
		if d := digitsOf(ph); d != "" {
			add("~" + reverse(d))
		}
	}
	return out, words
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
	var seen sql.NullInt64
	err := c.queryRow(ctx, `SELECT COALESCE(user_id, ''), full_name, email, phone, last_seen FROM customers WHERE workspace_id = ? AND customer_id = ?`,
		wsID, id).Scan(&user, &name, &email, &ph, &seen)
	if err != nil {
		return notFound(err, "customer")
	}
	if _, err := c.exec(ctx, `DELETE FROM customer_terms WHERE workspace_id = ? AND customer_id = ?`, wsID, id); err != nil {
		return err
	}
	terms, words := customerTerms(user, name, email, ph)
	for _, t := range terms {
		if _, err := c.exec(ctx, qSetTerm, wsID, id, t, seen.Int64, words); err != nil {
			return err
		}
	}
	return nil
}

// qSetTerm writes one term row of a customer.
const qSetTerm = `INSERT INTO customer_terms (workspace_id, customer_id, term, last_seen, words) VALUES (?, ?, ?, ?, ?)`

// backfillCustomerTerms indexes every existing customer; migration 0008
// runs it in its transaction, after creating the table, whose columns it
// keeps to (0009 adds last seen and words from the rows).
func backfillCustomerTerms(ctx context.Context, c conn) error {
	type row struct{ ws, id, user, name, email, phone string }
	rows, err := collect(ctx, c, func(r scanner) (row, error) {
		var v row
		return v, r.Scan(&v.ws, &v.id, &v.user, &v.name, &v.email, &v.phone)
	}, `SELECT workspace_id, customer_id, COALESCE(user_id, ''), full_name, email, phone FROM customers`)
	if err != nil {
		return err
	}
	for _, v := range rows {
		terms, _ := customerTerms(v.user, v.name, v.email, v.phone)
		for _, t := range terms {
			if _, err := c.exec(ctx, qAddTerm, v.ws, t, v.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// afterMigration holds the Go steps a migration needs beyond its SQL, run
// in the same transaction.
var afterMigration = map[int]func(context.Context, conn) error{8: backfillCustomerTerms}

// prefixRange returns the bounds of the terms that start with p:
// p <= term < next. next ends with the rune after p's last one, so that it
// stays valid UTF-8, which PostgreSQL requires of a text parameter.
func prefixRange(p string) (string, string) {
	rs := []rune(p)
	for i := len(rs) - 1; i >= 0; i-- {
		next := rs[i] + 1
		if next >= 0xD800 && next <= 0xDFFF {
			next = 0xE000
		}
		if next <= unicode.MaxRune {
			return p, string(rs[:i]) + string(next)
		}
	}
	return p, string(rune(unicode.MaxRune))
}

// termRange is the terms t with lo <= t < hi, or, when one, the term lo.
type termRange struct {
	lo, hi string
	one    bool
}

func oneTerm(t string) termRange { return termRange{lo: t, one: true} }

// cond returns the SQL condition that column is in the range, and its
// arguments.
func (r termRange) cond(column string) (string, []any) {
	if r.one {
		return column + ` = ?`, []any{r.lo}
	}
	return column + ` >= ? AND ` + column + ` < ?`, []any{r.lo, r.hi}
}

func termsStarting(p string) termRange {
	lo, hi := prefixRange(p)
	return termRange{lo: lo, hi: hi}
}

// pattern returns the LIKE pattern of the words of a customer with a term
// in the range.
func (r termRange) pattern() string {
	w := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(r.lo)
	if r.one {
		return "% " + w + " %"
	}
	return "% " + w + "%"
}

// wordRange is what a query word matches: a whole term when shorter than
// minPrefix, else every term it starts.
func wordRange(mark, w string) termRange {
	if utf8.RuneCountInString(w) < minPrefix {
		return oneTerm(mark + w)
	}
	return termsStarting(mark + w)
}

// searchBranches parses a query into the ways it may match a customer,
// each a list of ranges that a customer must all have a term in: every
// word of q as a word of the name, or a prefix of one when it has at least
// minPrefix letters (a word with @ the same way on the e-mail, so that
// "binh@" finds binh@example.vn); the user id exactly; a phone in E.164
// when q reads as one, else by its trailing digits.
func searchBranches(q string) [][]termRange {
	var words []termRange
	for _, f := range strings.Fields(q) {
		if strings.Contains(f, "@") {
			words = append(words, wordRange(emailMark, strings.ToLower(f)))
			continue
		}
		for _, w := range nameWords(f) {
			words = append(words, wordRange("", w))
		}
	}
	var out [][]termRange
	if len(words) > 0 {
		out = append(out, words)
	}
	out = append(out, []termRange{oneTerm(userTerm(q))})
	if p, err := phone.Normalize(q); err == nil {
		out = append(out, []termRange{oneTerm(p)})
	} else if d := digitsOf(q); len(d) >= 4 {
		out = append(out, []termRange{termsStarting("~" + reverse(d))})
	}
	return out
}

// userTerm is the term of a user id, matched exactly and as written.
func userTerm(id string) string { return "=" + id }
