package account_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// testEnv is the account use cases on a real store, with a clock the test
// moves.
type testEnv struct {
	t     *testing.T
	store *store.Store
	acc   *account.Service
	clock *clock
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	st := storetest.Open(t)
	c := &clock{t: time.Now()}
	return &testEnv{t: t, store: st, acc: account.New(st, c.now), clock: c}
}

// in returns the environment for a subtest, which must report its own
// failures.
func (e *testEnv) in(t *testing.T) *testEnv {
	sub := *e
	sub.t = t
	return &sub
}

// clock is a time source that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// workspace creates a workspace from the lifecycle template.
func (e *testEnv) workspace(name string) string {
	e.t.Helper()
	return storetest.Workspace(e.t, e.store, name).ID
}

// member adds a user with a role straight into the store, without a usable
// password, and returns them as the principal a session of theirs would
// give.
func (e *testEnv) member(wsID, email string, role cx.Role) *account.Principal {
	e.t.Helper()
	m, _, err := e.store.AddUser(context.Background(), wsID, cx.User{Email: email, PasswordHash: "x"}, role)
	if err != nil {
		e.t.Fatal(err)
	}
	return &account.Principal{WorkspaceID: wsID, Role: role, Member: &m}
}

// user adds a user with a password through the operator and returns them.
func (e *testEnv) user(wsID, email, password string, role cx.Role) cx.Member {
	e.t.Helper()
	added, err := e.acc.AddUser(context.Background(), account.Operator(wsID), account.NewUser{Email: email, Password: password, Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	return added.Member
}

// signIn signs a user in from a fresh address and returns their session's
// principal and token.
func (e *testEnv) signIn(email, password string) (*account.Principal, string) {
	e.t.Helper()
	ctx := context.Background()
	in, err := e.acc.SignIn(ctx, "192.0.2.1", email, password)
	if err != nil {
		e.t.Fatalf("sign in %s: %v", email, err)
	}
	p, err := e.acc.AuthenticateSession(ctx, in.Token)
	if err != nil {
		e.t.Fatalf("session of %s: %v", email, err)
	}
	return p, in.Token
}

// keyPrincipal returns the principal of a new secret key of wsID.
func (e *testEnv) keyPrincipal(wsID string) *account.Principal {
	e.t.Helper()
	ctx := context.Background()
	k, err := e.acc.CreateAPIKey(ctx, account.Operator(wsID), account.NewKey{Kind: cx.KeySecret})
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.acc.AuthenticateKey(ctx, k.Key)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// role returns a member's role, or "" when they are not a member.
func (e *testEnv) role(wsID, userID string) cx.Role {
	e.t.Helper()
	m, err := e.store.Member(context.Background(), wsID, userID)
	if cx.ErrorCode(err) == cx.NotFound {
		return ""
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return m.Role
}

const password = "mật-khẩu-rất-dài"
