package store_test

import (
	"context"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestRulesSeededOnce(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w := storetest.Workspace(t, s, "Quy tắc")
	mapping, err := s.MappingRules(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mapping) != len(cx.DefaultMappingRules()) {
		t.Errorf("got %d mapping rules, want the %d defaults", len(mapping), len(cx.DefaultMappingRules()))
	}
	for i, r := range mapping {
		if r.Position != i || r.TouchpointID == "" {
			t.Fatalf("rule %d: got %+v", i, r)
		}
	}
	stages, err := s.StageRules(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) != len(cx.DefaultStageRules()) {
		t.Errorf("got %d stage rules, want %d on the lifecycle journey", len(stages), len(cx.DefaultStageRules()))
	}
	// Deleted rules are not seeded again.
	for _, r := range mapping {
		if err := s.DeleteMappingRule(ctx, w.ID, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.EnsureRules(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.MappingRules(ctx, w.ID); len(again) != 0 {
		t.Errorf("got %d rules after deleting them all, want 0", len(again))
	}
	// A discovery workspace gets the rules whose stages it has.
	d, err := s.CreateWorkspace(ctx, cx.Workspace{Name: "Khám phá"}, cx.TemplateDiscovery)
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := s.StageRules(ctx, d.ID)
	if len(ds) != 1 || ds[0].EventName != "Order Completed" || ds[0].Occurrence != 1 {
		t.Errorf("discovery: got %+v, want first order → purchase", ds)
	}
}

func TestMappingRulePositions(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w := storetest.Workspace(t, s, "Thứ tự")
	tps, err := s.Touchpoints(ctx, w.ID, store.TouchpointFilter{}, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	tp := tps.Items[0].ID
	n := len(cx.DefaultMappingRules())
	first, err := s.CreateMappingRule(ctx, w.ID, cx.MappingRule{EventName: "A", TouchpointID: tp})
	if err != nil || first.Position != 0 {
		t.Fatalf("got %+v %v, want position 0", first, err)
	}
	last, err := s.CreateMappingRule(ctx, w.ID, cx.MappingRule{EventName: "B", TouchpointID: tp, Position: 10_000})
	if err != nil || last.Position != n+1 {
		t.Fatalf("got %+v %v, want position %d", last, err, n+1)
	}
	first.Position = 3
	moved, err := s.UpdateMappingRule(ctx, w.ID, first)
	if err != nil || moved.Position != 3 {
		t.Fatalf("got %+v %v, want position 3", moved, err)
	}
	rules, _ := s.MappingRules(ctx, w.ID)
	for i, r := range rules {
		if r.Position != i {
			t.Fatalf("positions not dense after a move: rule %d has %d", i, r.Position)
		}
	}
	if err := s.DeleteMappingRule(ctx, w.ID, moved.ID); err != nil {
		t.Fatal(err)
	}
	rules, _ = s.MappingRules(ctx, w.ID)
	if len(rules) != n+1 || rules[len(rules)-1].ID != last.ID || rules[len(rules)-1].Position != n {
		t.Errorf("after delete: got %d rules ending with %+v", len(rules), rules[len(rules)-1])
	}
}

func TestRulesValidatedAndScoped(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")
	aTps, _ := s.Touchpoints(ctx, a.ID, store.TouchpointFilter{}, store.Page{})
	aStage := firstJourney(t, s, a.ID).Stages[0].ID
	_, err := s.CreateMappingRule(ctx, b.ID, cx.MappingRule{EventName: "X", TouchpointID: aTps.Items[0].ID})
	storetest.WantErr(t, err, cx.Invalid, "touchpoint_id")
	_, err = s.CreateStageRule(ctx, b.ID, cx.StageRule{EventName: "X", StageID: aStage})
	storetest.WantErr(t, err, cx.Invalid, "stage_id")
	_, err = s.CreateMappingRule(ctx, a.ID, cx.MappingRule{Property: "utm_source", TouchpointID: aTps.Items[0].ID})
	storetest.WantErr(t, err, cx.Invalid, "property_value")
	_, err = s.CreateMappingRule(ctx, a.ID, cx.MappingRule{PathPrefix: "san-pham", TouchpointID: aTps.Items[0].ID})
	storetest.WantErr(t, err, cx.Invalid, "path_prefix")
	_, err = s.CreateStageRule(ctx, a.ID, cx.StageRule{EventName: "X", Occurrence: -1, StageID: aStage})
	storetest.WantErr(t, err, cx.Invalid, "occurrence")
	aRules, _ := s.StageRules(ctx, a.ID)
	_, err = s.UpdateStageRule(ctx, b.ID, aRules[0])
	storetest.WantErr(t, err, cx.NotFound, "")
	storetest.WantErr(t, s.DeleteMappingRule(ctx, b.ID, "mr_nope"), cx.NotFound, "")
}
