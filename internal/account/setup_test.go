package account_test

import (
	"context"
	"testing"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestSetUp(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	token, err := e.acc.SetupToken(ctx)
	if err != nil || len(token) < 32 {
		t.Fatalf("got setup token %q, %v, want a long one", token, err)
	}
	if again, _ := e.acc.SetupToken(ctx); again != token {
		t.Fatalf("got setup token %q then %q, want the same until setup is done", token, again)
	}
	storetest.WantErr(t, e.acc.CheckSetup(ctx, token+"x"), cx.NotFound, "")
	storetest.WantErr(t, e.acc.CheckSetup(ctx, ""), cx.NotFound, "")
	if err := e.acc.CheckSetup(ctx, token); err != nil {
		t.Fatal(err)
	}

	valid := func() account.Setup {
		return account.Setup{Business: "Cà phê Sáng", Template: cx.TemplateDiscovery, Language: cx.LangEn,
			Name: "Chị Lan", Email: "Lan@Example.vn", Password: password, Confirm: password}
	}
	for _, tc := range []struct {
		name        string
		token       string
		change      func(*account.Setup)
		code, field string
	}{
		{"wrong token", "nope", func(*account.Setup) {}, cx.NotFound, ""},
		{"no name", token, func(s *account.Setup) { s.Name = "" }, cx.Invalid, "name"},
		{"bad email", token, func(s *account.Setup) { s.Email = "lan" }, cx.Invalid, "email"},
		{"short password", token, func(s *account.Setup) { s.Password, s.Confirm = "short", "short" }, cx.Invalid, "password"},
		{"confirmation differs", token, func(s *account.Setup) { s.Confirm = "khác hẳn rồi đấy" }, cx.Invalid, "password2"},
		{"no business", token, func(s *account.Setup) { s.Business = " " }, cx.Invalid, "business"},
		{"bad language", token, func(s *account.Setup) { s.Language = "fr" }, cx.Invalid, "language"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := valid()
			tc.change(&s)
			_, err := e.acc.SetUp(ctx, tc.token, s)
			storetest.WantErr(t, err, tc.code, tc.field)
			if err := e.acc.CheckSetup(ctx, token); err != nil {
				t.Errorf("a refused setup closed the link: %v", err)
			}
		})
	}

	in, err := e.acc.SetUp(ctx, token, valid())
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.acc.AuthenticateSession(ctx, in.Token)
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != cx.RoleOwner || p.Member.Email != "lan@example.vn" || p.Member.Name != "Chị Lan" || p.Member.Language != cx.LangEn || p.Member.MustChangePassword {
		t.Fatalf("got %+v as %s, want lan, owner, speaking English, with her own password", p.Member, p.Role)
	}
	ws, err := e.store.Workspace(ctx, p.WorkspaceID)
	if err != nil || ws.Name != "Cà phê Sáng" || ws.Language != cx.LangEn {
		t.Fatalf("got workspace %+v, %v", ws, err)
	}
	js, err := e.store.Journeys(ctx, ws.ID, store.Page{})
	if err != nil || len(js.Items) != 1 || js.Items[0].Template != cx.TemplateDiscovery {
		t.Fatalf("got journeys %+v, %v, want one from the discovery template", js.Items, err)
	}

	// The link is closed for good.
	storetest.WantErr(t, e.acc.CheckSetup(ctx, token), cx.NotFound, "")
	if _, err := e.acc.SetUp(ctx, token, valid()); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("a second setup: got %v, want not_found", err)
	}
	if again, err := e.acc.SetupToken(ctx); err != nil || again != "" {
		t.Errorf("got setup token %q, %v once a user exists, want none", again, err)
	}
}

func TestSetupTokenNoneOnceUsersExist(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	e.user(e.workspace("Có người rồi"), "lan@example.vn", password, cx.RoleOwner)
	if token, err := e.acc.SetupToken(ctx); err != nil || token != "" {
		t.Fatalf("got setup token %q, %v, want none", token, err)
	}
	storetest.WantErr(t, e.acc.CheckSetup(ctx, ""), cx.NotFound, "")
}
