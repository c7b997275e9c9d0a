package store_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestCreateTouchpoint(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	j := firstJourney(t, s, w.ID)
	st := stageByKey(t, j, "retention")
	tp, err := s.CreateTouchpoint(ctx, w.ID, cx.Touchpoint{Name: cx.Text{Vi: "Zalo OA", En: " Zalo Official Account "}, Phase: cx.PhaseAfter, StageID: st.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := cx.Touchpoint{
		ID: tp.ID, Key: "zalo_official_account", Name: cx.Text{Vi: "Zalo OA", En: "Zalo Official Account"}, Phase: cx.PhaseAfter, StageID: st.ID,
		Channel: "other", Mode: "online", Status: "active", Position: 18, Targets: []cx.Target{}, Content: []cx.ContentItem{},
		CreatedAt: tp.CreatedAt, UpdatedAt: tp.CreatedAt,
	}
	got, err := s.Touchpoint(ctx, w.ID, tp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) || fmt.Sprintf("%#v", tp) != fmt.Sprintf("%#v", want) {
		t.Errorf("got %+v (returned %+v), want %+v", got, tp, want)
	}

	full := cx.Touchpoint{
		Key: "hotline", Name: cx.Text{En: "Hotline"}, Phase: cx.PhaseDuring, Channel: "phone", Mode: "offline", Owner: " CS ", Status: "ideal",
		Targets: []cx.Target{{KPI: "csat", Comparator: ">=", Value: 85}, {KPI: "ces", Comparator: "<=", Value: 2.5}},
		Content: []cx.ContentItem{{Kind: "faq", Title: cx.Text{Vi: "Câu hỏi"}, URL: " https://example.vn/faq "}},
	}
	tp2, err := s.CreateTouchpoint(ctx, w.ID, full)
	if err != nil {
		t.Fatal(err)
	}
	got2, err := s.Touchpoint(ctx, w.ID, tp2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got2.Position != 19 || got2.StageID != "" || got2.Owner != "CS" || fmt.Sprint(got2.Targets) != fmt.Sprint(full.Targets) ||
		len(got2.Content) != 1 || got2.Content[0].URL != "https://example.vn/faq" || got2.Status != "ideal" || got2.Mode != "offline" {
		t.Errorf("got %+v, want position 19, no stage, owner CS, the targets and the trimmed content url", got2)
	}
	if tp2.ID <= tp.ID {
		t.Errorf("got id %s after %s, want ids increasing", tp2.ID, tp.ID)
	}
}

func TestCreateTouchpointValidates(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w := storetest.Workspace(t, s, "A")
	other := storetest.Workspace(t, s, "B")
	otherStage := firstJourney(t, s, other.ID).Stages[0].ID
	valid := func() cx.Touchpoint {
		return cx.Touchpoint{Key: "kiosk", Name: cx.Text{En: "Kiosk"}, Phase: cx.PhaseDuring,
			Targets: []cx.Target{{KPI: "csat", Comparator: ">=", Value: 80}},
			Content: []cx.ContentItem{{Kind: "guide", Title: cx.Text{En: "Guide"}, URL: "https://example.vn"}}}
	}
	for _, tc := range []struct {
		name   string
		change func(t *cx.Touchpoint)
		code   string
		field  string
	}{
		{"no name", func(t *cx.Touchpoint) { t.Name = cx.Text{En: "  "} }, cx.Invalid, "name"},
		{"long name", func(t *cx.Touchpoint) { t.Name.Vi = string(make([]rune, 201)) }, cx.Invalid, "name.vi"},
		{"bad key", func(t *cx.Touchpoint) { t.Key = "Kiosk!" }, cx.Invalid, "key"},
		{"long key", func(t *cx.Touchpoint) { t.Key = "k123456789012345678901234567890123456789x" }, cx.Invalid, "key"},
		{"no phase", func(t *cx.Touchpoint) { t.Phase = "" }, cx.Invalid, "phase"},
		{"bad phase", func(t *cx.Touchpoint) { t.Phase = "later" }, cx.Invalid, "phase"},
		{"bad channel", func(t *cx.Touchpoint) { t.Channel = "pigeon" }, cx.Invalid, "channel"},
		{"bad mode", func(t *cx.Touchpoint) { t.Mode = "hybrid" }, cx.Invalid, "mode"},
		{"bad status", func(t *cx.Touchpoint) { t.Status = "deleted" }, cx.Invalid, "status"},
		{"long owner", func(t *cx.Touchpoint) { t.Owner = string(make([]rune, 201)) }, cx.Invalid, "owner"},
		{"too many targets", func(t *cx.Touchpoint) { t.Targets = make([]cx.Target, 21) }, cx.Invalid, "targets"},
		{"bad target kpi", func(t *cx.Touchpoint) { t.Targets[0].KPI = "joy" }, cx.Invalid, "targets[0].kpi"},
		{"bad target comparator", func(t *cx.Touchpoint) { t.Targets[0].Comparator = "!=" }, cx.Invalid, "targets[0].comparator"},
		{"NaN target", func(t *cx.Touchpoint) {
			t.Targets = append(t.Targets, cx.Target{KPI: "nps", Comparator: ">", Value: math.NaN()})
		}, cx.Invalid, "targets[1].value"},
		{"too much content", func(t *cx.Touchpoint) { t.Content = make([]cx.ContentItem, 51) }, cx.Invalid, "content"},
		{"bad content kind", func(t *cx.Touchpoint) { t.Content[0].Kind = "poster" }, cx.Invalid, "content[0].kind"},
		{"content without title", func(t *cx.Touchpoint) { t.Content[0].Title = cx.Text{} }, cx.Invalid, "content[0].title"},
		{"ftp content url", func(t *cx.Touchpoint) { t.Content[0].URL = "ftp://example.vn/guide.pdf" }, cx.Invalid, "content[0].url"},
		{"relative content url", func(t *cx.Touchpoint) { t.Content[0].URL = "/guide" }, cx.Invalid, "content[0].url"},
		{"content url without host", func(t *cx.Touchpoint) { t.Content[0].URL = "https://" }, cx.Invalid, "content[0].url"},
		{"unknown stage", func(t *cx.Touchpoint) { t.StageID = "stg_nope" }, cx.Invalid, "stage_id"},
		{"stage of another workspace", func(t *cx.Touchpoint) { t.StageID = otherStage }, cx.Invalid, "stage_id"},
		{"duplicate key", func(t *cx.Touchpoint) { t.Key = "store" }, cx.Conflict, "key"},
		{"duplicate derived key", func(t *cx.Touchpoint) { t.Key, t.Name = "", cx.Text{En: "Payment"} }, cx.Conflict, "key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := valid()
			tc.change(&tp)
			_, err := s.CreateTouchpoint(ctx, w.ID, tp)
			storetest.WantErr(t, err, tc.code, tc.field)
		})
	}
	l, _ := s.Touchpoints(ctx, w.ID, store.TouchpointFilter{}, store.Page{})
	if len(l.Items) != 18 {
		t.Errorf("got %d touchpoints after refused creations, want 18", len(l.Items))
	}
	if _, err := s.CreateTouchpoint(ctx, other.ID, valid()); err != nil {
		t.Errorf("got %v creating key kiosk in another workspace, want keys unique per workspace only", err)
	}
}

func TestTouchpointsFilter(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w, err := s.CreateWorkspace(ctx, cx.Workspace{Name: "A"}, cx.TemplatePhases)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Workspace(t, s, "B")
	j := firstJourney(t, s, w.ID)
	after := stageByKey(t, j, "after")
	retire := touchpointByKey(t, s, w.ID, "payment")
	retire.Status = "retired"
	if _, err := s.UpdateTouchpoint(ctx, w.ID, retire); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTouchpoint(ctx, w.ID, cx.Touchpoint{Key: "loose", Name: cx.Text{En: "Loose"}, Phase: cx.PhaseAfter, Status: "missing"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		filter store.TouchpointFilter
		count  int
	}{
		{"all", store.TouchpointFilter{}, 19},
		{"stage", store.TouchpointFilter{StageID: after.ID}, 6},
		{"phase", store.TouchpointFilter{Phase: cx.PhaseAfter}, 7},
		{"status", store.TouchpointFilter{Status: "active"}, 17},
		{"stage and status", store.TouchpointFilter{StageID: after.ID, Status: "active"}, 5},
		{"phase and status", store.TouchpointFilter{Phase: cx.PhaseAfter, Status: "missing"}, 1},
		{"nothing", store.TouchpointFilter{Status: "ideal"}, 0},
		{"unknown stage", store.TouchpointFilter{StageID: "stg_nope"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := s.Touchpoints(ctx, w.ID, tc.filter, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Items) != tc.count {
				t.Fatalf("got %d touchpoints, want %d", len(l.Items), tc.count)
			}
			for _, tp := range l.Items {
				if tc.filter.StageID != "" && tp.StageID != tc.filter.StageID || tc.filter.Phase != "" && tp.Phase != tc.filter.Phase ||
					tc.filter.Status != "" && tp.Status != tc.filter.Status {
					t.Errorf("got %+v, not matching %+v", tp, tc.filter)
				}
			}
		})
	}
	var got []string
	p := store.Page{Limit: 4}
	for pages := 1; ; pages++ {
		l, err := s.Touchpoints(ctx, w.ID, store.TouchpointFilter{Phase: cx.PhaseBefore}, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range l.Items {
			got = append(got, tp.Key)
		}
		if l.Next == "" {
			if pages != 2 {
				t.Errorf("got %d pages, want 2", pages)
			}
			break
		}
		if pages > 2 {
			t.Fatal("paging does not end")
		}
		p.After = l.Next
	}
	if want := "[social_media mass_media_ads word_of_mouth events ratings_reviews pr]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestUpdateTouchpoint(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w := storetest.Workspace(t, s, "A")
	other := storetest.Workspace(t, s, "B")
	j := firstJourney(t, s, w.ID)
	tp := touchpointByKey(t, s, w.ID, "store")
	before := tp

	tp.Name = cx.Text{Vi: "Cửa hàng", En: "Shop"}
	tp.Key = "shop"
	tp.Phase = cx.PhaseBefore
	tp.StageID = stageByKey(t, j, "awareness").ID
	tp.Channel, tp.Mode, tp.Status, tp.Owner, tp.Position = "store", "both", "missing", "Store manager", 3
	tp.Targets = []cx.Target{{KPI: "stars", Comparator: ">=", Value: 4.5}}
	tp.Content = []cx.ContentItem{{Kind: "video", Title: cx.Text{En: "Tour"}}}
	got, err := s.UpdateTouchpoint(ctx, w.ID, tp)
	if err != nil {
		t.Fatal(err)
	}
	want := tp
	want.UpdatedAt = got.UpdatedAt
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if !got.CreatedAt.Equal(before.CreatedAt) || got.UpdatedAt.Before(before.UpdatedAt) {
		t.Errorf("got created %v updated %v, want created kept and updated not earlier than %v", got.CreatedAt, got.UpdatedAt, before.UpdatedAt)
	}
	otherStage := firstJourney(t, s, other.ID).Stages[0].ID
	noStage := got
	noStage.StageID = ""
	if got, err := s.UpdateTouchpoint(ctx, w.ID, noStage); err != nil || got.StageID != "" {
		t.Errorf("got %+v, %v, want the stage cleared", got, err)
	}

	for _, tc := range []struct {
		name   string
		change func(t *cx.Touchpoint)
		code   string
		field  string
	}{
		{"duplicate key", func(t *cx.Touchpoint) { t.Key = "payment" }, cx.Conflict, "key"},
		{"bad status", func(t *cx.Touchpoint) { t.Status = "gone" }, cx.Invalid, "status"},
		{"bad content url", func(t *cx.Touchpoint) {
			t.Content = []cx.ContentItem{{Kind: "faq", Title: cx.Text{En: "x"}, URL: "javascript:alert(1)"}}
		}, cx.Invalid, "content[0].url"},
		{"stage of another workspace", func(t *cx.Touchpoint) { t.StageID = otherStage }, cx.Invalid, "stage_id"},
		{"unknown id", func(t *cx.Touchpoint) { t.ID = "tp_nope" }, cx.NotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			current, _ := s.Touchpoint(ctx, w.ID, tp.ID)
			next := current
			next.Name = cx.Text{En: "Changed"}
			tc.change(&next)
			_, err := s.UpdateTouchpoint(ctx, w.ID, next)
			storetest.WantErr(t, err, tc.code, tc.field)
			if now, _ := s.Touchpoint(ctx, w.ID, tp.ID); fmt.Sprint(now) != fmt.Sprint(current) {
				t.Errorf("got %+v after a refused update, want %+v", now, current)
			}
		})
	}
}

func TestDeleteTouchpoint(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	w := storetest.Workspace(t, s, "A")
	other := storetest.Workspace(t, s, "B")
	j := firstJourney(t, s, w.ID)
	gone := touchpointByKey(t, s, w.ID, "store")
	kept := touchpointByKey(t, s, w.ID, "payment")
	m := cx.CXModel{
		Standards: []cx.Standard{
			{Name: cx.Text{En: "s-gone"}, Metric: "m", Comparator: "<", Threshold: 1, Unit: "count", Scope: cx.Scope{Kind: cx.ScopeTouchpoint, ID: gone.ID}},
			{Name: cx.Text{En: "s-kept"}, Metric: "m", Comparator: "<", Threshold: 1, Unit: "count", Scope: cx.Scope{Kind: cx.ScopeTouchpoint, ID: kept.ID}},
			{Name: cx.Text{En: "s-stage"}, Metric: "m", Comparator: "<", Threshold: 1, Unit: "count", Scope: cx.Scope{Kind: cx.ScopeStage, ID: j.Stages[0].ID}},
		},
		Goals: []cx.Goal{
			{Name: cx.Text{En: "g-journey"}, KPI: "nps", Comparator: ">", Target: 1},
			{Name: cx.Text{En: "g-gone"}, KPI: "nps", Comparator: ">", Target: 1, Scope: cx.Scope{Kind: cx.ScopeTouchpoint, ID: gone.ID}},
		},
	}
	if _, err := s.ReplaceCXModel(ctx, w.ID, m); err != nil {
		t.Fatal(err)
	}
	storetest.WantErr(t, s.DeleteTouchpoint(ctx, other.ID, gone.ID), cx.NotFound, "")

	// Goals and standards set for the touchpoint keep it: nothing of the
	// model goes silently.
	storetest.WantErr(t, s.DeleteTouchpoint(ctx, w.ID, gone.ID), cx.Conflict, "")
	if _, err := s.Touchpoint(ctx, w.ID, gone.ID); err != nil {
		t.Fatalf("a refused delete removed the touchpoint: %v", err)
	}
	m.Standards = m.Standards[1:]
	m.Goals = m.Goals[:1]
	if _, err := s.ReplaceCXModel(ctx, w.ID, m); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTouchpoint(ctx, w.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.Touchpoint(ctx, w.ID, gone.ID)
	storetest.WantErr(t, err, cx.NotFound, "")
	storetest.WantErr(t, s.DeleteTouchpoint(ctx, w.ID, gone.ID), cx.NotFound, "")
	got, err := s.CXModel(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range got.Standards {
		names = append(names, st.Name.En)
	}
	for _, g := range got.Goals {
		names = append(names, g.Name.En)
	}
	if want := "[s-kept s-stage g-journey]"; fmt.Sprint(names) != want {
		t.Errorf("got standards and goals %v, want %s", names, want)
	}
	l, _ := s.Touchpoints(ctx, w.ID, store.TouchpointFilter{}, store.Page{})
	if len(l.Items) != 17 {
		t.Errorf("got %d touchpoints, want 17", len(l.Items))
	}
}
