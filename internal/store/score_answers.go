package store

import (
	"context"
	"time"
)

// The few measures that rollups cannot give: key drivers need every
// response's scores side by side, and the response rate counts
// invitations.

// AnswerQuery selects feedback rows of one survey in a time range.
type AnswerQuery struct {
	SurveyID     string
	QuestionKeys []string // the rows of these questions
	From, To     time.Time
	Equal        map[string]string // of ScoreDimensions: touchpoint, stage, phase, channel, source
	Stages       []string          // when not nil, only these stages
}

// AnswerScore is one scored feedback row: a response's answer to a question
// (or to one criterion of a matrix).
type AnswerScore struct {
	ResponseID, QuestionKey, Criterion string
	Score                              float64
}

// AnswerScores returns the scored rows that q selects, by response.
func (s *Store) AnswerScores(ctx context.Context, wsID string, q AnswerQuery) ([]AnswerScore, error) {
	if len(q.QuestionKeys) == 0 || q.Stages != nil && len(q.Stages) == 0 {
		return nil, nil
	}
	where := `workspace_id = ? AND survey_id = ? AND occurred_at >= ? AND occurred_at < ? AND score IS NOT NULL
		AND question_key IN (` + placeholders(len(q.QuestionKeys)) + `)`
	args := []any{wsID, q.SurveyID, ms(q.From), ms(q.To)}
	for _, k := range q.QuestionKeys {
		args = append(args, k)
	}
	for dim, v := range q.Equal {
		where += ` AND COALESCE(` + ScoreDimensions[dim] + `, '') = ?`
		args = append(args, v)
	}
	if q.Stages != nil {
		where += ` AND stage_id IN (` + placeholders(len(q.Stages)) + `)`
		for _, st := range q.Stages {
			args = append(args, st)
		}
	}
	return collect(ctx, s.reader(), func(row scanner) (AnswerScore, error) {
		var a AnswerScore
		return a, row.Scan(&a.ResponseID, &a.QuestionKey, &a.Criterion, &a.Score)
	}, `SELECT response_id, question_key, criterion, score FROM feedback WHERE `+where+` ORDER BY response_id`, args...)
}

// InvitationCount is how many invitations were sent and how many of them
// were answered.
type InvitationCount struct {
	Sent, Responded int
}

// InvitationCounts counts the invitations sent in [from, to), for surveys
// at one touchpoint or stage when they are given.
func (s *Store) InvitationCounts(ctx context.Context, wsID string, from, to time.Time, touchpointID, stageID string) (InvitationCount, error) {
	q := `SELECT COUNT(*), COUNT(i.responded_at) FROM invitations i
		JOIN surveys s ON s.workspace_id = i.workspace_id AND s.survey_id = i.survey_id
		LEFT JOIN touchpoints t ON t.workspace_id = s.workspace_id AND t.touchpoint_id = s.touchpoint_id
		WHERE i.workspace_id = ? AND i.sent_at >= ? AND i.sent_at < ?`
	args := []any{wsID, ms(from), ms(to)}
	if touchpointID != "" {
		q, args = q+` AND s.touchpoint_id = ?`, append(args, touchpointID)
	}
	if stageID != "" {
		q, args = q+` AND t.stage_id = ?`, append(args, stageID)
	}
	var c InvitationCount
	err := s.reader().queryRow(ctx, q, args...).Scan(&c.Sent, &c.Responded)
	return c, err
}
