package csvio

import (
	"unicode/utf8"

	"cxm/internal/cx"
)

// MaxField is the most characters one cell may hold, in every import
// (customers, orders, feedback): enough for a long review, too little for
// a cell that would fill memory or be echoed back whole. A row with a
// longer cell is refused with its column named.
const MaxField = 10_000

// LongCell returns the index of the first cell of rec longer than
// MaxField, or -1.
func LongCell(rec []string) int {
	for i, v := range rec {
		if len(v) > MaxField && utf8.RuneCountInString(v) > MaxField {
			return i
		}
	}
	return -1
}

// LongField is the error for a cell longer than MaxField in the column
// named header. The message names the column as the file does; headers
// are no fields of ours, so the error has none.
func LongField(header string) error {
	return cx.Errorf(cx.Invalid, "the column %q holds more than %d characters", header, MaxField)
}

// checkFields refuses a row with a cell longer than MaxField.
func checkFields(cols []column, rec []string) error {
	i := LongCell(rec)
	if i < 0 {
		return nil
	}
	header := ""
	if i < len(cols) {
		header = cols[i].header
	}
	return LongField(header)
}
