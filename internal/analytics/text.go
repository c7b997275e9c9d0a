package analytics

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/store"
)

const sentimentDefinition = "Sentiment = per touchpoint or stage, the analysed feedback texts (survey comments, reviews, notes) by sentiment, as the text analysis read them or a member corrected them; net sentiment = % positive − % negative; mean score of P(positive) − P(negative)"

const aspectsDefinition = "Aspects = the CX aspects the analysed feedback texts mention, by how many texts mention each (share of the analysed texts) and with which sentiment; net = % positive − % negative of its mentions"

// SentimentResult is the sentiment of the feedback texts per touchpoint or
// per stage, in a window.
type SentimentResult struct {
	Definition string          `json:"definition"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	By         string          `json:"by"` // touchpoint or stage
	Total      SentimentItem   `json:"total"`
	Items      []SentimentItem `json:"items"`
}

// Sentiments counts texts (or mentions) by sentiment.
type Sentiments struct {
	Negative int `json:"negative"`
	Neutral  int `json:"neutral"`
	Positive int `json:"positive"`
}

// add counts n more with a sentiment; an odd stored value is left out,
// never failing the measure.
func (c *Sentiments) add(sentiment string, n int) bool {
	switch sentiment {
	case cx.SentimentNegative:
		c.Negative += n
	case cx.SentimentNeutral:
		c.Neutral += n
	case cx.SentimentPositive:
		c.Positive += n
	default:
		return false
	}
	return true
}

// net is % positive − % negative of n.
func (c Sentiments) net(n int) *float64 {
	if n == 0 {
		return nil
	}
	return num(100 * float64(c.Positive-c.Negative) / float64(n))
}

// SentimentItem is one touchpoint's or stage's texts by sentiment; Key ""
// gathers the texts given at none.
type SentimentItem struct {
	Key  string  `json:"key"`
	Name cx.Text `json:"name"`
	N    int     `json:"n"`
	Sentiments
	NegativePct *float64 `json:"negative_pct"`
	PositivePct *float64 `json:"positive_pct"`
	Net         *float64 `json:"net"`        // % positive − % negative
	MeanScore   *float64 `json:"mean_score"` // −1 … 1
	LowN        bool     `json:"low_n"`
	scoreSum    float64
}

func (it *SentimentItem) add(sentiment string, n int, scoreSum float64) {
	if it.Sentiments.add(sentiment, n) {
		it.N += n
		it.scoreSum += scoreSum
	}
}

func (it *SentimentItem) finish() {
	it.LowN = it.N < LowN
	if it.N == 0 {
		return
	}
	n := float64(it.N)
	it.NegativePct, it.PositivePct = num(100*float64(it.Negative)/n), num(100*float64(it.Positive)/n)
	it.Net, it.MeanScore = it.net(it.N), num(it.scoreSum/n)
}

// Sentiment answers GET /api/v1/analytics/sentiment: by=touchpoint (the
// default) or by=stage, with the window and filters of every measure.
func (s *Service) Sentiment(ctx context.Context, wsID string, q url.Values) (*SentimentResult, error) {
	w, f, err := s.windowAndFilter(ctx, wsID, q)
	if err != nil {
		return nil, err
	}
	by := q.Get("by")
	if by == "" {
		by = "touchpoint"
	}
	column := map[string]string{"touchpoint": "touchpoint_id", "stage": "stage_id"}[by]
	if column == "" {
		return nil, cx.FieldErrorf("by", "by must be touchpoint or stage")
	}
	names, inJourney, err := s.textNames(ctx, wsID, by, f.Journey)
	if err != nil {
		return nil, err
	}
	counts, err := s.store.SentimentCounts(ctx, wsID, column, w.Start().UnixMilli(), w.End().UnixMilli(), textScope(f))
	if err != nil {
		return nil, err
	}
	res := &SentimentResult{Definition: sentimentDefinition, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout), By: by,
		Items: []SentimentItem{}}
	byKey := map[string]*SentimentItem{}
	for _, c := range counts {
		if inJourney != nil && !inJourney[c.Key] {
			continue
		}
		it, ok := byKey[c.Key]
		if !ok {
			it = &SentimentItem{Key: c.Key, Name: names[c.Key]}
			byKey[c.Key] = it
		}
		it.add(c.Sentiment, int(c.N), c.ScoreSum)
		res.Total.add(c.Sentiment, int(c.N), c.ScoreSum)
	}
	for _, it := range byKey {
		it.finish()
		res.Items = append(res.Items, *it)
	}
	res.Total.finish()
	slices.SortFunc(res.Items, func(a, b SentimentItem) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Key, b.Key)
	})
	return res, nil
}

func textScope(f Filter) store.TextScope {
	return store.TextScope{Stage: f.Stage, Touchpoint: f.Touchpoint, Survey: f.Survey, Channel: f.Channel, Source: f.Source}
}

// textNames names the touchpoints or the stages; with a journey, it also
// says which stages are the journey's.
func (s *Service) textNames(ctx context.Context, wsID, by, journey string) (map[string]cx.Text, map[string]bool, error) {
	names := map[string]cx.Text{}
	if by == "touchpoint" {
		tps, err := s.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
		if err != nil {
			return nil, nil, err
		}
		for _, tp := range tps {
			names[tp.ID] = tp.Name
		}
		return names, nil, nil
	}
	js, err := s.store.Journeys(ctx, wsID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return nil, nil, err
	}
	var in map[string]bool
	if journey != "" {
		in = map[string]bool{}
	}
	for _, j := range js.Items {
		for _, st := range j.Stages {
			names[st.ID] = st.Name
			if j.ID == journey {
				in[st.ID] = true
			}
		}
	}
	return names, in, nil
}

// CSV writes the total, then one group a row.
func (r *SentimentResult) CSV() ([]string, [][]string) {
	header := []string{r.By + "_id", "name", "n", "negative", "neutral", "positive", "negative_pct", "positive_pct", "net", "mean_score", "low_n"}
	row := func(it SentimentItem, key string) []string {
		return []string{key, it.Name.Vi, strconv.Itoa(it.N), strconv.Itoa(it.Negative), strconv.Itoa(it.Neutral), strconv.Itoa(it.Positive),
			cell(it.NegativePct), cell(it.PositivePct), cell(it.Net), cell(it.MeanScore), strconv.FormatBool(it.LowN)}
	}
	rows := [][]string{row(r.Total, "total")}
	for _, it := range r.Items {
		rows = append(rows, row(it, it.Key))
	}
	return header, rows
}

// AspectsResult is what the feedback texts of a window talk about.
type AspectsResult struct {
	Definition string       `json:"definition"`
	From       string       `json:"from"`
	To         string       `json:"to"`
	Texts      int          `json:"texts"` // analysed texts in the window, what Share divides by
	Items      []AspectItem `json:"items"`
}

// AspectItem is one aspect: how many texts mention it and with which
// sentiment.
type AspectItem struct {
	Aspect   string   `json:"aspect"`
	Mentions int      `json:"mentions"`
	Share    *float64 `json:"share"` // % of the analysed texts
	Sentiments
	Net  *float64 `json:"net"` // % positive − % negative of its mentions
	LowN bool     `json:"low_n"`
}

// Aspects answers GET /api/v1/analytics/aspects: the aspects by how often
// they are mentioned, most first, with the window and filters of every
// measure.
func (s *Service) Aspects(ctx context.Context, wsID string, q url.Values) (*AspectsResult, error) {
	w, f, err := s.windowAndFilter(ctx, wsID, q)
	if err != nil {
		return nil, err
	}
	if f.Journey != "" && f.Stage == "" {
		return nil, cx.FieldErrorf("journey", "aspects take a stage, not a journey")
	}
	texts, err := s.store.SentimentCounts(ctx, wsID, "touchpoint_id", w.Start().UnixMilli(), w.End().UnixMilli(), textScope(f))
	if err != nil {
		return nil, err
	}
	counts, err := s.store.AspectCounts(ctx, wsID, w.Start().UnixMilli(), w.End().UnixMilli(), textScope(f))
	if err != nil {
		return nil, err
	}
	res := &AspectsResult{Definition: aspectsDefinition, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout), Items: []AspectItem{}}
	for _, c := range texts {
		res.Texts += int(c.N)
	}
	byKey := map[string]*AspectItem{}
	for _, c := range counts {
		it, ok := byKey[c.Aspect]
		if !ok {
			it = &AspectItem{Aspect: c.Aspect}
			byKey[c.Aspect] = it
		}
		if it.add(c.Sentiment, int(c.N)) {
			it.Mentions += int(c.N)
		}
	}
	for _, it := range byKey {
		it.LowN, it.Net = it.Mentions < LowN, it.net(it.Mentions)
		if res.Texts > 0 {
			it.Share = num(100 * float64(it.Mentions) / float64(res.Texts))
		}
		res.Items = append(res.Items, *it)
	}
	slices.SortFunc(res.Items, func(a, b AspectItem) int {
		if a.Mentions != b.Mentions {
			return b.Mentions - a.Mentions
		}
		return strings.Compare(a.Aspect, b.Aspect)
	})
	return res, nil
}

// CSV writes one aspect a row.
func (r *AspectsResult) CSV() ([]string, [][]string) {
	header := []string{"aspect", "mentions", "share", "negative", "neutral", "positive", "net", "low_n"}
	rows := make([][]string, 0, len(r.Items))
	for _, it := range r.Items {
		rows = append(rows, []string{it.Aspect, strconv.Itoa(it.Mentions), cell(it.Share), strconv.Itoa(it.Negative),
			strconv.Itoa(it.Neutral), strconv.Itoa(it.Positive), cell(it.Net), strconv.FormatBool(it.LowN)})
	}
	return header, rows
}
