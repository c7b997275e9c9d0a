package ui

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// modelView is the CX model page: vision, standards and goals, with the
// names of what they are scoped to.
type modelView struct {
	Model       cx.CXModel
	ScopeNames  map[string]string
	Journeys    []cx.Journey
	Touchpoints []cx.Touchpoint
}

// scopes loads what a standard or goal may be scoped to.
func (h *Handler) scopes(r *http.Request, p *account.Principal) ([]cx.Journey, []cx.Touchpoint, error) {
	journeys, err := h.allJourneys(r.Context(), p.WorkspaceID)
	if err != nil {
		return nil, nil, err
	}
	tps, err := h.store.AllTouchpoints(r.Context(), p.WorkspaceID, store.TouchpointFilter{})
	return journeys, tps, err
}

func (h *Handler) Model(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	m, err := h.store.CXModel(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	return h.renderModel(w, r, p, m, http.StatusOK, nil)
}

func (h *Handler) renderModel(w http.ResponseWriter, r *http.Request, p *account.Principal, m cx.CXModel, status int, formErr error) error {
	journeys, tps, err := h.scopes(r, p)
	if err != nil {
		return err
	}
	lang := h.pages.Lang(r, p)
	names := map[string]string{}
	for _, j := range journeys {
		names["journey:"+j.ID] = j.Name.In(lang)
		for _, st := range j.Stages {
			names["stage:"+st.ID] = st.Name.In(lang)
		}
	}
	for _, t := range tps {
		names["touchpoint:"+t.ID] = t.Name.In(lang)
	}
	h.pages.Render(w, r, p, status, "model", "model.title", modelView{Model: m, ScopeNames: names, Journeys: journeys, Touchpoints: tps}, formErr)
	return nil
}

func (h *Handler) SaveVision(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	m, err := h.store.CXModel(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	m.Vision = cx.Text{Vi: r.PostFormValue("vision_vi"), En: r.PostFormValue("vision_en")}
	if _, err := h.store.ReplaceCXModel(r.Context(), p.WorkspaceID, m); err != nil {
		if status, ok := formError(err); ok {
			return h.renderModel(w, r, p, m, status, err)
		}
		return err
	}
	view.Redirect(w, r, "/model", "saved")
	return nil
}

// modelItemForm edits one standard or goal: the page loads the model,
// changes that one entry and saves the whole model.
type modelItemForm struct {
	Kind        string // "standard" or "goal"
	ID          string
	NameVi      string
	NameEn      string
	Metric      string // standard
	KPI         string // goal
	Comparator  string
	Value       string // a standard's threshold or a goal's target
	Unit        string // standard
	Scope       string // "journey:", "journey:ID", "stage:ID" or "touchpoint:ID"
	Due         string // goal
	Window      string // goal: what its actual value is measured over
	Owner       string
	Journeys    []cx.Journey
	Touchpoints []cx.Touchpoint
	Choices     map[string][]string
	// A standard's measure (cx.StandardMeasure), the surveys it may name,
	// and its breaches over the last 30 days.
	MeasureKind, MeasureEvent, MeasureProperty, MeasureSurvey, MeasureQuestion string
	Surveys                                                                    []cx.Survey
	Breaches                                                                   *analytics.StandardItem
	TouchpointNames                                                            map[string]cx.Text
}

func (h *Handler) newModelItemForm(r *http.Request, p *account.Principal, kind string) (*modelItemForm, error) {
	journeys, tps, err := h.scopes(r, p)
	if err != nil {
		return nil, err
	}
	f := &modelItemForm{Kind: kind, Scope: "journey:", Journeys: journeys, Touchpoints: tps,
		Choices: map[string][]string{"kpi": cx.KPIs, "comparator": cx.Comparators, "unit": cx.Units, "goal_window": cx.GoalWindows,
			"measure_kind": {cx.MeasureByEvent, cx.MeasureByQuestion}}}
	if kind == "standard" {
		surveys, err := h.store.Surveys(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
		if err != nil {
			return nil, err
		}
		f.Surveys = surveys.Items
		f.TouchpointNames = map[string]cx.Text{}
		for _, tp := range tps {
			f.TouchpointNames[tp.ID] = tp.Name
		}
	}
	return f, nil
}

func (f *modelItemForm) fromStandard(st cx.Standard) {
	f.ID, f.NameVi, f.NameEn, f.Metric, f.Comparator = st.ID, st.Name.Vi, st.Name.En, st.Metric, st.Comparator
	f.Value, f.Unit, f.Scope, f.Owner = fmt.Sprint(st.Threshold), st.Unit, st.Scope.Kind+":"+st.Scope.ID, st.Owner
	mb := st.MeasuredBy
	f.MeasureKind, f.MeasureEvent, f.MeasureProperty, f.MeasureSurvey, f.MeasureQuestion = mb.Kind, mb.Event, mb.Property, mb.SurveyID, mb.Question
}

func (f *modelItemForm) fromGoal(g cx.Goal) {
	f.ID, f.NameVi, f.NameEn, f.KPI, f.Comparator = g.ID, g.Name.Vi, g.Name.En, g.KPI, g.Comparator
	f.Value, f.Scope, f.Due, f.Owner, f.Window = fmt.Sprint(g.Target), g.Scope.Kind+":"+g.Scope.ID, g.Due, g.Owner, g.Window
}

func (f *modelItemForm) read(r *http.Request) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.NameVi, f.NameEn, f.Metric, f.KPI, f.Comparator = v("name_vi"), v("name_en"), v("metric"), v("kpi"), v("comparator")
	f.Value, f.Unit, f.Scope, f.Due, f.Owner, f.Window = v("value"), v("unit"), v("scope"), v("due"), v("owner"), v("window")
	f.MeasureKind, f.MeasureEvent, f.MeasureProperty = v("measure_kind"), v("measure_event"), v("measure_property")
	f.MeasureSurvey, f.MeasureQuestion = v("measure_survey"), v("measure_question")
}

func (f *modelItemForm) scope() cx.Scope {
	kind, id, _ := strings.Cut(f.Scope, ":")
	return cx.Scope{Kind: kind, ID: id}
}

// modelItemPage shows the form of a new ({id} absent) or existing entry.
func (h *Handler) ModelItem(kind string) httpio.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
		f, err := h.newModelItemForm(r, p, kind)
		if err != nil {
			return err
		}
		if id := r.PathValue("id"); id != "" {
			m, err := h.store.CXModel(r.Context(), p.WorkspaceID)
			if err != nil {
				return err
			}
			i := h.modelIndex(m, kind, id)
			if i < 0 {
				return cx.Errorf(cx.NotFound, "%s not found", kind)
			}
			if kind == "standard" {
				f.fromStandard(m.Standards[i])
				b, err := h.measure.Standard(r.Context(), p.WorkspaceID, id, analytics.Query{})
				if err != nil {
					return err
				}
				f.Breaches = &b
			} else {
				f.fromGoal(m.Goals[i])
			}
		}
		h.pages.Render(w, r, p, http.StatusOK, "model_item", "model."+kind, f, nil)
		return nil
	}
}

