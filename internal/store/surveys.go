package store

import (
	"context"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// SurveyVersion is one frozen set of a survey's questions.
type SurveyVersion struct {
	Version   int           `json:"version"`
	CreatedAt time.Time     `json:"created_at"`
	Questions []cx.Question `json:"questions"`
}

// CreateSurvey stores a new survey as version 1 with a fresh public key.
func (s *Store) CreateSurvey(ctx context.Context, wsID string, sv cx.Survey) (cx.Survey, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := checkSurvey(ctx, c, wsID, &sv); err != nil {
			return err
		}
		sv.ID = s.ids.New("sv")
		sv.Version = 1
		sv.PublicKey = strings.ToLower(secret.RandomToken(10))
		sv.CreatedAt = now()
		sv.UpdatedAt = sv.CreatedAt
		_, err := c.exec(ctx, `INSERT INTO surveys (workspace_id, survey_id, name_vi, name_en, intro_vi, intro_en, thanks_vi, thanks_en,
			next_url, next_label_vi, next_label_en, touchpoint_id, status, version, public_key, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			wsID, sv.ID, sv.Name.Vi, sv.Name.En, sv.Intro.Vi, sv.Intro.En, sv.Thanks.Vi, sv.Thanks.En,
			sv.NextURL, sv.NextLabel.Vi, sv.NextLabel.En, nullable(sv.TouchpointID), sv.Status, sv.Version, sv.PublicKey,
			ms(sv.CreatedAt), ms(sv.UpdatedAt))
		if err != nil {
			return err
		}
		return insertVersion(ctx, c, wsID, sv.ID, 1, sv.Questions)
	})
	if err != nil {
		return cx.Survey{}, err
	}
	return s.Survey(ctx, wsID, sv.ID)
}

// checkSurvey fills a survey's question keys, validates it and checks that
// its touchpoint is the workspace's.
func checkSurvey(ctx context.Context, c conn, wsID string, sv *cx.Survey) error {
	FillQuestionKeys(sv.Questions)
	if err := sv.Validate(); err != nil {
		return err
	}
	if sv.Questions == nil {
		sv.Questions = []cx.Question{}
	}
	if sv.TouchpointID != "" {
		if err := exists(ctx, c, "touchpoints", "touchpoint_id", wsID, sv.TouchpointID, "touchpoint"); err != nil {
			return cx.FieldErrorf("touchpoint_id", "no touchpoint %q in this workspace", sv.TouchpointID)
		}
	}
	return nil
}

func insertVersion(ctx context.Context, c conn, wsID, surveyID string, version int, qs []cx.Question) error {
	_, err := c.exec(ctx, `INSERT INTO survey_versions (workspace_id, survey_id, version, created_at) VALUES (?, ?, ?, ?)`,
		wsID, surveyID, version, ms(now()))
	if err != nil {
		return err
	}
	return insertQuestions(ctx, c, wsID, surveyID, version, qs)
}

// questionSpec is what a question keeps beside its columns.
type questionSpec struct {
	Options []cx.Option `json:"options,omitempty"`
	Overall bool        `json:"overall,omitempty"`
	ShowIf  *cx.Branch  `json:"show_if,omitempty"`
}

func insertQuestions(ctx context.Context, c conn, wsID, surveyID string, version int, qs []cx.Question) error {
	for i, q := range qs {
		_, err := c.exec(ctx, `INSERT INTO survey_questions (workspace_id, survey_id, version, position, question_key, type, title_vi, title_en, required, spec)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			wsID, surveyID, version, i, q.Key, q.Type, q.Title.Vi, q.Title.En, q.Required,
			toJSON(questionSpec{Options: q.Options, Overall: q.Overall, ShowIf: q.ShowIf}))
		if err != nil {
			return err
		}
	}
	return nil
}

// questions returns the questions of one version, in order.
func questions(ctx context.Context, c conn, wsID, surveyID string, version int) ([]cx.Question, error) {
	return collect(ctx, c, scanQuestion, `SELECT question_key, type, title_vi, title_en, required, spec FROM survey_questions
		WHERE workspace_id = ? AND survey_id = ? AND version = ? ORDER BY position`, wsID, surveyID, version)
}

func scanQuestion(row scanner) (cx.Question, error) {
	var q cx.Question
	var spec string
	if err := row.Scan(&q.Key, &q.Type, &q.Title.Vi, &q.Title.En, &q.Required, &spec); err != nil {
		return q, err
	}
	var sp questionSpec
	if err := fromJSON(spec, &sp); err != nil {
		return q, err
	}
	q.Options, q.Overall, q.ShowIf = sp.Options, sp.Overall, sp.ShowIf
	return q, nil
}

