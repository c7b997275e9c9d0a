package ingest

import (
	"context"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// The rules tests save a rule right after events were written, while the
// writer still holds the rules it read for them (setupTTL): an event sent
// next follows the new rule only if the writer was told.

// touchpointID returns the id of the workspace's touchpoint with key.
func (f *fixture) touchpointID(key string) string {
	f.t.Helper()
	l, err := f.st.Touchpoints(context.Background(), f.ws, store.TouchpointFilter{}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, tp := range l.Items {
		if tp.Key == key {
			return tp.ID
		}
	}
	f.t.Fatalf("no touchpoint %s", key)
	return ""
}

// stageID returns the id of the stage with key in the workspace's first
// journey.
func (f *fixture) stageID(key string) string {
	f.t.Helper()
	js, err := f.st.Journeys(context.Background(), f.ws, store.Page{})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, st := range js.Items[0].Stages {
		if st.Key == key {
			return st.ID
		}
	}
	f.t.Fatalf("no stage %s", key)
	return ""
}

// storedTouchpoint returns the touchpoint an ingested event has in the
// store now, "" when none.
func (f *fixture) storedTouchpoint(e cx.Event) string {
	f.t.Helper()
	l, err := f.st.Timeline(context.Background(), f.ws, e.CustomerID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, it := range l.Items {
		if it.Kind == cx.TimelineEvent && it.ID == e.ID {
			return it.TouchpointID
		}
	}
	f.t.Fatalf("event %s is not on its customer's timeline", e.ID)
	return ""
}

// ingestOne ingests one event and returns it as stored: with its id,
// customer and touchpoint.
func (f *fixture) ingestOne(e cx.Event) cx.Event {
	f.t.Helper()
	evs := []cx.Event{e}
	f.ingest(evs...)
	return evs[0]
}

func (f *fixture) workshop(anonID string) cx.Event {
	return f.ev(cx.EventTrack, "Workshop Booked", anon(anonID))
}

func TestCreateMappingRuleMapsPastAndNewEvents(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rules := NewRules(f.st, f.p)
	events := f.touchpointID("events")
	past := f.ingestOne(f.workshop("a1"))
	if past.TouchpointID != "" {
		t.Fatalf("Workshop Booked mapped to %s before any rule, want none", past.TouchpointID)
	}
	rule, err := rules.CreateMappingRule(ctx, f.ws, cx.MappingRule{Position: -1, EventType: cx.EventTrack, EventName: "workshop booked", TouchpointID: events})
	if err != nil {
		t.Fatal(err)
	}
	if rule.ID == "" || rule.TouchpointID != events {
		t.Errorf("got rule %+v, want the saved rule", rule)
	}
	if got := f.storedTouchpoint(past); got != events {
		t.Errorf("the past event has touchpoint %q, want %s", got, events)
	}
	if next := f.ingestOne(f.workshop("a2")); next.TouchpointID != events {
		t.Errorf("the next event mapped to %q, want %s: the writer was not told", next.TouchpointID, events)
	}
	unmapped, err := f.st.UnmappedEvents(ctx, f.ws)
	if err != nil || len(unmapped) != 0 {
		t.Errorf("got unmapped %+v (%v), want none", unmapped, err)
	}
}

func TestUpdateMappingRuleMapsPastAndNewEvents(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rules := NewRules(f.st, f.p)
	events := f.touchpointID("events")
	rule, err := rules.CreateMappingRule(ctx, f.ws, cx.MappingRule{Position: -1, EventName: "Webinar Joined", TouchpointID: events})
	if err != nil {
		t.Fatal(err)
	}
	past := f.ingestOne(f.workshop("a1"))
	rule.EventName = "Workshop Booked"
	if _, err := rules.UpdateMappingRule(ctx, f.ws, rule); err != nil {
		t.Fatal(err)
	}
	if got := f.storedTouchpoint(past); got != events {
		t.Errorf("the past event has touchpoint %q, want %s", got, events)
	}
	if next := f.ingestOne(f.workshop("a2")); next.TouchpointID != events {
		t.Errorf("the next event mapped to %q, want %s: the writer was not told", next.TouchpointID, events)
	}
}

func TestMapUnmappedPutsTheRuleFirst(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rules := NewRules(f.st, f.p)
	events := f.touchpointID("events")
	page := func(anonID string) cx.Event {
		return f.ev(cx.EventPage, "Hội thảo", func(e *cx.Event) {
			e.AnonymousID, e.Properties = anonID, map[string]any{"path": "/hoi-thao/thang-11"}
		})
	}
	past := f.ingestOne(page("a1"))
	rule, err := rules.MapUnmapped(ctx, f.ws, cx.MappingRule{Position: 7, EventType: cx.EventPage, EventName: "Hội thảo", PathPrefix: "/hoi-thao", TouchpointID: events})
	if err != nil {
		t.Fatal(err)
	}
	all, err := f.st.MappingRules(ctx, f.ws)
	if err != nil {
		t.Fatal(err)
	}
	if rule.Position != 0 || all[0].ID != rule.ID {
		t.Errorf("the rule is at position %d, first is %s; want %s first", rule.Position, all[0].ID, rule.ID)
	}
	if got := f.storedTouchpoint(past); got != events {
		t.Errorf("the past event has touchpoint %q, want %s", got, events)
	}
	if next := f.ingestOne(page("a2")); next.TouchpointID != events {
		t.Errorf("the next event mapped to %q, want %s: the writer was not told", next.TouchpointID, events)
	}
	if _, err := rules.MapUnmapped(ctx, f.ws, cx.MappingRule{TouchpointID: events}); cx.ErrorCode(err) != cx.Invalid {
		t.Errorf("a rule without conditions: got %v, want invalid", err)
	}
}

// TestMoveAndDeleteMappingRule: the next events follow a moved or deleted
// rule at once, and events already mapped keep their touchpoint.
func TestMoveAndDeleteMappingRule(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rules := NewRules(f.st, f.p)
	events, shop := f.touchpointID("events"), f.touchpointID("store")
	first, err := rules.MapUnmapped(ctx, f.ws, cx.MappingRule{EventType: cx.EventTrack, EventName: "Workshop Booked", TouchpointID: events})
	if err != nil {
		t.Fatal(err)
	}
	second, err := rules.CreateMappingRule(ctx, f.ws, cx.MappingRule{Position: -1, EventName: "Workshop Booked", TouchpointID: shop})
	if err != nil {
		t.Fatal(err)
	}
	past := f.ingestOne(f.workshop("a1"))
	if past.TouchpointID != events {
		t.Fatalf("mapped to %q, want %s by the first rule", past.TouchpointID, events)
	}
	moved, err := rules.MoveMappingRule(ctx, f.ws, second.ID, -3)
	if err != nil {
		t.Fatal(err)
	}
	if moved.Position != 0 {
		t.Errorf("moved to -3: got position %d, want 0", moved.Position)
	}
	if next := f.ingestOne(f.workshop("a2")); next.TouchpointID != shop {
		t.Errorf("after the move the next event mapped to %q, want %s", next.TouchpointID, shop)
	}
	if got := f.storedTouchpoint(past); got != events {
		t.Errorf("after the move the past event has touchpoint %q, want %s still", got, events)
	}
	for _, id := range []string{first.ID, second.ID} {
		if err := rules.DeleteMappingRule(ctx, f.ws, id); err != nil {
			t.Fatal(err)
		}
	}
	if next := f.ingestOne(f.workshop("a3")); next.TouchpointID != "" {
		t.Errorf("after the delete the next event mapped to %q, want none", next.TouchpointID)
	}
	if got := f.storedTouchpoint(past); got != events {
		t.Errorf("after the delete the past event has touchpoint %q, want %s still", got, events)
	}
	if _, err := rules.MoveMappingRule(ctx, f.ws, first.ID, 0); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("moving a deleted rule: got %v, want not found", err)
	}
	if err := rules.DeleteMappingRule(ctx, f.ws, first.ID); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("deleting a deleted rule: got %v, want not found", err)
	}
}

// TestStageRulesApplyToNextEvents: stage rules change where the next
// events take customers, at once; customers' past stages stay until a
// rebuild.
func TestStageRulesApplyToNextEvents(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rules := NewRules(f.st, f.p)
	f.ingestOne(f.workshop("a1"))
	before := f.stageKey(f.customer(cx.IDAnonymous, "a1"))
	if before == "advocacy" {
		t.Fatalf("Workshop Booked took a1 to advocacy before any rule")
	}
	rule, err := rules.CreateStageRule(ctx, f.ws, cx.StageRule{Position: -1, EventName: "Workshop Booked", Occurrence: 1, StageID: f.stageID("retention")})
	if err != nil {
		t.Fatal(err)
	}
	f.ingestOne(f.workshop("a2"))
	if got := f.stageKey(f.customer(cx.IDAnonymous, "a2")); got != "retention" {
		t.Errorf("after the new rule a2 is in %q, want retention", got)
	}
	if got := f.stageKey(f.customer(cx.IDAnonymous, "a1")); got != before {
		t.Errorf("a1 moved to %q, want %q until a rebuild", got, before)
	}
	rule.StageID = f.stageID("advocacy")
	if _, err := rules.UpdateStageRule(ctx, f.ws, rule); err != nil {
		t.Fatal(err)
	}
	f.ingestOne(f.workshop("a3"))
	if got := f.stageKey(f.customer(cx.IDAnonymous, "a3")); got != "advocacy" {
		t.Errorf("after the update a3 is in %q, want advocacy", got)
	}
	moved, err := rules.MoveStageRule(ctx, f.ws, rule.ID, -1)
	if err != nil || moved.Position != 0 {
		t.Errorf("moved to -1: got position %d (%v), want 0", moved.Position, err)
	}
	if err := rules.DeleteStageRule(ctx, f.ws, rule.ID); err != nil {
		t.Fatal(err)
	}
	f.ingestOne(f.workshop("a4"))
	if got := f.stageKey(f.customer(cx.IDAnonymous, "a4")); got != before {
		t.Errorf("after the delete a4 is in %q, want %q", got, before)
	}
	if _, err := rules.CreateStageRule(ctx, f.ws, cx.StageRule{EventName: "X", Occurrence: 1, StageID: "stg_nope"}); cx.ErrorCode(err) != cx.Invalid {
		t.Errorf("a rule for an unknown stage: got %v, want invalid", err)
	}
}

// TestRemapStopsAtLimit: a limit is reached a chunk at a time, and what it
// leaves is mapped by the next remap (as `cxm analytics rebuild` does).
func TestRemapStopsAtLimit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var batch []cx.Event
	for range remapChunk + 100 {
		batch = append(batch, f.workshop("a1"))
	}
	f.ingest(batch...)
	if _, err := f.st.CreateMappingRule(ctx, f.ws, cx.MappingRule{EventName: "Workshop Booked", TouchpointID: f.touchpointID("events")}); err != nil {
		t.Fatal(err)
	}
	if n, err := Remap(ctx, f.st, f.ws, remapChunk); err != nil || n != remapChunk {
		t.Errorf("first remap: got %d (%v), want %d", n, err, remapChunk)
	}
	if n, err := Remap(ctx, f.st, f.ws, 0); err != nil || n != 100 {
		t.Errorf("second remap: got %d (%v), want 100", n, err)
	}
}
