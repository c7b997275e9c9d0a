package store_test

import (
	"context"
	"fmt"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestAddUser(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")

	m, created, err := s.AddUser(ctx, a.ID, cx.User{Email: " Lan@Example.VN ", Name: "Lan", PasswordHash: "h1", MustChangePassword: true}, cx.RoleOwner)
	if err != nil {
		t.Fatal(err)
	}
	if !created || m.Email != "lan@example.vn" || m.Role != cx.RoleOwner || m.Language != cx.LangVi || m.ID == "" {
		t.Fatalf("got %+v created=%v, want a new owner lan@example.vn speaking vi", m, created)
	}
	m2, created, err := s.AddUser(ctx, b.ID, cx.User{Email: "LAN@example.vn", Name: "Other", PasswordHash: "h2"}, cx.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	if created || m2.ID != m.ID || m2.Name != "Lan" || m2.PasswordHash != "h1" || m2.Role != cx.RoleViewer {
		t.Fatalf("got %+v created=%v, want the existing user as viewer, unchanged", m2, created)
	}
	if n, _ := s.CountUsers(ctx); n != 1 {
		t.Errorf("got %d users, want 1", n)
	}
	u, err := s.User(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u != m.User {
		t.Errorf("got %+v, want %+v", u, m.User)
	}

	for _, tc := range []struct {
		name  string
		ws    string
		email string
		role  cx.Role
		code  string
		field string
	}{
		{"duplicate membership", a.ID, "lan@example.vn", cx.RoleAdmin, cx.Conflict, ""},
		{"empty email", a.ID, "", cx.RoleAdmin, cx.Invalid, "email"},
		{"bad email", a.ID, "lan@", cx.RoleAdmin, cx.Invalid, "email"},
		{"email without domain dot", a.ID, "lan@example", cx.RoleAdmin, cx.Invalid, "email"},
		{"display name", a.ID, "Lan <lan@example.vn>", cx.RoleAdmin, cx.Invalid, "email"},
		{"bad role", a.ID, "minh@example.vn", cx.Role("boss"), cx.Invalid, "role"},
		{"empty role", a.ID, "minh@example.vn", "", cx.Invalid, "role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := s.AddUser(ctx, tc.ws, cx.User{Email: tc.email}, tc.role)
			storetest.WantErr(t, err, tc.code, tc.field)
		})
	}
	if n, _ := s.CountUsers(ctx); n != 1 {
		t.Errorf("got %d users after refused additions, want 1", n)
	}
	if got, _ := s.Member(ctx, a.ID, m.ID); got.Role != cx.RoleOwner {
		t.Errorf("got role %q after a refused duplicate, want owner", got.Role)
	}
}

func TestUserLookups(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	m, _, err := s.AddUser(ctx, w.ID, cx.User{Email: "minh@example.vn", Name: "Minh"}, cx.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		email string
		code  string
	}{
		{"minh@example.vn", ""},
		{"  MINH@Example.VN ", ""},
		{"lan@example.vn", cx.NotFound},
		{"not an email", cx.Invalid},
	} {
		t.Run(tc.email, func(t *testing.T) {
			u, err := s.UserByEmail(ctx, tc.email)
			if tc.code != "" {
				storetest.WantErr(t, err, tc.code, "")
				return
			}
			if err != nil || u.ID != m.ID {
				t.Fatalf("got %+v, %v, want user %s", u, err, m.ID)
			}
		})
	}
	_, err = s.User(ctx, "usr_nope")
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = s.Member(ctx, w.ID, "usr_nope")
	storetest.WantErr(t, err, cx.NotFound, "")
}

func TestUpdateUser(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	m, _, err := s.AddUser(ctx, w.ID, cx.User{Email: "minh@example.vn", Name: "Minh"}, cx.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateUser(ctx, cx.User{ID: m.ID, Name: "Minh Trần", Language: cx.LangEn}); err != nil {
		t.Fatal(err)
	}
	u, _ := s.User(ctx, m.ID)
	if u.Name != "Minh Trần" || u.Language != cx.LangEn || u.Email != "minh@example.vn" {
		t.Errorf("got %+v, want name Minh Trần, language en, email kept", u)
	}
	storetest.WantErr(t, s.UpdateUser(ctx, cx.User{ID: m.ID, Language: "fr"}), cx.Invalid, "language")
	storetest.WantErr(t, s.UpdateUser(ctx, cx.User{ID: "usr_nope", Language: cx.LangVi}), cx.NotFound, "")
}

func TestMembersPaging(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	var want []string
	for i := range 5 {
		m, _, err := s.AddUser(ctx, w.ID, cx.User{Email: fmt.Sprintf("u%d@example.vn", i)}, cx.RoleViewer)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, m.ID)
	}
	other := storetest.Workspace(t, s, "Other")
	if _, _, err := s.AddUser(ctx, other.ID, cx.User{Email: "x@example.vn"}, cx.RoleOwner); err != nil {
		t.Fatal(err)
	}
	var got []string
	p := store.Page{Limit: 2}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		l, err := s.Members(ctx, w.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Items) > 2 {
			t.Fatalf("got a page of %d, want at most 2", len(l.Items))
		}
		for _, m := range l.Items {
			got = append(got, m.ID)
		}
		if l.Next == "" {
			break
		}
		p.After = l.Next
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got members %v, want %v", got, want)
	}
	all, err := s.Members(ctx, w.ID, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) != 5 || all.Next != "" {
		t.Errorf("got %d members and next %q, want 5 and no next page", len(all.Items), all.Next)
	}
	empty, err := s.Members(ctx, "ws_nope", store.Page{})
	if err != nil || empty.Items == nil || len(empty.Items) != 0 {
		t.Errorf("got %#v, %v, want an empty, non-nil list", empty.Items, err)
	}
}

func TestWorkspaceKeepsAnOwner(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	add := func(email string, role cx.Role) string {
		m, _, err := s.AddUser(ctx, w.ID, cx.User{Email: email}, role)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	lan := add("lan@example.vn", cx.RoleOwner)
	minh := add("minh@example.vn", cx.RoleAdmin)
	role := func(id string) cx.Role {
		m, err := s.Member(ctx, w.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		return m.Role
	}
	steps := []struct {
		name string
		do   func() error
		code string
		lan  cx.Role
		minh cx.Role
	}{
		{"demote the only owner", func() error { return s.SetRole(ctx, w.ID, lan, cx.RoleAdmin) }, cx.Conflict, cx.RoleOwner, cx.RoleAdmin},
		{"remove the only owner", func() error { return s.RemoveMember(ctx, w.ID, lan) }, cx.Conflict, cx.RoleOwner, cx.RoleAdmin},
		{"bad role", func() error { return s.SetRole(ctx, w.ID, minh, "boss") }, cx.Invalid, cx.RoleOwner, cx.RoleAdmin},
		{"role of a non-member", func() error { return s.SetRole(ctx, w.ID, "usr_nope", cx.RoleViewer) }, cx.NotFound, cx.RoleOwner, cx.RoleAdmin},
		{"owner role of a non-member", func() error { return s.SetRole(ctx, w.ID, "usr_nope", cx.RoleOwner) }, cx.NotFound, cx.RoleOwner, cx.RoleAdmin},
		{"remove a non-member", func() error { return s.RemoveMember(ctx, w.ID, "usr_nope") }, cx.NotFound, cx.RoleOwner, cx.RoleAdmin},
		{"promote a second owner", func() error { return s.SetRole(ctx, w.ID, minh, cx.RoleOwner) }, "", cx.RoleOwner, cx.RoleOwner},
		{"demote the first owner", func() error { return s.SetRole(ctx, w.ID, lan, cx.RoleAnalyst) }, "", cx.RoleAnalyst, cx.RoleOwner},
		{"demote the last owner", func() error { return s.SetRole(ctx, w.ID, minh, cx.RoleViewer) }, cx.Conflict, cx.RoleAnalyst, cx.RoleOwner},
		{"owner to owner", func() error { return s.SetRole(ctx, w.ID, minh, cx.RoleOwner) }, "", cx.RoleAnalyst, cx.RoleOwner},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			err := st.do()
			if st.code == "" && err != nil {
				t.Fatalf("got %v, want nil", err)
			}
			if st.code != "" {
				storetest.WantErr(t, err, st.code, "")
			}
			if got := role(lan); got != st.lan {
				t.Errorf("got lan %q, want %q", got, st.lan)
			}
			if got := role(minh); got != st.minh {
				t.Errorf("got minh %q, want %q", got, st.minh)
			}
		})
	}
}

func TestRemoveMember(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")
	owner, _, err := s.AddUser(ctx, a.ID, cx.User{Email: "lan@example.vn"}, cx.RoleOwner)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := s.AddUser(ctx, a.ID, cx.User{Email: "minh@example.vn"}, cx.RoleAgent)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddUser(ctx, b.ID, cx.User{Email: "minh@example.vn"}, cx.RoleOwner); err != nil {
		t.Fatal(err)
	}
	in := newSession(t, s, m.ID, a.ID, 1)
	elsewhere := newSession(t, s, m.ID, b.ID, 1)
	if err := s.RemoveMember(ctx, a.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Member(ctx, a.ID, m.ID)
	storetest.WantErr(t, err, cx.NotFound, "")
	if _, err := s.Member(ctx, b.ID, m.ID); err != nil {
		t.Errorf("got %v for the membership in B, want it kept", err)
	}
	_, err = s.Session(ctx, in)
	storetest.WantErr(t, err, cx.NotFound, "")
	if _, err := s.Session(ctx, elsewhere); err != nil {
		t.Errorf("got %v for the session in B, want it kept", err)
	}
	if _, err := s.User(ctx, m.ID); err != nil {
		t.Errorf("got %v, want the user kept", err)
	}
	storetest.WantErr(t, s.RemoveMember(ctx, a.ID, m.ID), cx.NotFound, "")
	if _, err := s.Member(ctx, a.ID, owner.ID); err != nil {
		t.Errorf("got %v for the owner, want kept", err)
	}
}

func TestMemberships(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")
	storetest.Workspace(t, s, "C")
	m, _, err := s.AddUser(ctx, b.ID, cx.User{Email: "lan@example.vn"}, cx.RoleAnalyst)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddUser(ctx, a.ID, cx.User{Email: "lan@example.vn"}, cx.RoleOwner); err != nil {
		t.Fatal(err)
	}
	got, err := s.Memberships(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []cx.Membership{{Workspace: a, Role: cx.RoleOwner}, {Workspace: b, Role: cx.RoleAnalyst}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	none, err := s.Memberships(ctx, "usr_nope")
	if err != nil || len(none) != 0 {
		t.Errorf("got %+v, %v, want no memberships", none, err)
	}
}

func TestSetPassword(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	m, _, err := s.AddUser(ctx, w.ID, cx.User{Email: "lan@example.vn", PasswordHash: "old", MustChangePassword: true}, cx.RoleOwner)
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := s.AddUser(ctx, w.ID, cx.User{Email: "minh@example.vn"}, cx.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	keep := newSession(t, s, m.ID, w.ID, 1)
	drop1 := newSession(t, s, m.ID, w.ID, 1)
	drop2 := newSession(t, s, m.ID, w.ID, 1)
	others := newSession(t, s, other.ID, w.ID, 1)

	if err := s.SetPassword(ctx, m.ID, "new", false, keep); err != nil {
		t.Fatal(err)
	}
	u, _ := s.User(ctx, m.ID)
	if u.PasswordHash != "new" || u.MustChangePassword {
		t.Errorf("got hash %q must_change %v, want new and false", u.PasswordHash, u.MustChangePassword)
	}
	for _, tc := range []struct {
		name  string
		token string
		alive bool
	}{{"kept", keep, true}, {"other 1", drop1, false}, {"other 2", drop2, false}, {"another user's", others, true}} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Session(ctx, tc.token)
			if tc.alive && err != nil {
				t.Errorf("got %v, want the session alive", err)
			}
			if !tc.alive {
				storetest.WantErr(t, err, cx.NotFound, "")
			}
		})
	}
	if err := s.SetPassword(ctx, m.ID, "newer", true, ""); err != nil {
		t.Fatal(err)
	}
	_, err = s.Session(ctx, keep)
	storetest.WantErr(t, err, cx.NotFound, "")
	if u, _ := s.User(ctx, m.ID); !u.MustChangePassword {
		t.Errorf("got must_change false, want true")
	}
	storetest.WantErr(t, s.SetPassword(ctx, "usr_nope", "x", false, ""), cx.NotFound, "")
}
