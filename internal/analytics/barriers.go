package analytics

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/text"
)

// Barriers are the stages of a journey where most customers drop off,
// each with its lowest-scoring touchpoints and what their negative
// comments say most often (seed 002: conversion and barriers per stage).
type Barriers struct {
	Definition string    `json:"definition"`
	JourneyID  string    `json:"journey_id"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Items      []Barrier `json:"items"`
}

// Barrier is one stage with a drop-off.
type Barrier struct {
	StageID         string              `json:"stage_id"`
	PreviousStageID string              `json:"previous_stage_id"`
	PreviousReached int64               `json:"previous_reached"`
	Reached         int64               `json:"reached"`
	DropOff         int64               `json:"drop_off"`
	DropOffPct      float64             `json:"drop_off_pct"`
	Touchpoints     []BarrierTouchpoint `json:"touchpoints"`
}

// BarrierTouchpoint is one of a barrier stage's touchpoints.
type BarrierTouchpoint struct {
	TouchpointID     string          `json:"touchpoint_id"`
	Satisfaction     *float64        `json:"satisfaction"` // top-2 box of CSAT and stars, 0–100; null without answers
	N                int             `json:"n"`            // satisfaction answers
	NegativeComments int64           `json:"negative_comments"`
	Phrases          []PhraseCount   `json:"phrases"`
	Aspects          []PhraseCount   `json:"aspects"`
	Examples         []CommentSample `json:"examples"`
}

// PhraseCount is a phrase (or an aspect) and the number of negative
// comments it occurs in.
type PhraseCount struct {
	Phrase   string `json:"phrase"`
	Comments int    `json:"comments"`
}

// CommentSample is one of the newest negative comments, personal data replaced.
type CommentSample struct {
	FeedbackID string `json:"feedback_id"`
	Text       string `json:"text"`
	OccurredAt string `json:"occurred_at"` // RFC 3339
}

// How much a barrier result holds.
const (
	barrierStages      = 3    // stages with the largest drop-off
	barrierTouchpoints = 3    // lowest-scoring touchpoints a stage
	barrierPhrases     = 5    // phrases and aspects a touchpoint
	barrierExamples    = 3    // comments shown a touchpoint
	phraseComments     = 1000 // newest negative comments a touchpoint that phrases are counted over
	minPhraseWords     = 2
	maxPhraseWords     = 6
)

const barriersDefinition = "Barriers = the (at most 3) stages of the journey with the largest drop_off_pct in the funnel of the window (drop_off > 0; ties: larger drop_off, then journey order); " +
	"for each, its (at most 3) touchpoints with the lowest satisfaction (top-2 box of CSAT and stars in the window, 0–100; without answers last); " +
	"negative_comments = feedback at the touchpoint in the window that text analysis read as negative; phrases = runs of 2–6 words (within a clause, lower case, " +
	"teencode spelled out) shared by at least 2 of the newest 1,000 of them, a phrase dropped when a longer one holding it is in as many comments; " +
	"aspects = aspects those comments mention negatively."

// Barriers finds the stages of a journey (default: the workspace's first)
// with the largest drop-off over a window (default: the last 30 days).
func (s *Service) Barriers(ctx context.Context, wsID string, q Query) (Barriers, error) {
	if err := onlyFilters(q.Filter, "journey"); err != nil {
		return Barriers{}, err
	}
	w, err := s.behaviourWindow(ctx, wsID, q, 30)
	if err != nil {
		return Barriers{}, err
	}
	if q.Filter.Journey == "" {
		js, err := s.store.Journeys(ctx, wsID, store.Page{Limit: 1})
		if err != nil {
			return Barriers{}, err
		}
		if len(js.Items) == 0 {
			return Barriers{}, cx.FieldErrorf("journey", "this workspace has no journey yet")
		}
		q.Filter.Journey = js.Items[0].ID
	}
	from, to := w.From.Format(DateLayout), w.To.Format(DateLayout)
	f, err := s.Funnel(ctx, wsID, Query{From: from, To: to, Filter: Filter{Journey: q.Filter.Journey}})
	if err != nil {
		return Barriers{}, err
	}
	out := Barriers{Definition: barriersDefinition, JourneyID: f.JourneyID, From: from, To: to, Items: []Barrier{}}
	for i, st := range f.Stages {
		if i == 0 || st.DropOff == nil || *st.DropOff <= 0 || st.DropOffPct == nil {
			continue
		}
		prev := f.Stages[i-1]
		out.Items = append(out.Items, Barrier{StageID: st.StageID, PreviousStageID: prev.StageID, PreviousReached: prev.Reached,
			Reached: st.Reached, DropOff: *st.DropOff, DropOffPct: *st.DropOffPct})
	}
	slices.SortStableFunc(out.Items, func(a, b Barrier) int {
		return cmp.Or(cmp.Compare(b.DropOffPct, a.DropOffPct), cmp.Compare(b.DropOff, a.DropOff))
	})
	out.Items = out.Items[:min(len(out.Items), barrierStages)]
	if len(out.Items) == 0 {
		return out, nil
	}
	return out, s.barrierTouchpoints(ctx, wsID, w, out.Items)
}

// barrierTouchpoints fills in each barrier stage's lowest-scoring touchpoints.
func (s *Service) barrierTouchpoints(ctx context.Context, wsID string, w Window, items []Barrier) error {
	tps, err := s.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		return err
	}
	top2, n, err := s.satisfactionBy(ctx, wsID, "touchpoint", w, Filter{})
	if err != nil {
		return err
	}
	byStage := map[string][]BarrierTouchpoint{}
	var ids []string
	for _, tp := range tps {
		bt := BarrierTouchpoint{TouchpointID: tp.ID, N: n[tp.ID], Phrases: []PhraseCount{}, Aspects: []PhraseCount{}, Examples: []CommentSample{}}
		if bt.N > 0 {
			bt.Satisfaction = num(100 * float64(top2[tp.ID]) / float64(bt.N))
		}
		byStage[tp.StageID] = append(byStage[tp.StageID], bt)
		ids = append(ids, tp.ID)
	}
	counts, comments, aspects, err := s.store.NegativeComments(ctx, wsID, ids, w.Start().UnixMilli(), w.End().UnixMilli(), phraseComments)
	if err != nil {
		return err
	}
	byTP := map[string][]store.NegativeComment{}
	for _, c := range comments {
		byTP[c.TouchpointID] = append(byTP[c.TouchpointID], c)
	}
	for i := range items {
		list := byStage[items[i].StageID]
		for k := range list {
			list[k].NegativeComments = counts[list[k].TouchpointID]
		}
		slices.SortStableFunc(list, lowestFirst)
		list = list[:min(len(list), barrierTouchpoints)]
		for k := range list {
			cs := byTP[list[k].TouchpointID]
			list[k].Phrases = topPhrases(cs)
			list[k].Aspects = topAspects(cs, aspects)
			for _, c := range cs[:min(len(cs), barrierExamples)] {
				list[k].Examples = append(list[k].Examples, CommentSample{FeedbackID: c.FeedbackID, Text: c.Text,
					OccurredAt: time.UnixMilli(c.At).In(w.Loc).Format(time.RFC3339)})
			}
		}
		items[i].Touchpoints = append([]BarrierTouchpoint{}, list...)
	}
	return nil
}

// lowestFirst orders touchpoints by satisfaction, lowest first and those
// without answers last; then by more negative comments, then by id.
func lowestFirst(a, b BarrierTouchpoint) int {
	switch {
	case a.Satisfaction != nil && b.Satisfaction == nil:
		return -1
	case a.Satisfaction == nil && b.Satisfaction != nil:
		return 1
	case a.Satisfaction != nil && *a.Satisfaction != *b.Satisfaction:
		return cmp.Compare(*a.Satisfaction, *b.Satisfaction)
	}
	return cmp.Or(cmp.Compare(b.NegativeComments, a.NegativeComments), cmp.Compare(a.TouchpointID, b.TouchpointID))
}

// clauseBreak reports the characters a phrase does not run across.
func clauseBreak(r rune) bool { return strings.ContainsRune(".,;:!?…\n()[]-–—/\"", r) }

// phrasesOf is the set of runs of minPhraseWords to maxPhraseWords words
// of a comment, within its clauses, lower case with teencode spelled out.
func phrasesOf(comment string) map[string]bool {
	out := map[string]bool{}
	for _, clause := range strings.FieldsFunc(comment, clauseBreak) {
		var words []string
		for _, w := range strings.Fields(text.Expand(clause)) {
			if !strings.HasPrefix(w, "<") { // emoji markers are no words
				words = append(words, w)
			}
		}
		for i := range words {
			for k := minPhraseWords; k <= maxPhraseWords && i+k <= len(words); k++ {
				out[strings.Join(words[i:i+k], " ")] = true
			}
		}
	}
	return out
}

// topPhrases counts in how many comments each phrase occurs, keeps those
// in two or more, drops a phrase held in a longer kept one with the same
// count, and returns the most frequent (ties: longer, then alphabetical).
func topPhrases(comments []store.NegativeComment) []PhraseCount {
	counts := map[string]int{}
	for _, c := range comments {
		for p := range phrasesOf(c.Text) {
			counts[p]++
		}
	}
	var kept []PhraseCount
	for p, n := range counts {
		if n >= 2 {
			kept = append(kept, PhraseCount{Phrase: p, Comments: n})
		}
	}
	out := []PhraseCount{}
	for _, pc := range kept {
		held := false
		for _, o := range kept {
			held = held || o.Comments == pc.Comments && len(o.Phrase) > len(pc.Phrase) && strings.Contains(" "+o.Phrase+" ", " "+pc.Phrase+" ")
		}
		if !held {
			out = append(out, pc)
		}
	}
	slices.SortFunc(out, func(a, b PhraseCount) int {
		return cmp.Or(cmp.Compare(b.Comments, a.Comments), cmp.Compare(wordCount(b.Phrase), wordCount(a.Phrase)), cmp.Compare(a.Phrase, b.Phrase))
	})
	return out[:min(len(out), barrierPhrases)]
}

func wordCount(s string) int { return strings.Count(s, " ") + 1 }

// topAspects counts the comments that mention each aspect negatively.
func topAspects(comments []store.NegativeComment, aspects map[string][]string) []PhraseCount {
	counts := map[string]int{}
	for _, c := range comments {
		for _, a := range aspects[c.FeedbackID] {
			counts[a]++
		}
	}
	out := []PhraseCount{}
	for a, n := range counts {
		out = append(out, PhraseCount{Phrase: a, Comments: n})
	}
	slices.SortFunc(out, func(a, b PhraseCount) int {
		return cmp.Or(cmp.Compare(b.Comments, a.Comments), cmp.Compare(a.Phrase, b.Phrase))
	})
	return out[:min(len(out), barrierPhrases)]
}

// CSV writes one barrier touchpoint a row (a stage without touchpoints: one row).
func (b Barriers) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, it := range b.Items {
		head := []string{it.StageID, it.PreviousStageID, itoa(it.PreviousReached), itoa(it.Reached), itoa(it.DropOff), strconv.FormatFloat(it.DropOffPct, 'f', -1, 64)}
		if len(it.Touchpoints) == 0 {
			rows = append(rows, append(head, "", "", "0", "0", ""))
		}
		for _, tp := range it.Touchpoints {
			var ps []string
			for _, p := range tp.Phrases {
				ps = append(ps, p.Phrase+" ("+strconv.Itoa(p.Comments)+")")
			}
			rows = append(rows, append(append([]string{}, head...), tp.TouchpointID, cell(tp.Satisfaction), strconv.Itoa(tp.N), itoa(tp.NegativeComments), strings.Join(ps, "; ")))
		}
	}
	return []string{"stage_id", "previous_stage_id", "previous_reached", "reached", "drop_off", "drop_off_pct",
		"touchpoint_id", "satisfaction", "n", "negative_comments", "phrases"}, rows
}
