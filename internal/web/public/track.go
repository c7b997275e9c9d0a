package public

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/ingest"
	"cxm/internal/web/httpio"
)

// The /v1 routes follow the Segment HTTP tracking API, so that the official
// SDKs work with only their host and write key changed. Browsers post to
// them from customers' sites, so any origin may call them, without
// credentials: the write key is public by design and only adds events.

// segmentReply is the body of every /v1 answer.
type segmentReply struct {
	Success bool               `json:"success"`
	Errors  []ingest.ItemError `json:"errors,omitempty"`
}

// sdkHeaders are the request headers the official SDKs send, which a
// preflight allows (a list, never the request's own echoed back): the
// write key, the body's type and encoding, analytics-next's retry count,
// and what RudderStack's v3 SDK adds (the anonymous id, the time sent, and
// on retries the attempt, the times since and the reason).
var sdkHeaders = strings.Join([]string{"Authorization", "Content-Type", "Content-Encoding", "X-Retry-Count",
	"AnonymousId", "SentAt", "Rsa-Recovered", "Rsa-Retry-Attempt", "Rsa-Since-Last-Attempt",
	"Rsa-Since-First-Attempt", "Rsa-Retry-Reason"}, ", ")

// allowAnyOrigin sets the CORS headers of the /v1 routes and of what the
// browser SDKs load.
func allowAnyOrigin(w http.ResponseWriter) {
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	hdr.Set("Access-Control-Allow-Headers", sdkHeaders)
	hdr.Set("Access-Control-Max-Age", "86400")
}

// TrackPreflight answers a browser's CORS preflight of a /v1 call or of
// RudderStack's source config.
func (h *Handler) TrackPreflight(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	w.WriteHeader(http.StatusNoContent)
}

// Track serves one /v1 call: kind is identify, track, page, screen, group,
// alias or batch; the short paths and the beacon path are served by the
// same. It answers 200 only once the events are committed.
func (h *Handler) Track(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		allowAnyOrigin(w)
		received := time.Now().UTC()
		body, err := readTrackBody(r)
		if err != nil {
			h.ingest.Refused(ingest.RefusedInvalid)
			segmentError(w, http.StatusBadRequest, "", err.Error())
			return
		}
		req, errs := ingest.Parse(kind, body, received)
		if len(errs) > 0 {
			h.ingest.Refused(ingest.RefusedInvalid)
			httpio.WriteJSON(w, http.StatusBadRequest, segmentReply{Errors: errs})
			return
		}
		key, _, _ := r.BasicAuth()
		if key == "" {
			key = req.WriteKey
		}
		if key == "" {
			key = r.URL.Query().Get("writeKey") // sendBeacon can send no header
		}
		wsID, err := h.accounts.WriteKeyWorkspace(r.Context(), key)
		if err != nil {
			h.ingest.Refused(ingest.RefusedWriteKey)
			segmentError(w, httpio.StatusOf(cx.ErrorCode(err)), "writeKey", messageOf(err))
			return
		}
		if _, err := h.ingest.Ingest(r.Context(), wsID, req.Events); err != nil {
			if e := cx.AsError(err); e != nil && e.Code == cx.Invalid {
				// Sent again it would fail again: never "send them again".
				h.ingest.Refused(ingest.RefusedInvalid)
				segmentError(w, http.StatusBadRequest, e.Field, e.Message)
				return
			}
			h.ingest.Refused(ingest.RefusedUnavailable)
			h.log.Warn("events not stored", "workspace", wsID, "events", len(req.Events), "err", err)
			segmentError(w, http.StatusServiceUnavailable, "", "the events were not stored: send them again")
			return
		}
		httpio.WriteJSON(w, http.StatusOK, segmentReply{Success: true})
	}
}

// segmentError answers a request refused as a whole.
func segmentError(w http.ResponseWriter, status int, field, reason string) {
	httpio.WriteJSON(w, status, segmentReply{Errors: []ingest.ItemError{{Index: -1, Field: field, Reason: reason}}})
}

// messageOf is the message of a *cx.Error, or a generic one.
func messageOf(err error) string {
	if e := cx.AsError(err); e != nil {
		return e.Message
	}
	return "internal error"
}

// readTrackBody reads a /v1 body of at most ingest.MaxRequestBytes,
// gunzipping it when the client compressed it. Browsers send text/plain to
// avoid a preflight, so the content type is not checked.
func readTrackBody(r *http.Request) ([]byte, error) {
	var src io.Reader = r.Body
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, errors.New("the body is not valid gzip")
		}
		defer zr.Close()
		src = zr
	}
	body, err := io.ReadAll(io.LimitReader(src, ingest.MaxRequestBytes+1))
	if err != nil {
		return nil, fmt.Errorf("the body could not be read")
	}
	if len(body) > ingest.MaxRequestBytes {
		return nil, fmt.Errorf("the request is larger than %d KB", ingest.MaxRequestBytes>>10)
	}
	return body, nil
}
