package store_test

import (
	"context"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// firstJourney returns the journey a workspace was seeded with.
func firstJourney(t *testing.T, s *store.Store, wsID string) cx.Journey {
	t.Helper()
	js, err := s.Journeys(context.Background(), wsID, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(js.Items) == 0 {
		t.Fatal("got no journeys, want the seeded one")
	}
	return js.Items[0]
}

// stageByKey returns the stage of j with key.
func stageByKey(t *testing.T, j cx.Journey, key string) cx.Stage {
	t.Helper()
	for _, st := range j.Stages {
		if st.Key == key {
			return st
		}
	}
	t.Fatalf("journey %s has no stage %q", j.ID, key)
	return cx.Stage{}
}

// touchpointByKey returns the touchpoint of the workspace with key.
func touchpointByKey(t *testing.T, s *store.Store, wsID, key string) cx.Touchpoint {
	t.Helper()
	l, err := s.Touchpoints(context.Background(), wsID, store.TouchpointFilter{}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range l.Items {
		if tp.Key == key {
			return tp
		}
	}
	t.Fatalf("workspace %s has no touchpoint %q", wsID, key)
	return cx.Touchpoint{}
}

// setup opens a fresh store with one lifecycle workspace.
func setup(t *testing.T) (*store.Store, cx.Workspace) {
	t.Helper()
	s := storetest.Open(t)
	return s, storetest.Workspace(t, s, "Cà phê Sáng")
}

// customStages returns stages with the given keys, all in the before phase.
func customStages(keys ...string) []cx.Stage {
	var out []cx.Stage
	for _, k := range keys {
		out = append(out, cx.Stage{Key: k, Name: cx.Text{En: "Stage " + k}, Phase: cx.PhaseBefore})
	}
	return out
}
