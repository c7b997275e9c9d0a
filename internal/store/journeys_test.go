package store_test

import (
	"context"
	"fmt"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// stageKeys returns the keys of j's stages in order.
func stageKeys(j cx.Journey) string {
	var keys []string
	for _, st := range j.Stages {
		keys = append(keys, st.Key)
	}
	return fmt.Sprint(keys)
}

func TestCreateJourney(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	for _, tc := range []struct {
		name     string
		journey  cx.Journey
		wantName cx.Text
		keys     string
	}{
		{"template without stages", cx.Journey{Template: cx.TemplateDiscovery}, cx.Text{Vi: "Hành trình khách hàng", En: "Customer journey"}, "[learn evaluate experience purchase adopt]"},
		{"template with a name", cx.Journey{Name: cx.Text{En: "B2B"}, Template: cx.TemplatePhases}, cx.Text{En: "B2B"}, "[before during after]"},
		{"custom", cx.Journey{Name: cx.Text{Vi: " Đặt bàn "}, Stages: []cx.Stage{
			{Name: cx.Text{Vi: "Tìm quán", En: "Find a place"}, Phase: cx.PhaseBefore, DesiredEmotions: cx.Texts{{Vi: " Tò mò "}, {}}, Owner: " Marketing "},
			{Key: "book", Name: cx.Text{En: "Book"}, Phase: cx.PhaseDuring, DesiredActions: cx.Texts{{Vi: "Đặt bàn", En: "Book a table"}}},
			{Key: "visit", Name: cx.Text{En: "Visit"}},
		}}, cx.Text{Vi: "Đặt bàn"}, "[find_a_place book visit]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j, err := s.CreateJourney(ctx, w.ID, tc.journey)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Journey(ctx, w.ID, j.ID)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(j) {
				t.Errorf("got %+v from Journey, want what CreateJourney returned, %+v", got, j)
			}
			if got.Name != tc.wantName {
				t.Errorf("got name %+v, want %+v", got.Name, tc.wantName)
			}
			if k := stageKeys(got); k != tc.keys {
				t.Errorf("got stages %s, want %s", k, tc.keys)
			}
			for i, st := range got.Stages {
				if st.Position != i || st.ID == "" {
					t.Errorf("got stage %d at position %d with id %q, want position %d and an id", i, st.Position, st.ID, i)
				}
			}
		})
	}
	j := firstJourney(t, s, w.ID)
	if aw := stageByKey(t, j, "awareness"); fmt.Sprint(aw.DesiredEmotions) != "[{Tò mò Curious} {Hứng thú Interested}]" {
		t.Errorf("got emotions %v, want the template's in both languages", aw.DesiredEmotions)
	}
	js, _ := s.Journeys(ctx, w.ID, store.Page{})
	custom := js.Items[3]
	if st := custom.Stages[0]; fmt.Sprint(st.DesiredEmotions) != "[{Tò mò }]" || st.Owner != "Marketing" || st.DesiredActions == nil {
		t.Errorf("got %+v, want cleaned emotions, trimmed owner, non-nil actions", st)
	}
}

func TestCreateJourneyValidates(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	for _, tc := range []struct {
		name    string
		journey cx.Journey
		field   string
	}{
		{"custom without stages", cx.Journey{Name: cx.Text{En: "X"}}, "stages"},
		{"explicit custom without stages", cx.Journey{Name: cx.Text{En: "X"}, Template: cx.TemplateCustom}, "stages"},
		{"unknown template", cx.Journey{Template: "waterfall"}, "template"},
		{"unknown template with stages", cx.Journey{Name: cx.Text{En: "X"}, Template: "waterfall", Stages: customStages("a")}, "template"},
		{"no name", cx.Journey{Stages: customStages("a")}, "name"},
		{"too many stages", cx.Journey{Name: cx.Text{En: "X"}, Stages: make([]cx.Stage, 31)}, "stages"},
		{"duplicate keys", cx.Journey{Name: cx.Text{En: "X"}, Stages: customStages("a", "b", "a")}, "stages[2].key"},
		{"duplicate derived keys", cx.Journey{Name: cx.Text{En: "X"}, Stages: []cx.Stage{{Name: cx.Text{En: "Buy"}}, {Key: "buy", Name: cx.Text{En: "Buy again"}}}}, "stages[1].key"},
		{"bad key", cx.Journey{Name: cx.Text{En: "X"}, Stages: customStages("Not A Slug")}, "stages[0].key"},
		{"bad phase", cx.Journey{Name: cx.Text{En: "X"}, Stages: []cx.Stage{{Key: "a", Name: cx.Text{En: "A"}, Phase: "later"}}}, "stages[0].phase"},
		{"stage without name", cx.Journey{Name: cx.Text{En: "X"}, Stages: append(customStages("a"), cx.Stage{Key: "b"})}, "stages[1].name"},
		{"too many emotions", cx.Journey{Name: cx.Text{En: "X"}, Stages: []cx.Stage{{Key: "a", Name: cx.Text{En: "A"}, DesiredEmotions: make21()}}}, "stages[0].desired_emotions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateJourney(ctx, w.ID, tc.journey)
			storetest.WantErr(t, err, cx.Invalid, tc.field)
		})
	}
	js, _ := s.Journeys(ctx, w.ID, store.Page{})
	if len(js.Items) != 1 {
		t.Errorf("got %d journeys after refused creations, want 1", len(js.Items))
	}
	_, err := s.CreateJourney(ctx, "ws_nope", cx.Journey{Template: cx.TemplatePhases})
	storetest.WantErr(t, err, cx.NotFound, "")
}

