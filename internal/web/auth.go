package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
)

// sessionCookie holds the session token; the store keeps only its hash.
const sessionCookie = "cxm_session"

// principal is who makes a request, in which workspace, with which role:
// account.Principal under the name the handlers know.
type principal = account.Principal

// handlerFunc is a handler that is told who is asking and may fail.
type handlerFunc func(w http.ResponseWriter, r *http.Request, p *principal) error

// api wraps an /api/v1 handler: it authenticates a secret key (Bearer) or a
// session cookie, checks that the role allows act, and turns a returned
// error into a JSON error.
func (s *Server) api(act cx.Action, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.apiPrincipal(r)
		if err == nil && !p.Can(act) {
			err = cx.Errorf(cx.Forbidden, "your role (%s) may not do this", p.Role)
		}
		if err == nil {
			err = h(w, r, p)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
	}
}

func (s *Server) apiPrincipal(r *http.Request) (*principal, error) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		key, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return nil, cx.Errorf(cx.Unauthorized, "send the secret key as 'Authorization: Bearer cxm_sk_…'")
		}
		return s.accounts.AuthenticateKey(r.Context(), strings.TrimSpace(key))
	}
	p, err := s.sessionPrincipal(r)
	if err != nil {
		return nil, cx.Errorf(cx.Unauthorized, "sign in, or send a secret key as 'Authorization: Bearer cxm_sk_…'")
	}
	if err := s.origin.Check(r); err != nil {
		return nil, cx.Errorf(cx.Forbidden, "cross-origin request refused")
	}
	if p.Member.MustChangePassword {
		return nil, cx.Errorf(cx.Forbidden, "change your one-time password in the dashboard first")
	}
	return p, nil
}

// sessionPrincipal authenticates the session cookie.
func (s *Server) sessionPrincipal(r *http.Request) (*principal, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, cx.Errorf(cx.Unauthorized, "not signed in")
	}
	return s.accounts.AuthenticateSession(r.Context(), c.Value)
}

// page wraps a dashboard handler: a person must be signed in (else they are
// sent to the sign-in page), must have set their own password, and may only
// post forms that carry the session's CSRF token from this site. The role
// must allow act.
func (s *Server) page(act cx.Action, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.sessionPrincipal(r)
		if err != nil {
			if cx.ErrorCode(err) != cx.Unauthorized && cx.ErrorCode(err) != cx.NotFound {
				s.renderError(w, r, nil, err)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if p.Member.MustChangePassword && r.URL.Path != "/account/password" {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if err := s.checkForm(r, p.Session.CSRFToken); err != nil {
			s.renderError(w, r, p, err)
			return
		}
		if !p.Can(act) {
			s.renderError(w, r, p, cx.Errorf(cx.Forbidden, "your role (%s) may not do this", p.Role))
			return
		}
		if err := h(w, r, p); err != nil {
			s.renderError(w, r, p, err)
		}
	}
}

// checkForm refuses a state-changing request that comes from another site
// or lacks the CSRF token (form field "csrf" or header X-CSRF-Token).
// Safe methods pass.
func (s *Server) checkForm(r *http.Request, token string) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if err := s.origin.Check(r); err != nil {
		return cx.Errorf(cx.Forbidden, "cross-origin request refused")
	}
	if token == "" {
		return nil // sign-in and setup forms: no session yet, origin check only
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
		return cx.Errorf(cx.Forbidden, "the form has expired: reload the page and try again")
	}
	return nil
}

// setSessionCookie gives the browser the cookie of a session account has
// started.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, in account.SignedIn) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: in.Token, Path: "/", Expires: in.ExpiresAt,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r),
	})
}

// signOut ends the request's session, if any, and clears its cookie.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.accounts.SignOut(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	return nil
}

// secure reports whether cookies must be Secure: behind TLS, directly or
// as the configured base URL says.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.BaseURL, "https://")
}

// clientIP is the request's remote address without the port.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
