package cx_test

import (
	"testing"

	"cxm/internal/cx"
)

func TestDefaultTouchpoints(t *testing.T) {
	tps := cx.DefaultTouchpoints()
	if len(tps) != 18 {
		t.Fatalf("got %d default touchpoints, want 18", len(tps))
	}
	phases := map[string]int{}
	keys := map[string]bool{}
	for _, d := range tps {
		phases[d.Phase]++
		if keys[d.Key] {
			t.Errorf("got key %q twice", d.Key)
		}
		keys[d.Key] = true
		tp := cx.Touchpoint{Key: d.Key, Name: d.Name, Phase: d.Phase, Channel: d.Channel, Mode: d.Mode}
		if err := tp.Validate(); err != nil {
			t.Errorf("got %v for default touchpoint %s, want it valid", err, d.Key)
		}
		if d.Name.Vi == "" || d.Name.En == "" {
			t.Errorf("got %s without both names", d.Key)
		}
	}
	for _, p := range cx.Phases {
		if phases[p] != 6 {
			t.Errorf("got %d touchpoints %s purchase, want 6", phases[p], p)
		}
	}
	for _, template := range cx.Templates {
		t.Run(template, func(t *testing.T) {
			stages, err := cx.JourneyTemplate(template)
			if err != nil {
				t.Fatal(err)
			}
			exists := map[string]bool{}
			for _, st := range stages {
				exists[st.Key] = true
			}
			for _, d := range tps {
				if key := d.Stage[template]; !exists[key] {
					t.Errorf("got touchpoint %s in stage %q, want one of the template's stages", d.Key, key)
				}
			}
		})
	}
}

func TestNewJourney(t *testing.T) {
	for _, tc := range []struct {
		template string
		stages   int
	}{{cx.TemplateLifecycle, 7}, {cx.TemplatePhases, 3}, {cx.TemplateDiscovery, 5}} {
		for _, lang := range []string{cx.LangVi, cx.LangEn} {
			t.Run(tc.template+" "+lang, func(t *testing.T) {
				j, err := cx.NewJourney(tc.template)
				if err != nil {
					t.Fatal(err)
				}
				if len(j.Stages) != tc.stages || j.Template != tc.template {
					t.Fatalf("got %d stages of %q, want %d of %q", len(j.Stages), j.Template, tc.stages, tc.template)
				}
				tpl, _ := cx.JourneyTemplate(tc.template)
				for i, st := range j.Stages {
					if st.Position != i || st.Key != tpl[i].Key || len(st.DesiredEmotions) == 0 || len(st.DesiredActions) == 0 {
						t.Errorf("got stage %d = %+v, want key %s at position %d with emotions and actions", i, st, tpl[i].Key, i)
					}
					if want := tpl[i].Emotions[0].In(lang); st.DesiredEmotions[0].In(lang) != want || st.DesiredEmotions[0].Vi == "" || st.DesiredEmotions[0].En == "" {
						t.Errorf("got emotion %+v, want %q in %s and both languages kept", st.DesiredEmotions[0], want, lang)
					}
				}
				if err := j.Validate(); err != nil {
					t.Errorf("got %v, want the template's journey valid", err)
				}
				for i, tp := range cx.NewDefaultTouchpoints(j) {
					if tp.StageID != "" || tp.Position != i || tp.Status != "active" {
						t.Errorf("got %+v, want position %d, active, and no stage id in a journey without ids", tp, i)
					}
				}
			})
		}
	}
	for _, bad := range []string{"", cx.TemplateCustom, "waterfall"} {
		_, err := cx.NewJourney(bad)
		wantField(t, err, "template")
	}
}

func TestNewDefaultTouchpointsPlacesStages(t *testing.T) {
	j, _ := cx.NewJourney(cx.TemplateDiscovery)
	for i := range j.Stages {
		j.Stages[i].ID = "stg_" + j.Stages[i].Key
	}
	tps := cx.NewDefaultTouchpoints(j)
	want := map[string]string{"social_media": "stg_learn", "store": "stg_experience", "payment": "stg_purchase", "help_centre": "stg_adopt"}
	for _, tp := range tps {
		if w, ok := want[tp.Key]; ok && tp.StageID != w {
			t.Errorf("got %s in %s, want %s", tp.Key, tp.StageID, w)
		}
	}
}
