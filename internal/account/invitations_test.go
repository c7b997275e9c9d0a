package account_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// sentMail is what a test mailer received.
type sentMail struct{ to, subject, text string }

func TestInviteUser(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	a, b := e.workspace("Tiệm A"), e.workspace("Tiệm B")
	chu := e.user(b, "chu@b.vn", password, cx.RoleOwner)
	key := e.keyPrincipal(a)
	e.acc.SendInvitations("https://cx.example.vn/", nil)

	// Inviting the owner of another workspace answers exactly as inviting
	// a new address: no name, no hint of the account, nobody added.
	known, err := e.acc.InviteUser(ctx, key, account.Invite{Email: "Chu@B.vn", Role: cx.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := e.acc.InviteUser(ctx, key, account.Invite{Email: "moi@x.vn", Role: cx.RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	if k1, k2 := jsonKeys(t, known), jsonKeys(t, fresh); !slices.Equal(k1, k2) || slices.Contains(k1, "name") {
		t.Fatalf("answers have keys %v and %v, want the same, without a name", k1, k2)
	}
	if known.Email != "chu@b.vn" || known.Status != cx.InvitationPending || known.Emailed || !strings.HasPrefix(known.Link, "https://cx.example.vn/join/") {
		t.Fatalf("got %+v, want a pending invitation with a link, not emailed", known)
	}
	if got := e.role(a, chu.ID); got != "" {
		t.Fatalf("chu is %s of A before accepting, want no member", got)
	}
	pending, err := e.store.UserInvitations(ctx, a, store.Page{})
	if err != nil || len(pending.Items) != 2 {
		t.Fatalf("pending: got %+v, %v, want two invitations", pending.Items, err)
	}
	// Pending, chu cannot sign in to A: sign-in lands in B.
	p, chuSession := e.signIn("chu@b.vn", password)
	if p.WorkspaceID != b {
		t.Fatalf("chu signed in to %s, want B", p.WorkspaceID)
	}
	storetest.WantErr(t, e.acc.SwitchWorkspace(ctx, p, a), cx.NotFound, "")

	// Only the person invited accepts, signed in; then the link is spent.
	chuToken, freshToken := linkToken(t, known.Link), linkToken(t, fresh.Link)
	storetest.WantErr(t, e.acc.AcceptInvitation(ctx, nil, chuToken), cx.Forbidden, "")
	storetest.WantErr(t, e.acc.AcceptInvitation(ctx, p, freshToken), cx.Forbidden, "")
	_, err = e.acc.JoinAsNewUser(ctx, chuToken, account.Joining{Name: "Kẻ gian", Password: password, Confirm: password})
	storetest.WantErr(t, err, cx.Conflict, "")
	if err := e.acc.AcceptInvitation(ctx, p, chuToken); err != nil {
		t.Fatal(err)
	}
	if got := e.role(a, chu.ID); got != cx.RoleAdmin {
		t.Fatalf("after accepting, chu is %q of A, want admin", got)
	}
	if p, err := e.acc.AuthenticateSession(ctx, chuSession); err != nil || p.WorkspaceID != a {
		t.Fatalf("after accepting: session in %v (%v), want A", p, err)
	}
	storetest.WantErr(t, e.acc.AcceptInvitation(ctx, p, chuToken), cx.NotFound, "")

	// A new person chooses a name and a password through the link.
	for _, tc := range []struct {
		j     account.Joining
		field string
	}{
		{account.Joining{Password: password, Confirm: password}, "name"},
		{account.Joining{Name: "Mới", Password: "short", Confirm: "short"}, "password"},
		{account.Joining{Name: "Mới", Password: password, Confirm: password + "x"}, "password2"},
	} {
		_, err := e.acc.JoinAsNewUser(ctx, freshToken, tc.j)
		storetest.WantErr(t, err, cx.Invalid, tc.field)
	}
	in, err := e.acc.JoinAsNewUser(ctx, freshToken, account.Joining{Name: " Bạn Mới ", Password: password, Confirm: password})
	if err != nil {
		t.Fatal(err)
	}
	np, err := e.acc.AuthenticateSession(ctx, in.Token)
	if err != nil || np.WorkspaceID != a || np.Role != cx.RoleViewer || np.Member.Name != "Bạn Mới" || np.Member.Email != "moi@x.vn" {
		t.Fatalf("new person: got %+v, %v, want Bạn Mới, viewer of A", np, err)
	}
	_, err = e.acc.JoinAsNewUser(ctx, freshToken, account.Joining{Name: "Lần hai", Password: password, Confirm: password})
	storetest.WantErr(t, err, cx.NotFound, "")

	// Revoking: the link stops working; only an owner revokes an owner's.
	admin := e.member(a, "admin@a.vn", cx.RoleAdmin)
	lan := e.member(a, "lan@a.vn", cx.RoleOwner)
	ownerInv, err := e.acc.InviteUser(ctx, lan, account.Invite{Email: "dongchu@a.vn", Role: cx.RoleOwner})
	if err != nil {
		t.Fatal(err)
	}
	storetest.WantErr(t, e.acc.RevokeInvitation(ctx, admin, ownerInv.ID), cx.Forbidden, "")
	storetest.WantErr(t, e.acc.RevokeInvitation(ctx, account.Operator(b), ownerInv.ID), cx.NotFound, "")
	if err := e.acc.RevokeInvitation(ctx, lan, ownerInv.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.acc.InvitationByLink(ctx, nil, linkToken(t, ownerInv.Link))
	storetest.WantErr(t, err, cx.NotFound, "")

	// Inviting again replaces the pending invitation; a member is a conflict.
	first, _ := e.acc.InviteUser(ctx, admin, account.Invite{Email: "lai@a.vn", Role: cx.RoleAgent})
	second, err := e.acc.InviteUser(ctx, admin, account.Invite{Email: "lai@a.vn", Role: cx.RoleAnalyst})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.acc.InvitationByLink(ctx, nil, linkToken(t, first.Link))
	storetest.WantErr(t, err, cx.NotFound, "")
	if inv, err := e.acc.InvitationByLink(ctx, nil, linkToken(t, second.Link)); err != nil || inv.Role != cx.RoleAnalyst || inv.Workspace != "Tiệm A" {
		t.Fatalf("second invitation: got %+v, %v", inv, err)
	}
	_, err = e.acc.InviteUser(ctx, admin, account.Invite{Email: "chu@b.vn", Role: cx.RoleViewer})
	storetest.WantErr(t, err, cx.Conflict, "")
	_, err = e.acc.InviteUser(ctx, admin, account.Invite{Email: "x@a.vn", Role: cx.RoleOwner})
	storetest.WantErr(t, err, cx.Forbidden, "")

	// Links expire after seven days.
	e.clock.advance(7*24*time.Hour + time.Second)
	_, err = e.acc.InvitationByLink(ctx, nil, linkToken(t, second.Link))
	storetest.WantErr(t, err, cx.NotFound, "")
}

func TestInviteUserMails(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	a := e.workspace("Tiệm A")
	var sent []sentMail
	e.acc.SendInvitations("https://cx.example.vn", func(_ context.Context, to, subject, text string) error {
		sent = append(sent, sentMail{to, subject, text})
		return nil
	})
	inv, err := e.acc.InviteUser(ctx, account.Operator(a), account.Invite{Email: "moi@x.vn", Role: cx.RoleViewer, Language: cx.LangEn})
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Emailed || len(sent) != 1 || sent[0].to != "moi@x.vn" || !strings.Contains(sent[0].subject, "Tiệm A") || !strings.Contains(sent[0].text, inv.Link) {
		t.Fatalf("emailed %v, sent %+v; want one email to moi@x.vn with the link", inv.Emailed, sent)
	}
}

// jsonKeys returns the sorted keys of v's JSON object.
func jsonKeys(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
