package store_test

import (
	"context"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store/storetest"
)

func TestCreateWorkspaceValidates(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	for _, tc := range []struct {
		name     string
		ws       cx.Workspace
		template string
		field    string
	}{
		{"empty name", cx.Workspace{Name: "  "}, "", "name"},
		{"long name", cx.Workspace{Name: string(make([]rune, 201))}, "", "name"},
		{"bad timezone", cx.Workspace{Name: "A", Timezone: "Mars/Olympus"}, "", "timezone"},
		{"bad language", cx.Workspace{Name: "A", Language: "fr"}, "", "language"},
		{"lower-case currency", cx.Workspace{Name: "A", Currency: "vnd"}, "", "currency"},
		{"short currency", cx.Workspace{Name: "A", Currency: "VN"}, "", "currency"},
		{"bad template", cx.Workspace{Name: "A"}, "waterfall", "template"},
		{"custom template", cx.Workspace{Name: "A"}, cx.TemplateCustom, "template"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateWorkspace(ctx, tc.ws, tc.template)
			storetest.WantErr(t, err, cx.Invalid, tc.field)
		})
	}
	ws, err := s.Workspaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 0 {
		t.Errorf("got %d workspaces after refused creations, want 0", len(ws))
	}
}

func TestCreateWorkspaceDefaults(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w, err := s.CreateWorkspace(ctx, cx.Workspace{Name: "  Phở Hà Nội  "}, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Workspace(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := cx.Workspace{ID: w.ID, Name: "Phở Hà Nội", Timezone: "Asia/Ho_Chi_Minh", Language: cx.LangVi, Currency: "VND", CreatedAt: w.CreatedAt}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if j := firstJourney(t, s, w.ID); j.Template != cx.TemplateLifecycle {
		t.Errorf("got template %q, want lifecycle by default", j.Template)
	}
}

func TestWorkspacesAndUpdate(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")
	list, err := s.Workspaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("got %+v, want A then B", list)
	}

	upd := cx.Workspace{ID: a.ID, Name: "A2", Timezone: "Europe/Paris", Language: cx.LangEn, Currency: "EUR"}
	got, err := s.UpdateWorkspace(ctx, upd)
	if err != nil {
		t.Fatal(err)
	}
	upd.CreatedAt = a.CreatedAt
	if got != upd {
		t.Errorf("got %+v, want %+v", got, upd)
	}
	if other, _ := s.Workspace(ctx, b.ID); other != b {
		t.Errorf("got B = %+v after updating A, want %+v", other, b)
	}

	for _, tc := range []struct {
		name  string
		ws    cx.Workspace
		code  string
		field string
	}{
		{"unknown id", cx.Workspace{ID: "ws_nope", Name: "X"}, cx.NotFound, ""},
		{"empty name", cx.Workspace{ID: a.ID, Name: ""}, cx.Invalid, "name"},
		{"bad timezone", cx.Workspace{ID: a.ID, Name: "X", Timezone: "Nowhere"}, cx.Invalid, "timezone"},
		{"bad currency", cx.Workspace{ID: a.ID, Name: "X", Currency: "DONG"}, cx.Invalid, "currency"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.UpdateWorkspace(ctx, tc.ws)
			storetest.WantErr(t, err, tc.code, tc.field)
			if now, _ := s.Workspace(ctx, a.ID); now != upd {
				t.Errorf("got %+v after a refused update, want %+v", now, upd)
			}
		})
	}
}

func TestWorkspaceNotFound(t *testing.T) {
	s := storetest.Open(t)
	_, err := s.Workspace(context.Background(), "ws_01jzzzzzzzzzzzzzzzzzzzzzzz")
	storetest.WantErr(t, err, cx.NotFound, "")
}

func TestStoreBasics(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("got %v, want a database that answers", err)
	}
	if e := s.Engine(); e != "sqlite" && e != "postgres" {
		t.Errorf("got engine %q, want sqlite or postgres", e)
	}
	if err := s.DB().PingContext(ctx); err != nil {
		t.Errorf("got %v from DB().Ping, want nil", err)
	}
}
