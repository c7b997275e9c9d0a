package httpio

import (
	"cxm/internal/cx"
	"cxm/internal/store"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scales are the score scales a feedback filter may keep: NPS 0–10; CSAT,
// stars and rating matrices 1–5; CES 1–7.
var Scales = map[string][2]float64{"0-10": {0, 10}, "1-5": {1, 5}, "1-7": {1, 7}}

// FeedbackFilter reads the feedback filters from a query: survey_id,
// touchpoint_id, customer_id, source, kind, question_key, scale (0-10,
// 1-5, 1-7), min_score, max_score, from and to (YYYY-MM-DD, to inclusive),
// and what the text analysis read: sentiment, aspect, language.
func FeedbackFilter(q url.Values) (store.FeedbackFilter, error) {
	f := store.FeedbackFilter{SurveyID: q.Get("survey_id"), TouchpointID: q.Get("touchpoint_id"), CustomerID: q.Get("customer_id"),
		Source: q.Get("source"), Kind: q.Get("kind"), QuestionKey: q.Get("question_key"),
		Sentiment: q.Get("sentiment"), Aspect: q.Get("aspect"), Language: q.Get("language")}
	if f.Sentiment != "" && !slices.Contains(cx.Sentiments, f.Sentiment) {
		return f, cx.FieldErrorf("sentiment", "sentiment must be one of %s", strings.Join(cx.Sentiments, ", "))
	}
	if f.Language != "" && !slices.Contains(cx.TextLanguages, f.Language) {
		return f, cx.FieldErrorf("language", "language must be one of %s", strings.Join(cx.TextLanguages, ", "))
	}
	if len(f.Aspect) > 40 {
		return f, cx.FieldErrorf("aspect", "%s is longer than %d characters", "aspect", 40)
	}
	for _, n := range []struct {
		name string
		dst  **float64
	}{{"min_score", &f.MinScore}, {"max_score", &f.MaxScore}} {
		if s := strings.TrimSpace(q.Get(n.name)); s != "" {
			v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
			if err != nil {
				return f, cx.FieldErrorf(n.name, "%s must be a number", n.name)
			}
			*n.dst = &v
		}
	}
	if s := q.Get("scale"); s != "" {
		sc, ok := Scales[s]
		if !ok {
			return f, cx.FieldErrorf("scale", "scale must be one of 0-10, 1-5, 1-7")
		}
		f.Scale = &sc
	}
	for _, d := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if s := strings.TrimSpace(q.Get(d.name)); s != "" {
			day, ok := cx.Day(s)
			t, err := time.Parse("2006-01-02", day)
			if !ok || err != nil {
				return f, cx.FieldErrorf(d.name, "%s must be a date such as 2026-11-22", d.name)
			}
			*d.dst = t.AddDate(0, 0, d.add)
		}
	}
	return f, nil
}
