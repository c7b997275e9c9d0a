// Package cx holds cxm's domain types, their validation and the error type
// shared by every layer. It imports nothing of ours, so that every other
// package can depend on it.
package cx

import (
	"errors"
	"fmt"
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
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// FieldErrorf returns an Invalid error about one input field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// FieldConflictf returns a Conflict error about one input field, such as a
// key another object already has.
func FieldConflictf(field, format string, args ...any) *Error {
	return &Error{Code: Conflict, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
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
