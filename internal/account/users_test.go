package account_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store/storetest"
)

// cast is the people of one workspace in the owner-rule cases.
type cast struct {
	ws                  string
	lan, mai            *account.Principal // owners
	minh                *account.Principal // admin
	hoa                 *account.Principal // viewer
	key                 *account.Principal // a secret key
	outsider            *account.Principal // the owner of another workspace
	lanID, maiID, hoaID string
}

func newCast(e *testEnv) cast {
	e.t.Helper()
	ws := e.workspace("Cà phê Sáng")
	c := cast{ws: ws,
		lan: e.member(ws, "lan@example.vn", cx.RoleOwner), mai: e.member(ws, "mai@example.vn", cx.RoleOwner),
		minh: e.member(ws, "minh@example.vn", cx.RoleAdmin), hoa: e.member(ws, "hoa@example.vn", cx.RoleViewer),
		outsider: e.member(e.workspace("Tiệm khác"), "khac@example.vn", cx.RoleOwner),
	}
	c.lanID, c.maiID, c.hoaID = c.lan.Member.ID, c.mai.Member.ID, c.hoa.Member.ID
	c.key = e.keyPrincipal(ws)
	return c
}

// roleOf returns the role of the user with email in ws, or "" when they
// are not a member.
func (e *testEnv) roleOf(ws, email string) cx.Role {
	e.t.Helper()
	u, err := e.store.UserByEmail(context.Background(), email)
	if cx.ErrorCode(err) == cx.NotFound {
		return ""
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return e.role(ws, u.ID)
}

func TestOwnerRules(t *testing.T) {
	ctx := context.Background()
	shared := newTestEnv(t) // each case has workspaces of its own
	// add invites moi@example.vn, who accepts: as a new person the first
	// time, signed in afterwards (the cases share the accounts).
	add := func(e *testEnv, p *account.Principal, role cx.Role) error {
		inv, err := e.acc.InviteUser(ctx, p, account.Invite{Email: "moi@example.vn", Role: role})
		if err != nil {
			return err
		}
		token := linkToken(e.t, inv.Link)
		_, err = e.acc.JoinAsNewUser(ctx, token, account.Joining{Name: "Mới", Password: password, Confirm: password})
		if cx.ErrorCode(err) == cx.Conflict {
			moi, _ := e.signIn("moi@example.vn", password)
			err = e.acc.AcceptInvitation(ctx, moi, token)
		}
		return err
	}
	set := func(e *testEnv, p *account.Principal, userID string, role cx.Role) error {
		m, err := e.acc.ChangeRole(ctx, p, userID, role)
		if err == nil && (m.ID != userID || m.Role != role) {
			e.t.Errorf("ChangeRole returned %s as %s, want %s as %s", m.ID, m.Role, userID, role)
		}
		return err
	}
	for _, tc := range []struct {
		name  string
		do    func(e *testEnv, c cast) error
		code  string
		email string  // whose role to check afterwards
		want  cx.Role // "" when they must not be a member
	}{
		{"an admin cannot add an owner", func(e *testEnv, c cast) error { return add(e, c.minh, cx.RoleOwner) }, cx.Forbidden, "moi@example.vn", ""},
		{"a secret key cannot add an owner", func(e *testEnv, c cast) error { return add(e, c.key, cx.RoleOwner) }, cx.Forbidden, "moi@example.vn", ""},
		{"a viewer cannot add anyone", func(e *testEnv, c cast) error { return add(e, c.hoa, cx.RoleViewer) }, cx.Forbidden, "moi@example.vn", ""},
		{"an admin adds an admin", func(e *testEnv, c cast) error { return add(e, c.minh, cx.RoleAdmin) }, "", "moi@example.vn", cx.RoleAdmin},
		{"a secret key adds an agent", func(e *testEnv, c cast) error { return add(e, c.key, cx.RoleAgent) }, "", "moi@example.vn", cx.RoleAgent},
		{"an owner adds an owner", func(e *testEnv, c cast) error { return add(e, c.lan, cx.RoleOwner) }, "", "moi@example.vn", cx.RoleOwner},

		{"an admin cannot promote to owner", func(e *testEnv, c cast) error { return set(e, c.minh, c.hoaID, cx.RoleOwner) }, cx.Forbidden, "hoa@example.vn", cx.RoleViewer},
		{"a secret key cannot promote to owner", func(e *testEnv, c cast) error { return set(e, c.key, c.hoaID, cx.RoleOwner) }, cx.Forbidden, "hoa@example.vn", cx.RoleViewer},
		{"an admin cannot demote an owner", func(e *testEnv, c cast) error { return set(e, c.minh, c.maiID, cx.RoleAdmin) }, cx.Forbidden, "mai@example.vn", cx.RoleOwner},
		{"a viewer cannot change a role", func(e *testEnv, c cast) error { return set(e, c.hoa, c.hoaID, cx.RoleAdmin) }, cx.Forbidden, "hoa@example.vn", cx.RoleViewer},
		{"an admin changes a viewer", func(e *testEnv, c cast) error { return set(e, c.minh, c.hoaID, cx.RoleAnalyst) }, "", "hoa@example.vn", cx.RoleAnalyst},
		{"an owner promotes to owner", func(e *testEnv, c cast) error { return set(e, c.lan, c.hoaID, cx.RoleOwner) }, "", "hoa@example.vn", cx.RoleOwner},
		{"an owner demotes an owner", func(e *testEnv, c cast) error { return set(e, c.lan, c.maiID, cx.RoleViewer) }, "", "mai@example.vn", cx.RoleViewer},
		{"an owner demotes themselves while another owner stays", func(e *testEnv, c cast) error { return set(e, c.lan, c.lanID, cx.RoleAdmin) }, "", "lan@example.vn", cx.RoleAdmin},
		{"a bad role", func(e *testEnv, c cast) error { return set(e, c.minh, c.hoaID, "king") }, cx.Invalid, "hoa@example.vn", cx.RoleViewer},
		{"the role of a stranger", func(e *testEnv, c cast) error { return set(e, c.minh, "usr_nope", cx.RoleViewer) }, cx.NotFound, "hoa@example.vn", cx.RoleViewer},
		{"the owner of another workspace", func(e *testEnv, c cast) error { return set(e, c.outsider, c.hoaID, cx.RoleAdmin) }, cx.NotFound, "hoa@example.vn", cx.RoleViewer},

		{"an admin cannot remove an owner", func(e *testEnv, c cast) error { return e.acc.RemoveUser(ctx, c.minh, c.maiID) }, cx.Forbidden, "mai@example.vn", cx.RoleOwner},
		{"a viewer cannot remove anyone", func(e *testEnv, c cast) error { return e.acc.RemoveUser(ctx, c.hoa, c.hoaID) }, cx.Forbidden, "hoa@example.vn", cx.RoleViewer},
		{"an admin removes a viewer", func(e *testEnv, c cast) error { return e.acc.RemoveUser(ctx, c.minh, c.hoaID) }, "", "hoa@example.vn", ""},
		{"an owner removes an owner", func(e *testEnv, c cast) error { return e.acc.RemoveUser(ctx, c.lan, c.maiID) }, "", "mai@example.vn", ""},
		{"remove a stranger", func(e *testEnv, c cast) error { return e.acc.RemoveUser(ctx, c.lan, "usr_nope") }, cx.NotFound, "lan@example.vn", cx.RoleOwner},

		{"the last owner cannot be demoted, even by themselves", func(e *testEnv, c cast) error {
			if err := e.acc.RemoveUser(ctx, c.lan, c.maiID); err != nil {
				e.t.Fatal(err)
			}
			return set(e, c.lan, c.lanID, cx.RoleAdmin)
		}, cx.Conflict, "lan@example.vn", cx.RoleOwner},
		{"the last owner cannot be removed, even by themselves", func(e *testEnv, c cast) error {
			if err := e.acc.RemoveUser(ctx, c.lan, c.maiID); err != nil {
				e.t.Fatal(err)
			}
			return e.acc.RemoveUser(ctx, c.lan, c.lanID)
		}, cx.Conflict, "lan@example.vn", cx.RoleOwner},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := shared.in(t)
			c := newCast(e)
			err := tc.do(e, c)
			if tc.code == "" && err != nil {
				t.Fatalf("got %v, want nil", err)
			}
			if tc.code != "" {
				storetest.WantErr(t, err, tc.code, "")
			}
			if got := e.roleOf(c.ws, tc.email); got != tc.want {
				t.Errorf("got %s with role %q, want %q", tc.email, got, tc.want)
			}
		})
	}
}

