package httpio

import (
	"crypto/subtle"
	"cxm/internal/account"
	"cxm/internal/cx"
	"net/http"
	"strings"
)

// SessionCookie holds the session token; the store keeps only its hash.
const (
	SessionCookie = "cxm_session"
)

// SessionPrincipal authenticates the session cookie, if any.
func SessionPrincipal(r *http.Request, accounts *account.Service) (*account.Principal, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil, cx.Errorf(cx.Unauthorized, "not signed in")
	}
	return accounts.AuthenticateSession(r.Context(), c.Value)
}

// CheckForm refuses a state-changing request that comes from another site
// or lacks the CSRF token (form field "csrf" or header X-CSRF-Token).
// Safe methods pass.
func CheckForm(r *http.Request, origin *http.CrossOriginProtection, token string) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if err := origin.Check(r); err != nil {
		return cx.Errorf(cx.Forbidden, "cross-origin request refused")
	}
	if token == "" {
		return nil // sign-in and setup forms: no session yet, origin check only
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// An upload is streamed by its handler, never parsed here into
		// memory: its form carries the token in its address.
		got = r.URL.Query().Get("csrf")
	} else if got == "" {
		got = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
		return cx.Errorf(cx.Forbidden, "the form has expired: reload the page and try again")
	}
	return nil
}
