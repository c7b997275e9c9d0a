// Package cx holds cxm's domain types, their validation and the error type
// shared by every layer. It imports nothing of ours, so that every other
// package can depend on it.
package cx

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Error codes. The web layer maps each to one HTTP status.
const (
	Invalid      = "invalid"
	NotFound     = "not_found"
	Conflict     = "conflict"
	Unauthorized = "unauthorized"
	Forbidden    = "forbidden"
	TooLarge     = "too_large"
	TooMany      = "too_many_requests"
	Internal     = "internal"
)

// Error is an error meant for the user: a code, a message safe to show, and
// the input field it is about, if any.
//
// Format and Args are the message before formatting, so that the dashboard
// can look the format up in its translation catalogue.
type Error struct {
	Code    string
	Message string
	Field   string
	Format  string
	Args    []any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("cx error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("cx error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	args = shortenQuoted(format, args)
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// FieldErrorf returns an Invalid error about one input field.
func FieldErrorf(field, format string, args ...any) *Error {
	args = shortenQuoted(format, args)
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// FieldConflictf returns a Conflict error about one input field, such as a
// key another object already has.
func FieldConflictf(field, format string, args ...any) *Error {
	args = shortenQuoted(format, args)
	return &Error{Code: Conflict, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// MaxQuoted is how many characters of an outside value an error quotes
// (with %q): a 100 MB cell or a pasted novel is cut short with "…", so that
// an error page or report never echoes it back whole.
const MaxQuoted = 80

// shortenQuoted cuts the string arguments of format's %q verbs to
// MaxQuoted characters. Other verbs (lists of choices, names we chose) are
// left alone; a format with explicit argument indexes is left whole.
func shortenQuoted(format string, args []any) []any {
	var out []any
	n := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && (format[j] == '+' || format[j] == '-' || format[j] == '#' || format[j] == ' ' || format[j] == '0' ||
			format[j] == '.' || format[j] >= '1' && format[j] <= '9') {
			j++
		}
		if j == len(format) || format[j] == '[' || format[j] == '*' {
			return args
		}
		i = j
		if format[j] == '%' {
			continue
		}
		if s, ok := argAt(args, n).(string); ok && format[j] == 'q' && utf8.RuneCountInString(s) > MaxQuoted {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[n] = Shorten(s, MaxQuoted)
		}
		n++
	}
	if out == nil {
		return args
	}
	return out
}

func argAt(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

// Shorten returns s cut to max characters, ending with "…" when cut.
func Shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// ErrorCode returns the code of err, or Internal when err is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// AsError returns the *Error inside err, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
