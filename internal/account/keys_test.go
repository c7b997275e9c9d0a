package account_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store/storetest"
)

func TestAPIKeys(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	ws := e.workspace("Khoá")
	admin := e.member(ws, "admin@example.vn", cx.RoleAdmin)

	sk, err := e.acc.CreateAPIKey(ctx, admin, account.NewKey{Kind: cx.KeySecret, Name: " CRM sync "})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sk.Key, secret.SecretKeyPrefix) || !strings.HasPrefix(sk.Key, sk.Prefix) || sk.Name != "CRM sync" || sk.Hash != secret.Hash(sk.Key) {
		t.Fatalf("got %+v, want a named secret key with its prefix and hash", sk)
	}
	p, err := e.acc.AuthenticateKey(ctx, sk.Key)
	if err != nil {
		t.Fatal(err)
	}
	if p.WorkspaceID != ws || p.Role != cx.RoleAdmin || p.Key == nil || p.Key.ID != sk.ID || p.Member != nil || p.Session != nil {
		t.Fatalf("got principal %+v, want the key acting as admin of %s", p, ws)
	}
	if !p.Can(cx.ActManageKeys) || p.Can(cx.ActManageOwners) {
		t.Error("a secret key must manage keys and must not manage owners")
	}

	wk, err := e.acc.CreateAPIKey(ctx, admin, account.NewKey{Kind: cx.KeyWrite})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(wk.Key, secret.WriteKeyPrefix) {
		t.Fatalf("got write key %q", wk.Key)
	}

	// Keys are refused the other workspace's keys and roles without the right.
	other := e.member(e.workspace("Tiệm khác"), "khac@example.vn", cx.RoleOwner)
	_, err = e.acc.RevokeAPIKey(ctx, other, sk.ID)
	storetest.WantErr(t, err, cx.NotFound, "")
	analyst := e.member(ws, "analyst@example.vn", cx.RoleAnalyst)
	_, err = e.acc.CreateAPIKey(ctx, analyst, account.NewKey{Kind: cx.KeySecret})
	storetest.WantErr(t, err, cx.Forbidden, "")
	_, err = e.acc.RevokeAPIKey(ctx, analyst, sk.ID)
	storetest.WantErr(t, err, cx.Forbidden, "")
	_, err = e.acc.CreateAPIKey(ctx, admin, account.NewKey{Kind: "root"})
	storetest.WantErr(t, err, cx.Invalid, "kind")
	if _, err := e.acc.AuthenticateKey(ctx, sk.Key); err != nil {
		t.Fatalf("refused revocations revoked the key: %v", err)
	}

	revoked, err := e.acc.RevokeAPIKey(ctx, admin, sk.ID)
	if err != nil || revoked.RevokedAt == nil {
		t.Fatalf("got %+v, %v, want a revoked key", revoked, err)
	}
	if again, err := e.acc.RevokeAPIKey(ctx, admin, sk.ID); err != nil || !again.RevokedAt.Equal(*revoked.RevokedAt) {
		t.Errorf("revoking twice: got %+v, %v, want the first revocation kept", again, err)
	}

	for _, tc := range []struct {
		name, key string
	}{
		{"revoked", sk.Key},
		{"write key", wk.Key},
		{"unknown", secret.SecretKeyPrefix + "nope"},
		{"empty", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := e.acc.AuthenticateKey(ctx, tc.key)
			storetest.WantErr(t, err, cx.Unauthorized, "")
			if p != nil {
				t.Errorf("got principal %+v, want none", p)
			}
		})
	}
}

// BenchmarkWriteKeyWorkspace is the price of reading the write key on
// every /v1 request (one row by a unique index), in parallel as the
// ingestion endpoints call it.
func BenchmarkWriteKeyWorkspace(b *testing.B) {
	ctx := context.Background()
	st := storetest.Open(b)
	acc := account.New(st, time.Now)
	ws := storetest.Workspace(b, st, "Đo khóa")
	k, err := acc.CreateAPIKey(ctx, account.Operator(ws.ID), account.NewKey{Kind: cx.KeyWrite})
	if err != nil {
		b.Fatal(err)
	}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := acc.WriteKeyWorkspace(ctx, k.Key); err != nil {
				b.Fatal(err)
			}
		}
	})
}
