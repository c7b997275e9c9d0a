package ui

import (
	"net/http"
	"strconv"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// journeyList is the journeys page and its "new journey" form.
type journeyList struct {
	Journeys  []cx.Journey
	Templates []string
	NameVi    string
	NameEn    string
	Template  string
}

func (h *Handler) Journeys(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.renderJourneys(w, r, p, journeyList{Template: cx.TemplateLifecycle}, http.StatusOK, nil)
}

func (h *Handler) renderJourneys(w http.ResponseWriter, r *http.Request, p *account.Principal, v journeyList, status int, formErr error) error {
	journeys, err := h.allJourneys(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	v.Journeys, v.Templates = journeys, append(append([]string(nil), cx.Templates...), cx.TemplateCustom)
	h.pages.Render(w, r, p, status, "journeys", "journeys.title", v, formErr)
	return nil
}

// createJourneyPage makes a journey from a template, or a custom journey
// with one first stage to rename.
func (h *Handler) CreateJourney(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v := journeyList{NameVi: strings.TrimSpace(r.PostFormValue("name_vi")), NameEn: strings.TrimSpace(r.PostFormValue("name_en")), Template: r.PostFormValue("template")}
	j := cx.Journey{Name: cx.Text{Vi: v.NameVi, En: v.NameEn}, Template: v.Template}
	if j.Template == cx.TemplateCustom {
		j.Stages = []cx.Stage{{Key: "stage_1", Name: cx.Text{Vi: "Giai đoạn 1", En: "Stage 1"}}}
	}
	j, err := h.store.CreateJourney(r.Context(), p.WorkspaceID, j)
	if status, ok := formError(err); ok {
		return h.renderJourneys(w, r, p, v, status, err)
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/journeys/"+j.ID, "created")
	return nil
}

// journeyForm is the journey edit form: the name and every stage, with an
// empty row at the end for a new stage.
type journeyForm struct {
	Journey cx.Journey
	Stages  []stageRow
	Phases  []string
	Members []cx.Member // who may own a stage
}

// stageRow is one stage of the form. Its desired emotions and actions are
// two lists of lines each, the i-th English line translating the i-th
// Vietnamese one.
type stageRow struct {
	ID, Key, NameVi, NameEn, Phase, Owner, OwnerID string
	EmotionsVi, EmotionsEn, ActionsVi, ActionsEn   string
}

func (r stageRow) blank() bool {
	return r.ID == "" && r.Key == "" && r.NameVi == "" && r.NameEn == "" && r.Owner == "" && r.OwnerID == "" &&
		strings.TrimSpace(r.EmotionsVi+r.EmotionsEn+r.ActionsVi+r.ActionsEn) == ""
}

// textLines writes a list as its Vietnamese and its English lines.
func textLines(ts cx.Texts) (vi, en string) {
	var v, e []string
	for _, t := range ts {
		v, e = append(v, t.Vi), append(e, t.En)
	}
	return strings.Join(v, "\n"), strings.TrimRight(strings.Join(e, "\n"), "\n")
}

// linesText reads a list back from its Vietnamese and English lines.
func linesText(vi, en string) cx.Texts {
	split := func(s string) []string { return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") }
	return cx.PairTexts(split(vi), split(en))
}

func newJourneyForm(j cx.Journey) *journeyForm {
	f := &journeyForm{Journey: j, Phases: cx.Phases}
	for _, st := range j.Stages {
		row := stageRow{ID: st.ID, Key: st.Key, NameVi: st.Name.Vi, NameEn: st.Name.En, Phase: st.Phase, Owner: st.Owner, OwnerID: st.OwnerID}
		row.EmotionsVi, row.EmotionsEn = textLines(st.DesiredEmotions)
		row.ActionsVi, row.ActionsEn = textLines(st.DesiredActions)
		f.Stages = append(f.Stages, row)
	}
	return f
}

func (h *Handler) Journey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	j, err := h.store.Journey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := h.withMembers(r, p, newJourneyForm(j))
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "journey", "journey.title", f, nil)
	return nil
}

// saveJourneyPage saves the journey. The button pressed may also move a
// stage up or down ("up:2", "down:2") or remove one ("remove:2") first.
func (h *Handler) SaveJourney(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	old, err := h.store.Journey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := h.withMembers(r, p, &journeyForm{Journey: old, Phases: cx.Phases})
	if err != nil {
		return err
	}
	f.Journey.Name = cx.Text{Vi: strings.TrimSpace(r.PostFormValue("name_vi")), En: strings.TrimSpace(r.PostFormValue("name_en"))}
	fv := r.PostForm
	for i := range fv["stage_id"] {
		row := stageRow{ID: at(fv["stage_id"], i), Key: strings.TrimSpace(at(fv["stage_key"], i)), NameVi: strings.TrimSpace(at(fv["stage_name_vi"], i)),
			NameEn: strings.TrimSpace(at(fv["stage_name_en"], i)), Phase: at(fv["stage_phase"], i), Owner: strings.TrimSpace(at(fv["stage_owner"], i)),
			EmotionsVi: at(fv["stage_emotions"], i), EmotionsEn: at(fv["stage_emotions_en"], i),
			ActionsVi: at(fv["stage_actions"], i), ActionsEn: at(fv["stage_actions_en"], i),
			OwnerID: strings.TrimSpace(at(fv["stage_owner_id"], i))}
		if !row.blank() {
			f.Stages = append(f.Stages, row)
		}
	}
	op, arg, _ := strings.Cut(r.PostFormValue("op"), ":")
	if i, err := strconv.Atoi(arg); err == nil && i >= 0 && i < len(f.Stages) {
		switch {
		case op == "up" && i > 0:
			f.Stages[i-1], f.Stages[i] = f.Stages[i], f.Stages[i-1]
		case op == "down" && i < len(f.Stages)-1:
			f.Stages[i], f.Stages[i+1] = f.Stages[i+1], f.Stages[i]
		case op == "remove":
			f.Stages = append(f.Stages[:i], f.Stages[i+1:]...)
		}
	}
	j := f.Journey
	j.Stages = nil
	for _, row := range f.Stages {
		j.Stages = append(j.Stages, cx.Stage{ID: row.ID, Key: row.Key, Name: cx.Text{Vi: row.NameVi, En: row.NameEn}, Phase: row.Phase,
			DesiredEmotions: linesText(row.EmotionsVi, row.EmotionsEn), DesiredActions: linesText(row.ActionsVi, row.ActionsEn), Owner: row.Owner, OwnerID: row.OwnerID})
	}
	_, err = h.store.UpdateJourney(r.Context(), p.WorkspaceID, j)
	if status, ok := formError(err); ok {
		h.pages.Render(w, r, p, status, "journey", "journey.title", f, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/journeys/"+j.ID, "saved")
	return nil
}

func (h *Handler) DeleteJourney(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	j, err := h.store.Journey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = h.store.DeleteJourney(r.Context(), p.WorkspaceID, j.ID)
	if cx.ErrorCode(err) == cx.Conflict {
		f, ferr := h.withMembers(r, p, newJourneyForm(j))
		if ferr != nil {
			return ferr
		}
		h.pages.Render(w, r, p, http.StatusConflict, "journey", "journey.title", f, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/journeys", "deleted")
	return nil
}

// withMembers adds the members who may own a stage to the form.
func (h *Handler) withMembers(r *http.Request, p *account.Principal, f *journeyForm) (*journeyForm, error) {
	ms, err := h.store.Members(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	f.Members = ms.Items
	return f, err
}
