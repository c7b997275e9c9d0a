package store

import (
	"context"
	"slices"
	"time"

	"cxm/internal/cx"
)

// errLinkUsed is what a respondent is told when their response is complete
// or their personal link already has one.
var errLinkUsed = cx.Errorf(cx.Conflict, "this link has already been used to answer the survey")

// surveyOpen returns an error unless the survey takes answers
// (cx.Survey.TakesAnswers). It reads the status inside the transaction that
// writes, so a survey closed a moment ago takes nothing more, whichever
// surface sends the answer.
func surveyOpen(ctx context.Context, c conn, wsID, surveyID string) error {
	var status string
	err := c.queryRow(ctx, `SELECT status FROM surveys WHERE workspace_id = ? AND survey_id = ?`, wsID, surveyID).Scan(&status)
	if err != nil {
		return notFound(err, "survey")
	}
	return cx.Survey{Status: status}.TakesAnswers()
}

// CreateResponse starts a response to a survey's current version. The
// respondent's token is kept only as its hash. A personal invitation gets
// at most one response.
func (s *Store) CreateResponse(ctx context.Context, wsID string, r cx.Response, tokenHash string) (cx.Response, error) {
	err := s.inTx(ctx, func(c conn) error { return s.createResponse(ctx, c, wsID, &r, tokenHash) })
	return r, err
}

