package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/web/view"
)

// textChoices are what the inbox filters and corrects the text analysis
// by: the sentiments, languages and the workspace's aspects, with the
// names of its own.
type textChoices struct {
	Sentiments []string
	Languages  []string
	Aspects    []string           // default keys, then the workspace's own
	Names      map[string]cx.Text // the workspace's own aspects' names
}

func (h *Handler) textChoices(ctx context.Context, wsID string) (textChoices, error) {
	tax, err := h.feedback.TextAspects(ctx, wsID)
	if err != nil {
		return textChoices{}, err
	}
	c := textChoices{Sentiments: cx.Sentiments, Languages: cx.TextLanguages, Names: map[string]cx.Text{}}
	for _, a := range tax.Defaults {
		c.Aspects = append(c.Aspects, a.Key)
	}
	for _, a := range tax.Items {
		if !a.Default {
			c.Aspects = append(c.Aspects, a.Key)
			c.Names[a.Key] = a.Name
		}
	}
	return c, nil
}

// CorrectLabel takes a member's correction of a text's labels from the
// inbox's full view of a response: the sentiment chosen, and the aspects
// ticked. When the ticked aspects are those the analysis found, they are
// left as they are (each keeps its own sentiment); otherwise the ticked
// ones are the text's aspects, those it had keeping their sentiment and
// the new ones taking the sentiment chosen.
func (h *Handler) CorrectLabel(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	id := r.PathValue("id")
	in := cx.CorrectLabel{Sentiment: r.PostFormValue("sentiment")}
	if r.PostFormValue("aspects_shown") != "" {
		found, err := h.store.FeedbackAnalyses(ctx, p.WorkspaceID, []string{id})
		if err != nil {
			return err
		}
		if list, changed := tickedAspects(found[id].Aspects, r.PostForm["aspect"], in.Sentiment); changed {
			in.Aspects = &list
		}
	}
	if _, err := h.feedback.CorrectLabel(ctx, p.WorkspaceID, memberID(p), id, in); err != nil {
		return err
	}
	back := r.PostFormValue("return")
	if !strings.HasPrefix(back, "/feedback?") && back != "/feedback" {
		back = "/feedback"
	}
	view.Redirect(w, r, back+"#fb-"+id, "saved")
	return nil
}

// tickedAspects makes the aspects of a text from the boxes ticked, and
// says whether they differ from those it had.
func tickedAspects(had []cx.AspectOpinion, ticked []string, sentiment string) ([]cx.AspectOpinion, bool) {
	out := []cx.AspectOpinion{}
	changed := len(ticked) != len(had)
	for _, k := range ticked {
		i := slices.IndexFunc(had, func(a cx.AspectOpinion) bool { return a.Aspect == k })
		if i < 0 {
			changed = true
			out = append(out, cx.AspectOpinion{Aspect: k, Sentiment: sentiment})
			continue
		}
		out = append(out, had[i])
	}
	return out, changed
}

// aspectsView is the settings page of the workspace's aspects.
type aspectsView struct {
	Defaults []cx.TextAspect
	Items    []cx.TextAspect
	Form     map[string]string // the form as typed, kept when it fails
}

// TextAspects shows the default aspects and the workspace's own.
func (h *Handler) TextAspects(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.renderAspects(w, r, p, http.StatusOK, map[string]string{}, nil)
}

func (h *Handler) renderAspects(w http.ResponseWriter, r *http.Request, p *account.Principal, status int, form map[string]string, ferr error) error {
	tax, err := h.feedback.TextAspects(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, status, "aspects", "aspects.title", aspectsView{Defaults: tax.Defaults, Items: tax.Items, Form: form}, ferr)
	return nil
}

// SaveTextAspect adds or replaces one of the workspace's aspects: phrases
// one a line.
func (h *Handler) SaveTextAspect(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	a := cx.TextAspect{Key: v("key"), Name: cx.Text{Vi: v("name_vi"), En: v("name_en")}, Phrases: strings.Split(r.PostFormValue("phrases"), "\n")}
	_, err := h.feedback.SaveTextAspect(r.Context(), p.WorkspaceID, a)
	if status, ok := formError(err); ok {
		form := map[string]string{"key": a.Key, "name_vi": a.Name.Vi, "name_en": a.Name.En, "phrases": r.PostFormValue("phrases")}
		return h.renderAspects(w, r, p, status, form, err)
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/aspects", "saved")
	return nil
}

// DeleteTextAspect removes one of the workspace's aspects.
func (h *Handler) DeleteTextAspect(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.feedback.DeleteTextAspect(r.Context(), p.WorkspaceID, r.PathValue("key")); err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/aspects", "deleted")
	return nil
}
