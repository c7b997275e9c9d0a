package account_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store/storetest"
)

func TestSignIn(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	ws := e.workspace("Đăng nhập")
	lan := e.user(ws, "lan@example.vn", password, cx.RoleAnalyst)

	in, err := e.acc.SignIn(ctx, "192.0.2.1", "  LAN@Example.vn ", password)
	if err != nil {
		t.Fatal(err)
	}
	if want := e.clock.now().Add(14 * 24 * time.Hour); len(in.Token) < 32 || !in.ExpiresAt.Equal(want) {
		t.Fatalf("got token %q until %v, want a long token until %v", in.Token, in.ExpiresAt, want)
	}
	p, err := e.acc.AuthenticateSession(ctx, in.Token)
	if err != nil {
		t.Fatal(err)
	}
	if p.WorkspaceID != ws || p.Role != cx.RoleAnalyst || p.Member == nil || p.Member.ID != lan.ID || p.Session == nil || p.Key != nil {
		t.Fatalf("got principal %+v, want lan as analyst of %s with a session", p, ws)
	}
	if p.CSRF != secret.CSRFToken(in.Token) || p.CSRF == in.Token {
		t.Errorf("got CSRF token %q, want the one derived from the session token", p.CSRF)
	}

	for _, tc := range []struct {
		name, email, password, code string
	}{
		{"wrong password", "lan@example.vn", "wrong password", cx.Unauthorized},
		{"unknown email", "nobody@example.vn", password, cx.Unauthorized},
		{"not an email", "lan", password, cx.Unauthorized},
		{"empty", "", "", cx.Unauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := e.acc.SignIn(ctx, "192.0.2.2", tc.email, tc.password)
			storetest.WantErr(t, err, tc.code, "")
			if in.Token != "" {
				t.Errorf("got token %q, want none", in.Token)
			}
		})
	}

	// Sign-out ends the session; twice is harmless.
	if err := e.acc.SignOut(ctx, in.Token); err != nil {
		t.Fatal(err)
	}
	_, err = e.acc.AuthenticateSession(ctx, in.Token)
	storetest.WantErr(t, err, cx.NotFound, "")
	if err := e.acc.SignOut(ctx, in.Token); err != nil {
		t.Errorf("signing out twice: %v", err)
	}
	_, err = e.acc.AuthenticateSession(ctx, "no such token")
	storetest.WantErr(t, err, cx.NotFound, "")

	// Someone removed from their only workspace may not sign in.
	if err := e.acc.RemoveUser(ctx, account.Operator(ws), lan.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.acc.SignIn(ctx, "192.0.2.1", "lan@example.vn", password)
	storetest.WantErr(t, err, cx.Forbidden, "")
}

func TestSignInThrottled(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	ws := e.workspace("Chặn đoán mật khẩu")
	e.user(ws, "lan@example.vn", password, cx.RoleOwner)
	e.user(ws, "minh@example.vn", password, cx.RoleViewer)
	signIn := func(ip, email, pw string) error {
		_, err := e.acc.SignIn(ctx, ip, email, pw)
		return err
	}
	const attacker, owner = "198.51.100.66", "192.0.2.10"

	// Five failures from one address are free; then that address must
	// wait for that account, even with the right password...
	for i := 0; i < 5; i++ {
		storetest.WantErr(t, signIn(attacker, "lan@example.vn", "wrong password"), cx.Unauthorized, "")
	}
	storetest.WantErr(t, signIn(attacker, "LAN@example.vn", password), cx.TooMany, "")
	// ...but the owner, from their own address, is not locked out.
	if err := signIn(owner, "lan@example.vn", password); err != nil {
		t.Fatalf("the owner from another address after a stranger's guesses: %v", err)
	}

	// The wait grows: 30 s after the fifth failure, 1 min after the sixth.
	e.clock.advance(29 * time.Second)
	storetest.WantErr(t, signIn(attacker, "lan@example.vn", "wrong password"), cx.TooMany, "")
	e.clock.advance(2 * time.Second)
	storetest.WantErr(t, signIn(attacker, "lan@example.vn", "wrong password"), cx.Unauthorized, "")
	e.clock.advance(59 * time.Second)
	storetest.WantErr(t, signIn(attacker, "lan@example.vn", "wrong password"), cx.TooMany, "")

	// The count is in the store: a restarted server still makes them wait.
	restarted := account.New(e.store, e.clock.now)
	_, err := restarted.SignIn(ctx, attacker, "lan@example.vn", password)
	storetest.WantErr(t, err, cx.TooMany, "")
	e.clock.advance(2 * time.Second)
	if _, err := restarted.SignIn(ctx, attacker, "lan@example.vn", password); err != nil {
		t.Fatalf("after the wait, on the restarted server: %v", err)
	}

	// A good sign-in forgets the account's failures at that address.
	for i := 0; i < 5; i++ {
		storetest.WantErr(t, signIn(attacker, "lan@example.vn", "wrong password"), cx.Unauthorized, "")
	}
	storetest.WantErr(t, signIn(attacker, "lan@example.vn", password), cx.TooMany, "")

	// An email with no account is slowed exactly like one with an account:
	// the wait tells nothing.
	e.clock.advance(time.Hour)
	known, unknown := "203.0.113.1", "203.0.113.2"
	for i := 0; i < 6; i++ {
		e1 := signIn(known, "minh@example.vn", "wrong password")
		e2 := signIn(unknown, "nobody@example.vn", "wrong password")
		if cx.ErrorCode(e1) != cx.ErrorCode(e2) || e1.Error() != e2.Error() {
			t.Fatalf("attempt %d: known email %v, unknown email %v: want the same answer", i+1, e1, e2)
		}
	}
	storetest.WantErr(t, signIn(unknown, "nobody@example.vn", "x"), cx.TooMany, "")

	// Twenty failures from one address slow it for every email, unknown
	// ones too, and no other address.
	for i := 0; i < 20; i++ {
		storetest.WantErr(t, signIn("203.0.113.7", fmt.Sprintf("guess%d@example.vn", i), "wrong password"), cx.Unauthorized, "")
	}
	storetest.WantErr(t, signIn("203.0.113.7", "minh@example.vn", password), cx.TooMany, "")
	if err := signIn("203.0.113.8", "minh@example.vn", password); err != nil {
		t.Fatalf("another address: %v", err)
	}
	// An IPv6 address counts by its /64.
	for i := 0; i < 5; i++ {
		storetest.WantErr(t, signIn(fmt.Sprintf("2001:db8:1:2::%x", i+1), "minh@example.vn", "wrong password"), cx.Unauthorized, "")
	}
	storetest.WantErr(t, signIn("2001:db8:1:2::ff", "minh@example.vn", password), cx.TooMany, "")
	if err := signIn("2001:db8:1:3::1", "minh@example.vn", password); err != nil {
		t.Fatalf("another /64: %v", err)
	}
}