func (s *Store) createResponse(ctx context.Context, c conn, wsID string, r *cx.Response, tokenHash string) error {
	if r.Answers == nil {
		r.Answers = []cx.Answer{}
	}
	if err := surveyOpen(ctx, c, wsID, r.SurveyID); err != nil {
		return err
	}
	if err := c.queryRow(ctx, `SELECT version FROM surveys WHERE workspace_id = ? AND survey_id = ?`, wsID, r.SurveyID).Scan(&r.Version); err != nil {
		return err
	}
	if r.CustomerID != "" {
		if err := exists(ctx, c, "customers", "customer_id", wsID, r.CustomerID, "customer"); err != nil {
			return cx.FieldErrorf("customer_id", "no customer %q in this workspace", r.CustomerID)
		}
	}
	r.ID = s.ids.New("rs")
	r.StartedAt = answeredAt(*r)
	if r.InvitationID != "" {
		res, err := c.exec(ctx, `UPDATE invitations SET response_id = ? WHERE workspace_id = ? AND invitation_id = ? AND response_id IS NULL`,
			r.ID, wsID, r.InvitationID)
		if err := mustAffect(res, err, "invitation"); err != nil {
			return errLinkUsed
		}
	}
	_, err := c.exec(ctx, `INSERT INTO responses (workspace_id, response_id, survey_id, version, invitation_id, customer_id, token_hash, channel, language, started_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		wsID, r.ID, r.SurveyID, r.Version, nullable(r.InvitationID), nullable(r.CustomerID), tokenHash, r.Channel, r.Language, ms(r.StartedAt))
	return err
}

// answeredAt is when a response's answers are stored as given: its
// CompletedAt when it names one, else now.
func answeredAt(r cx.Response) time.Time {
	if r.CompletedAt != nil {
		return r.CompletedAt.UTC().Truncate(time.Millisecond)
	}
	return now()
}

// SubmitResponse stores a whole response at once, as the API sends it:
// created, answered and completed in one transaction. A response that
// names its CompletedAt (a response from history) is stored as given then.
func (s *Store) SubmitResponse(ctx context.Context, wsID string, r cx.Response, tokenHash string) (cx.Response, error) {
	err := s.inTx(ctx, func(c conn) error {
		answers := r.Answers
		if err := s.createResponse(ctx, c, wsID, &r, tokenHash); err != nil {
			return err
		}
		return s.answer(ctx, c, wsID, r.ID, answers, "", true, answeredAt(r))
	})
	if err != nil {
		return cx.Response{}, err
	}
	return s.Response(ctx, wsID, r.ID)
}

// SubmitResponses stores many whole responses in one transaction, each as
// SubmitResponse does: a history brought in at once, or a benchmark's
// load. One that fails stores none. tokenHashes[i] is responses[i]'s.
func (s *Store) SubmitResponses(ctx context.Context, wsID string, responses []cx.Response, tokenHashes []string) error {
	return s.inTx(ctx, func(c conn) error {
		for i, r := range responses {
			answers := r.Answers
			if err := s.createResponse(ctx, c, wsID, &r, tokenHashes[i]); err != nil {
				return err
			}
			if err := s.answer(ctx, c, wsID, r.ID, answers, "", true, answeredAt(r)); err != nil {
				return err
			}
		}
		return nil
	})
}

const responseColumns = `response_id, survey_id, version, COALESCE(invitation_id, ''), COALESCE(customer_id, ''), channel, language, last_question, started_at, completed_at`

func scanResponse(row scanner) (cx.Response, error) {
	var r cx.Response
	var started int64
	var completed *int64
	err := row.Scan(&r.ID, &r.SurveyID, &r.Version, &r.InvitationID, &r.CustomerID, &r.Channel, &r.Language, &r.LastQuestion, &started, &completed)
	r.StartedAt = fromMS(started)
	if completed != nil {
		t := fromMS(*completed)
		r.CompletedAt = &t
	}
	return r, err
}

// ResponseByToken finds the response a respondent's token stands for.
func (s *Store) ResponseByToken(ctx context.Context, tokenHash string) (string, cx.Response, error) {
	var wsID string
	c := s.reader()
	err := c.queryRow(ctx, `SELECT workspace_id FROM responses WHERE token_hash = ?`, tokenHash).Scan(&wsID)
	if err != nil {
		return "", cx.Response{}, notFound(err, "response")
	}
	r, err := scanResponse(c.queryRow(ctx, `SELECT `+responseColumns+` FROM responses WHERE token_hash = ?`, tokenHash))
	if err != nil {
		return "", cx.Response{}, notFound(err, "response")
	}
	r.Answers, err = responseAnswers(ctx, c, wsID, r.ID)
	return wsID, r, err
}

// Response returns one response with its answers.
func (s *Store) Response(ctx context.Context, wsID, id string) (cx.Response, error) {
	c := s.reader()
	r, err := scanResponse(c.queryRow(ctx, `SELECT `+responseColumns+` FROM responses WHERE workspace_id = ? AND response_id = ?`, wsID, id))
	if err != nil {
		return cx.Response{}, notFound(err, "response")
	}
	r.Answers, err = responseAnswers(ctx, c, wsID, r.ID)
	return r, err
}

// Responses lists the responses to a survey, oldest first, with answers:
// those of the whole page are read in one query.
func (s *Store) Responses(ctx context.Context, wsID, surveyID string, p Page) (List[cx.Response], error) {
	c := s.reader()
	if err := exists(ctx, c, "surveys", "survey_id", wsID, surveyID, "survey"); err != nil {
		return List[cx.Response]{}, err
	}
	out, err := collect(ctx, c, scanResponse, `SELECT `+responseColumns+` FROM responses WHERE workspace_id = ? AND survey_id = ? AND response_id > ?
		ORDER BY response_id LIMIT ?`, wsID, surveyID, p.After, p.limit())
	if err != nil {
		return List[cx.Response]{}, err
	}
	list := cut(out, p, func(r cx.Response) string { return r.ID })
	ids := make([]string, len(list.Items))
	for i, r := range list.Items {
		ids[i] = r.ID
	}
	answers, err := answersOf(ctx, c, wsID, ids)
	if err != nil {
		return List[cx.Response]{}, err
	}
	for i := range list.Items {
		list.Items[i].Answers = answers[list.Items[i].ID]
	}
	return list, nil
}

// responseAnswers returns the answers of one response.
func responseAnswers(ctx context.Context, c conn, wsID, responseID string) ([]cx.Answer, error) {
	answers, err := answersOf(ctx, c, wsID, []string{responseID})
	return answers[responseID], err
}

// answersOf rebuilds the answers of responses from their feedback rows, in
// one query: response id → its answers in the order they were stored (an
// empty list for a response without any).
func answersOf(ctx context.Context, c conn, wsID string, responseIDs []string) (map[string][]cx.Answer, error) {
	out := make(map[string][]cx.Answer, len(responseIDs))
	if len(responseIDs) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(responseIDs)+1)
	args = append(args, wsID)
	for _, id := range responseIDs {
		out[id] = []cx.Answer{}
		args = append(args, id)
	}
	rows, err := collect(ctx, c, scanAnswerRow, `SELECT `+answerColumns+` FROM feedback
		WHERE workspace_id = ? AND response_id IN (`+placeholders(len(responseIDs))+`) ORDER BY response_id, feedback_id`, args...)
	if err != nil {
		return nil, err
	}
	at := map[[2]string]int{} // response id and question key → index in out[response id]
	for _, row := range rows {
		answers := out[row.responseID]
		k := [2]string{row.responseID, row.key}
		i, ok := at[k]
		if !ok {
			i = len(answers)
			at[k] = i
			answers = append(answers, cx.Answer{Question: row.key})
		}
		if err := row.addTo(&answers[i]); err != nil {
			return nil, err
		}
		out[row.responseID] = answers
	}
	return out, nil
}

const answerColumns = `response_id, question_key, question_type, criterion, score, choices, text`

// answerRow is one feedback row of a response: an answer, or one criterion
// of a matrix answer.
type answerRow struct {
	responseID, key, qtype, criterion, choices, text string
	score                                            *float64
}

func scanAnswerRow(row scanner) (answerRow, error) {
	var a answerRow
	err := row.Scan(&a.responseID, &a.key, &a.qtype, &a.criterion, &a.score, &a.choices, &a.text)
	return a, err
}

// addTo puts the row into its answer: a matrix row adds one criterion's
// score, any other row is the whole answer.
func (row answerRow) addTo(a *cx.Answer) error {
	if row.qtype == cx.QMatrix && row.score != nil {
		if a.Scores == nil {
			a.Scores = map[string]float64{}
		}
		a.Scores[row.criterion] = *row.score
		return nil
	}
	a.Score, a.Text = row.score, row.text
	return fromJSON(row.choices, &a.Choices)
}

// AnswerResponse stores answers of a response in one transaction: each
// replaces an earlier answer to the same question, so a respondent may go
// back. last is the question the respondent reached; complete ends the
// response (and uses up its invitation). Answers must have been checked
// against their questions (cx.Question.Check).
func (s *Store) AnswerResponse(ctx context.Context, wsID, responseID string, answers []cx.Answer, last string, complete bool) error {
	return s.inTx(ctx, func(c conn) error { return s.answer(ctx, c, wsID, responseID, answers, last, complete, now()) })
}

func (s *Store) answer(ctx context.Context, c conn, wsID, responseID string, answers []cx.Answer, last string, complete bool, at time.Time) error {
	r, err := scanResponse(c.queryRow(ctx, `SELECT `+responseColumns+` FROM responses WHERE workspace_id = ? AND response_id = ?`, wsID, responseID))
	if err != nil {
		return notFound(err, "response")
	}
	if r.CompletedAt != nil {
		return errLinkUsed
	}
	if err := surveyOpen(ctx, c, wsID, r.SurveyID); err != nil {
		return err
	}
	base, err := answerBase(ctx, c, wsID, r)
	if err != nil {
		return err
	}
	for _, a := range answers {
		if err := s.replaceAnswer(ctx, c, wsID, base, a, at); err != nil {
			return err
		}
	}
	return finishStep(ctx, c, wsID, r, last, complete, at)
}

// answerBase is what every feedback row of a response shares: survey,
// version, customer, touchpoint, stage, phase, language and the types of
// the version's questions.
func answerBase(ctx context.Context, c conn, wsID string, r cx.Response) (answerContext, error) {
	fb := cx.Feedback{Source: "survey", Kind: cx.KindAnswer, SurveyID: r.SurveyID, SurveyVersion: r.Version, ResponseID: r.ID,
		CustomerID: r.CustomerID, Language: r.Language, Channel: r.Channel}
	err := c.queryRow(ctx, `SELECT COALESCE(s.touchpoint_id, ''), COALESCE(t.stage_id, ''), COALESCE(t.phase, '')
		FROM surveys s LEFT JOIN touchpoints t ON t.workspace_id = s.workspace_id AND t.touchpoint_id = s.touchpoint_id
		WHERE s.workspace_id = ? AND s.survey_id = ?`, wsID, r.SurveyID).Scan(&fb.TouchpointID, &fb.StageID, &fb.Phase)
	if err != nil {
		return answerContext{}, err
	}
	qs, err := questions(ctx, c, wsID, r.SurveyID, r.Version)
	types := map[string]string{}
	for _, q := range qs {
		types[q.Key] = q.Type
	}
	return answerContext{fb, types}, err
}

type answerContext struct {
	base  cx.Feedback
	types map[string]string
}

func (s *Store) replaceAnswer(ctx context.Context, c conn, wsID string, ac answerContext, a cx.Answer, at time.Time) error {
	qtype, ok := ac.types[a.Question]
	if !ok {
		return cx.FieldErrorf("question", "no question %q in this survey", a.Question)
	}
	if err := s.deleteAnswer(ctx, c, wsID, ac.base.ResponseID, a.Question); err != nil || a.Empty() {
		return err
	}
	fb := ac.base
	fb.QuestionKey, fb.QuestionType = a.Question, qtype
	fb.ScaleMin, fb.ScaleMax, _ = cx.Scale(qtype)
	fb.OccurredAt = at
	if qtype != cx.QMatrix {
		fb.Score, fb.Choices, fb.Text = a.Score, a.Choices, a.Text
		return s.insertFeedback(ctx, c, wsID, &fb, "")
	}
	// In key order, so that concurrent transactions update the rollup rows
	// in the same order and never deadlock on PostgreSQL.
	criteria := make([]string, 0, len(a.Scores))
	for k := range a.Scores {
		criteria = append(criteria, k)
	}
	slices.Sort(criteria)
	for _, criterion := range criteria {
		v := a.Scores[criterion]
		row := fb
		row.Criterion, row.Score = criterion, &v
		if err := s.insertFeedback(ctx, c, wsID, &row, ""); err != nil {
			return err
		}
	}
	return nil
}

// deleteAnswer removes the rows of an earlier answer to a question, and
// takes them out of the score rollups.
func (s *Store) deleteAnswer(ctx context.Context, c conn, wsID, responseID, question string) error {
	old, err := collect(ctx, c, scanFeedback, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = ? AND response_id = ? AND question_key = ?
		ORDER BY criterion`, wsID, responseID, question)
	if err != nil || len(old) == 0 {
		return err
	}
	for _, f := range old {
		if err := s.rollScore(ctx, c, wsID, f, -1); err != nil {
			return err
		}
	}
	_, err = c.exec(ctx, `DELETE FROM feedback WHERE workspace_id = ? AND response_id = ? AND question_key = ?`, wsID, responseID, question)
	return err
}

func finishStep(ctx context.Context, c conn, wsID string, r cx.Response, last string, complete bool, at time.Time) error {
	var completed any
	if complete {
		completed = ms(at)
	}
	_, err := c.exec(ctx, `UPDATE responses SET last_question = ?, completed_at = ? WHERE workspace_id = ? AND response_id = ?`,
		last, completed, wsID, r.ID)
	if err != nil || !complete || r.InvitationID == "" {
		return err
	}
	_, err = c.exec(ctx, `UPDATE invitations SET status = 'responded', responded_at = ? WHERE workspace_id = ? AND invitation_id = ?`,
		completed, wsID, r.InvitationID)
	return err
}
