package csvio

import (
	"encoding/csv"
	"io"
	"strings"
)

// Writer writes CSV whose text cells no spreadsheet runs as a formula:
// every export of cxm (customers, orders, feedback; dashboard and CLI)
// writes through it, because its cells come from public sources (the
// write key, the widget, survey links).
type Writer struct {
	cw  *csv.Writer
	row []string
}

// NewWriter writes CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{cw: csv.NewWriter(w)} }

// Write writes one row, each cell made safe by SafeCell.
func (w *Writer) Write(rec []string) error {
	w.row = w.row[:0]
	for _, v := range rec {
		w.row = append(w.row, SafeCell(v))
	}
	return w.cw.Write(w.row)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// SafeCell neutralises a cell the way OWASP recommends for CSV
// injection: a text that starts with =, +, -, @, a tab or a carriage
// return gets a leading '. Numbers (-20, 1.5) and E.164 phones
// (+84912345678) stay as they are, so spreadsheets still read them. A
// text that already starts with quotes before such a character gets one
// more, so that UnescapeCell gives every value back exactly.
func SafeCell(v string) string {
	if !formulaLike(v) || isNumber(v) || isE164(v) {
		return v
	}
	return "'" + v
}

// UnescapeCell undoes SafeCell: importing an exported file gives the
// values that were exported.
func UnescapeCell(v string) string {
	if strings.HasPrefix(v, "'") && formulaLike(v) {
		return v[1:]
	}
	return v
}

// formulaLike reports whether v, past any leading quotes, starts with a
// character a spreadsheet takes as the start of a formula.
func formulaLike(v string) bool {
	v = strings.TrimLeft(v, "'")
	return v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0]))
}

// isNumber reports whether v is a plain decimal number: -20, 1.5.
func isNumber(v string) bool {
	v = strings.TrimPrefix(v, "-")
	whole, frac, dot := strings.Cut(v, ".")
	return digits(whole) && (!dot || digits(frac))
}

// isE164 reports whether v is a phone number as cxm stores them.
func isE164(v string) bool {
	d, ok := strings.CutPrefix(v, "+")
	return ok && len(d) >= 7 && len(d) <= 15 && d[0] != '0' && digits(d)
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
