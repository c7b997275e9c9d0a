package ui

import (
	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/web/httpio"
	"net/http"
	"strings"
	"time"
)

// signIn starts a session for a user in a workspace and sets its cookie.
func (s *Handler) signIn(w http.ResponseWriter, r *http.Request, userID, wsID string) error {
	token, hash := secret.NewToken()
	sess := cx.Session{TokenHash: hash, UserID: userID, WorkspaceID: wsID,
		CreatedAt: time.Now().UTC(), ExpiresAt: time.Now().UTC().Add(httpio.SessionLifetime)}
	if err := s.store.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: httpio.SessionCookie, Value: token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r),
	})
	return nil
}

// signOut ends the request's session, if any, and clears its cookie.
func (s *Handler) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(httpio.SessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), secret.Hash(c.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: httpio.SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	return nil
}

// secure reports whether cookies must be Secure: behind TLS, directly or
// as the configured base URL says.
func (s *Handler) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.baseURL, "https://")
}

// authenticate checks an email and password, with throttling. It returns
// the user and their first workspace.
func (s *Handler) authenticate(r *http.Request, email, password string) (cx.User, string, error) {
	ip := httpio.ClientIP(r)
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
