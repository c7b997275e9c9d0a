package csvio

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"time"

	"cxm/internal/cx"
)

// Kinds of file.
const (
	Customers = "customers"
	Orders    = "orders"
)

// Limits of an import.
const (
	batchSize   = 500  // events per call to ingestion
	MaxBadLines = 1000 // bad lines kept in a report; the rest are counted
)

// Sink takes a batch of events and answers after they are committed, with
// how many were new and how many it had seen before: ingest.Pipeline's
// Ingest, adapted.
type Sink func(ctx context.Context, wsID string, events []cx.Event) (added, duplicates int, err error)

// Report says what an import did.
type Report struct {
	Kind       string    `json:"kind"`
	Rows       int       `json:"rows"`       // data rows read
	Accepted   int       `json:"accepted"`   // customers or orders sent to ingestion
	Added      int       `json:"added"`      // of which new
	Duplicates int       `json:"duplicates"` // of which imported before: nothing changed
	BadRows    int       `json:"bad_rows"`   // rows refused
	NotRead    int       `json:"not_read"`   // lines after a quote never closed, which the file gave no rows for
	Bad        []BadLine `json:"bad"`        // the first MaxBadLines of them
}

// BadLine is a refused row: its line in the file and why.
type BadLine struct {
	Line   int       `json:"line"`
	Field  string    `json:"field,omitempty"`
	Reason string    `json:"reason"`
	Err    *cx.Error `json:"-"` // for the dashboard to translate
}

// Options change how a file is read.
type Options struct {
	Map map[string]string // header → field, from --map
	Now func() time.Time  // the receive time of the events; time.Now when nil
}

// Import reads a CSV file of kind (Customers or Orders) and sends its rows
// to sink in batches. Bad rows go into the report and the import goes on;
// an unreadable header or a failing sink stops it.
func Import(ctx context.Context, r io.Reader, wsID, kind string, opt Options, sink Sink) (Report, error) {
	rep := Report{Kind: kind, Bad: []BadLine{}}
	known := customerFields
	if kind == Orders {
		known = orderFields
	} else if kind != Customers {
		return rep, cx.FieldErrorf("kind", "kind must be customers or orders")
	}
	cr, err := NewReader(r)
	if err != nil {
		return rep, err
	}
	header, err := cr.Read()
	if err != nil {
		return rep, cx.FieldErrorf("file", "the file has no header row")
	}
	for _, h := range header {
		if err := CheckText("header", h, h); err != nil {
			return rep, err
		}
	}
	cols, err := mapColumns(header, known, opt.Map)
	if err != nil {
		return rep, err
	}
	if kind == Orders && !hasField(cols, FieldOrderID) {
		return rep, cx.FieldErrorf("header", "an orders file needs an order id column, such as \"Mã đơn hàng\" or \"order_id\"")
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	im := &importer{ctx: ctx, wsID: wsID, sink: sink, rep: &rep, cols: cols, now: now}
	if kind == Orders {
		err = im.orders(cr)
	} else {
		err = im.customers(cr)
	}
	if err == nil {
		err = im.flush()
	}
	return rep, err
}

func hasField(cols []column, field string) bool {
	for _, c := range cols {
		if c.field == field {
			return true
		}
	}
	return false
}

// importer is one import under way.
type importer struct {
	ctx   context.Context
	wsID  string
	sink  Sink
	rep   *Report
	cols  []column
	now   func() time.Time
	batch []cx.Event
}

// read returns the next row and its line, skipping blank rows and
// reporting malformed ones, with the quotes exports add to formula-like
// cells taken off. io.EOF ends the file, also when a quote that is never
// closed took the rest of it: the report then says where and how much.
func (im *importer) read(cr *Reader) ([]string, int, error) {
	for {
		rec, err := cr.Read()
		var perr *csv.ParseError
		if e, lost := cr.UnclosedQuote(err); e != nil {
			errors.As(err, &perr)
			im.rep.Rows++
			im.rep.NotRead += lost
			im.bad(perr.StartLine, e)
			return nil, 0, io.EOF
		}
		switch {
		case errors.As(err, &perr) && !errors.Is(err, csv.ErrFieldCount):
			im.rep.Rows++
			im.bad(perr.StartLine, cx.FieldErrorf("file", "the row is not valid CSV: %s", perr.Err.Error()))
			continue
		case err != nil && !errors.Is(err, csv.ErrFieldCount):
			return nil, 0, err
		}
		if blank(rec) {
			continue
		}
		for i, v := range rec {
			rec[i] = UnescapeCell(v)
		}
		im.rep.Rows++
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}
}

func blank(rec []string) bool {
	for _, v := range rec {
		if v != "" {
			return false
		}
	}
	return true
}

func (im *importer) customers(cr *Reader) error {
	for {
		rec, line, err := im.read(cr)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		e, err := customerEvent(im.cols, rec, im.now())
		if ferr := checkFields(im.cols, rec); ferr != nil {
			err = ferr
		}
		if err != nil {
			im.bad(line, err)
			continue
		}
		if err := im.add(e); err != nil {
			return err
		}
	}
}

// orders groups consecutive rows with one order id into one order.
func (im *importer) orders(cr *Reader) error {
	idx := -1
	for i, c := range im.cols {
		if c.field == FieldOrderID {
			idx = i
		}
	}
	var cur *order
	for {
		rec, line, err := im.read(cr)
		if err == io.EOF {
			return im.finishOrder(cur)
		}
		if err != nil {
			return err
		}
		if err := checkFields(im.cols, rec); err != nil {
			im.bad(line, err)
			continue
		}
		id := ""
		if idx < len(rec) {
			id = trimmed(rec[idx])
		}
		if id == "" {
			im.bad(line, cx.FieldErrorf(FieldOrderID, "the row has no order id"))
			continue
		}
		if cur == nil || cur.id != id {
			if err := im.finishOrder(cur); err != nil {
				return err
			}
			cur = &order{id: id, line: line}
		}
		cur.addRow(im.cols, rec, line)
	}
}

func (im *importer) finishOrder(o *order) error {
	if o == nil {
		return nil
	}
	e, err := o.event(im.now())
	if err != nil {
		line := o.line
		if o.errLine != 0 {
			line = o.errLine
		}
		im.bad(line, err)
		return nil
	}
	return im.add(e)
}

func (im *importer) add(e cx.Event) error {
	im.rep.Accepted++
	im.batch = append(im.batch, e)
	if len(im.batch) >= batchSize {
		return im.flush()
	}
	return nil
}

func (im *importer) flush() error {
	if len(im.batch) == 0 {
		return nil
	}
	added, dups, err := im.sink(im.ctx, im.wsID, im.batch)
	if err != nil {
		return fmt.Errorf("csvio: ingest: %w", err)
	}
	im.rep.Added += added
	im.rep.Duplicates += dups
	clear(im.batch)
	im.batch = im.batch[:0]
	return nil
}

// bad records a refused row.
func (im *importer) bad(line int, err error) {
	im.rep.BadRows++
	if len(im.rep.Bad) >= MaxBadLines {
		return
	}
	b := BadLine{Line: line, Reason: err.Error()}
	if e := cx.AsError(err); e != nil {
		b.Field, b.Reason, b.Err = e.Field, e.Message, e
	}
	im.rep.Bad = append(im.rep.Bad, b)
}