// SurveyQuestions returns the questions of one version of a survey.
func (s *Store) SurveyQuestions(ctx context.Context, wsID, surveyID string, version int) ([]cx.Question, error) {
	return questions(ctx, s.reader(), wsID, surveyID, version)
}

const surveyColumns = `survey_id, name_vi, name_en, intro_vi, intro_en, thanks_vi, thanks_en, next_url, next_label_vi, next_label_en,
	COALESCE(touchpoint_id, ''), status, version, public_key, created_at, updated_at`

func scanSurvey(row scanner) (cx.Survey, error) {
	var sv cx.Survey
	var created, updated int64
	err := row.Scan(&sv.ID, &sv.Name.Vi, &sv.Name.En, &sv.Intro.Vi, &sv.Intro.En, &sv.Thanks.Vi, &sv.Thanks.En, &sv.NextURL,
		&sv.NextLabel.Vi, &sv.NextLabel.En, &sv.TouchpointID, &sv.Status, &sv.Version, &sv.PublicKey, &created, &updated)
	sv.CreatedAt, sv.UpdatedAt = fromMS(created), fromMS(updated)
	return sv, err
}

// Survey returns a survey with the questions of its current version.
func (s *Store) Survey(ctx context.Context, wsID, id string) (cx.Survey, error) {
	c := s.reader()
	sv, err := scanSurvey(c.queryRow(ctx, `SELECT `+surveyColumns+` FROM surveys WHERE workspace_id = ? AND survey_id = ?`, wsID, id))
	if err != nil {
		return cx.Survey{}, notFound(err, "survey")
	}
	sv.Questions, err = questions(ctx, c, wsID, id, sv.Version)
	return sv, err
}

// SurveyByPublicKey finds the survey of an anonymous link, in any
// workspace, and returns its workspace too.
func (s *Store) SurveyByPublicKey(ctx context.Context, key string) (string, cx.Survey, error) {
	var wsID, id string
	err := s.reader().queryRow(ctx, `SELECT workspace_id, survey_id FROM surveys WHERE public_key = ?`, key).Scan(&wsID, &id)
	if err != nil {
		return "", cx.Survey{}, notFound(err, "survey")
	}
	sv, err := s.Survey(ctx, wsID, id)
	return wsID, sv, err
}

// Surveys lists a workspace's surveys, newest last, with their questions.
func (s *Store) Surveys(ctx context.Context, wsID string, p Page) (List[cx.Survey], error) {
	c := s.reader()
	out, err := collect(ctx, c, scanSurvey, `SELECT `+surveyColumns+` FROM surveys WHERE workspace_id = ? AND survey_id > ? ORDER BY survey_id LIMIT ?`,
		wsID, p.After, p.limit())
	if err != nil {
		return List[cx.Survey]{}, err
	}
	list := cut(out, p, func(sv cx.Survey) string { return sv.ID })
	for i, sv := range list.Items {
		if list.Items[i].Questions, err = questions(ctx, c, wsID, sv.ID, sv.Version); err != nil {
			return List[cx.Survey]{}, err
		}
	}
	return list, nil
}

// UpdateSurvey replaces a survey's texts, status and questions. When the
// current version already has responses, the questions go into a new
// version, so that answers given keep the questions they answered.
func (s *Store) UpdateSurvey(ctx context.Context, wsID string, sv cx.Survey) (cx.Survey, error) {
	err := s.inTx(ctx, func(c conn) error {
		var version int
		err := c.queryRow(ctx, `SELECT version FROM surveys WHERE workspace_id = ? AND survey_id = ?`, wsID, sv.ID).Scan(&version)
		if err != nil {
			return notFound(err, "survey")
		}
		if err := checkSurvey(ctx, c, wsID, &sv); err != nil {
			return err
		}
		if version, err = s.saveQuestions(ctx, c, wsID, sv.ID, version, sv.Questions); err != nil {
			return err
		}
		_, err = c.exec(ctx, `UPDATE surveys SET name_vi = ?, name_en = ?, intro_vi = ?, intro_en = ?, thanks_vi = ?, thanks_en = ?,
			next_url = ?, next_label_vi = ?, next_label_en = ?, touchpoint_id = ?, status = ?, version = ?, updated_at = ?
			WHERE workspace_id = ? AND survey_id = ?`,
			sv.Name.Vi, sv.Name.En, sv.Intro.Vi, sv.Intro.En, sv.Thanks.Vi, sv.Thanks.En, sv.NextURL, sv.NextLabel.Vi, sv.NextLabel.En,
			nullable(sv.TouchpointID), sv.Status, version, ms(now()), wsID, sv.ID)
		return err
	})
	if err != nil {
		return cx.Survey{}, err
	}
	return s.Survey(ctx, wsID, sv.ID)
}

