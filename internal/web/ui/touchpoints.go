package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// touchpointList is the touchpoints page with its filter.
type touchpointList struct {
	Filter      store.TouchpointFilter
	Touchpoints []cx.Touchpoint
	Journeys    []cx.Journey
	Stages      map[string]cx.Stage
	Phases      []string
	Statuses    []string
	Members     map[string]string // names by user id, for the owners
}

func (h *Handler) Touchpoints(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	q := r.URL.Query()
	f := store.TouchpointFilter{Phase: q.Get("phase"), StageID: q.Get("stage"), Status: q.Get("status")}
	tps, err := h.store.AllTouchpoints(r.Context(), p.WorkspaceID, f)
	if err != nil {
		return err
	}
	journeys, err := h.allJourneys(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	names, err := h.memberNames(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	v := touchpointList{Filter: f, Touchpoints: tps, Journeys: journeys, Stages: stageIndex(journeys), Phases: cx.Phases, Statuses: cx.Statuses, Members: names}
	h.pages.Render(w, r, p, http.StatusOK, "touchpoints", "touchpoints.title", v, nil)
	return nil
}

// targetRow and contentRow are rows of the touchpoint form, kept as typed.
type targetRow struct{ KPI, Comparator, Value string }

type contentRow struct{ Kind, TitleVi, TitleEn, URL string }

// touchpointForm is the new and edit form of a touchpoint.
type touchpointForm struct {
	ID, Key, NameVi, NameEn, Phase, StageID, Channel, Mode, Owner, Status string
	OwnerID                                                               string
	Members                                                               []cx.Member
	Targets                                                               []targetRow
	Content                                                               []contentRow
	Journeys                                                              []cx.Journey
	Choices                                                               map[string][]string
}

func (h *Handler) newTouchpointForm(r *http.Request, p *account.Principal, t cx.Touchpoint) (*touchpointForm, error) {
	journeys, err := h.allJourneys(r.Context(), p.WorkspaceID)
	if err != nil {
		return nil, err
	}
	ms, err := h.store.Members(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	f := &touchpointForm{
		OwnerID: t.OwnerID, Members: ms.Items,
		ID: t.ID, Key: t.Key, NameVi: t.Name.Vi, NameEn: t.Name.En, Phase: t.Phase, StageID: t.StageID,
		Channel: t.Channel, Mode: t.Mode, Owner: t.Owner, Status: t.Status, Journeys: journeys,
		Choices: map[string][]string{"phase": cx.Phases, "channel": cx.Channels, "mode": cx.Modes, "status": cx.Statuses,
			"kpi": cx.KPIs, "comparator": cx.Comparators, "content": cx.ContentKinds},
	}
	for _, x := range t.Targets {
		f.Targets = append(f.Targets, targetRow{x.KPI, x.Comparator, strconv.FormatFloat(x.Value, 'f', -1, 64)})
	}
	for _, c := range t.Content {
		f.Content = append(f.Content, contentRow{c.Kind, c.Title.Vi, c.Title.En, c.URL})
	}
	return f, nil
}

// readTouchpoint reads the posted form into f and returns the touchpoint.
// Empty target and content rows are dropped.
func readTouchpoint(r *http.Request, f *touchpointForm) (cx.Touchpoint, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.Key, f.NameVi, f.NameEn, f.Phase, f.StageID = v("key"), v("name_vi"), v("name_en"), v("phase"), v("stage_id")
	f.Channel, f.Mode, f.Owner, f.Status, f.OwnerID = v("channel"), v("mode"), v("owner"), v("status"), v("owner_id")
	f.Targets = nil
	kpis, comps, vals := r.PostForm["target_kpi"], r.PostForm["target_comparator"], r.PostForm["target_value"]
	for i := range kpis {
		row := targetRow{KPI: kpis[i], Comparator: at(comps, i), Value: strings.TrimSpace(at(vals, i))}
		if row.KPI != "" || row.Value != "" {
			f.Targets = append(f.Targets, row)
		}
	}
	f.Content = nil
	kinds, tvi, ten, urls := r.PostForm["content_kind"], r.PostForm["content_title_vi"], r.PostForm["content_title_en"], r.PostForm["content_url"]
	for i := range kinds {
		row := contentRow{Kind: kinds[i], TitleVi: strings.TrimSpace(at(tvi, i)), TitleEn: strings.TrimSpace(at(ten, i)), URL: strings.TrimSpace(at(urls, i))}
		if row.TitleVi != "" || row.TitleEn != "" || row.URL != "" {
			f.Content = append(f.Content, row)
		}
	}
	t := cx.Touchpoint{ID: f.ID, Key: f.Key, Name: cx.Text{Vi: f.NameVi, En: f.NameEn}, Phase: f.Phase, StageID: f.StageID,
		Channel: f.Channel, Mode: f.Mode, Owner: f.Owner, OwnerID: f.OwnerID, Status: f.Status}
	for i, row := range f.Targets {
		val, err := parseNumber(row.Value, fmt.Sprintf("targets[%d].value", i))
		if err != nil {
			return t, err
		}
		t.Targets = append(t.Targets, cx.Target{KPI: row.KPI, Comparator: row.Comparator, Value: val})
	}
	for _, row := range f.Content {
		t.Content = append(t.Content, cx.ContentItem{Kind: row.Kind, Title: cx.Text{Vi: row.TitleVi, En: row.TitleEn}, URL: row.URL})
	}
	return t, nil
}

// parseNumber reads a number typed with a dot or a Vietnamese decimal comma.
func parseNumber(s, field string) (float64, error) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	if err != nil {
		return 0, cx.FieldErrorf(field, "value must be a number")
	}
	return f, nil
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

func (h *Handler) NewTouchpoint(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	f, err := h.newTouchpointForm(r, p, cx.Touchpoint{Phase: r.URL.Query().Get("phase"), StageID: r.URL.Query().Get("stage"), Status: "active", Mode: "online"})
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "touchpoint", "touchpoint.new", f, nil)
	return nil
}

func (h *Handler) EditTouchpoint(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	t, err := h.store.Touchpoint(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := h.newTouchpointForm(r, p, t)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "touchpoint", "touchpoint.edit", f, nil)
	return nil
}

// saveTouchpoint creates (no id in the path) or updates a touchpoint.
func (h *Handler) SaveTouchpoint(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	id := r.PathValue("id")
	var old cx.Touchpoint
	if id != "" {
		var err error
		if old, err = h.store.Touchpoint(r.Context(), p.WorkspaceID, id); err != nil {
			return err
		}
	}
	f, err := h.newTouchpointForm(r, p, old)
	if err != nil {
		return err
	}
	t, err := readTouchpoint(r, f)
	if err == nil {
		if id == "" {
			t, err = h.store.CreateTouchpoint(r.Context(), p.WorkspaceID, t)
		} else {
			t.Position = old.Position
			t, err = h.store.UpdateTouchpoint(r.Context(), p.WorkspaceID, t)
		}
	}
	if status, ok := formError(err); ok {
		title := "touchpoint.new"
		if id != "" {
			title = "touchpoint.edit"
		}
		h.pages.Render(w, r, p, status, "touchpoint", title, f, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/touchpoints/"+t.ID, "saved")
	return nil
}

func (h *Handler) DeleteTouchpoint(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.store.DeleteTouchpoint(r.Context(), p.WorkspaceID, r.PathValue("id")); err != nil {
		return err
	}
	view.Redirect(w, r, "/touchpoints", "deleted")
	return nil
}

// Name is the touchpoint's name as typed.
func (f *touchpointForm) Name() cx.Text { return cx.Text{Vi: f.NameVi, En: f.NameEn} }
