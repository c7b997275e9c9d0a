package store

import "context"

// TextScope narrows the counts of analysed texts; empty fields do not.
type TextScope struct {
	Stage, Touchpoint, Survey, Channel, Source string
}

// where adds the scope's conditions on the feedback row f.
func (sc TextScope) where(q string, args []any) (string, []any) {
	for _, c := range []struct{ column, value string }{{"stage_id", sc.Stage}, {"touchpoint_id", sc.Touchpoint},
		{"survey_id", sc.Survey}, {"channel", sc.Channel}, {"source", sc.Source}} {
		if c.value != "" {
			q, args = q+` AND f.`+c.column+` = ?`, append(args, c.value)
		}
	}
	return q, args
}

// SentimentCount is how many analysed texts of one group (a touchpoint or
// a stage; "" for none) have one sentiment, and the sum of their scores.
type SentimentCount struct {
	Key       string
	Sentiment string
	N         int64
	ScoreSum  float64
}

// SentimentCounts counts the analysed feedback texts that occurred in
// [start, end) by a column of the feedback (touchpoint_id or stage_id) and
// sentiment, as analysed or corrected.
func (s *Store) SentimentCounts(ctx context.Context, wsID, column string, start, end int64, sc TextScope) ([]SentimentCount, error) {
	if column != "touchpoint_id" && column != "stage_id" {
		column = "touchpoint_id"
	}
	q, args := sc.where(`SELECT COALESCE(f.`+column+`, ''), a.sentiment, COUNT(*), SUM(a.score) FROM feedback_analysis a
		JOIN feedback f ON f.workspace_id = a.workspace_id AND f.feedback_id = a.feedback_id
		WHERE a.workspace_id = ? AND f.occurred_at >= ? AND f.occurred_at < ?`, []any{wsID, start, end})
	return collect(ctx, s.reader(), func(row scanner) (SentimentCount, error) {
		var c SentimentCount
		err := row.Scan(&c.Key, &c.Sentiment, &c.N, &c.ScoreSum)
		return c, err
	}, q+` GROUP BY COALESCE(f.`+column+`, ''), a.sentiment`, args...)
}

// AspectCount is how many analysed texts mention an aspect with one
// sentiment.
type AspectCount struct {
	Aspect    string
	Sentiment string
	N         int64
}

// AspectCounts counts the aspects of the feedback texts that occurred in
// [start, end) by sentiment.
func (s *Store) AspectCounts(ctx context.Context, wsID string, start, end int64, sc TextScope) ([]AspectCount, error) {
	q, args := sc.where(`SELECT x.aspect, x.sentiment, COUNT(*) FROM feedback_aspects x
		JOIN feedback f ON f.workspace_id = x.workspace_id AND f.feedback_id = x.feedback_id
		WHERE x.workspace_id = ? AND f.occurred_at >= ? AND f.occurred_at < ?`, []any{wsID, start, end})
	return collect(ctx, s.reader(), func(row scanner) (AspectCount, error) {
		var c AspectCount
		err := row.Scan(&c.Aspect, &c.Sentiment, &c.N)
		return c, err
	}, q+` GROUP BY x.aspect, x.sentiment`, args...)
}
