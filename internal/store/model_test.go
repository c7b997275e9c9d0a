package store_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store/storetest"
)

// sampleModel returns a model scoped to journey j, one of its stages and
// touchpoint tp.
func sampleModel(t *testing.T, j cx.Journey, tp cx.Touchpoint) cx.CXModel {
	t.Helper()
	purchase := stageByKey(t, j, "purchase")
	return cx.CXModel{
		Vision: cx.Text{Vi: " Khách hàng luôn hài lòng ", En: "Delighted customers"},
		Standards: []cx.Standard{
			{Name: cx.Text{En: "Hotline answered"}, Metric: "answer_time", Comparator: "<=", Threshold: 60, Unit: "seconds", Scope: cx.Scope{Kind: cx.ScopeTouchpoint, ID: tp.ID}, Owner: "CS lead"},
			{Name: cx.Text{Vi: "Giao hàng"}, Metric: "delivery_time", Comparator: "<", Threshold: 2.5, Unit: "days"},
		},
		Goals: []cx.Goal{
			{Name: cx.Text{En: "NPS"}, KPI: "nps", Comparator: ">=", Target: 40, Scope: cx.Scope{Kind: cx.ScopeStage, ID: purchase.ID}, Due: "2026-12-31"},
			{Name: cx.Text{En: "CSAT"}, KPI: "csat", Comparator: ">", Target: 85, Scope: cx.Scope{Kind: cx.ScopeJourney, ID: j.ID}},
			{Name: cx.Text{En: "Orders"}, KPI: "orders", Comparator: "=", Target: 1.25},
		},
	}
}

func TestCXModelRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	empty, err := s.CXModel(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if empty.Vision != (cx.Text{}) || empty.Standards == nil || len(empty.Standards) != 0 || empty.Goals == nil || len(empty.Goals) != 0 {
		t.Fatalf("got %+v, want an empty model with non-nil lists", empty)
	}

	m := sampleModel(t, firstJourney(t, s, w.ID), touchpointByKey(t, s, w.ID, "customer_service"))
	got, err := s.ReplaceCXModel(ctx, w.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	if got.Vision.Vi != "Khách hàng luôn hài lòng" {
		t.Errorf("got vision %q, want it trimmed", got.Vision.Vi)
	}
	if got.UpdatedAt.Before(empty.UpdatedAt) {
		t.Errorf("got updated_at %v, want at or after %v", got.UpdatedAt, empty.UpdatedAt)
	}
	for i := range got.Standards {
		if got.Standards[i].ID == "" {
			t.Errorf("standard %d got no id", i)
		}
		want := m.Standards[i]
		want.ID = got.Standards[i].ID
		if want.Scope.Kind == "" {
			want.Scope.Kind = cx.ScopeJourney
		}
		if got.Standards[i] != want {
			t.Errorf("got standard %d = %+v, want %+v", i, got.Standards[i], want)
		}
	}
	for i := range got.Goals {
		want := m.Goals[i]
		want.ID = got.Goals[i].ID
		if want.Scope.Kind == "" {
			want.Scope.Kind = cx.ScopeJourney
		}
		if got.Goals[i] != want || want.ID == "" {
			t.Errorf("got goal %d = %+v, want %+v with an id", i, got.Goals[i], want)
		}
	}

	// Reorder, drop one, add one: ids sent are kept, order is the one sent.
	next := got
	next.Goals = []cx.Goal{got.Goals[2], {Name: cx.Text{En: "Stars"}, KPI: "stars", Comparator: ">=", Target: 4.5}, got.Goals[0]}
	next.Standards = []cx.Standard{got.Standards[1], got.Standards[0]}
	again, err := s.ReplaceCXModel(ctx, w.ID, next)
	if err != nil {
		t.Fatal(err)
	}
	read, err := s.CXModel(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(read) != fmt.Sprint(again) {
		t.Errorf("got %+v from CXModel, want what ReplaceCXModel returned, %+v", read, again)
	}
	ids := func(m cx.CXModel) (out []string) {
		for _, st := range m.Standards {
			out = append(out, st.ID)
		}
		for _, g := range m.Goals {
			out = append(out, g.ID)
		}
		return out
	}
	wantIDs := []string{got.Standards[1].ID, got.Standards[0].ID, got.Goals[2].ID, read.Goals[1].ID, got.Goals[0].ID}
	if fmt.Sprint(ids(read)) != fmt.Sprint(wantIDs) {
		t.Errorf("got ids %v, want %v", ids(read), wantIDs)
	}
	if id := read.Goals[1].ID; id == got.Goals[1].ID || id == "" {
		t.Errorf("got id %q for the new goal, want a new one", id)
	}

	// An id that is not one of ours is replaced.
	bad := read
	bad.Goals = []cx.Goal{{ID: "chosen-by-client", Name: cx.Text{En: "X"}, KPI: "nps", Comparator: ">", Target: 1}}
	r, err := s.ReplaceCXModel(ctx, w.ID, bad)
	if err != nil {
		t.Fatal(err)
	}
	if r.Goals[0].ID == "chosen-by-client" {
		t.Errorf("got the client's id kept, want a new one")
	}
}

func TestReplaceCXModelRefusesAndKeepsOld(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w := storetest.Workspace(t, s, "A")
	other := storetest.Workspace(t, s, "B")
	j := firstJourney(t, s, w.ID)
	old, err := s.ReplaceCXModel(ctx, w.ID, sampleModel(t, j, touchpointByKey(t, s, w.ID, "store")))
	if err != nil {
		t.Fatal(err)
	}
	otherStage := firstJourney(t, s, other.ID).Stages[0].ID
	otherTP := touchpointByKey(t, s, other.ID, "store").ID

	for _, tc := range []struct {
		name   string
		change func(m *cx.CXModel)
		field  string
	}{
		{"long vision", func(m *cx.CXModel) { m.Vision.En = string(make([]rune, 2001)) }, "vision.en"},
		{"too many standards", func(m *cx.CXModel) { m.Standards = make([]cx.Standard, 201) }, "standards"},
		{"standard without name", func(m *cx.CXModel) { m.Standards[0].Name = cx.Text{Vi: " "} }, "standards[0].name"},
		{"standard without metric", func(m *cx.CXModel) { m.Standards[1].Metric = "" }, "standards[1].metric"},
		{"bad standard comparator", func(m *cx.CXModel) { m.Standards[0].Comparator = "≥" }, "standards[0].comparator"},
		{"bad unit", func(m *cx.CXModel) { m.Standards[1].Unit = "parsecs" }, "standards[1].unit"},
		{"NaN threshold", func(m *cx.CXModel) { m.Standards[0].Threshold = math.NaN() }, "standards[0].threshold"},
		{"bad scope kind", func(m *cx.CXModel) { m.Standards[0].Scope.Kind = "customer" }, "standards[0].scope.kind"},
		{"stage scope without id", func(m *cx.CXModel) { m.Standards[0].Scope = cx.Scope{Kind: cx.ScopeStage} }, "standards[0].scope.id"},
		{"bad kpi", func(m *cx.CXModel) { m.Goals[1].KPI = "happiness" }, "goals[1].kpi"},
		{"bad goal comparator", func(m *cx.CXModel) { m.Goals[0].Comparator = "==" }, "goals[0].comparator"},
		{"infinite target", func(m *cx.CXModel) { m.Goals[2].Target = math.Inf(1) }, "goals[2].target"},
		{"bad due", func(m *cx.CXModel) { m.Goals[0].Due = "30/02/2026" }, "goals[0].due"},
		{"unknown stage", func(m *cx.CXModel) { m.Goals[2].Scope = cx.Scope{Kind: cx.ScopeStage, ID: "stg_nope"} }, "goals[2].scope.id"},
		{"stage of another workspace", func(m *cx.CXModel) { m.Goals[2].Scope = cx.Scope{Kind: cx.ScopeStage, ID: otherStage} }, "goals[2].scope.id"},
		{"unknown touchpoint", func(m *cx.CXModel) { m.Standards[1].Scope = cx.Scope{Kind: cx.ScopeTouchpoint, ID: "tp_nope"} }, "standards[1].scope.id"},
		{"touchpoint of another workspace", func(m *cx.CXModel) { m.Standards[1].Scope = cx.Scope{Kind: cx.ScopeTouchpoint, ID: otherTP} }, "standards[1].scope.id"},
		{"unknown journey", func(m *cx.CXModel) { m.Goals[2].Scope = cx.Scope{Kind: cx.ScopeJourney, ID: "jny_nope"} }, "goals[2].scope.id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := old
			m.Vision = cx.Text{En: "New vision"}
			m.Standards = append([]cx.Standard(nil), old.Standards...)
			m.Goals = append([]cx.Goal(nil), old.Goals...)
			// A valid change first, so that a half-written model would show.
			m.Standards[0].Threshold = 30
			tc.change(&m)
			_, err := s.ReplaceCXModel(ctx, w.ID, m)
			storetest.WantErr(t, err, cx.Invalid, tc.field)
			now, err := s.CXModel(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(now) != fmt.Sprint(old) {
				t.Errorf("got model %+v after a refused replace, want the old one %+v", now, old)
			}
		})
	}

	t.Run("unknown workspace", func(t *testing.T) {
		_, err := s.ReplaceCXModel(ctx, "ws_nope", cx.CXModel{})
		storetest.WantErr(t, err, cx.NotFound, "")
		_, err = s.CXModel(ctx, "ws_nope")
		storetest.WantErr(t, err, cx.NotFound, "")
	})
}