func make21() cx.Texts {
	out := make(cx.Texts, 21)
	for i := range out {
		out[i] = cx.Text{Vi: fmt.Sprint("e", i)}
	}
	return out
}

func TestUpdateJourney(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	j, err := s.CreateJourney(ctx, w.ID, cx.Journey{Name: cx.Text{En: "Custom"}, Stages: customStages("a", "b", "c", "d")})
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]string{}
	for _, st := range j.Stages {
		id[st.Key] = st.ID
	}
	stage := func(key string) cx.Stage {
		for _, st := range j.Stages {
			if st.Key == key {
				return st
			}
		}
		t.Fatalf("no stage %s in %s", key, stageKeys(j))
		return cx.Stage{}
	}
	for _, tc := range []struct {
		name   string
		change func(j *cx.Journey)
		keys   string
		ids    []string // the id each stage should have; "" for a new one
	}{
		{"rename", func(j *cx.Journey) {
			j.Name = cx.Text{Vi: "Hành trình", En: "Journey"}
			j.Stages[0].Name = cx.Text{En: "First"}
		}, "[a b c d]", []string{id["a"], id["b"], id["c"], id["d"]}},
		{"reorder", func(j *cx.Journey) {
			j.Stages = []cx.Stage{stage("d"), stage("a"), stage("c"), stage("b")}
		}, "[d a c b]", []string{id["d"], id["a"], id["c"], id["b"]}},
		{"swap keys", func(j *cx.Journey) {
			a, b := stage("a"), stage("b")
			a.Key, b.Key = "b", "a"
			j.Stages = []cx.Stage{stage("d"), a, stage("c"), b}
		}, "[d b c a]", []string{id["d"], id["a"], id["c"], id["b"]}},
		{"add and remove", func(j *cx.Journey) {
			j.Stages = []cx.Stage{stage("d"), {Key: "e", Name: cx.Text{En: "E"}, Phase: cx.PhaseAfter}, stage("a"), {Key: "c", Name: cx.Text{En: "New c"}}}
		}, "[d e a c]", []string{id["d"], "", id["b"], ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next := j
			next.Stages = append([]cx.Stage(nil), j.Stages...)
			tc.change(&next)
			got, err := s.UpdateJourney(ctx, w.ID, next)
			if err != nil {
				t.Fatal(err)
			}
			if k := stageKeys(got); k != tc.keys {
				t.Errorf("got stages %s, want %s", k, tc.keys)
			}
			for i, st := range got.Stages {
				if tc.ids[i] != "" && st.ID != tc.ids[i] || tc.ids[i] == "" && (st.ID == "" || st.ID == id[st.Key]) {
					t.Errorf("got stage %d id %q, want %q (\"\" for a new one)", i, st.ID, tc.ids[i])
				}
				if st.Position != i {
					t.Errorf("got stage %d at position %d", i, st.Position)
				}
			}
			if got.Name != next.Name {
				t.Errorf("got name %+v, want %+v", got.Name, next.Name)
			}
			read, _ := s.Journey(ctx, w.ID, j.ID)
			if fmt.Sprint(read) != fmt.Sprint(got) {
				t.Errorf("got %+v from Journey, want %+v", read, got)
			}
			j = got
		})
	}
	if n := len(j.Stages); n != 4 {
		t.Fatalf("got %d stages, want 4", n)
	}
	if j.Stages[0].Name.En != "Stage d" || j.Stages[2].Name.En != "Stage b" {
		t.Errorf("got names %q, %q, want the kept stages' names to follow them", j.Stages[0].Name.En, j.Stages[2].Name.En)
	}
}

func TestUpdateJourneyRefusesAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w := storetest.Workspace(t, s, "A")
	other := storetest.Workspace(t, s, "B")
	j := firstJourney(t, s, w.ID)
	// A journey whose last stage only a milestone uses.
	extra, err := s.CreateJourney(ctx, w.ID, cx.Journey{Name: cx.Text{En: "Extra"}, Stages: customStages("a", "b")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateMilestone(ctx, w.ID, cx.Milestone{Name: cx.Text{En: "M"}, JourneyID: extra.ID, StageID: extra.Stages[1].ID, DueDays: 7,
		Condition: cx.Condition{Type: "event", Event: "Order Completed"}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		journey cx.Journey
		change  func(j *cx.Journey)
		code    string
		field   string
	}{
		{"remove a stage with touchpoints", j, func(j *cx.Journey) { j.Stages = j.Stages[1:] }, cx.Conflict, ""},
		{"remove a stage with a milestone", extra, func(j *cx.Journey) { j.Stages = j.Stages[:1] }, cx.Conflict, ""},
		{"stage of another journey", j, func(j *cx.Journey) { j.Stages[0].ID = extra.Stages[0].ID }, cx.Invalid, "stages[0].id"},
		{"stage of another workspace", j, func(j *cx.Journey) { j.Stages[1].ID = firstJourney(t, s, other.ID).Stages[1].ID }, cx.Invalid, "stages[1].id"},
		{"duplicate keys", j, func(j *cx.Journey) { j.Stages[3].Key = j.Stages[0].Key }, cx.Invalid, "stages[3].key"},
		{"no stages", j, func(j *cx.Journey) { j.Stages = nil }, cx.Invalid, "stages"},
		{"bad phase", j, func(j *cx.Journey) { j.Stages[2].Phase = "never" }, cx.Invalid, "stages[2].phase"},
		{"unknown journey", j, func(j *cx.Journey) { j.ID = "jny_nope" }, cx.NotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := s.Journey(ctx, w.ID, tc.journey.ID)
			if err != nil {
				t.Fatal(err)
			}
			next := before
			next.Stages = append([]cx.Stage(nil), before.Stages...)
			// Valid changes too, so that a half-written update would show.
			next.Name = cx.Text{En: "Renamed"}
			next.Stages[len(next.Stages)-1].Name = cx.Text{En: "Renamed stage"}
			next.Stages = append(next.Stages, cx.Stage{Key: "added", Name: cx.Text{En: "Added"}})
			tc.change(&next)
			_, err = s.UpdateJourney(ctx, w.ID, next)
			storetest.WantErr(t, err, tc.code, tc.field)
			after, err := s.Journey(ctx, w.ID, tc.journey.ID)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("got %+v after a refused update, want %+v", after, before)
			}
		})
	}
}

func TestDeleteJourney(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	seeded := firstJourney(t, s, w.ID)
	storetest.WantErr(t, s.DeleteJourney(ctx, w.ID, seeded.ID), cx.Conflict, "")

	withMilestone, err := s.CreateJourney(ctx, w.ID, cx.Journey{Name: cx.Text{En: "M"}, Stages: customStages("a", "b")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateMilestone(ctx, w.ID, cx.Milestone{Name: cx.Text{En: "M"}, JourneyID: withMilestone.ID, StageID: withMilestone.Stages[0].ID, DueDays: 7,
		Condition: cx.Condition{Type: "stage", StageID: withMilestone.Stages[1].ID}}); err != nil {
		t.Fatal(err)
	}
	empty, err := s.CreateJourney(ctx, w.ID, cx.Journey{Template: cx.TemplatePhases})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		id   string
		code string
	}{
		{"journey with touchpoints", seeded.ID, cx.Conflict},
		{"journey with a milestone", withMilestone.ID, cx.Conflict},
		{"unknown journey", "jny_nope", cx.NotFound},
		{"unused journey", empty.ID, ""},
		{"deleted journey", empty.ID, cx.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.DeleteJourney(ctx, w.ID, tc.id)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			storetest.WantErr(t, err, tc.code, "")
		})
	}
	js, _ := s.Journeys(ctx, w.ID, store.Page{})
	if len(js.Items) != 2 || js.Items[0].ID != seeded.ID || js.Items[1].ID != withMilestone.ID || len(js.Items[0].Stages) != 7 || len(js.Items[1].Stages) != 2 {
		t.Errorf("got %+v, want the seeded journey and the one with a milestone, whole", js.Items)
	}
	_, err = s.Journey(ctx, w.ID, empty.ID)
	storetest.WantErr(t, err, cx.NotFound, "")
}

func TestJourneysPaging(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	want := []string{firstJourney(t, s, w.ID).ID}
	for _, tpl := range []string{cx.TemplatePhases, cx.TemplateDiscovery, cx.TemplateLifecycle, cx.TemplatePhases} {
		j, err := s.CreateJourney(ctx, w.ID, cx.Journey{Template: tpl})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, j.ID)
	}
	storetest.Workspace(t, s, "Other")
	var got []string
	p := store.Page{Limit: 2}
	for pages := 1; ; pages++ {
		l, err := s.Journeys(ctx, w.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range l.Items {
			if len(j.Stages) == 0 {
				t.Errorf("got journey %s without its stages", j.ID)
			}
			got = append(got, j.ID)
		}
		if l.Next == "" {
			if pages != 3 {
				t.Errorf("got %d pages, want 3", pages)
			}
			break
		}
		if pages > 3 {
			t.Fatal("paging does not end")
		}
		p.After = l.Next
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	empty, err := s.Journeys(ctx, "ws_nope", store.Page{})
	if err != nil || empty.Items == nil || len(empty.Items) != 0 {
		t.Errorf("got %#v, %v, want an empty, non-nil list", empty.Items, err)
	}
}
