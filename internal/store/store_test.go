package store_test

import (
	"context"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestCreateWorkspaceSeedsTemplate(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		template string
		stages   []string
	}{
		{cx.TemplateLifecycle, []string{"awareness", "consideration", "purchase", "onboarding", "retention", "expansion", "advocacy"}},
		{cx.TemplatePhases, []string{"before", "during", "after"}},
		{cx.TemplateDiscovery, []string{"learn", "evaluate", "experience", "purchase", "adopt"}},
	} {
		t.Run(tc.template, func(t *testing.T) {
			s := storetest.Open(t)
			w, err := s.CreateWorkspace(ctx, cx.Workspace{Name: "Cà phê Sáng"}, tc.template)
			if err != nil {
				t.Fatal(err)
			}
			js, err := s.Journeys(ctx, w.ID, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if len(js.Items) != 1 {
				t.Fatalf("got %d journeys, want 1", len(js.Items))
			}
			var keys []string
			stageIDs := map[string]bool{}
			for _, st := range js.Items[0].Stages {
				keys = append(keys, st.Key)
				stageIDs[st.ID] = true
			}
			if len(keys) != len(tc.stages) {
				t.Fatalf("got stages %v, want %v", keys, tc.stages)
			}
			for i := range keys {
				if keys[i] != tc.stages[i] {
					t.Fatalf("got stages %v, want %v", keys, tc.stages)
				}
			}
			tps, err := s.Touchpoints(ctx, w.ID, store.TouchpointFilter{}, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if len(tps.Items) != 18 {
				t.Fatalf("got %d touchpoints, want 18", len(tps.Items))
			}
			phases := map[string]int{}
			for i, tp := range tps.Items {
				phases[tp.Phase]++
				if !stageIDs[tp.StageID] {
					t.Errorf("touchpoint %s has stage %q, not one of the journey's", tp.Key, tp.StageID)
				}
				if tp.Position != i {
					t.Errorf("touchpoint %s at position %d, want %d", tp.Key, tp.Position, i)
				}
			}
			if phases["before"] != 6 || phases["during"] != 6 || phases["after"] != 6 {
				t.Errorf("got phases %v, want 6 each", phases)
			}
		})
	}
}