func TestGrantableRoles(t *testing.T) {
	for _, tc := range []struct {
		p    *account.Principal
		want []cx.Role
	}{
		{&account.Principal{Role: cx.RoleOwner}, cx.Roles},
		{account.Operator("ws_x"), cx.Roles},
		{&account.Principal{Role: cx.RoleAdmin}, []cx.Role{cx.RoleAdmin, cx.RoleAnalyst, cx.RoleAgent, cx.RoleViewer}},
	} {
		if got := tc.p.GrantableRoles(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.p.Role, got, tc.want)
		}
	}
}

// TestAddUser is the operator's way to add a user at once (cxm user
// create); nobody else may.
func TestAddUser(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	ws := e.workspace("Người dùng")
	op := account.Operator(ws)

	// Without a password: a one-time one, shown once, to change at first sign-in.
	added, err := e.acc.AddUser(ctx, op, account.NewUser{Email: " Lan@Hoa.VN ", Name: "Lan", Role: cx.RoleAgent})
	if err != nil {
		t.Fatal(err)
	}
	if !added.Created || added.Email != "lan@hoa.vn" || added.Role != cx.RoleAgent || !added.MustChangePassword || len(added.OneTimePassword) < 16 {
		t.Fatalf("got %+v, want a new agent lan@hoa.vn with a one-time password", added)
	}
	u, err := e.store.User(ctx, added.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := secret.CheckPassword(u.PasswordHash, added.OneTimePassword); !ok || !u.MustChangePassword {
		t.Errorf("stored: password matches %v, must change %v; want true, true", ok, u.MustChangePassword)
	}

	// With a password: kept, no one-time password.
	added, err = e.acc.AddUser(ctx, op, account.NewUser{Email: "minh@hoa.vn", Role: cx.RoleViewer, Language: cx.LangEn, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	if !added.Created || added.OneTimePassword != "" || added.MustChangePassword || added.Language != cx.LangEn {
		t.Fatalf("got %+v, want a new user with their own password", added)
	}

	// Someone with an account already joins with their old password.
	other := e.workspace("Tiệm khác")
	again, err := e.acc.AddUser(ctx, account.Operator(other), account.NewUser{Email: "minh@hoa.vn", Role: cx.RoleAnalyst})
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || again.OneTimePassword != "" || again.ID != added.ID || again.Role != cx.RoleAnalyst {
		t.Fatalf("got %+v, want the existing user, no new password", again)
	}
	if _, err := e.acc.SignIn(ctx, "192.0.2.1", "minh@hoa.vn", password); err != nil {
		t.Errorf("the old password stopped working: %v", err)
	}

	// An owner's session or a secret key invites instead.
	for name, p := range map[string]*account.Principal{"owner": e.member(ws, "chu@hoa.vn", cx.RoleOwner), "key": e.keyPrincipal(ws)} {
		_, err := e.acc.AddUser(ctx, p, account.NewUser{Email: "x@hoa.vn", Role: cx.RoleViewer, Password: password})
		storetest.WantErr(t, err, cx.Forbidden, "")
		if got := e.roleOf(ws, "x@hoa.vn"); got != "" {
			t.Errorf("%s: x@hoa.vn became %s, want no member", name, got)
		}
	}

	for _, tc := range []struct {
		name        string
		req         account.NewUser
		code, field string
	}{
		{"bad role", account.NewUser{Email: "a@b.vn", Role: "king"}, cx.Invalid, "role"},
		{"no role", account.NewUser{Email: "a@b.vn"}, cx.Invalid, "role"},
		{"bad email", account.NewUser{Email: "not-an-email", Role: cx.RoleViewer}, cx.Invalid, "email"},
		{"short password", account.NewUser{Email: "a@b.vn", Role: cx.RoleViewer, Password: "short"}, cx.Invalid, "password"},
		{"bad language", account.NewUser{Email: "a@b.vn", Role: cx.RoleViewer, Language: "fr"}, cx.Invalid, "language"},
		{"already a member", account.NewUser{Email: "LAN@hoa.vn", Role: cx.RoleViewer}, cx.Conflict, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.acc.AddUser(ctx, op, tc.req)
			storetest.WantErr(t, err, tc.code, tc.field)
		})
	}
	if got := e.roleOf(ws, "lan@hoa.vn"); got != cx.RoleAgent {
		t.Errorf("got lan as %q after a refused duplicate, want agent", got)
	}
}

// linkToken is the token at the end of an invitation link.
func linkToken(t *testing.T, link string) string {
	t.Helper()
	i := strings.LastIndex(link, "/join/")
	if i < 0 {
		t.Fatalf("invitation link %q has no /join/", link)
	}
	return link[i+len("/join/"):]
}

func TestSetLanguage(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	ws := e.workspace("Cà phê Sáng")
	lan := e.member(ws, "lan@example.vn", cx.RoleOwner)
	if err := e.acc.SetLanguage(ctx, lan, "fr"); cx.ErrorCode(err) != cx.Invalid || cx.AsError(err).Field != "lang" {
		t.Fatalf("SetLanguage(fr): got %v, want invalid lang", err)
	}
	if err := e.acc.SetLanguage(ctx, nil, cx.LangEn); err != nil {
		t.Fatalf("a visitor's choice: got %v, want nil", err)
	}
	if err := e.acc.SetLanguage(ctx, lan, cx.LangEn); err != nil {
		t.Fatal(err)
	}
	u, err := e.store.User(ctx, lan.Member.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Language != cx.LangEn {
		t.Errorf("got language %q, want en remembered", u.Language)
	}
}
