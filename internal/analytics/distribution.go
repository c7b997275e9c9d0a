package analytics

import (
	"context"
	"net/url"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Distribution is how many answers gave each score of a measure's scale
// over a window: the 0–10 of NPS, the 1–5 of CSAT, the 1–7 of CES.
type Distribution struct {
	Measure string      `json:"measure"`
	From    string      `json:"from"`
	To      string      `json:"to"`
	N       int64       `json:"n"`
	Scores  []ScoreBand `json:"scores"`
}

// ScoreBand is the answers that gave one score.
type ScoreBand struct {
	Score   int     `json:"score"`
	Answers int64   `json:"answers"`
	Share   float64 `json:"share"` // % of n
}

// distributionScales are the measures a distribution is drawn for, with
// their question type and scale.
var distributionScales = map[string]struct {
	questionType string
	lo, hi       int
}{
	cx.MeasureNPS: {cx.QNPS, 0, 10}, cx.MeasureCSAT: {cx.QCSAT, 1, 5}, cx.MeasureCES: {cx.QCES, 1, 7},
}

// ScoreDistribution reads the same query as Scores (by is not used) and
// counts the answers of each score; ok is false for a measure without a
// fixed scale of survey answers (stars mix reviews of every scale,
// criteria are per row).
func (s *Service) ScoreDistribution(ctx context.Context, wsID string, q url.Values) (d *Distribution, ok bool, err error) {
	sq, err := s.ParseScoreQuery(ctx, wsID, q)
	if err != nil {
		return nil, false, err
	}
	scale, ok := distributionScales[sq.Measure]
	if !ok {
		return nil, false, nil
	}
	dq := store.DistributionQuery{QuestionType: scale.questionType, Start: sq.Window.Start().UnixMilli(), End: sq.Window.End().UnixMilli(),
		Equal: map[string]string{}, Question: sq.Question}
	if err := s.applyFilter(ctx, wsID, sq.Filter, &dq.Equal, &dq.Stages); err != nil {
		return nil, false, err
	}
	counts, err := s.store.ScoreDistribution(ctx, wsID, dq)
	if err != nil {
		return nil, false, err
	}
	by := map[int64]int64{}
	d = &Distribution{Measure: sq.Measure, From: sq.Window.From.Format(DateLayout), To: sq.Window.To.Format(DateLayout), Scores: []ScoreBand{}}
	for _, c := range counts {
		by[c.Value] += c.Count
		d.N += c.Count
	}
	for v := scale.lo; v <= scale.hi; v++ {
		d.Scores = append(d.Scores, ScoreBand{Score: v, Answers: by[int64(v)], Share: 100 * safeDiv(float64(by[int64(v)]), float64(d.N))})
	}
	return d, true, nil
}
