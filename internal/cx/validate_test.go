package cx_test

import (
	"math"
	"strings"
	"testing"

	"cxm/internal/cx"
)

func TestJourneyValidate(t *testing.T) {
	valid := func() cx.Journey {
		return cx.Journey{Name: cx.Text{En: "J"}, Stages: []cx.Stage{
			{Key: "a", Name: cx.Text{En: "A"}, Phase: cx.PhaseBefore},
			{Key: "b", Name: cx.Text{Vi: "Cân nhắc", En: "Think it over"}},
		}}
	}
	for _, tc := range []struct {
		name   string
		change func(j *cx.Journey)
		field  string
	}{
		{"valid", func(j *cx.Journey) {}, ""},
		{"no name", func(j *cx.Journey) { j.Name = cx.Text{Vi: " ", En: ""} }, "name"},
		{"long name", func(j *cx.Journey) { j.Name.En = strings.Repeat("x", 201) }, "name.en"},
		{"bad template", func(j *cx.Journey) { j.Template = "x" }, "template"},
		{"no stages", func(j *cx.Journey) { j.Stages = nil }, "stages"},
		{"31 stages", func(j *cx.Journey) { j.Stages = make([]cx.Stage, 31) }, "stages"},
		{"stage without name", func(j *cx.Journey) { j.Stages[1].Name = cx.Text{} }, "stages[1].name"},
		{"long stage name", func(j *cx.Journey) { j.Stages[0].Name.Vi = strings.Repeat("ă", 101) }, "stages[0].name.vi"},
		{"bad key", func(j *cx.Journey) { j.Stages[0].Key = "A" }, "stages[0].key"},
		{"no key", func(j *cx.Journey) { j.Stages[1].Key = "" }, "stages[1].key"},
		{"duplicate key", func(j *cx.Journey) { j.Stages[1].Key = "a" }, "stages[1].key"},
		{"bad phase", func(j *cx.Journey) { j.Stages[1].Phase = "Before" }, "stages[1].phase"},
		{"long emotion", func(j *cx.Journey) { j.Stages[0].DesiredEmotions = cx.Texts{{Vi: strings.Repeat("x", 201)}} }, "stages[0].desired_emotions[0].vi"},
		{"long English action", func(j *cx.Journey) { j.Stages[0].DesiredActions = cx.Texts{{Vi: "Mua", En: strings.Repeat("x", 201)}} }, "stages[0].desired_actions[0].en"},
		{"21 emotions", func(j *cx.Journey) {
			j.Stages[0].DesiredEmotions = make(cx.Texts, 21)
			j.Stages[0].DesiredEmotions[20] = cx.Text{Vi: "x"}
		}, ""}, // empty ones are dropped
		{"21 actions", func(j *cx.Journey) { j.Stages[0].DesiredActions = make(cx.Texts, 21) }, ""}, // empty ones are dropped
		{"long owner", func(j *cx.Journey) { j.Stages[1].Owner = strings.Repeat("x", 201) }, "stages[1].owner"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := valid()
			tc.change(&j)
			wantField(t, j.Validate(), tc.field)
		})
	}
	j := valid()
	j.Stages[0].DesiredEmotions = cx.Texts{{Vi: " Vui ", En: " Happy"}, {}, {Vi: "  "}}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
	if j.Template != cx.TemplateCustom || j.Stages[1].Position != 1 || len(j.Stages[0].DesiredEmotions) != 1 || j.Stages[0].DesiredEmotions[0] != (cx.Text{Vi: "Vui", En: "Happy"}) {
		t.Errorf("got %+v, want template custom, positions and cleaned emotions", j)
	}
}

