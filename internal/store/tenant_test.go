package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// snapshot returns everything workspace wsID holds, as text to compare.
func snapshot(t *testing.T, s *store.Store, wsID string) string {
	t.Helper()
	ctx := context.Background()
	all := store.Page{Limit: store.MaxLimit}
	js, err1 := s.Journeys(ctx, wsID, all)
	tps, err2 := s.Touchpoints(ctx, wsID, store.TouchpointFilter{}, all)
	ms, err3 := s.Milestones(ctx, wsID, all)
	keys, err4 := s.APIKeys(ctx, wsID, all)
	members, err5 := s.Members(ctx, wsID, all)
	model, err6 := s.CXModel(ctx, wsID)
	w, err7 := s.Workspace(ctx, wsID)
	for _, err := range []error{err1, err2, err3, err4, err5, err6, err7} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprint(js, tps, ms, keys, members, model, w)
}

func TestTenantIsolation(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")

	// Objects of A, each of which B could delete if isolation failed.
	spare, err := s.CreateJourney(ctx, a.ID, cx.Journey{Template: cx.TemplatePhases})
	if err != nil {
		t.Fatal(err)
	}
	ja := firstJourney(t, s, a.ID)
	tpA := touchpointByKey(t, s, a.ID, "store")
	msA, err := s.CreateMilestone(ctx, a.ID, cx.Milestone{Name: cx.Text{En: "M"}, JourneyID: ja.ID, StageID: ja.Stages[0].ID, DueDays: 5,
		Condition: cx.Condition{Type: "event", Event: "Signed Up"}})
	if err != nil {
		t.Fatal(err)
	}
	keyA := newKey(t, s, a.ID, cx.KeySecret, "a")
	lan, _, err := s.AddUser(ctx, a.ID, cx.User{Email: "lan@example.vn"}, cx.RoleOwner)
	if err != nil {
		t.Fatal(err)
	}
	minh, _, err := s.AddUser(ctx, a.ID, cx.User{Email: "minh@example.vn"}, cx.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceCXModel(ctx, a.ID, sampleModel(t, ja, tpA)); err != nil {
		t.Fatal(err)
	}
	modelA, _ := s.CXModel(ctx, a.ID)

	// What B may legitimately send: its own stages.
	jb := firstJourney(t, s, b.ID)
	if _, _, err := s.AddUser(ctx, b.ID, cx.User{Email: "an@example.vn"}, cx.RoleOwner); err != nil {
		t.Fatal(err)
	}
	beforeA, beforeB := snapshot(t, s, a.ID), snapshot(t, s, b.ID)

	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"Journey", func() error { _, err := s.Journey(ctx, b.ID, ja.ID); return err }},
		{"UpdateJourney", func() error {
			j := spare
			j.Stages = jb.Stages
			j.Name = cx.Text{En: "Hijacked"}
			_, err := s.UpdateJourney(ctx, b.ID, j)
			return err
		}},
		{"UpdateJourney with A's stages", func() error {
			j := spare
			j.Stages = j.Stages[:1]
			_, err := s.UpdateJourney(ctx, b.ID, j)
			return err
		}},
		{"DeleteJourney", func() error { return s.DeleteJourney(ctx, b.ID, spare.ID) }},
		{"Touchpoint", func() error { _, err := s.Touchpoint(ctx, b.ID, tpA.ID); return err }},
		{"UpdateTouchpoint", func() error {
			tp := tpA
			tp.StageID = jb.Stages[0].ID
			tp.Key = "hijacked"
			_, err := s.UpdateTouchpoint(ctx, b.ID, tp)
			return err
		}},
		{"DeleteTouchpoint", func() error { return s.DeleteTouchpoint(ctx, b.ID, tpA.ID) }},
		{"Milestone", func() error { _, err := s.Milestone(ctx, b.ID, msA.ID); return err }},
		{"UpdateMilestone", func() error {
			m := msA
			m.JourneyID, m.StageID = jb.ID, jb.Stages[1].ID
			_, err := s.UpdateMilestone(ctx, b.ID, m)
			return err
		}},
		{"DeleteMilestone", func() error { return s.DeleteMilestone(ctx, b.ID, msA.ID) }},
		{"APIKey", func() error { _, err := s.APIKey(ctx, b.ID, keyA.ID); return err }},
		{"RevokeAPIKey", func() error { _, err := s.RevokeAPIKey(ctx, b.ID, keyA.ID); return err }},
		{"Member", func() error { _, err := s.Member(ctx, b.ID, lan.ID); return err }},
		{"SetRole", func() error { return s.SetRole(ctx, b.ID, minh.ID, cx.RoleViewer) }},
		{"SetRole to owner", func() error { return s.SetRole(ctx, b.ID, minh.ID, cx.RoleOwner) }},
		{"RemoveMember", func() error { return s.RemoveMember(ctx, b.ID, minh.ID) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.WantErr(t, tc.do(), cx.NotFound, "")
			if got := snapshot(t, s, a.ID); got != beforeA {
				t.Errorf("got workspace A changed through B:\n%s\nwant\n%s", got, beforeA)
			}
			if got := snapshot(t, s, b.ID); got != beforeB {
				t.Errorf("got workspace B changed:\n%s\nwant\n%s", got, beforeB)
			}
		})
	}

	t.Run("lists", func(t *testing.T) {
		b := snapshot(t, s, b.ID)
		for _, id := range []string{ja.ID, spare.ID, tpA.ID, msA.ID, keyA.ID, lan.ID, minh.ID, modelA.Goals[0].ID, modelA.Standards[0].ID} {
			if strings.Contains(b, id) {
				t.Errorf("got %s of A in B's lists", id)
			}
		}
	})

	t.Run("ReplaceCXModel with A's ids", func(t *testing.T) {
		m := modelA
		m.Standards = []cx.Standard{modelA.Standards[1]}
		m.Goals = []cx.Goal{modelA.Goals[2]}
		got, err := s.ReplaceCXModel(ctx, b.ID, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Goals) != 1 || len(got.Standards) != 1 {
			t.Fatalf("got %+v, want one goal and one standard in B", got)
		}
		if now, _ := s.CXModel(ctx, a.ID); fmt.Sprint(now) != fmt.Sprint(modelA) {
			t.Errorf("got A's model %+v, want it unchanged, %+v", now, modelA)
		}
	})
}
