package store_test

import (
	"context"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestSignInFailures(t *testing.T) {
	ctx := context.Background()
	s, _ := setup(t)
	t0 := time.Now().UTC().Truncate(time.Millisecond)
	for i := 0; i < 3; i++ {
		if err := s.RecordSignInFailure(ctx, t0.Add(time.Duration(i)*time.Second), t0.Add(-time.Hour), "a", "b"); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.SignInFailures(ctx, "a", "b", "c")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["a"].Count != 3 || !got["a"].LastAt.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("got %+v, want a and b with 3 failures, the last at %v", got, t0.Add(2*time.Second))
	}
	// A failure after the forgetting horizon starts from one.
	if err := s.RecordSignInFailure(ctx, t0.Add(2*time.Hour), t0.Add(time.Hour), "a"); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearSignInFailures(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	got, _ = s.SignInFailures(ctx, "a", "b")
	if len(got) != 1 || got["a"].Count != 1 {
		t.Fatalf("got %+v, want a alone with 1 failure", got)
	}
	if n, err := s.DeleteSignInFailuresBefore(ctx, t0.Add(3*time.Hour)); err != nil || n != 1 {
		t.Fatalf("deleted %d, %v, want 1", n, err)
	}
}

func TestUserInvitations(t *testing.T) {
	ctx := context.Background()
	s, ws := setup(t)
	other := storetest.Workspace(t, s, "Tiệm khác")
	now := time.Now().UTC().Truncate(time.Millisecond)
	invite := func(wsID, email, hash string) (cx.UserInvitation, error) {
		return s.CreateUserInvitation(ctx, cx.UserInvitation{WorkspaceID: wsID, Email: email, Role: cx.RoleAgent,
			TokenHash: hash, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	}
	inv, err := invite(ws.ID, " Moi@X.vn ", "h1")
	if err != nil || inv.Email != "moi@x.vn" || inv.Language != cx.LangVi || inv.Status != cx.InvitationPending {
		t.Fatalf("got %+v, %v", inv, err)
	}
	// Again: replaced, the old hash no longer works.
	if _, err := invite(ws.ID, "moi@x.vn", "h2"); err != nil {
		t.Fatal(err)
	}
	_, err = s.UserInvitationByToken(ctx, "h1", now)
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = s.UserInvitationByToken(ctx, "h2", now.Add(time.Hour))
	storetest.WantErr(t, err, cx.NotFound, "") // expired
	_, err = s.UserInvitation(ctx, other.ID, inv.ID)
	storetest.WantErr(t, err, cx.NotFound, "")

	m, wsID, err := s.JoinAsNewUser(ctx, "h2", cx.User{Name: "Mới", PasswordHash: "x"}, now)
	if err != nil || wsID != ws.ID || m.Email != "moi@x.vn" || m.Role != cx.RoleAgent {
		t.Fatalf("join: got %+v in %s, %v", m, wsID, err)
	}
	if l, _ := s.UserInvitations(ctx, ws.ID, store.Page{}); len(l.Items) != 0 {
		t.Fatalf("got %d invitations after joining, want 0", len(l.Items))
	}
	_, err = invite(ws.ID, "moi@x.vn", "h3")
	storetest.WantErr(t, err, cx.Conflict, "")

	// An existing account accepts; joining as new with its address is a conflict.
	if _, err := invite(other.ID, "moi@x.vn", "h4"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.JoinAsNewUser(ctx, "h4", cx.User{Name: "Kẻ gian", PasswordHash: "x"}, now)
	storetest.WantErr(t, err, cx.Conflict, "")
	if _, err := s.AcceptUserInvitation(ctx, "h4", m.ID, now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	ms, err := s.Memberships(ctx, m.ID)
	if err != nil || len(ms) != 2 || ms[0].Workspace.ID != other.ID {
		t.Fatalf("memberships: got %+v, %v, want the one just joined first", ms, err)
	}
	storetest.WantErr(t, s.DeleteUserInvitation(ctx, other.ID, "inv_nope"), cx.NotFound, "")
}
