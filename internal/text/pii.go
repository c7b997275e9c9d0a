package text

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of personal data Redact replaces, with the placeholder each
// leaves in the text.
const (
	PersonalPhone   = "[PHONE]"
	PersonalEmail   = "[EMAIL]"
	PersonalID      = "[ID]"      // a national ID number: 9 (CMND) or 12 (CCCD) digits
	PersonalAccount = "[ACCOUNT]" // another long number: a bank account or card
	PersonalName    = "[NAME]"
)

// Personal is one piece of personal data found in a text, by byte offsets.
type Personal struct {
	Kind       string
	Start, End int
}

var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// numberPattern finds digits in groups joined by one space, dot or
	// dash, with an optional + or (0xx) before: 0912 345 678,
	// +84 912.345.678, (028) 3823-4567.
	numberPattern = regexp.MustCompile(`(\+\s?|\()?\d+\)?(?:[ .\-]?\d{2,})*`)
)

// salutations come before a name in Vietnamese and English.
var salutations = map[string]bool{
	"anh": true, "chị": true, "chi": true, "em": true, "cô": true, "chú": true, "bác": true, "ông": true,
	"bà": true, "bạn": true, "cậu": true, "dì": true, "mợ": true, "thím": true, "bé": true,
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "mr.": true, "mrs.": true, "ms.": true,
}

// FindPersonal lists the personal data in a text: e-mail addresses, phone
// numbers in every Vietnamese form (10-digit mobiles, 11-digit landlines
// with their 02x area code, +84 and 84 prefixes, 1800/1900 hotlines),
// 9- and 12-digit ID numbers, other numbers of 8 to 19 digits (accounts,
// cards), and names written after a salutation ("chị Lan", "anh Tuấn",
// "Mr Smith"): one to three capitalised words.
func FindPersonal(s string) []Personal {
	var out []Personal
	if strings.IndexByte(s, '@') >= 0 {
		for _, m := range emailPattern.FindAllStringIndex(s, -1) {
			out = append(out, Personal{PersonalEmail, m[0], m[1]})
		}
	}
	if !strings.ContainsAny(s, "0123456789") {
		return append(out, findNames(s)...)
	}
	for _, m := range numberPattern.FindAllStringIndex(s, -1) {
		if overlaps(out, m[0], m[1]) || glued(s, m[0], m[1]) {
			continue
		}
		if kind := numberKind(s[m[0]:m[1]]); kind != "" {
			out = append(out, Personal{kind, m[0], m[1]})
		}
	}
	out = append(out, findNames(s)...)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// glued reports a number stuck to letters before it (a code like AB123456).
func glued(s string, start, end int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:start])
	return start > 0 && (unicode.IsLetter(r) || r == '@')
}

// numberKind classifies a run of digits, or "" for one that is not
// personal (an amount, a date, a short number).
func numberKind(num string) string {
	var digits strings.Builder
	for _, c := range num {
		if c >= '0' && c <= '9' {
			digits.WriteRune(c)
		}
	}
	d := digits.String()
	n := len(d)
	plus := strings.HasPrefix(num, "+")
	switch {
	case (plus || strings.HasPrefix(d, "84")) && strings.HasPrefix(d, "84") && (n == 11 || n == 12):
		return PersonalPhone
	case strings.HasPrefix(d, "0") && (n == 10 || n == 11):
		return PersonalPhone
	case (strings.HasPrefix(d, "1800") || strings.HasPrefix(d, "1900")) && (n == 8 || n == 10):
		return PersonalPhone
	case n < 8 || n > 19:
		return ""
	case thousands(num) && !strings.HasPrefix(d, "0"):
		return "" // 1.250.000 ₫: an amount
	case n == 9 || n == 12:
		return PersonalID
	}
	return PersonalAccount
}

// thousands reports digits grouped by three with dots or commas, as
// amounts are written (1.250.000).
var thousandsPattern = regexp.MustCompile(`^\d{1,3}([.,]\d{3})+$`)

func thousands(num string) bool {
	return thousandsPattern.MatchString(num)
}

func overlaps(list []Personal, start, end int) bool {
	for _, p := range list {
		if start < p.End && p.Start < end {
			return true
		}
	}
	return false
}

// findNames finds capitalised words after a salutation.
func findNames(s string) []Personal {
	var out []Personal
	words := wordSpans(s)
	for i := 0; i < len(words)-1; i++ {
		if !salutations[strings.ToLower(s[words[i][0]:words[i][1]])] {
			continue
		}
		j := i + 1
		for j < len(words) && j-i <= 3 && capitalised(s[words[j][0]:words[j][1]]) && adjacent(s, words[j-1], words[j]) {
			j++
		}
		if j > i+1 {
			out = append(out, Personal{PersonalName, words[i+1][0], words[j-1][1]})
			i = j - 1
		}
	}
	return out
}

// wordSpans gives the byte spans of the words of s (letters, and a dot
// ending "Mr.").
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, c := range s {
		letter := unicode.IsLetter(c) || c == '.' && start >= 0 && i-start <= 3
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// capitalised reports a word that starts with an upper-case letter and
// goes on in lower case (Lan, Tuấn; not "OK" or "ATM").
func capitalised(w string) bool {
	rs := []rune(strings.TrimSuffix(w, "."))
	if len(rs) < 2 || !unicode.IsUpper(rs[0]) {
		return false
	}
	for _, c := range rs[1:] {
		if !unicode.IsLower(c) {
			return false
		}
	}
	return true
}

// adjacent reports two words with only spaces between them.
func adjacent(s string, a, b [2]int) bool {
	return strings.TrimSpace(s[a[1]:b[0]]) == ""
}

// Redact replaces the personal data FindPersonal finds with placeholders
// ("gọi 0912 345 678" → "gọi [PHONE]", "chị Lan" → "chị [NAME]").
func Redact(s string) string {
	return replacePersonal(s, FindPersonal(s), true)
}

// replacePersonal puts each found piece's placeholder in its place, or a
// space when placeholders is false (the text the classifier reads).
func replacePersonal(s string, found []Personal, placeholders bool) string {
	if len(found) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, p := range found {
		if p.Start < last {
			continue
		}
		b.WriteString(s[last:p.Start])
		if placeholders {
			b.WriteString(p.Kind)
		} else {
			b.WriteByte(' ')
		}
		last = p.End
	}
	b.WriteString(s[last:])
	return b.String()
}
