package ui

import (
	"context"
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
)

// boardView is a journey board: stages as columns, touchpoints as cards in
// one lane per purchase phase, and the touchpoints without a stage apart.
type boardView struct {
	Journey    cx.Journey
	Journeys   []cx.Journey
	Columns    []boardColumn
	Unassigned []boardGroup
	Count      int
}

// boardColumn is one stage with its touchpoints grouped by phase; phases
// without touchpoints are left out.
type boardColumn struct {
	Stage  cx.Stage
	Groups []boardGroup
}

type boardGroup struct {
	Phase       string
	Touchpoints []cx.Touchpoint
}

func (h *Handler) Board(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	j, err := h.store.Journey(ctx, p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	journeys, err := h.allJourneys(ctx, p.WorkspaceID)
	if err != nil {
		return err
	}
	tps, err := h.store.AllTouchpoints(ctx, p.WorkspaceID, store.TouchpointFilter{})
	if err != nil {
		return err
	}
	v := boardView{Journey: j, Journeys: journeys}
	inJourney := map[string]bool{}
	for _, st := range j.Stages {
		inJourney[st.ID] = true
	}
	for _, st := range j.Stages {
		col := boardColumn{Stage: st}
		for _, phase := range cx.Phases {
			if g := groupOf(tps, st.ID, phase); len(g.Touchpoints) > 0 {
				col.Groups = append(col.Groups, g)
				v.Count += len(g.Touchpoints)
			}
		}
		v.Columns = append(v.Columns, col)
	}
	for _, phase := range cx.Phases {
		if g := groupOf(tps, "", phase); len(g.Touchpoints) > 0 {
			v.Unassigned = append(v.Unassigned, g)
			v.Count += len(g.Touchpoints)
		}
	}
	h.pages.Render(w, r, p, http.StatusOK, "board", "board.title", v, nil)
	return nil
}

// groupOf returns the touchpoints of one stage ("" for none) in one phase,
// in board order.
func groupOf(tps []cx.Touchpoint, stageID, phase string) boardGroup {
	g := boardGroup{Phase: phase}
	for _, t := range tps {
		if t.StageID == stageID && t.Phase == phase {
			g.Touchpoints = append(g.Touchpoints, t)
		}
	}
	return g
}

// allJourneys returns every journey of the workspace.
func (h *Handler) allJourneys(ctx context.Context, wsID string) ([]cx.Journey, error) {
	var out []cx.Journey
	page := store.Page{Limit: store.MaxLimit}
	for {
		l, err := h.store.Journeys(ctx, wsID, page)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if l.Next == "" {
			return out, nil
		}
		page.After = l.Next
	}
}

// stageIndex maps stage ids to stages, for showing names in lists.
func stageIndex(journeys []cx.Journey) map[string]cx.Stage {
	m := map[string]cx.Stage{}
	for _, j := range journeys {
		for _, st := range j.Stages {
			m[st.ID] = st
		}
	}
	return m
}