// saveQuestions writes the questions in place while the version has no
// response, else as the next version; it returns the version now current.
func (s *Store) saveQuestions(ctx context.Context, c conn, wsID, surveyID string, version int, qs []cx.Question) (int, error) {
	old, err := questions(ctx, c, wsID, surveyID, version)
	if err != nil {
		return 0, err
	}
	if toJSON(old) == toJSON(qs) {
		return version, nil
	}
	var used int
	err = c.queryRow(ctx, `SELECT COUNT(*) FROM responses WHERE workspace_id = ? AND survey_id = ? AND version = ?`, wsID, surveyID, version).Scan(&used)
	if err != nil {
		return 0, err
	}
	if used > 0 {
		return version + 1, insertVersion(ctx, c, wsID, surveyID, version+1, qs)
	}
	_, err = c.exec(ctx, `DELETE FROM survey_questions WHERE workspace_id = ? AND survey_id = ? AND version = ?`, wsID, surveyID, version)
	if err != nil {
		return 0, err
	}
	return version, insertQuestions(ctx, c, wsID, surveyID, version, qs)
}

// SurveyVersions lists every version of a survey with its questions.
func (s *Store) SurveyVersions(ctx context.Context, wsID, surveyID string) ([]SurveyVersion, error) {
	c := s.reader()
	if err := exists(ctx, c, "surveys", "survey_id", wsID, surveyID, "survey"); err != nil {
		return nil, err
	}
	out, err := collect(ctx, c, scanSurveyVersion, `SELECT version, created_at FROM survey_versions WHERE workspace_id = ? AND survey_id = ? ORDER BY version`,
		wsID, surveyID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Questions, err = questions(ctx, c, wsID, surveyID, out[i].Version); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanSurveyVersion(row scanner) (SurveyVersion, error) {
	var v SurveyVersion
	var created int64
	err := row.Scan(&v.Version, &created)
	v.CreatedAt = fromMS(created)
	return v, err
}

// DeleteSurvey removes a survey that nobody answered; one with answers is
// closed instead, so that no feedback is lost.
func (s *Store) DeleteSurvey(ctx context.Context, wsID, id string) error {
	return s.inTx(ctx, func(c conn) error {
		if err := exists(ctx, c, "surveys", "survey_id", wsID, id, "survey"); err != nil {
			return err
		}
		var n int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM responses WHERE workspace_id = ? AND survey_id = ?`, wsID, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return cx.Errorf(cx.Conflict, "this survey has %d responses: close it instead of deleting it", n)
		}
		_, err := c.exec(ctx, `DELETE FROM surveys WHERE workspace_id = ? AND survey_id = ?`, wsID, id)
		return err
	})
}

// SurveyStats counts a survey's invitations and responses.
type SurveyStats struct {
	Invited   int `json:"invited"`
	Started   int `json:"started"`
	Completed int `json:"completed"`
}

// ResponseRate is completed responses per invitation, or per started
// response when nobody was invited (anonymous links).
func (st SurveyStats) ResponseRate() float64 {
	switch {
	case st.Invited > 0:
		return float64(st.Completed) / float64(st.Invited)
	case st.Started > 0:
		return float64(st.Completed) / float64(st.Started)
	}
	return 0
}

// SurveyStats returns the counts of every survey of a workspace, by id.
func (s *Store) SurveyStats(ctx context.Context, wsID string) (map[string]SurveyStats, error) {
	out := map[string]SurveyStats{}
	c := s.reader()
	rows, err := c.query(ctx, `SELECT survey_id, COUNT(*), COUNT(completed_at) FROM responses WHERE workspace_id = ? GROUP BY survey_id`, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var st SurveyStats
		if err := rows.Scan(&id, &st.Started, &st.Completed); err != nil {
			return nil, err
		}
		out[id] = st
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	irows, err := c.query(ctx, `SELECT survey_id, COUNT(*) FROM invitations WHERE workspace_id = ? AND status <> 'skipped' GROUP BY survey_id`, wsID)
	if err != nil {
		return nil, err
	}
	defer irows.Close()
	for irows.Next() {
		var id string
		var n int
		if err := irows.Scan(&id, &n); err != nil {
			return nil, err
		}
		st := out[id]
		st.Invited = n
		out[id] = st
	}
	return out, irows.Err()
}
