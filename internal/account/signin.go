package account

import (
	"context"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// sessionLifetime is how long a sign-in lasts.
const sessionLifetime = 14 * 24 * time.Hour

// SignedIn is a new session. Token is its raw value, for the cookie only:
// the store keeps its hash.
type SignedIn struct {
	Token     string
	ExpiresAt time.Time
}

// SignIn checks an email and password from ip and starts a session in the
// workspace the user used last. Failures slow down further attempts for
// that account from that address, and from that address (see throttle.go).
// A known and an unknown email do the same work — one throttle read, one
// user query, one password check, one failure write — so neither the
// answer, the wait nor the time tells who has an account.
func (s *Service) SignIn(ctx context.Context, ip, email, password string) (SignedIn, error) {
	u, wsID, err := s.authenticate(ctx, ip, email, password)
	if err != nil {
		return SignedIn{}, err
	}
	return s.startSession(ctx, u.ID, wsID)
}

// authenticate checks an email and password, with throttling. It returns
// the user and the workspace they used last.
func (s *Service) authenticate(ctx context.Context, ip, email, password string) (cx.User, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	keys := keysOf(email, ip)
	wait, err := s.signInWait(ctx, keys)
	if err != nil {
		return cx.User{}, "", err
	}
	if wait > 0 {
		return cx.User{}, "", tooMany(wait)
	}
	u, err := s.store.UserForSignIn(ctx, email)
	known := err == nil
	if err != nil && cx.ErrorCode(err) != cx.NotFound {
		return cx.User{}, "", err
	}
	hash := dummyHash
	if known {
		hash = u.PasswordHash
	}
	ok, err := s.hasher.check(hash, password)
	if err != nil {
		return cx.User{}, "", err
	}
	if !ok || !known {
		if err := s.failed(ctx, keys); err != nil {
			return cx.User{}, "", err
		}
		return cx.User{}, "", cx.Errorf(cx.Unauthorized, "wrong email or password")
	}
	ms, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		return cx.User{}, "", err
	}
	if len(ms) == 0 {
		return cx.User{}, "", cx.Errorf(cx.Forbidden, "your account belongs to no workspace any more")
	}
	if err := s.store.ClearSignInFailures(ctx, keys.account); err != nil {
		return cx.User{}, "", err
	}
	return u, ms[0].Workspace.ID, nil
}

// dummyHash is checked against when the email is unknown, so that an
// unknown email costs the same argon2id work as a known one. Its
// parameters must be HashPassword's (a test keeps them so).
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8DhVDl1sDqKzjX9GcDXdmg3j0b0c3mHkN3pW9l1E6rI"

// startSession stores a new session for a user in a workspace.
func (s *Service) startSession(ctx context.Context, userID, wsID string) (SignedIn, error) {
	token, hash := secret.NewToken()
	now := s.now().UTC()
	sess := cx.Session{TokenHash: hash, UserID: userID, WorkspaceID: wsID,
		CreatedAt: now, ExpiresAt: now.Add(sessionLifetime)}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return SignedIn{}, err
	}
	return SignedIn{Token: token, ExpiresAt: sess.ExpiresAt}, nil
}

// AuthenticateSession returns the principal of a session token, as the
// browser sends it in its cookie: the person, their role in the session's
// workspace, and the session. An unknown or expired token is not_found.
func (s *Service) AuthenticateSession(ctx context.Context, token string) (*Principal, error) {
	sess, err := s.store.Session(ctx, secret.Hash(token))
	if err != nil {
		return nil, err
	}
	m, err := s.store.Member(ctx, sess.WorkspaceID, sess.UserID)
	if err != nil {
		return nil, err
	}
	return &Principal{WorkspaceID: sess.WorkspaceID, Role: m.Role, Member: &m, Session: &sess, CSRF: secret.CSRFToken(token)}, nil
}

// SignOut ends the session of a token. An unknown token is no error:
// signing out twice is harmless.
func (s *Service) SignOut(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, secret.Hash(token))
}

// SwitchWorkspace moves p's session to another of their workspaces, where
// their role there applies from the next request.
func (s *Service) SwitchWorkspace(ctx context.Context, p *Principal, wsID string) error {
	if p == nil || p.Session == nil {
		return cx.Errorf(cx.Forbidden, "only a signed-in person can switch workspaces")
	}
	return s.store.SwitchWorkspace(ctx, p.Session.TokenHash, wsID)
}
