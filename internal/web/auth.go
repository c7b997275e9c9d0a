package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// sessionCookie holds the session token; the store keeps only its hash.
const (
	sessionCookie   = "cxm_session"
	sessionLifetime = 14 * 24 * time.Hour
)

// principal is who makes a request, in which workspace, with which role.
type principal struct {
	WorkspaceID string
	Role        cx.Role
	Member      *cx.Member  // set for a signed-in person
	Session     *cx.Session // set for a signed-in person
	CSRF        string      // set for a signed-in person: the token their forms carry
	Key         *cx.APIKey  // set for a secret key
}

// can reports whether the principal may do act.
func (p *principal) can(act cx.Action) bool { return p.Role.Can(act) }

// handlerFunc is a handler that is told who is asking and may fail.
type handlerFunc func(w http.ResponseWriter, r *http.Request, p *principal) error

// api wraps an /api/v1 handler: it authenticates a secret key (Bearer) or a
// session cookie, checks that the role allows act, and turns a returned
// error into a JSON error.
func (s *Server) api(act cx.Action, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.apiPrincipal(r)
		if err == nil && !p.can(act) {
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
		return s.keyPrincipal(r.Context(), strings.TrimSpace(key))
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

// keyPrincipal authenticates a secret API key. Secret keys act as admins.
func (s *Server) keyPrincipal(ctx context.Context, key string) (*principal, error) {
	if strings.HasPrefix(key, secret.WriteKeyPrefix) {
		return nil, cx.Errorf(cx.Unauthorized, "a write key only sends events to /v1; use a secret key for /api/v1")
	}
	k, err := s.store.APIKeyByHash(ctx, secret.Hash(key))
	if cx.ErrorCode(err) == cx.NotFound || err == nil && (k.RevokedAt != nil || k.Kind != cx.KeySecret) {
		return nil, cx.Errorf(cx.Unauthorized, "unknown or revoked API key")
	}
	if err != nil {
		return nil, err
	}
	return &principal{WorkspaceID: k.WorkspaceID, Role: cx.RoleAdmin, Key: &k}, nil
}

// sessionPrincipal authenticates the session cookie.
func (s *Server) sessionPrincipal(r *http.Request) (*principal, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, cx.Errorf(cx.Unauthorized, "not signed in")
	}
	sess, err := s.store.Session(r.Context(), secret.Hash(c.Value))
	if err != nil {
		return nil, err
	}
	m, err := s.store.Member(r.Context(), sess.WorkspaceID, sess.UserID)
	if err != nil {
		return nil, err
	}
	return &principal{WorkspaceID: sess.WorkspaceID, Role: m.Role, Member: &m, Session: &sess, CSRF: secret.CSRFToken(c.Value)}, nil
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
		if err := s.checkForm(r, p.CSRF); err != nil {
			s.renderError(w, r, p, err)
			return
		}
		if !p.can(act) {
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

// signIn starts a session for a user in a workspace and sets its cookie.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, userID, wsID string) error {
	token, hash := newToken()
	sess := cx.Session{TokenHash: hash, UserID: userID, WorkspaceID: wsID,
		CreatedAt: time.Now().UTC(), ExpiresAt: time.Now().UTC().Add(sessionLifetime)}
	if err := s.store.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r),
	})
	return nil
}

// signOut ends the request's session, if any, and clears its cookie.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), secret.Hash(c.Value)); err != nil {
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

// authenticate checks an email and password, with throttling. It returns
// the user and their first workspace.
func (s *Server) authenticate(r *http.Request, email, password string) (cx.User, string, error) {
	ip := clientIP(r)
	email = strings.ToLower(strings.TrimSpace(email))
	if wait := s.logins.blocked(ip, email); wait > 0 {
		return cx.User{}, "", cx.Errorf(cx.TooMany, "too many failed sign-ins: try again in %d minutes", int(wait.Minutes())+1)
	}
	fail := func() (cx.User, string, error) {
		s.logins.fail(ip, email)
		return cx.User{}, "", cx.Errorf(cx.Unauthorized, "wrong email or password")
	}
	u, err := s.store.UserByEmail(r.Context(), email)
	if err != nil {
		if code := cx.ErrorCode(err); code == cx.NotFound || code == cx.Invalid {
			secret.CheckPassword(dummyHash, password) // same time as a real check
			return fail()
		}
		return cx.User{}, "", err
	}
	ok, err := secret.CheckPassword(u.PasswordHash, password)
	if err != nil {
		return cx.User{}, "", err
	}
	if !ok {
		return fail()
	}
	ms, err := s.store.Memberships(r.Context(), u.ID)
	if err != nil {
		return cx.User{}, "", err
	}
	if len(ms) == 0 {
		return cx.User{}, "", cx.Errorf(cx.Forbidden, "your account belongs to no workspace any more")
	}
	s.logins.succeed(email)
	return u, ms[0].Workspace.ID, nil
}

// dummyHash is checked against when the email is unknown, so that timing
// does not tell which emails have accounts.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8DhVDl1sDqKzjX9GcDXdmg3j0b0c3mHkN3pW9l1E6rI"

// clientIP is the request's remote address without the port.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

func newToken() (token, hash string) { return secret.NewToken() }
