package store_test

import (
	"context"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// newSession stores a session that ends in hours (negative: already ended)
// and returns its token hash.
func newSession(t *testing.T, s *store.Store, userID, wsID string, hours int) string {
	t.Helper()
	created := time.Now().UTC().Truncate(time.Millisecond)
	sess := cx.Session{
		TokenHash: secret.RandomToken(32), UserID: userID, WorkspaceID: wsID,
		CreatedAt: created, ExpiresAt: created.Add(time.Duration(hours) * time.Hour),
	}
	if err := s.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	return sess.TokenHash
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")
	c := storetest.Workspace(t, s, "C")
	m, _, err := s.AddUser(ctx, a.ID, cx.User{Email: "lan@example.vn"}, cx.RoleOwner)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddUser(ctx, b.ID, cx.User{Email: "lan@example.vn"}, cx.RoleViewer); err != nil {
		t.Fatal(err)
	}

	created := time.Now().UTC().Truncate(time.Millisecond)
	want := cx.Session{TokenHash: "hash-1", UserID: m.ID, WorkspaceID: a.ID, CreatedAt: created, ExpiresAt: created.Add(time.Hour)}
	if err := s.CreateSession(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(ctx, "hash-1")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	storetest.WantErr(t, s.CreateSession(ctx, want), cx.Conflict, "")

	expired := newSession(t, s, m.ID, a.ID, -1)
	_, err = s.Session(ctx, expired)
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = s.Session(ctx, "no-such-hash")
	storetest.WantErr(t, err, cx.NotFound, "")

	for _, tc := range []struct {
		name  string
		token string
		ws    string
		code  string
		after string
	}{
		{"to a workspace of the user", "hash-1", b.ID, "", b.ID},
		{"to a workspace of others", "hash-1", c.ID, cx.NotFound, b.ID},
		{"to no workspace", "hash-1", "ws_nope", cx.NotFound, b.ID},
		{"back", "hash-1", a.ID, "", a.ID},
		{"unknown session", "no-such-hash", b.ID, cx.NotFound, a.ID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.SwitchWorkspace(ctx, tc.token, tc.ws)
			if tc.code == "" && err != nil {
				t.Fatalf("got %v, want nil", err)
			}
			if tc.code != "" {
				storetest.WantErr(t, err, tc.code, "")
			}
			if got, _ := s.Session(ctx, "hash-1"); got.WorkspaceID != tc.after {
				t.Errorf("got workspace %s, want %s", got.WorkspaceID, tc.after)
			}
		})
	}

	newSession(t, s, m.ID, a.ID, -2)
	n, err := s.DeleteExpiredSessions(ctx)
	if err != nil || n != 2 {
		t.Errorf("got %d, %v, want 2 expired sessions deleted", n, err)
	}
	if _, err := s.Session(ctx, "hash-1"); err != nil {
		t.Errorf("got %v, want the live session kept", err)
	}
	if n, _ := s.DeleteExpiredSessions(ctx); n != 0 {
		t.Errorf("got %d deleted the second time, want 0", n)
	}

	if err := s.DeleteSession(ctx, "hash-1"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Session(ctx, "hash-1")
	storetest.WantErr(t, err, cx.NotFound, "")
	if err := s.DeleteSession(ctx, "hash-1"); err != nil {
		t.Errorf("got %v deleting twice, want nil", err)
	}
}