func TestTouchpointValidate(t *testing.T) {
	valid := func() cx.Touchpoint {
		return cx.Touchpoint{Key: "thu_cam_on", Name: cx.Text{Vi: "Thư cảm ơn"}, Phase: cx.PhaseAfter,
			Targets: []cx.Target{{KPI: "csat", Comparator: ">=", Value: 80}},
			Content: []cx.ContentItem{{Kind: "article", Title: cx.Text{En: "T"}, URL: "http://example.vn/a?b=c"}}}
	}
	for _, tc := range []struct {
		name   string
		change func(t *cx.Touchpoint)
		field  string
	}{
		{"valid", func(t *cx.Touchpoint) {}, ""},
		{"no name", func(t *cx.Touchpoint) { t.Name = cx.Text{} }, "name"},
		{"bad key", func(t *cx.Touchpoint) { t.Key = "a b" }, "key"},
		{"no key", func(t *cx.Touchpoint) { t.Key = "" }, "key"},
		{"bad phase", func(t *cx.Touchpoint) { t.Phase = "" }, "phase"},
		{"bad channel", func(t *cx.Touchpoint) { t.Channel = "fax" }, "channel"},
		{"bad mode", func(t *cx.Touchpoint) { t.Mode = "Online" }, "mode"},
		{"bad status", func(t *cx.Touchpoint) { t.Status = "draft" }, "status"},
		{"long owner", func(t *cx.Touchpoint) { t.Owner = strings.Repeat("x", 201) }, "owner"},
		{"21 targets", func(t *cx.Touchpoint) { t.Targets = make([]cx.Target, 21) }, "targets"},
		{"bad kpi", func(t *cx.Touchpoint) { t.Targets[0].KPI = "" }, "targets[0].kpi"},
		{"bad comparator", func(t *cx.Touchpoint) { t.Targets[0].Comparator = "=>" }, "targets[0].comparator"},
		{"infinite value", func(t *cx.Touchpoint) { t.Targets[0].Value = math.Inf(-1) }, "targets[0].value"},
		{"NPS target 150", func(t *cx.Touchpoint) { t.Targets[0] = cx.Target{KPI: "nps", Comparator: ">=", Value: 150} }, "targets[0].value"},
		{"NPS target -100", func(t *cx.Touchpoint) { t.Targets[0] = cx.Target{KPI: "nps", Comparator: ">=", Value: -100} }, ""},
		{"CSAT target 101", func(t *cx.Touchpoint) { t.Targets[0].Value = 101 }, "targets[0].value"},
		{"CES target 0", func(t *cx.Touchpoint) { t.Targets[0] = cx.Target{KPI: "ces", Comparator: ">=", Value: 0} }, "targets[0].value"},
		{"CES target 7", func(t *cx.Touchpoint) { t.Targets[0] = cx.Target{KPI: "ces", Comparator: ">=", Value: 7} }, ""},
		{"stars target 6", func(t *cx.Touchpoint) { t.Targets[0] = cx.Target{KPI: "stars", Comparator: ">=", Value: 6} }, "targets[0].value"},
		{"negative orders", func(t *cx.Touchpoint) { t.Targets[0] = cx.Target{KPI: "orders", Comparator: ">=", Value: -1} }, "targets[0].value"},
		{"51 content items", func(t *cx.Touchpoint) { t.Content = make([]cx.ContentItem, 51) }, "content"},
		{"bad content kind", func(t *cx.Touchpoint) { t.Content[0].Kind = "" }, "content[0].kind"},
		{"no title", func(t *cx.Touchpoint) { t.Content[0].Title = cx.Text{Vi: " "} }, "content[0].title"},
		{"mailto url", func(t *cx.Touchpoint) { t.Content[0].URL = "mailto:a@example.vn" }, "content[0].url"},
		{"long url", func(t *cx.Touchpoint) { t.Content[0].URL = "https://example.vn/" + strings.Repeat("a", 2000) }, "content[0].url"},
		{"no url", func(t *cx.Touchpoint) { t.Content[0].URL = "  " }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := valid()
			tc.change(&tp)
			wantField(t, tp.Validate(), tc.field)
		})
	}
	tp := valid()
	if err := tp.Validate(); err != nil {
		t.Fatal(err)
	}
	if tp.Channel != "other" || tp.Mode != "online" || tp.Status != "active" {
		t.Errorf("got channel %q mode %q status %q, want other, online, active", tp.Channel, tp.Mode, tp.Status)
	}
}

