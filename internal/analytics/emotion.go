package analytics

import (
	"context"
	"net/url"
	"strconv"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// satisfactionMeasures are the answers the emotion curve counts: CSAT
// questions and stars (star questions and reviews), each on 1–5.
var satisfactionMeasures = []string{cx.MeasureCSAT, cx.MeasureStars}

const emotionDefinition = "Emotion curve = per stage, in journey order, the % of satisfaction answers (CSAT and stars, 1–5) that are 4 or 5, at the stage's touchpoints; 95 % Wilson interval"

// EmotionResult is satisfaction per stage of a journey, in its order.
type EmotionResult struct {
	JourneyID  string        `json:"journey_id"`
	Definition string        `json:"definition"`
	From       string        `json:"from"`
	To         string        `json:"to"`
	Items      []EmotionItem `json:"items"`
}

// EmotionItem is one stage's satisfaction: the top-2 box of its answers.
type EmotionItem struct {
	StageID  string   `json:"stage_id"`
	Name     cx.Text  `json:"name"`
	Position int      `json:"position"`
	Value    *float64 `json:"value"` // 0–100; null without answers
	N        int      `json:"n"`
	LowN     bool     `json:"low_n"`
	Low      *float64 `json:"low"`
	High     *float64 `json:"high"`
}

// EmotionCurve answers GET /api/v1/analytics/emotion-curve: the journey
// given, or the workspace's first.
func (s *Service) EmotionCurve(ctx context.Context, wsID string, q url.Values) (*EmotionResult, error) {
	w, f, err := s.windowAndFilter(ctx, wsID, q)
	if err != nil {
		return nil, err
	}
	if f.Journey == "" {
		js, err := s.store.Journeys(ctx, wsID, store.Page{Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(js.Items) == 0 {
			return nil, cx.FieldErrorf("journey", "this workspace has no journey yet")
		}
		f.Journey = js.Items[0].ID
	}
	j, err := s.store.Journey(ctx, wsID, f.Journey)
	if err != nil {
		return nil, cx.FieldErrorf("journey", "no journey %q in this workspace", f.Journey)
	}
	top2, n, err := s.satisfactionBy(ctx, wsID, "stage", w, f)
	if err != nil {
		return nil, err
	}
	res := &EmotionResult{JourneyID: j.ID, Definition: emotionDefinition, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout),
		Items: []EmotionItem{}}
	for _, st := range j.Stages {
		it := EmotionItem{StageID: st.ID, Name: st.Name, Position: st.Position, N: n[st.ID], LowN: n[st.ID] < LowN}
		if it.N > 0 {
			iv := Wilson(top2[st.ID], it.N)
			it.Value, it.Low, it.High = num(100*float64(top2[st.ID])/float64(it.N)), num(iv.Low), num(iv.High)
		}
		res.Items = append(res.Items, it)
	}
	return res, nil
}

// CSV writes one stage a row.
func (r *EmotionResult) CSV() ([]string, [][]string) {
	header := []string{"stage_id", "name", "position", "value", "n", "low_n", "low", "high"}
	rows := make([][]string, 0, len(r.Items))
	for _, it := range r.Items {
		rows = append(rows, []string{it.StageID, it.Name.Vi, strconv.Itoa(it.Position), cell(it.Value), strconv.Itoa(it.N),
			strconv.FormatBool(it.LowN), cell(it.Low), cell(it.High)})
	}
	return header, rows
}

// satisfactionBy counts, per value of one dimension (stage or touchpoint),
// the satisfaction answers (CSAT and stars) and those that are 4 or 5: the
// emotion curve and the touchpoints' satisfaction read the same numbers.
func (s *Service) satisfactionBy(ctx context.Context, wsID, dim string, w Window, f Filter) (top2, n map[string]int, err error) {
	top2, n = map[string]int{}, map[string]int{}
	for _, m := range satisfactionMeasures {
		hs, err := s.histograms(ctx, wsID, ScoreQuery{Measure: m, Filter: f}, []string{dim}, w)
		if err != nil {
			return nil, nil, err
		}
		for _, h := range hs {
			top2[h.key[0]] += h.high
			n[h.key[0]] += h.n
		}
	}
	return top2, n, nil
}
