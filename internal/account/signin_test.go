package account_test

import (
	"context"
	"fmt"
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

	// Five failures for an email block it, from any address, even with the
	// right password, for the rest of the window.
	for i := 0; i < 5; i++ {
		storetest.WantErr(t, signIn(fmt.Sprintf("192.0.2.%d", i), "lan@example.vn", "wrong password"), cx.Unauthorized, "")
	}
	storetest.WantErr(t, signIn("198.51.100.1", "LAN@example.vn", password), cx.TooMany, "")
	if err := signIn("192.0.2.1", "minh@example.vn", password); err != nil {
		t.Fatalf("another email from the same address: %v", err)
	}
	e.clock.advance(14 * time.Minute)
	storetest.WantErr(t, signIn("198.51.100.1", "lan@example.vn", password), cx.TooMany, "")
	e.clock.advance(time.Minute + time.Second)
	if err := signIn("198.51.100.1", "lan@example.vn", password); err != nil {
		t.Fatalf("after the window: %v", err)
	}

	// A good sign-in forgets the email's failures.
	for i := 0; i < 4; i++ {
		storetest.WantErr(t, signIn("192.0.2.9", "minh@example.vn", "wrong password"), cx.Unauthorized, "")
	}
	if err := signIn("192.0.2.9", "minh@example.vn", password); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		storetest.WantErr(t, signIn("192.0.2.9", "minh@example.vn", "wrong password"), cx.Unauthorized, "")
	}
	if err := signIn("192.0.2.9", "minh@example.vn", password); err != nil {
		t.Fatalf("four failures after a success: %v", err)
	}

	// Twenty failures from one address block it for every email, unknown
	// ones too, and no other address.
	e.clock.advance(time.Hour)
	for i := 0; i < 20; i++ {
		storetest.WantErr(t, signIn("203.0.113.7", fmt.Sprintf("guess%d@example.vn", i), "wrong password"), cx.Unauthorized, "")
	}
	storetest.WantErr(t, signIn("203.0.113.7", "minh@example.vn", password), cx.TooMany, "")
	if err := signIn("203.0.113.8", "minh@example.vn", password); err != nil {
		t.Fatalf("another address: %v", err)
	}
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
	storetest.WantErr(t, e.acc.SwitchWorkspace(ctx, p, c), cx.NotFound, "")
	storetest.WantErr(t, e.acc.SwitchWorkspace(ctx, e.keyPrincipal(a), b), cx.Forbidden, "")
}
