package feedback

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"cxm/internal/cx"
	"cxm/internal/text"
)

// maxCorrectedAspects bounds the aspects of one correction.
const maxCorrectedAspects = 60

// CorrectLabel stores a member's correction of a text's sentiment (and
// aspects, when given) and queues the retraining of the workspace's
// model; the analysis shows the corrected labels at once and keeps them
// when the text is read again. by is the member's (or the API key's) id.
func (s *Service) CorrectLabel(ctx context.Context, wsID, by, feedbackID string, in cx.CorrectLabel) (cx.TextAnalysis, error) {
	if !slices.Contains(cx.Sentiments, in.Sentiment) {
		return cx.TextAnalysis{}, cx.FieldErrorf("sentiment", "sentiment must be negative, neutral or positive")
	}
	fix := cx.LabelCorrection{FeedbackID: feedbackID, Sentiment: in.Sentiment, CorrectedBy: by,
		CorrectedAt: s.now().UTC().Truncate(1e6)}
	if in.Aspects != nil {
		list, err := s.checkAspectLabels(ctx, wsID, *in.Aspects)
		if err != nil {
			return cx.TextAnalysis{}, err
		}
		fix.AspectsCorrected, fix.Aspects = true, list
	}
	job := retrainJob(wsID, correctionReason(fix.CorrectedAt), fix.CorrectedAt)
	if _, err := s.store.SaveLabelCorrection(ctx, wsID, fix, job); err != nil {
		return cx.TextAnalysis{}, err
	}
	found, err := s.store.FeedbackAnalyses(ctx, wsID, []string{feedbackID})
	if err != nil {
		return cx.TextAnalysis{}, err
	}
	return found[feedbackID], nil
}

// checkAspectLabels refuses aspects the workspace does not know, bad
// sentiments and repeats.
func (s *Service) checkAspectLabels(ctx context.Context, wsID string, list []cx.AspectOpinion) ([]cx.AspectOpinion, error) {
	if len(list) > maxCorrectedAspects {
		return nil, cx.FieldErrorf("aspects", "at most %d aspects", maxCorrectedAspects)
	}
	own, err := s.store.TextAspects(ctx, wsID)
	if err != nil {
		return nil, err
	}
	known := func(k string) bool {
		return text.IsDefaultAspect(k) || slices.ContainsFunc(own, func(a cx.TextAspect) bool { return a.Key == k })
	}
	out := make([]cx.AspectOpinion, 0, len(list))
	for _, a := range list {
		if !known(a.Aspect) {
			return nil, cx.FieldErrorf("aspects", "no aspect %q in this workspace", a.Aspect)
		}
		if !slices.Contains(cx.Sentiments, a.Sentiment) {
			return nil, cx.FieldErrorf("aspects", "sentiment must be negative, neutral or positive")
		}
		if slices.ContainsFunc(out, func(b cx.AspectOpinion) bool { return b.Aspect == a.Aspect }) {
			return nil, cx.FieldErrorf("aspects", "aspect %q is given twice", a.Aspect)
		}
		out = append(out, a)
	}
	return out, nil
}

// AspectTaxonomy is what reads a workspace's texts for aspects: the
// default taxonomy and what the workspace added.
type AspectTaxonomy struct {
	Defaults []cx.TextAspect `json:"defaults"`
	Items    []cx.TextAspect `json:"items"` // the workspace's own, and phrases it added to default aspects
}

// TextAspects lists the default aspects and the workspace's own.
func (s *Service) TextAspects(ctx context.Context, wsID string) (AspectTaxonomy, error) {
	own, err := s.store.TextAspects(ctx, wsID)
	if err != nil {
		return AspectTaxonomy{}, err
	}
	out := AspectTaxonomy{Items: own}
	for _, a := range text.DefaultAspects() {
		out.Defaults = append(out.Defaults, cx.TextAspect{Key: a.Key, Phrases: a.Phrases, Default: true})
	}
	for i := range out.Items {
		out.Items[i].Default = text.IsDefaultAspect(out.Items[i].Key)
	}
	return out, nil
}

// maxAspectName bounds an aspect's name in each language.
const maxAspectName = 100

// SaveTextAspect adds one of a workspace's aspects, or replaces it: a key
// of the default taxonomy adds phrases to that aspect. Phrases are trimmed
// and empty ones dropped; a new aspect needs a name (one language is
// copied to the other). The text worker then reads the workspace's texts
// again.
func (s *Service) SaveTextAspect(ctx context.Context, wsID string, a cx.TextAspect) (cx.TextAspect, error) {
	a.Key = strings.TrimSpace(a.Key)
	a.Name.Vi, a.Name.En = strings.TrimSpace(a.Name.Vi), strings.TrimSpace(a.Name.En)
	var phrases []string
	for _, p := range a.Phrases {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(phrases, p) {
			phrases = append(phrases, p)
		}
	}
	a.Phrases, a.Default = phrases, text.IsDefaultAspect(a.Key)
	if err := text.CheckAspect(text.Aspect{Key: a.Key, Phrases: a.Phrases}); err != nil {
		return a, err
	}
	for _, n := range []string{a.Name.Vi, a.Name.En} {
		if len(n) > maxAspectName || !utf8.ValidString(n) || strings.ContainsRune(n, 0) {
			return a, cx.FieldErrorf("name", "a name is text of at most %d bytes", maxAspectName)
		}
	}
	a.Name.Vi, a.Name.En = cmp.Or(a.Name.Vi, a.Name.En), cmp.Or(a.Name.En, a.Name.Vi)
	if a.Name.Vi == "" && !a.Default {
		return a, cx.FieldErrorf("name", "give the aspect a name")
	}
	own, err := s.store.TextAspects(ctx, wsID)
	if err != nil {
		return a, err
	}
	if len(own) >= text.MaxWorkspaceAspects && !slices.ContainsFunc(own, func(b cx.TextAspect) bool { return b.Key == a.Key }) {
		return a, cx.FieldErrorf("key", "at most %d aspects", text.MaxWorkspaceAspects)
	}
	a.UpdatedAt = s.now().UTC().Truncate(1e6)
	return a, s.store.SaveTextAspect(ctx, wsID, a)
}

// DeleteTextAspect removes one of a workspace's aspects (or the phrases it
// added to a default one).
func (s *Service) DeleteTextAspect(ctx context.Context, wsID, key string) error {
	return s.store.DeleteTextAspect(ctx, wsID, key)
}
