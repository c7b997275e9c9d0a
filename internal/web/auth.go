package web

import (
	"net/http"
	"net/url"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

// api wraps an /api/v1 handler: it authenticates a secret key (Bearer) or a
// session cookie, checks that the role allows act, and turns a returned
// error into a JSON error.
func (s *Server) api(act cx.Action, h httpio.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.apiPrincipal(r)
		if err == nil && !p.Can(act) {
			err = cx.Errorf(cx.Forbidden, "your role (%s) may not do this", p.Role)
		}
		if err == nil {
			err = h(w, r, p)
		}
		if err != nil {
			httpio.WriteError(w, r, s.log, err)
		}
	}
}

func (s *Server) apiPrincipal(r *http.Request) (*account.Principal, error) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		key, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return nil, cx.Errorf(cx.Unauthorized, "send the secret key as 'Authorization: Bearer cxm_sk_…'")
		}
		return s.accounts.AuthenticateKey(r.Context(), strings.TrimSpace(key))
	}
	p, err := httpio.SessionPrincipal(r, s.accounts)
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

// page wraps a dashboard handler: a person must be signed in (else they are
// sent to the sign-in page), must have set their own password, and may only
// post forms that carry the session's CSRF token from this site. The role
// must allow act.
func (s *Server) page(act cx.Action, h httpio.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := httpio.SessionPrincipal(r, s.accounts)
		if err != nil {
			if cx.ErrorCode(err) != cx.Unauthorized && cx.ErrorCode(err) != cx.NotFound {
				s.pages.Error(w, r, nil, err)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if p.Member.MustChangePassword && r.URL.Path != "/account/password" {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if err := httpio.CheckForm(r, s.origin, p.CSRF); err != nil {
			s.pages.Error(w, r, p, err)
			return
		}
		if !p.Can(act) {
			s.pages.Error(w, r, p, cx.Errorf(cx.Forbidden, "your role (%s) may not do this", p.Role))
			return
		}
		if err := h(w, r, p); err != nil {
			s.pages.Error(w, r, p, err)
		}
	}
}

// guest wraps the few posts that work signed in or not (signing out, the
// language switch): the session, if any, is passed on (else nil), and the
// form must come from this site, with the session's CSRF token when there
// is a session.
func (s *Server) guest(h httpio.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := httpio.SessionPrincipal(r, s.accounts)
		if err != nil {
			p = nil
		}
		token := ""
		if p != nil {
			token = p.CSRF
		}
		err = httpio.CheckForm(r, s.origin, token)
		if err == nil {
			err = h(w, r, p)
		}
		if err != nil {
			s.pages.Error(w, r, p, err)
		}
	}
}

// notFound answers every path no route knows, inside the layout.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	p, err := httpio.SessionPrincipal(r, s.accounts)
	if err != nil {
		p = nil
	}
	s.pages.Error(w, r, p, cx.Errorf(cx.NotFound, "page not found"))
}