func (h *Handler) modelIndex(m cx.CXModel, kind, id string) int {
	if kind == "standard" {
		return slices.IndexFunc(m.Standards, func(x cx.Standard) bool { return x.ID == id })
	}
	return slices.IndexFunc(m.Goals, func(x cx.Goal) bool { return x.ID == id })
}

// saveModelItem adds or changes one standard or goal.
func (h *Handler) SaveModelItem(kind string) httpio.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
		f, err := h.newModelItemForm(r, p, kind)
		if err != nil {
			return err
		}
		f.ID = r.PathValue("id")
		f.read(r)
		m, err := h.store.CXModel(r.Context(), p.WorkspaceID)
		if err != nil {
			return err
		}
		i := len(m.Goals)
		if kind == "standard" {
			i = len(m.Standards)
		}
		if f.ID != "" {
			if i = h.modelIndex(m, kind, f.ID); i < 0 {
				return cx.Errorf(cx.NotFound, "%s not found", kind)
			}
		}
		err = f.apply(&m, i)
		if err == nil {
			_, err = h.store.ReplaceCXModel(r.Context(), p.WorkspaceID, m)
		}
		if status, ok := formError(err); ok {
			e := cx.AsError(err)
			prefix := fmt.Sprintf("%ss[%d].", kind, i)
			e = &cx.Error{Code: e.Code, Field: strings.TrimPrefix(e.Field, prefix), Message: e.Message, Format: e.Format, Args: e.Args}
			if e.Field == "threshold" || e.Field == "target" {
				e.Field = "value"
			}
			h.pages.Render(w, r, p, status, "model_item", "model."+kind, f, e)
			return nil
		}
		if err != nil {
			return err
		}
		view.Redirect(w, r, "/model", "saved")
		return nil
	}
}

// apply puts the form's entry at index i of the model (i == len appends).
func (f *modelItemForm) apply(m *cx.CXModel, i int) error {
	value, err := parseNumber(f.Value, "value")
	if err != nil && f.Kind == "goal" {
		return cx.FieldErrorf("value", "target must be a number")
	}
	if err != nil {
		return cx.FieldErrorf("value", "threshold must be a number")
	}
	name := cx.Text{Vi: f.NameVi, En: f.NameEn}
	if f.Kind == "standard" {
		st := cx.Standard{ID: f.ID, Name: name, Metric: f.Metric, Comparator: f.Comparator, Threshold: value, Unit: f.Unit, Scope: f.scope(), Owner: f.Owner,
			MeasuredBy: cx.StandardMeasure{Kind: f.MeasureKind, Event: f.MeasureEvent, Property: f.MeasureProperty, SurveyID: f.MeasureSurvey, Question: f.MeasureQuestion}}
		if i == len(m.Standards) {
			m.Standards = append(m.Standards, st)
		} else {
			m.Standards[i] = st
		}
		return nil
	}
	g := cx.Goal{ID: f.ID, Name: name, KPI: f.KPI, Comparator: f.Comparator, Target: value, Scope: f.scope(), Due: f.Due, Owner: f.Owner, Window: f.Window}
	if i == len(m.Goals) {
		m.Goals = append(m.Goals, g)
	} else {
		m.Goals[i] = g
	}
	return nil
}

func (h *Handler) DeleteModelItem(kind string) httpio.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
		m, err := h.store.CXModel(r.Context(), p.WorkspaceID)
		if err != nil {
			return err
		}
		i := h.modelIndex(m, kind, r.PathValue("id"))
		if i < 0 {
			return cx.Errorf(cx.NotFound, "%s not found", kind)
		}
		if kind == "standard" {
			m.Standards = slices.Delete(m.Standards, i, i+1)
		} else {
			m.Goals = slices.Delete(m.Goals, i, i+1)
		}
		if _, err := h.store.ReplaceCXModel(r.Context(), p.WorkspaceID, m); err != nil {
			return err
		}
		view.Redirect(w, r, "/model", "deleted")
		return nil
	}
}