func TestMilestoneValidate(t *testing.T) {
	valid := func() cx.Milestone {
		return cx.Milestone{Name: cx.Text{En: "M"}, JourneyID: "jny_1", StageID: "stg_1", DueDays: 30,
			Condition: cx.Condition{Type: "event", Event: "Order Completed"}}
	}
	for _, tc := range []struct {
		name   string
		change func(m *cx.Milestone)
		field  string
	}{
		{"valid", func(m *cx.Milestone) {}, ""},
		{"no name", func(m *cx.Milestone) { m.Name = cx.Text{} }, "name"},
		{"long description", func(m *cx.Milestone) { m.Description.Vi = strings.Repeat("x", 2001) }, "description.vi"},
		{"no journey", func(m *cx.Milestone) { m.JourneyID = "" }, "journey_id"},
		{"no stage", func(m *cx.Milestone) { m.StageID = "" }, "stage_id"},
		{"0 days", func(m *cx.Milestone) { m.DueDays = 0 }, "due_days"},
		{"3650 days", func(m *cx.Milestone) { m.DueDays = 3650 }, ""},
		{"3651 days", func(m *cx.Milestone) { m.DueDays = 3651 }, "due_days"},
		{"bad type", func(m *cx.Milestone) { m.Condition.Type = "Event" }, "condition.type"},
		{"no event", func(m *cx.Milestone) { m.Condition.Event = "" }, "condition.event"},
		{"count 1000", func(m *cx.Milestone) { m.Condition.Count = 1000 }, ""},
		{"count 1001", func(m *cx.Milestone) { m.Condition.Count = 1001 }, "condition.count"},
		{"negative count", func(m *cx.Milestone) { m.Condition.Count = -2 }, "condition.count"},
		{"stage without id", func(m *cx.Milestone) { m.Condition = cx.Condition{Type: "stage"} }, "condition.stage_id"},
		{"stage", func(m *cx.Milestone) { m.Condition = cx.Condition{Type: "stage", StageID: "stg_2"} }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := valid()
			tc.change(&m)
			wantField(t, m.Validate(), tc.field)
		})
	}
}