// TestSignInSameWork checks that a sign-in does the same password work
// whether the email has an account or not, or is no email at all: exactly
// one argon2id check, against a hash with the same parameters and sizes.
func TestSignInSameWork(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	ws := e.workspace("Thời gian")
	e.user(ws, "lan@example.vn", password, cx.RoleOwner)
	counter := account.CountHashes(e.acc)
	var shapes []string
	for i, email := range []string{"lan@example.vn", "nobody@example.vn", "not an email", ""} {
		counter.Reset()
		_, err := e.acc.SignIn(ctx, fmt.Sprintf("192.0.2.%d", i), email, "wrong password")
		storetest.WantErr(t, err, cx.Unauthorized, "")
		if counter.Hashes != 0 || len(counter.Checked) != 1 {
			t.Fatalf("%q: %d hashes and %d checks, want 0 and 1", email, counter.Hashes, len(counter.Checked))
		}
		shapes = append(shapes, hashShape(counter.Checked[0]))
	}
	fresh, err := secret.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range shapes {
		if s != hashShape(fresh) {
			t.Errorf("sign-in %d checked against a hash shaped %s, want %s like HashPassword's", i, s, hashShape(fresh))
		}
	}
}

// hashShape is a PHC hash without its salt and key: its algorithm,
// parameters and the sizes of salt and key, which decide its cost.
func hashShape(h string) string {
	parts := strings.Split(h, "$")
	if len(parts) != 6 {
		return "not a PHC hash"
	}
	return fmt.Sprintf("%s$%s$%s$salt %d$key %d", parts[1], parts[2], parts[3], len(parts[4]), len(parts[5]))
}

func TestSwitchWorkspace(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	a, b, c := e.workspace("A"), e.workspace("B"), e.workspace("C")
	e.user(a, "lan@example.vn", password, cx.RoleOwner)
	if _, err := e.acc.AddUser(ctx, account.Operator(b), account.NewUser{Email: "lan@example.vn", Role: cx.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	p, token := e.signIn("lan@example.vn", password)
	if p.WorkspaceID != a || p.Role != cx.RoleOwner {
		t.Fatalf("signed in to %s as %s, want the first workspace %s as owner", p.WorkspaceID, p.Role, a)
	}
	if err := e.acc.SwitchWorkspace(ctx, p, b); err != nil {
		t.Fatal(err)
	}
	if p, err := e.acc.AuthenticateSession(ctx, token); err != nil || p.WorkspaceID != b || p.Role != cx.RoleViewer {
		t.Fatalf("after switching: got %+v, %v, want viewer of %s", p, err, b)
	}
	// The next sign-in lands in the workspace used last.
	if p, _ := e.signIn("lan@example.vn", password); p.WorkspaceID != b {
		t.Errorf("signed in again to %s, want %s, the workspace used last", p.WorkspaceID, b)
	}
	storetest.WantErr(t, e.acc.SwitchWorkspace(ctx, p, c), cx.NotFound, "")
	storetest.WantErr(t, e.acc.SwitchWorkspace(ctx, e.keyPrincipal(a), b), cx.Forbidden, "")
}
