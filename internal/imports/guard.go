package imports

import (
	"bytes"
	"io"

	"cxm/internal/cx"
)

// MaxLine is the longest record (quoted line breaks included) an import
// reads: a record longer than this cannot be a row of cells under
// csvio.MaxField, and reading it whole would hold it in memory.
const MaxLine = 1 << 20

// lineGuard passes a CSV file through a record at a time and keeps no
// record longer than max bytes in memory. In a customer or order file
// (skip) such a record becomes as many blank lines as it had, so that the
// lines after it keep their numbers, and its first line is remembered
// for the report; in a feedback file, where one bad row stores none, the
// read fails with the line named. It follows quotes the way encoding/csv
// does: a quote opens a quoted cell only at a cell's start, and a line
// break inside one does not end the record.
type lineGuard struct {
	r       io.Reader
	max     int
	skip    bool
	Long    []int  // first lines of the records skipped
	rec     []byte // the record being read
	out     []byte // whole records, ready to be read
	buf     []byte
	line    int  // physical line, from 1
	start   int  // line the current record starts on
	lines   int  // line breaks in the record being skipped
	over    bool // the current record is too long: skipping it
	quoted  bool // inside a quoted cell
	closed  bool // just after the quote that closed one
	atStart bool // at a cell's start
	err     error
}

func newLineGuard(r io.Reader, max int, skip bool) *lineGuard {
	return &lineGuard{r: r, max: max, skip: skip, line: 1, start: 1, atStart: true, buf: make([]byte, 64<<10)}
}

func (g *lineGuard) Read(p []byte) (int, error) {
	for len(g.out) == 0 && g.err == nil {
		n, err := g.r.Read(g.buf)
		for _, b := range g.buf[:n] {
			if err := g.take(b); err != nil {
				g.err = err
				break
			}
		}
		if err != nil && g.err == nil {
			g.endRecord()
			g.err = err
		}
	}
	n := copy(p, g.out)
	g.out = g.out[n:]
	if len(g.out) == 0 {
		g.out = g.out[:0:0]
		if g.err != nil {
			return n, g.err
		}
	}
	return n, nil
}

// take adds one byte to the record being read.
func (g *lineGuard) take(b byte) error {
	closed := g.closed
	g.closed = false
	switch {
	case b == '"' && g.quoted:
		g.quoted, g.closed = false, true
	case b == '"' && (g.atStart || closed): // "" inside a quoted cell
		g.quoted = true
	}
	g.atStart = !g.quoted && (b == ',' || b == ';' || b == '\t' || b == '\n')
	if b == '\n' {
		g.line++
	}
	if g.over {
		if b == '\n' {
			g.lines++
		}
	} else if g.rec = append(g.rec, b); len(g.rec) > g.max {
		if !g.skip {
			return cx.Errorf(cx.Invalid, "line %d is longer than %d bytes: the import stopped there", g.start, g.max)
		}
		g.over, g.lines = true, bytes.Count(g.rec, []byte{'\n'})
		g.rec = g.rec[:0]
	}
	if b == '\n' && !g.quoted {
		g.endRecord()
	}
	return nil
}

// endRecord releases the record read, or the blank lines that stand for
// the one skipped.
func (g *lineGuard) endRecord() {
	if g.over {
		g.Long = append(g.Long, g.start)
		g.out = append(g.out, bytes.Repeat([]byte{'\n'}, g.lines)...)
		g.over = false
	}
	g.out = append(g.out, g.rec...)
	g.rec = g.rec[:0]
	g.start = g.line
}
