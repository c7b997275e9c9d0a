package account_test

import (
	"context"
	"testing"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store/storetest"
)

func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	ws := e.workspace("Mật khẩu")
	e.user(ws, "lan@example.vn", password, cx.RoleAgent)
	p, token := e.signIn("lan@example.vn", password)
	_, elsewhere := e.signIn("lan@example.vn", password)

	const next = "mật-khẩu-mới-của-Lan"
	for _, tc := range []struct {
		name        string
		change      account.PasswordChange
		code, field string
	}{
		{"wrong current", account.PasswordChange{Current: "sai rồi", New: next, Confirm: next}, cx.Invalid, "current"},
		{"too short", account.PasswordChange{Current: password, New: "ngắn", Confirm: "ngắn"}, cx.Invalid, "password"},
		{"confirmation differs", account.PasswordChange{Current: password, New: next, Confirm: next + "!"}, cx.Invalid, "password2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.WantErr(t, e.acc.ChangePassword(ctx, p, tc.change), tc.code, tc.field)
		})
	}
	if _, err := e.acc.AuthenticateSession(ctx, elsewhere); err != nil {
		t.Fatalf("a refused change ended a session: %v", err)
	}

	key := e.keyPrincipal(ws)
	storetest.WantErr(t, e.acc.ChangePassword(ctx, key, account.PasswordChange{Current: password, New: next, Confirm: next}), cx.Forbidden, "")

	if err := e.acc.ChangePassword(ctx, p, account.PasswordChange{Current: password, New: next, Confirm: next}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.acc.AuthenticateSession(ctx, token); err != nil {
		t.Errorf("the session that changed the password ended: %v", err)
	}
	_, err := e.acc.AuthenticateSession(ctx, elsewhere)
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = e.acc.SignIn(ctx, "192.0.2.1", "lan@example.vn", password)
	storetest.WantErr(t, err, cx.Unauthorized, "")
	e.signIn("lan@example.vn", next)
}

func TestOneTimePasswordMustBeChanged(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	ws := e.workspace("Một lần")
	added, err := e.acc.AddUser(ctx, account.Operator(ws), account.NewUser{Email: "minh@example.vn", Role: cx.RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := e.signIn("minh@example.vn", added.OneTimePassword)
	if !p.Member.MustChangePassword {
		t.Fatal("signed in with a one-time password: the session does not say it must be changed")
	}
	if err := e.acc.ChangePassword(ctx, p, account.PasswordChange{Current: added.OneTimePassword, New: password, Confirm: password}); err != nil {
		t.Fatal(err)
	}
	if p, _ := e.signIn("minh@example.vn", password); p.Member.MustChangePassword {
		t.Error("after the change, the password must still be changed")
	}
}

func TestResetPassword(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	ws := e.workspace("Quên mật khẩu")
	e.user(ws, "lan@example.vn", password, cx.RoleOwner)
	_, token := e.signIn("lan@example.vn", password)

	u, oneTime, err := e.acc.ResetPassword(ctx, "LAN@example.vn", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(oneTime) < 16 || !u.MustChangePassword || u.Email != "lan@example.vn" {
		t.Fatalf("got %+v and %q, want a one-time password to change", u, oneTime)
	}
	_, err = e.acc.AuthenticateSession(ctx, token)
	storetest.WantErr(t, err, cx.NotFound, "")
	if p, _ := e.signIn("lan@example.vn", oneTime); !p.Member.MustChangePassword {
		t.Error("signed in with the one-time password: it need not be changed")
	}

	const chosen = "mật-khẩu-chọn-sẵn"
	if _, oneTime, err := e.acc.ResetPassword(ctx, "lan@example.vn", chosen); err != nil || oneTime != "" {
		t.Fatalf("got %q, %v, want the chosen password and no one-time one", oneTime, err)
	}
	if p, _ := e.signIn("lan@example.vn", chosen); p.Member.MustChangePassword {
		t.Error("a chosen password must not need changing")
	}
	_, _, err = e.acc.ResetPassword(ctx, "nobody@example.vn", "")
	storetest.WantErr(t, err, cx.NotFound, "")
	_, _, err = e.acc.ResetPassword(ctx, "lan@example.vn", "short")
	storetest.WantErr(t, err, cx.Invalid, "password")
}
