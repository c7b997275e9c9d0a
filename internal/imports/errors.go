package imports

import (
	"encoding/json"
	"math"

	"cxm/internal/csvio"
	"cxm/internal/cx"
)

// savedError is a *cx.Error as the imports table keeps it, with its
// format and arguments, so that the page translates it later.
type savedError struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Format  string `json:"format,omitempty"`
	Args    []any  `json:"args,omitempty"`
}

func saveError(e *cx.Error) savedError {
	return savedError{Code: e.Code, Field: e.Field, Message: e.Message, Format: e.Format, Args: e.Args}
}

func (s savedError) error() *cx.Error {
	args := make([]any, len(s.Args))
	for i, a := range s.Args {
		// JSON has only floats: whole numbers were ints (%d) when saved.
		if f, ok := a.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			a = int(f)
		}
		args[i] = a
	}
	return &cx.Error{Code: s.Code, Field: s.Field, Message: s.Message, Format: s.Format, Args: args}
}

func encodeError(e *cx.Error) string { return toJSON(saveError(e)) }

func decodeError(s string) *cx.Error {
	var se savedError
	if json.Unmarshal([]byte(s), &se) != nil {
		return cx.Errorf(cx.Internal, "internal error")
	}
	return se.error()
}

// savedReport is a customer or order report with the errors of its bad
// rows, which csvio.Report does not encode.
type savedReport struct {
	csvio.Report
	Errors []*savedError `json:"errors"` // one per Bad line; nil where the line has none
}

func encodeReport(r csvio.Report) string {
	sr := savedReport{Report: r, Errors: make([]*savedError, len(r.Bad))}
	for i, b := range r.Bad {
		if b.Err != nil {
			e := saveError(b.Err)
			sr.Errors[i] = &e
		}
	}
	return toJSON(sr)
}

func decodeReport(s string) *csvio.Report {
	var sr savedReport
	json.Unmarshal([]byte(s), &sr)
	for i := range sr.Bad {
		if i < len(sr.Errors) && sr.Errors[i] != nil {
			sr.Bad[i].Err = sr.Errors[i].error()
		}
	}
	return &sr.Report
}
