// Package httpio is what every HTTP surface of cxm shares: who is asking
// (Principal), JSON in and out, paging parameters, and the one mapping of
// error codes to HTTP statuses.
package httpio

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/jsonvalue"
	"cxm/internal/store"
)

// MaxJSONBody is the largest JSON body the API accepts.
const MaxJSONBody = 1 << 20

// StatusOf maps an error code to its HTTP status: the one place that does.
func StatusOf(code string) int {
	switch code {
	case cx.Invalid:
		return http.StatusBadRequest
	case cx.NotFound:
		return http.StatusNotFound
	case cx.Conflict:
		return http.StatusConflict
	case cx.Unauthorized:
		return http.StatusUnauthorized
	case cx.Forbidden:
		return http.StatusForbidden
	case cx.TooLarge:
		return http.StatusRequestEntityTooLarge
	case cx.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// WriteJSON encodes v with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff") // no browser reads a JSON answer as HTML or script
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// WriteError answers with {"error":{…}}. Errors that are not *cx.Error are
// logged and shown as a plain internal error.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := cx.AsError(err)
	if e == nil {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = &cx.Error{Code: cx.Internal, Message: "internal error"}
	}
	WriteJSON(w, StatusOf(e.Code), ErrorBody{ErrorDetail{Code: e.Code, Message: e.Message, Field: e.Field}})
}

// DecodeJSON reads one JSON object into v, refusing unknown fields, trailing
// data and bodies over MaxJSONBody.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return cx.Errorf(cx.Invalid, "Content-Type must be application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	if err != nil {
		return jsonError(err)
	}
	if at, why := jsonvalue.Check(body); why != "" {
		return refusedValue(at, why)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		if err != nil && IsTooLarge(err) {
			return jsonError(err)
		}
		return cx.Errorf(cx.Invalid, "the body must hold one JSON object and nothing after it")
	}
	return nil
}

// refusedValue names a value of a body that cxm cannot keep (see
// jsonvalue), with a message the pages translate.
func refusedValue(at, why string) error {
	if at == "" {
		at = "body"
	}
	switch why {
	case jsonvalue.HasNUL:
		return cx.FieldErrorf(at, "%s contains a NUL character", at)
	case jsonvalue.NotUTF8:
		return cx.FieldErrorf(at, "%s is not valid UTF-8 text", at)
	}
	return cx.FieldErrorf(at, "%s is a number too large to keep", at)
}

// IsTooLarge reports whether err is a body over its limit.
func IsTooLarge(err error) bool {
	var tooLarge *http.MaxBytesError
	return errors.As(err, &tooLarge)
}

// jsonError turns a decoding error into a message for the client.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case IsTooLarge(err):
		return cx.Errorf(cx.TooLarge, "the body is larger than %d bytes", MaxJSONBody)
	case errors.Is(err, io.EOF):
		return cx.Errorf(cx.Invalid, "the body is empty: send a JSON object")
	case errors.As(err, &syntax):
		return cx.Errorf(cx.Invalid, "malformed JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ):
		return &cx.Error{Code: cx.Invalid, Field: typ.Field, Message: typ.Field + " must be of type " + typ.Type.String()}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &cx.Error{Code: cx.Invalid, Field: field, Message: "unknown field " + field}
	}
	return cx.Errorf(cx.Invalid, "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// ListBody is every list's shape: {"items":[…],"next":"…" or null}.
type ListBody[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func WriteList[T any](w http.ResponseWriter, l store.List[T]) {
	body := ListBody[T]{Items: l.Items}
	if l.Next != "" {
		body.Next = &l.Next
	}
	WriteJSON(w, http.StatusOK, body)
}

// PageOf reads ?limit= and ?after= .
func PageOf(r *http.Request) (store.Page, error) {
	p := store.Page{After: r.URL.Query().Get("after")}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxLimit {
			return p, &cx.Error{Code: cx.Invalid, Field: "limit", Message: "limit must be a whole number from 1 to " + strconv.Itoa(store.MaxLimit)}
		}
		p.Limit = n
	}
	return p, nil
}

// Respond writes v with status, unless err says otherwise.
func Respond[T any](w http.ResponseWriter, status int, v T, err error) error {
	if err != nil {
		return err
	}
	WriteJSON(w, status, v)
	return nil
}

// RespondList writes a list page, unless err says otherwise.
func RespondList[T any](w http.ResponseWriter, l store.List[T], err error) error {
	if err != nil {
		return err
	}
	WriteList(w, l)
	return nil
}

// NoContent answers 204, unless err says otherwise.
func NoContent(w http.ResponseWriter, err error) error {
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// OptionalTime reads an RFC 3339 time of a body's field: nil when empty.
func OptionalTime(field, s string) (*time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return nil, cx.FieldErrorf(field, "%s must be an RFC 3339 time such as 2026-11-30T17:54:03+07:00", field)
	}
	return &t, nil
}
