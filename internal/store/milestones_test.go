package store_test

import (
	"context"
	"fmt"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestMilestones(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	j := firstJourney(t, s, w.ID)
	purchase, retention := stageByKey(t, j, "purchase"), stageByKey(t, j, "retention")

	for _, tc := range []struct {
		name string
		in   cx.Milestone
		want cx.Condition
	}{
		{"event condition", cx.Milestone{Name: cx.Text{En: " Second order "}, Description: cx.Text{Vi: "Mua lần hai"}, JourneyID: j.ID, StageID: purchase.ID, DueDays: 30,
			Condition: cx.Condition{Type: "event", Event: " Order Completed ", Count: 2, StageID: retention.ID}},
			cx.Condition{Type: "event", Event: "Order Completed", Count: 2}},
		{"event count defaults to 1", cx.Milestone{Name: cx.Text{En: "First order"}, JourneyID: j.ID, StageID: purchase.ID, DueDays: 1,
			Condition: cx.Condition{Type: "event", Event: "Order Completed"}},
			cx.Condition{Type: "event", Event: "Order Completed", Count: 1}},
		{"stage condition", cx.Milestone{Name: cx.Text{Vi: "Giữ chân"}, JourneyID: j.ID, StageID: purchase.ID, DueDays: 3650,
			Condition: cx.Condition{Type: "stage", StageID: retention.ID, Event: "ignored", Count: 3}},
			cx.Condition{Type: "stage", StageID: retention.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := s.CreateMilestone(ctx, w.ID, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Milestone(ctx, w.ID, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(m) {
				t.Errorf("got %+v from Milestone, want what CreateMilestone returned, %+v", got, m)
			}
			if got.Condition != tc.want {
				t.Errorf("got condition %+v, want %+v", got.Condition, tc.want)
			}
			if got.ID == "" || got.JourneyID != j.ID || got.StageID != purchase.ID || got.DueDays != tc.in.DueDays || got.CreatedAt.IsZero() {
				t.Errorf("got %+v, want an id, the journey, stage and due days", got)
			}
		})
	}
	l, err := s.Milestones(ctx, w.ID, store.Page{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != 2 || l.Next != l.Items[1].ID || l.Items[0].Name.En != "Second order" {
		t.Fatalf("got %+v, want the first two milestones and a next page", l)
	}
	rest, err := s.Milestones(ctx, w.ID, store.Page{Limit: 2, After: l.Next})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Items) != 1 || rest.Next != "" || rest.Items[0].Name.Vi != "Giữ chân" {
		t.Fatalf("got %+v, want the last milestone and no next page", rest)
	}

	m := l.Items[0]
	m.Name = cx.Text{En: "Third order"}
	m.StageID = retention.ID
	m.DueDays = 60
	m.Condition = cx.Condition{Type: "stage", StageID: stageByKey(t, j, "advocacy").ID}
	got, err := s.UpdateMilestone(ctx, w.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != m.Name || got.StageID != retention.ID || got.DueDays != 60 || got.Condition != m.Condition || !got.CreatedAt.Equal(l.Items[0].CreatedAt) {
		t.Errorf("got %+v, want %+v with its creation time kept", got, m)
	}
	m.ID = "ms_nope"
	_, err = s.UpdateMilestone(ctx, w.ID, m)
	storetest.WantErr(t, err, cx.NotFound, "")

	if err := s.DeleteMilestone(ctx, w.ID, got.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Milestone(ctx, w.ID, got.ID)
	storetest.WantErr(t, err, cx.NotFound, "")
	storetest.WantErr(t, s.DeleteMilestone(ctx, w.ID, got.ID), cx.NotFound, "")
	if all, _ := s.Milestones(ctx, w.ID, store.Page{}); len(all.Items) != 2 {
		t.Errorf("got %d milestones, want 2", len(all.Items))
	}
}

func TestMilestoneValidates(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w := storetest.Workspace(t, s, "A")
	other := storetest.Workspace(t, s, "B")
	j := firstJourney(t, s, w.ID)
	second, err := s.CreateJourney(ctx, w.ID, cx.Journey{Template: cx.TemplatePhases})
	if err != nil {
		t.Fatal(err)
	}
	otherStage := firstJourney(t, s, other.ID).Stages[0].ID
	valid := func() cx.Milestone {
		return cx.Milestone{Name: cx.Text{En: "M"}, JourneyID: j.ID, StageID: j.Stages[2].ID, DueDays: 30,
			Condition: cx.Condition{Type: "stage", StageID: j.Stages[4].ID}}
	}
	existing, err := s.CreateMilestone(ctx, w.ID, valid())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(m *cx.Milestone)
		field  string
	}{
		{"no name", func(m *cx.Milestone) { m.Name = cx.Text{} }, "name"},
		{"long description", func(m *cx.Milestone) { m.Description.En = string(make([]rune, 2001)) }, "description.en"},
		{"no journey", func(m *cx.Milestone) { m.JourneyID = "" }, "journey_id"},
		{"no stage", func(m *cx.Milestone) { m.StageID = "" }, "stage_id"},
		{"zero days", func(m *cx.Milestone) { m.DueDays = 0 }, "due_days"},
		{"too many days", func(m *cx.Milestone) { m.DueDays = 3651 }, "due_days"},
		{"no condition", func(m *cx.Milestone) { m.Condition = cx.Condition{} }, "condition.type"},
		{"bad condition type", func(m *cx.Milestone) { m.Condition.Type = "time" }, "condition.type"},
		{"event without name", func(m *cx.Milestone) { m.Condition = cx.Condition{Type: "event", Event: " "} }, "condition.event"},
		{"event count too low", func(m *cx.Milestone) { m.Condition = cx.Condition{Type: "event", Event: "E", Count: -1} }, "condition.count"},
		{"event count too high", func(m *cx.Milestone) { m.Condition = cx.Condition{Type: "event", Event: "E", Count: 1001} }, "condition.count"},
		{"stage condition without stage", func(m *cx.Milestone) { m.Condition = cx.Condition{Type: "stage"} }, "condition.stage_id"},
		{"unknown stage", func(m *cx.Milestone) { m.StageID = "stg_nope" }, "stage_id"},
		{"stage of another journey", func(m *cx.Milestone) { m.StageID = second.Stages[0].ID }, "stage_id"},
		{"stage of another workspace", func(m *cx.Milestone) { m.StageID = otherStage }, "stage_id"},
		{"journey not the stage's", func(m *cx.Milestone) { m.JourneyID = second.ID }, "stage_id"},
		{"condition stage of another journey", func(m *cx.Milestone) { m.Condition.StageID = second.Stages[1].ID }, "condition.stage_id"},
		{"condition stage of another workspace", func(m *cx.Milestone) { m.Condition.StageID = otherStage }, "condition.stage_id"},
		{"unknown condition stage", func(m *cx.Milestone) { m.Condition.StageID = "stg_nope" }, "condition.stage_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := valid()
			tc.change(&m)
			_, err := s.CreateMilestone(ctx, w.ID, m)
			storetest.WantErr(t, err, cx.Invalid, tc.field)

			m.ID = existing.ID
			_, err = s.UpdateMilestone(ctx, w.ID, m)
			storetest.WantErr(t, err, cx.Invalid, tc.field)
			if now, _ := s.Milestone(ctx, w.ID, existing.ID); fmt.Sprint(now) != fmt.Sprint(existing) {
				t.Errorf("got %+v after a refused update, want %+v", now, existing)
			}
		})
	}
	if l, _ := s.Milestones(ctx, w.ID, store.Page{}); len(l.Items) != 1 {
		t.Errorf("got %d milestones after refused creations, want 1", len(l.Items))
	}
}
