package store

import (
	"context"
	"strings"
)

// DistributionQuery asks how many survey answers of one question type
// gave each score in [Start, End) (Unix ms of occurred_at), with the
// score rollups' filters (ScoreQuery.Equal, Stages and Question).
type DistributionQuery struct {
	QuestionType string
	Start, End   int64
	Equal        map[string]string
	Stages       []string
	Question     string
}

// distributionColumns are the feedback columns a distribution filters on,
// by the names of ScoreDimensions.
var distributionColumns = map[string]string{
	"touchpoint": "COALESCE(touchpoint_id, '')", "stage": "COALESCE(stage_id, '')", "phase": "phase", "channel": "channel",
	"survey": "COALESCE(survey_id, '')", "source": "source",
}

// ScoreDistribution counts the answers of each whole score: the rows the
// score rollups count for that question type (cx.ScoreOf), read from the
// feedback table, since the rollups keep sums rather than every score.
func (s *Store) ScoreDistribution(ctx context.Context, wsID string, q DistributionQuery) ([]ValueCount, error) {
	var b strings.Builder
	b.WriteString(`SELECT CAST(ROUND(score) AS BIGINT) AS v, COUNT(*) FROM feedback WHERE workspace_id = ? AND source = 'survey' AND question_type = ?
		AND score IS NOT NULL AND occurred_at >= ? AND occurred_at < ?`)
	args := []any{wsID, q.QuestionType, q.Start, q.End}
	for dim, v := range q.Equal {
		col, ok := distributionColumns[dim]
		if !ok {
			continue
		}
		b.WriteString(` AND ` + col + ` = ?`)
		args = append(args, v)
	}
	if q.Question != "" {
		b.WriteString(` AND question_key = ?`)
		args = append(args, q.Question)
	}
	if q.Stages != nil {
		if len(q.Stages) == 0 {
			return nil, nil
		}
		b.WriteString(` AND stage_id IN (` + placeholders(len(q.Stages)) + `)`)
		for _, st := range q.Stages {
			args = append(args, st)
		}
	}
	b.WriteString(` GROUP BY CAST(ROUND(score) AS BIGINT) ORDER BY v`)
	return collect(ctx, s.reader(), func(row scanner) (ValueCount, error) {
		var v ValueCount
		return v, row.Scan(&v.Value, &v.Count)
	}, b.String(), args...)
}
