package store_test

import (
	"context"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// TestCasesMigrationOwnersAndRules upgrades a workspace from 0013: owners
// whose text names a member become that member, the others keep their
// text; the two default case rules are there.
func TestCasesMigrationOwnersAndRules(t *testing.T) {
	s := openEmpty(t)
	store.MigrateTo(t, s, 13)
	ws := store.BareWorkspace(t, s, "Cà phê Sáng")
	store.Exec(t, s, `INSERT INTO users (user_id, email, name, language, password_hash, must_change_password, created_at) VALUES ('usr_ha', 'ha@cafe.vn', 'Chị Hà', 'vi', 'x', ?, 0)`, false)
	store.Exec(t, s, `INSERT INTO memberships (workspace_id, user_id, role, created_at, last_used_at) VALUES (?, 'usr_ha', 'agent', 0, 0)`, ws)
	store.Exec(t, s, `INSERT INTO journeys (workspace_id, journey_id, name_vi, name_en, template, created_at, updated_at) VALUES (?, 'jny_1', 'H', 'J', 'custom', 0, 0)`, ws)
	store.Exec(t, s, `INSERT INTO stages (workspace_id, stage_id, journey_id, stage_key, name_vi, name_en, phase, position, desired_emotions, desired_actions, owner)
		VALUES (?, 'stg_1', 'jny_1', 'buy', 'Mua', 'Buy', 'during', 0, '[]', '[]', ' chị hà ')`, ws)
	for _, tp := range []struct{ id, owner string }{{"tp_1", "HA@CAFE.VN"}, {"tp_2", "Phòng CSKH"}} {
		store.Exec(t, s, `INSERT INTO touchpoints (workspace_id, touchpoint_id, touchpoint_key, name_vi, name_en, phase, channel, mode, owner, status, position, targets, content, created_at, updated_at)
			VALUES (?, ?, ?, 'T', 'T', 'during', 'store', 'offline', ?, 'active', 0, '[]', '[]', 0, 0)`, ws, tp.id, tp.id, tp.owner)
	}
	ctx := context.Background()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	j, err := s.Journey(ctx, ws, "jny_1")
	if err != nil || j.Stages[0].OwnerID != "usr_ha" || j.Stages[0].Owner != "" {
		t.Fatalf("stage owner: got %+v, %v; want usr_ha and no text", j.Stages, err)
	}
	for id, want := range map[string][2]string{"tp_1": {"usr_ha", ""}, "tp_2": {"", "Phòng CSKH"}} {
		tp, err := s.Touchpoint(ctx, ws, id)
		if err != nil || tp.OwnerID != want[0] || tp.Owner != want[1] {
			t.Errorf("%s: got owner_id %q, owner %q (%v); want %q, %q", id, tp.OwnerID, tp.Owner, err, want[0], want[1])
		}
	}
	rules, err := s.CaseRules(ctx, ws)
	if err != nil || len(rules) != 2 || rules[0].Kind != cx.RuleNPS || rules[0].MaxScore != 6 || !rules[1].Enabled || rules[1].Kind != cx.RuleReview {
		t.Fatalf("got rules %+v, %v; want the two defaults", rules, err)
	}
}

// TestOpenCasesOnePerCustomerAndRule: a second opening of the same
// customer and rule joins the open case; after it is closed, a new one opens.
func TestOpenCasesOnePerCustomerAndRule(t *testing.T) {
	s := storetest.Open(t)
	ws := storetest.Workspace(t, s, "Cà phê Sáng")
	ctx := context.Background()
	cus := store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: "Lan"}, nil, nil)
	var fb []string
	for _, text := range []string{"Chờ lâu", "Lại chờ lâu", "Vẫn chờ"} {
		f, _, err := s.AddFeedback(ctx, ws.ID, cx.ExternalFeedback{Source: "google_maps", Text: text, CustomerID: cus})
		if err != nil {
			t.Fatal(err)
		}
		fb = append(fb, f.ID)
	}
	at := time.Now().UTC().Truncate(time.Millisecond)
	open := func(feedbackID string) cx.Case {
		t.Helper()
		k := cx.Case{CustomerID: cus, RuleID: "cr_default_review", Priority: "high", OpenedAt: at, ContactDue: at.Add(time.Hour), ResolveDue: at.Add(72 * time.Hour)}
		k.DueAt = &k.ContactDue
		out, err := s.OpenCases(ctx, ws.ID, feedbackID, []store.CaseOpening{{Case: k, FeedbackID: feedbackID}})
		if err != nil {
			t.Fatal(err)
		}
		return out[0]
	}
	a, b := open(fb[0]), open(fb[1])
	if a.ID != b.ID || len(b.Feedback) != 2 || b.History[len(b.History)-1].Kind != cx.EntryFeedback {
		t.Fatalf("the second feedback did not join: %+v", b)
	}
	if cur, _ := s.CaseCursor(ctx, ws.ID); cur != fb[1] {
		t.Fatalf("cursor %q, want %q", cur, fb[1])
	}
	_, err := s.ChangeCase(ctx, ws.ID, a.ID, func(k *cx.Case, _ store.CaseMeta) (store.CaseChange, error) {
		k.Status, k.DueAt = cx.CaseClosed, nil
		return store.CaseChange{Entries: []cx.CaseEntry{{Kind: cx.EntryStatus, From: cx.CaseNew, To: cx.CaseClosed}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := open(fb[2]); c.ID == a.ID || c.Status != cx.CaseNew {
		t.Fatalf("after closing, got case %s (%s), want a new one", c.ID, c.Status)
	}
	l, err := s.Cases(ctx, ws.ID, store.CaseFilter{CustomerID: cus, Status: "open"}, store.Page{})
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("open cases: %d, %v; want 1", len(l.Items), err)
	}
	// Another workspace sees none of it.
	other := storetest.Workspace(t, s, "B")
	if _, err := s.Case(ctx, other.ID, a.ID); cx.ErrorCode(err) != cx.NotFound {
		t.Fatalf("workspace B reads A's case: %v", err)
	}
}

// TestCaseOwnerTakesTurns: a case with no touchpoint or stage owner goes to
// the workspace's agents in turn; with no agent, to its owners and admins,
// so a café whose owner does everything still hears of every case.
func TestCaseOwnerTakesTurns(t *testing.T) {
	s := storetest.Open(t)
	ws := storetest.Workspace(t, s, "Cà phê Sáng")
	ctx := context.Background()
	member := func(id, role string) {
		store.Exec(t, s, `INSERT INTO users (user_id, email, name, language, password_hash, must_change_password, created_at) VALUES (?, ?, ?, 'vi', 'x', ?, 0)`, id, id+"@cafe.vn", id, false)
		store.Exec(t, s, `INSERT INTO memberships (workspace_id, user_id, role, created_at, last_used_at) VALUES (?, ?, ?, 0, 0)`, ws.ID, id, role)
	}
	at := time.Now().UTC().Truncate(time.Millisecond)
	open := func(name string) string {
		t.Helper()
		cus := store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: name}, nil, nil)
		f, _, err := s.AddFeedback(ctx, ws.ID, cx.ExternalFeedback{Source: "google_maps", Text: "Chờ lâu", CustomerID: cus})
		if err != nil {
			t.Fatal(err)
		}
		k := cx.Case{CustomerID: cus, RuleID: "cr_default_review", Priority: "high", OpenedAt: at, ContactDue: at.Add(time.Hour), ResolveDue: at.Add(72 * time.Hour)}
		k.DueAt = &k.ContactDue
		out, err := s.OpenCases(ctx, ws.ID, f.ID, []store.CaseOpening{{Case: k, FeedbackID: f.ID, RoundRobin: true}})
		if err != nil {
			t.Fatal(err)
		}
		return out[0].OwnerID
	}
	if got := open("Lan"); got != "" {
		t.Fatalf("with no member the case went to %q, want nobody", got)
	}
	member("usr_owner", "owner")
	member("usr_viewer", "viewer")
	if got := open("Minh"); got != "usr_owner" {
		t.Fatalf("with no agent the case went to %q, want the owner", got)
	}
	member("usr_agent_a", "agent")
	member("usr_agent_b", "agent")
	if a, b, c := open("Hà"), open("Tuấn"), open("Mai"); a != "usr_agent_a" || b != "usr_agent_b" || c != "usr_agent_a" {
		t.Fatalf("agents in turn: got %q, %q, %q", a, b, c)
	}
}