func TestCXModelValidate(t *testing.T) {
	valid := func() cx.CXModel {
		return cx.CXModel{
			Standards: []cx.Standard{{Name: cx.Text{En: "S"}, Metric: "m", Comparator: "<=", Threshold: 60, Unit: "seconds"}},
			Goals:     []cx.Goal{{Name: cx.Text{En: "G"}, KPI: "nps", Comparator: ">=", Target: 40}},
		}
	}
	for _, tc := range []struct {
		name   string
		change func(m *cx.CXModel)
		field  string
	}{
		{"valid", func(m *cx.CXModel) {}, ""},
		{"long vision", func(m *cx.CXModel) { m.Vision.Vi = strings.Repeat("x", 2001) }, "vision.vi"},
		{"201 standards", func(m *cx.CXModel) { m.Standards = make([]cx.Standard, 201) }, "standards"},
		{"standard name", func(m *cx.CXModel) { m.Standards[0].Name = cx.Text{} }, "standards[0].name"},
		{"metric", func(m *cx.CXModel) { m.Standards[0].Metric = " " }, "standards[0].metric"},
		{"standard comparator", func(m *cx.CXModel) { m.Standards[0].Comparator = "" }, "standards[0].comparator"},
		{"NaN threshold", func(m *cx.CXModel) { m.Standards[0].Threshold = math.NaN() }, "standards[0].threshold"},
		{"unit", func(m *cx.CXModel) { m.Standards[0].Unit = "usd" }, "standards[0].unit"},
		{"negative time", func(m *cx.CXModel) { m.Standards[0].Threshold = -5 }, "standards[0].threshold"},
		{"per cent 120", func(m *cx.CXModel) { m.Standards[0].Unit, m.Standards[0].Threshold = "percent", 120 }, "standards[0].threshold"},
		{"stars 0", func(m *cx.CXModel) { m.Standards[0].Unit, m.Standards[0].Threshold = "stars", 0 }, "standards[0].threshold"},
		{"NPS goal 250", func(m *cx.CXModel) { m.Goals[0].Target = 250 }, "goals[0].target"},
		{"NPS goal -101", func(m *cx.CXModel) { m.Goals[0].Target = -101 }, "goals[0].target"},
		{"NPS goal 100", func(m *cx.CXModel) { m.Goals[0].Target = 100 }, ""},
		{"CSAT goal 100.5", func(m *cx.CXModel) { m.Goals[0].KPI, m.Goals[0].Target = "csat", 100.5 }, "goals[0].target"},
		{"rate goal -1", func(m *cx.CXModel) { m.Goals[0].KPI, m.Goals[0].Target = "repeat_purchase_rate", -1 }, "goals[0].target"},
		{"revenue goal 10^13", func(m *cx.CXModel) { m.Goals[0].KPI, m.Goals[0].Target = "revenue", 1e13 }, "goals[0].target"},
		{"due as typed in Vietnamese", func(m *cx.CXModel) { m.Goals[0].Due = "31/12/2026" }, ""},
		{"scope kind", func(m *cx.CXModel) { m.Standards[0].Scope.Kind = "x" }, "standards[0].scope.kind"},
		{"touchpoint scope without id", func(m *cx.CXModel) { m.Standards[0].Scope.Kind = cx.ScopeTouchpoint }, "standards[0].scope.id"},
		{"standard owner", func(m *cx.CXModel) { m.Standards[0].Owner = strings.Repeat("x", 201) }, "standards[0].owner"},
		{"goal name", func(m *cx.CXModel) { m.Goals[0].Name.En = strings.Repeat("x", 301) }, "goals[0].name.en"},
		{"kpi", func(m *cx.CXModel) { m.Goals[0].KPI = "NPS" }, "goals[0].kpi"},
		{"goal comparator", func(m *cx.CXModel) { m.Goals[0].Comparator = "≥" }, "goals[0].comparator"},
		{"NaN target", func(m *cx.CXModel) { m.Goals[0].Target = math.NaN() }, "goals[0].target"},
		{"due", func(m *cx.CXModel) { m.Goals[0].Due = "2026-02-30" }, "goals[0].due"},
		{"stage scope without id", func(m *cx.CXModel) { m.Goals[0].Scope.Kind = cx.ScopeStage }, "goals[0].scope.id"},
		{"journey scope without id", func(m *cx.CXModel) { m.Goals[0].Scope.Kind = cx.ScopeJourney }, ""},
		{"second goal", func(m *cx.CXModel) { m.Goals = append(m.Goals, cx.Goal{Name: cx.Text{En: "x"}, KPI: "x"}) }, "goals[1].kpi"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := valid()
			tc.change(&m)
			wantField(t, m.Validate(), tc.field)
		})
	}
	m := valid()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if m.Standards[0].Scope.Kind != cx.ScopeJourney || m.Goals[0].Scope.Kind != cx.ScopeJourney {
		t.Errorf("got scopes %+v, %+v, want journey by default", m.Standards[0].Scope, m.Goals[0].Scope)
	}
	err := cx.AsError(func() error { m := valid(); m.Goals[0].KPI = "x"; return m.Validate() }())
	if err == nil || !strings.HasPrefix(err.Message, "goals[0].kpi: ") {
		t.Errorf("got %+v, want the message to start with the field", err)
	}
}
