package feedback

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"cxm/internal/csvio"
	"cxm/internal/cx"
)

// MaxCSVRows is the most rows one import takes.
const MaxCSVRows = 50_000

// csvColumns are the columns an import understands; others are refused so
// that a typo is not silently dropped.
var csvColumns = []string{"source", "kind", "rating", "scale_min", "scale_max", "title", "text", "author", "url", "agent",
	"duration_s", "language", "date", "email", "phone", "user_id", "customer_id", "touchpoint_id", "touchpoint_key", "external_id"}

// ParseCSV reads external feedback from a CSV file with a header row,
// through the table every feedback import shares. A touchpoint_key column
// is resolved through touchpoints (key → id).
func ParseCSV(r io.Reader, touchpoints map[string]string) ([]cx.ExternalFeedback, error) {
	t, err := openTable(r)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, h := range t.header {
		h = strings.ToLower(h)
		if !oneOf(h, csvColumns) {
			return nil, cx.Errorf(cx.Invalid, "unknown CSV column %q: use %s", h, strings.Join(csvColumns, ", "))
		}
		index[h] = i
	}
	if _, ok := index["source"]; !ok {
		return nil, cx.Errorf(cx.Invalid, "the CSV file needs a source column")
	}
	var out []cx.ExternalFeedback
	for {
		rec, err := t.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if err := t.clean(rec); err != nil {
			return nil, err
		}
		x, err := csvRow(rec, index, touchpoints, t.row)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
}

// table reads a CSV file with a header row for a feedback import, through
// the reader every import shares (encodings, separators, the quotes
// exports add), with the limits of an import.
type table struct {
	cr     *csvio.Reader
	header []string // trimmed, without a byte-order mark
	row    int      // the row last read, counting the header as row 1
	line   int      // the line of the file it starts on
}

func openTable(r io.Reader) (*table, error) {
	cr, err := csvio.NewReader(r)
	if err != nil {
		return nil, err
	}
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, cx.Errorf(cx.Invalid, "the CSV file is empty: it needs a header row")
	}
	if err != nil {
		return nil, readError(err)
	}
	t := &table{cr: cr, row: 1, line: 1}
	for _, h := range header {
		t.header = append(t.header, strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	}
	for i, h := range t.header {
		if err := csvio.CheckText("header", h, h); err != nil {
			return nil, cx.PrefixField(err, "columns", i+1)
		}
	}
	return t, nil
}

// next returns the next row (reused by the following call), io.EOF after
// the last, or an error that stops the import: a file that is not CSV, a
// quote never closed, a cell too long, too many rows.
func (t *table) next() ([]string, error) {
	rec, err := t.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, err
	}
	t.row++
	if e, _ := t.cr.UnclosedQuote(err); e != nil {
		return nil, e
	}
	if err != nil {
		return nil, readError(err)
	}
	t.line, _ = t.cr.FieldPos(0)
	if i := csvio.LongCell(rec); i >= 0 {
		return nil, cx.PrefixField(csvio.LongField(t.column(i)), "rows", t.row)
	}
	if t.row-1 > MaxCSVRows {
		return nil, cx.Errorf(cx.TooLarge, "a CSV import takes at most %d rows", MaxCSVRows)
	}
	return rec, nil
}

// clean refuses a row with a cell the store must not keep (a NUL, bytes
// that are not UTF-8), naming the row and the column, and undoes the
// quote exports put before a formula.
func (t *table) clean(rec []string) error {
	for i, v := range rec {
		if err := csvio.CheckText(t.column(i), t.column(i), v); err != nil {
			return rowError(t.row, err)
		}
		rec[i] = csvio.UnescapeCell(v)
	}
	return nil
}

// column is the header of column i, or its number when the row is longer.
func (t *table) column(i int) string {
	if i < len(t.header) {
		return t.header[i]
	}
	return strconv.Itoa(i + 1)
}

// readError describes a file that is not valid CSV; any other error (the
// body's size cap, a broken connection) is returned as it is, for the
// caller to tell apart.
func readError(err error) error {
	var perr *csv.ParseError
	if !errors.As(err, &perr) {
		return fmt.Errorf("feedback: read CSV: %w", err)
	}
	return cx.Errorf(cx.Invalid, "the CSV file could not be read: %s", err.Error())
}

func csvRow(rec []string, index map[string]int, touchpoints map[string]string, line int) (cx.ExternalFeedback, error) {
	get := func(col string) string {
		if i, ok := index[col]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	x := cx.ExternalFeedback{Source: get("source"), Kind: get("kind"), Title: get("title"), Text: get("text"), Author: get("author"),
		URL: get("url"), Agent: get("agent"), Language: get("language"), Date: get("date"), Email: get("email"), Phone: get("phone"),
		UserID: get("user_id"), CustomerID: get("customer_id"), TouchpointID: get("touchpoint_id"), ExternalID: get("external_id")}
	nums := []struct {
		col string
		set func(float64)
	}{
		{"rating", func(f float64) { x.Rating = &f }},
		{"scale_min", func(f float64) { x.ScaleMin = f }},
		{"scale_max", func(f float64) { x.ScaleMax = f }},
		{"duration_s", func(f float64) { x.DurationS = int(f) }},
	}
	for _, n := range nums {
		if s := get(n.col); s != "" {
			f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
			if err != nil {
				return x, &cx.Error{Code: cx.Invalid, Field: "rows[" + strconv.Itoa(line) + "]." + n.col,
					Message: "row " + strconv.Itoa(line) + ": " + n.col + " must be a number", Format: "%s must be a number", Args: []any{n.col}}
			}
			n.set(f)
		}
	}
	if key := get("touchpoint_key"); key != "" && x.TouchpointID == "" {
		id, ok := touchpoints[key]
		if !ok {
			return x, cx.FieldErrorf("rows["+strconv.Itoa(line)+"].touchpoint_key", "row %d: no touchpoint with the key %q", line, key)
		}
		x.TouchpointID = id
	}
	return x, nil
}

// rowError puts the row's number before a value's error, as the store
// does for the rows it refuses.
func rowError(line int, err error) error {
	e := cx.AsError(err)
	if e == nil {
		return err
	}
	c := *e
	c.Field = "rows[" + strconv.Itoa(line) + "]." + e.Field
	c.Message = "row " + strconv.Itoa(line) + ": " + e.Message
	return &c
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
