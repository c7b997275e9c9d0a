package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"cxm/internal/cx"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Reader reads the rows of a file for an import. Every import of cxm
// (customers, orders, external feedback) reads through it.
type Reader struct {
	*csv.Reader
	in *bufio.Reader // what the csv.Reader reads from, to tell where the file ends
}

// NewReader reads CSV in UTF-8 with or without a byte-order mark, or in
// UTF-16 with one (decoded to UTF-8), separated by commas, semicolons or
// tabs, whichever the header uses most. A file in an encoding it can name
// but does not read (UTF-32, UTF-16 without a byte-order mark) is refused
// at once rather than row by row.
func NewReader(r io.Reader) (*Reader, error) {
	in, err := decoded(bufio.NewReaderSize(r, 64<<10))
	if err != nil {
		return nil, err
	}
	first, _ := in.Peek(4096)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	cr := csv.NewReader(in) // reads in itself: bufio.NewReader keeps a large enough *bufio.Reader
	cr.Comma = ','
	for _, sep := range []rune{';', '\t'} {
		if bytes.Count(first, []byte(string(sep))) > bytes.Count(first, []byte(string(cr.Comma))) {
			cr.Comma = sep
		}
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &Reader{Reader: cr, in: in}, nil
}

// decoded returns the file as UTF-8 past its byte-order mark.
func decoded(br *bufio.Reader) (*bufio.Reader, error) {
	head, _ := br.Peek(4)
	var order unicode.Endianness
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe\x00\x00")), bytes.HasPrefix(head, []byte("\x00\x00\xfe\xff")):
		return nil, cx.FieldErrorf("file", "the file is in %s: save it as UTF-8", "UTF-32")
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		return br, nil
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		order = unicode.LittleEndian
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		order = unicode.BigEndian
	case len(head) >= 2 && (head[0] == 0) != (head[1] == 0):
		// ASCII text in UTF-16 has a zero byte beside every character.
		return nil, cx.FieldErrorf("file", "the file looks like UTF-16 without a byte-order mark: save it as UTF-8")
	default:
		return br, nil
	}
	dec := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder()
	return bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10), nil
}

// CheckText refuses a cell that the store must not keep: a NUL character
// (PostgreSQL refuses it) or bytes that are not UTF-8 (SQLite would keep
// them and every export would be invalid). The error names the column by
// its header, for the row's report.
func CheckText(field, header, v string) error {
	if strings.IndexByte(v, 0) >= 0 {
		return cx.FieldErrorf(field, "column %q holds a NUL character", header)
	}
	if !utf8.ValidString(v) {
		return cx.FieldErrorf(field, "column %q is not UTF-8 text: save the file as UTF-8", header)
	}
	return nil
}

// UnclosedQuote tells a quote opened on one line and still open at the
// end of the file, which took every line after it, from an ordinary bad
// row: it returns the error to report, which says where the file stopped,
// and how many lines were not read.
func (r *Reader) UnclosedQuote(err error) (*cx.Error, int) {
	var perr *csv.ParseError
	if !errors.As(err, &perr) || !errors.Is(err, csv.ErrQuote) || perr.Line <= perr.StartLine {
		return nil, 0
	}
	if _, end := r.in.Peek(1); end != io.EOF {
		return nil, 0 // a quote misplaced in a value that spans lines: the next row is there
	}
	lost := perr.Line - perr.StartLine
	return cx.FieldErrorf("file", "a quoted value that starts on line %d is never closed: the file was read up to there, and the %d lines after it were not read",
		perr.StartLine, lost), lost
}
