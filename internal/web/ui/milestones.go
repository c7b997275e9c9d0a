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

// milestoneList is the milestones page.
type milestoneList struct {
	Milestones []cx.Milestone
	Journeys   map[string]cx.Journey
	Stages     map[string]cx.Stage
}

func (h *Handler) Milestones(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var ms []cx.Milestone
	page := store.Page{Limit: store.MaxLimit}
	for {
		l, err := h.store.Milestones(r.Context(), p.WorkspaceID, page)
		if err != nil {
			return err
		}
		ms = append(ms, l.Items...)
		if l.Next == "" {
			break
		}
		page.After = l.Next
	}
	journeys, err := h.allJourneys(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	byID := map[string]cx.Journey{}
	for _, j := range journeys {
		byID[j.ID] = j
	}
	h.pages.Render(w, r, p, http.StatusOK, "milestones", "milestones.title", milestoneList{ms, byID, stageIndex(journeys)}, nil)
	return nil
}

// milestoneForm is the new and edit form of a milestone.
type milestoneForm struct {
	ID, NameVi, NameEn, DescVi, DescEn, JourneyID, StageID, DueDays string
	Type, Event, Count, CondStageID                                 string
	Journeys                                                        []cx.Journey
	Events                                                          []cx.EventName // what the event picker offers
}

func (h *Handler) newMilestoneForm(r *http.Request, p *account.Principal, m cx.Milestone) (*milestoneForm, error) {
	journeys, err := h.allJourneys(r.Context(), p.WorkspaceID)
	if err != nil {
		return nil, err
	}
	events, err := h.eventNames(r.Context(), p.WorkspaceID)
	if err != nil {
		return nil, err
	}
	f := &milestoneForm{ID: m.ID, NameVi: m.Name.Vi, NameEn: m.Name.En, DescVi: m.Description.Vi, DescEn: m.Description.En,
		JourneyID: m.JourneyID, StageID: m.StageID, Type: m.Condition.Type, Event: m.Condition.Event,
		CondStageID: m.Condition.StageID, Journeys: journeys, Events: events}
	if m.DueDays > 0 {
		f.DueDays = strconv.Itoa(m.DueDays)
	}
	if m.Condition.Count > 0 {
		f.Count = strconv.Itoa(m.Condition.Count)
	}
	if f.Type == "" {
		f.Type = "event"
	}
	if f.JourneyID == "" && len(journeys) > 0 {
		f.JourneyID = journeys[0].ID
	}
	return f, nil
}

func (f *milestoneForm) read(r *http.Request) (cx.Milestone, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.NameVi, f.NameEn, f.DescVi, f.DescEn = v("name_vi"), v("name_en"), v("description_vi"), v("description_en")
	f.StageID, f.DueDays, f.Type, f.Event, f.Count, f.CondStageID = v("stage_id"), v("due_days"), v("type"), v("event"), v("count"), v("condition_stage_id")
	// The journey is the one the start stage belongs to.
	for _, j := range f.Journeys {
		for _, st := range j.Stages {
			if st.ID == f.StageID {
				f.JourneyID = j.ID
			}
		}
	}
	m := cx.Milestone{ID: f.ID, Name: cx.Text{Vi: f.NameVi, En: f.NameEn}, Description: cx.Text{Vi: f.DescVi, En: f.DescEn},
		JourneyID: f.JourneyID, StageID: f.StageID, Condition: cx.Condition{Type: f.Type, Event: f.Event, StageID: f.CondStageID}}
	var err error
	if f.DueDays != "" {
		if m.DueDays, err = strconv.Atoi(f.DueDays); err != nil {
			return m, cx.FieldErrorf("due_days", "due_days must be between 1 and 3650")
		}
	}
	if f.Type == "event" {
		m.Condition.StageID = ""
		if f.Count != "" {
			if m.Condition.Count, err = strconv.Atoi(f.Count); err != nil {
				return m, cx.FieldErrorf("condition.count", "condition.count must be between 1 and 1000")
			}
		}
	}
	return m, nil
}

func (h *Handler) NewMilestone(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	f, err := h.newMilestoneForm(r, p, cx.Milestone{DueDays: 30})
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "milestone", "milestone.new", f, nil)
	return nil
}

func (h *Handler) EditMilestone(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	m, err := h.store.Milestone(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := h.newMilestoneForm(r, p, m)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "milestone", "milestone.edit", f, nil)
	return nil
}

// saveMilestone creates (no id in the path) or updates a milestone.
func (h *Handler) SaveMilestone(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	id := r.PathValue("id")
	if id != "" {
		if _, err := h.store.Milestone(r.Context(), p.WorkspaceID, id); err != nil {
			return err
		}
	}
	f, err := h.newMilestoneForm(r, p, cx.Milestone{ID: id})
	if err != nil {
		return err
	}
	m, err := f.read(r)
	if err == nil {
		if id == "" {
			m, err = h.store.CreateMilestone(r.Context(), p.WorkspaceID, m)
		} else {
			m, err = h.store.UpdateMilestone(r.Context(), p.WorkspaceID, m)
		}
	}
	if status, ok := formError(err); ok {
		title := "milestone.new"
		if id != "" {
			title = "milestone.edit"
		}
		h.pages.Render(w, r, p, status, "milestone", title, f, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/milestones", "saved")
	return nil
}

func (h *Handler) DeleteMilestone(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.store.DeleteMilestone(r.Context(), p.WorkspaceID, r.PathValue("id")); err != nil {
		return err
	}
	view.Redirect(w, r, "/milestones", "deleted")
	return nil
}
