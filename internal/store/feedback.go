package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"cxm/internal/cx"
)

const feedbackColumns = `feedback_id, source, kind, COALESCE(survey_id, ''), COALESCE(survey_version, 0), COALESCE(response_id, ''), question_key,
	question_type, criterion, score, scale_min, scale_max, choices, text, title, COALESCE(customer_id, ''), COALESCE(touchpoint_id, ''),
	COALESCE(stage_id, ''), phase, language, author, url, agent, duration_s, external_id, occurred_at, created_at, channel`

// insertFeedback stores one feedback row. With an external key, a row that
// is already there is kept and added reports false.
func (s *Store) insertFeedback(ctx context.Context, c conn, wsID string, f *cx.Feedback, externalKey string) error {
	_, err := s.insertFeedbackOnce(ctx, c, wsID, f, externalKey)
	return err
}

func (s *Store) insertFeedbackOnce(ctx context.Context, c conn, wsID string, f *cx.Feedback, externalKey string) (added bool, err error) {
	f.ID = s.ids.New("fb")
	f.CreatedAt = now()
	if f.Choices == nil {
		f.Choices = []string{}
	}
	res, err := c.exec(ctx, `INSERT INTO feedback (workspace_id, feedback_id, source, kind, survey_id, survey_version, response_id, question_key,
		question_type, criterion, score, scale_min, scale_max, choices, text, title, customer_id, touchpoint_id, stage_id, phase, language,
		author, url, agent, duration_s, external_id, external_key, occurred_at, created_at, channel)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, external_key) DO NOTHING`,
		wsID, f.ID, f.Source, f.Kind, nullable(f.SurveyID), nullableInt(f.SurveyVersion), nullable(f.ResponseID), f.QuestionKey,
		f.QuestionType, f.Criterion, f.Score, f.ScaleMin, f.ScaleMax, toJSON(f.Choices), f.Text, f.Title, nullable(f.CustomerID),
		nullable(f.TouchpointID), nullable(f.StageID), f.Phase, f.Language, f.Author, f.URL, f.Agent, f.DurationS, f.ExternalID,
		nullable(externalKey), ms(f.OccurredAt), ms(f.CreatedAt), f.Channel)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	return true, s.rollScore(ctx, c, wsID, *f, 1)
}

func nullableInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func scanFeedback(row scanner) (cx.Feedback, error) {
	var f cx.Feedback
	var choices string
	var occurred, created int64
	err := row.Scan(&f.ID, &f.Source, &f.Kind, &f.SurveyID, &f.SurveyVersion, &f.ResponseID, &f.QuestionKey, &f.QuestionType, &f.Criterion,
		&f.Score, &f.ScaleMin, &f.ScaleMax, &choices, &f.Text, &f.Title, &f.CustomerID, &f.TouchpointID, &f.StageID, &f.Phase,
		&f.Language, &f.Author, &f.URL, &f.Agent, &f.DurationS, &f.ExternalID, &occurred, &created, &f.Channel)
	if err != nil {
		return f, err
	}
	f.OccurredAt, f.CreatedAt = fromMS(occurred), fromMS(created)
	return f, fromJSON(choices, &f.Choices)
}

// AddFeedback stores external feedback: a review, a comment, a note or a
// call. It is linked to the customer whose identity matches, and to the
// touchpoint's stage and phase. Feedback with the same external id, or the
// same source, author, date, rating and text, is stored once; added tells
// whether this call stored it.
func (s *Store) AddFeedback(ctx context.Context, wsID string, x cx.ExternalFeedback) (f cx.Feedback, added bool, err error) {
	err = s.inTx(ctx, func(c conn) error {
		f, added, err = s.addFeedback(ctx, c, wsID, x, "api")
		return err
	})
	return f, added, err
}

// channel is how it came: "api" one at a time (the API or the dashboard),
// "import" from a file.
func (s *Store) addFeedback(ctx context.Context, c conn, wsID string, x cx.ExternalFeedback, channel string) (cx.Feedback, bool, error) {
	at, err := x.Validate(now())
	if err != nil {
		return cx.Feedback{}, false, err
	}
	f := cx.Feedback{Source: x.Source, Kind: x.Kind, Score: x.Rating, Text: x.Text, Title: x.Title, Author: x.Author, URL: x.URL,
		Agent: x.Agent, DurationS: x.DurationS, Language: x.Language, ExternalID: x.ExternalID, OccurredAt: at, TouchpointID: x.TouchpointID,
		Channel: channel}
	if x.Rating != nil {
		f.ScaleMin, f.ScaleMax = x.ScaleMin, x.ScaleMax
	}
	if f.CustomerID, err = matchCustomer(ctx, c, wsID, x); err != nil {
		return f, false, err
	}
	if f.TouchpointID != "" {
		err := c.queryRow(ctx, `SELECT COALESCE(stage_id, ''), phase FROM touchpoints WHERE workspace_id = ? AND touchpoint_id = ?`,
			wsID, f.TouchpointID).Scan(&f.StageID, &f.Phase)
		if err != nil {
			return f, false, cx.FieldErrorf("touchpoint_id", "no touchpoint %q in this workspace", f.TouchpointID)
		}
	}
	added, err := s.insertFeedbackOnce(ctx, c, wsID, &f, externalKey(x, at))
	if err != nil || added {
		return f, added, err
	}
	old, err := scanFeedback(c.queryRow(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = ? AND external_key = ?`, wsID, externalKey(x, at)))
	return old, false, err
}

// externalKey is what makes one piece of external feedback the same on a
// second import: its source and id, else a hash of what it says and the
// date as given (none given hashes as none, not as the time of import).
func externalKey(x cx.ExternalFeedback, at time.Time) string {
	date := ""
	if strings.TrimSpace(x.Date) != "" {
		date = at.Format(time.RFC3339)
	}
	if x.ExternalID != "" {
		return x.Source + ":" + x.ExternalID
	}
	rating := ""
	if x.Rating != nil {
		rating = fmt.Sprint(*x.Rating)
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{x.Source, x.Kind, x.Author, x.URL, rating, x.Text, x.Title, x.Agent, date}, "\x00")))
	return x.Source + "#" + hex.EncodeToString(sum[:16])
}

// matchCustomer finds the customer an id, user id, email or phone names;
// "" when none matches. A customer id that is not the workspace's is an
// error, an unknown identity is not.
func matchCustomer(ctx context.Context, c conn, wsID string, x cx.ExternalFeedback) (string, error) {
	if x.CustomerID != "" {
		if err := exists(ctx, c, "customers", "customer_id", wsID, x.CustomerID, "customer"); err != nil {
			return "", cx.FieldErrorf("customer_id", "no customer %q in this workspace", x.CustomerID)
		}
		return x.CustomerID, nil
	}
	for _, id := range []cx.Identity{{Kind: cx.IDUser, Value: x.UserID}, {Kind: cx.IDEmail, Value: x.Email}, {Kind: cx.IDPhone, Value: x.Phone}} {
		if strings.TrimSpace(id.Value) == "" {
			continue
		}
		value, err := NormalizeIdentity(id.Kind, id.Value)
		if err != nil {
			continue // a malformed email or phone matches nobody
		}
		var customer string
		err = c.queryRow(ctx, `SELECT customer_id FROM identities WHERE workspace_id = ? AND kind = ? AND value = ?`, wsID, id.Kind, value).Scan(&customer)
		if err == nil {
			return customer, nil
		}
		if cx.ErrorCode(notFound(err, "")) != cx.NotFound {
			return "", err
		}
	}
	return "", nil
}

// FeedbackFilter narrows the feedback list; zero fields match all.
type FeedbackFilter struct {
	SurveyID     string
	TouchpointID string
	CustomerID   string
	Source       string
	Kind         string
	QuestionKey  string
	MinScore     *float64
	MaxScore     *float64
	// Scale, when set, keeps the scores on that scale only (0–10, 1–5,
	// 1–7), so that a score range never mixes an NPS with a star rating.
	Scale     *[2]float64
	From, To  time.Time // occurred_at in [From, To)
	Sentiment string    // what the text analysis read
	Aspect    string
	Language  string
}

// Feedback lists feedback, newest first.
func (s *Store) Feedback(ctx context.Context, wsID string, f FeedbackFilter, p Page) (List[cx.Feedback], error) {
	q := `SELECT ` + feedbackColumns + ` FROM feedback WHERE workspace_id = ?`
	args := []any{wsID}
	if p.After != "" {
		q += ` AND feedback_id < ?`
		args = append(args, p.After)
	}
	for _, c := range []struct{ column, value string }{{"survey_id", f.SurveyID}, {"touchpoint_id", f.TouchpointID},
		{"customer_id", f.CustomerID}, {"source", f.Source}, {"kind", f.Kind}, {"question_key", f.QuestionKey}} {
		if c.value != "" {
			q += ` AND ` + c.column + ` = ?`
			args = append(args, c.value)
		}
	}
	if f.Scale != nil {
		q, args = q+` AND score IS NOT NULL AND scale_min = ? AND scale_max = ?`, append(args, f.Scale[0], f.Scale[1])
	}
	if f.MinScore != nil {
		q, args = q+` AND score >= ?`, append(args, *f.MinScore)
	}
	if f.MaxScore != nil {
		q, args = q+` AND score <= ?`, append(args, *f.MaxScore)
	}
	if !f.From.IsZero() {
		q, args = q+` AND occurred_at >= ?`, append(args, ms(f.From))
	}
	if !f.To.IsZero() {
		q, args = q+` AND occurred_at < ?`, append(args, ms(f.To))
	}
	q, args = textFilters(q, args, f)
	out, err := collect(ctx, s.reader(), scanFeedback, q+` ORDER BY feedback_id DESC LIMIT ?`, append(args, p.limit())...)
	if err != nil {
		return List[cx.Feedback]{}, err
	}
	if err := s.attachAnalyses(ctx, wsID, out); err != nil {
		return List[cx.Feedback]{}, err
	}
	return cut(out, p, func(fb cx.Feedback) string { return fb.ID }), nil
}

// ImportResult counts what an import did.
type ImportResult struct {
	Added     int `json:"added"`
	Unchanged int `json:"unchanged"` // already there from an earlier import
}

// ImportFeedback stores many pieces of external feedback in one
// transaction: one bad row stores none, and its error names the row
// (counting the header as row 1). Rows already there are counted, not added.
func (s *Store) ImportFeedback(ctx context.Context, wsID string, items []cx.ExternalFeedback) (ImportResult, error) {
	var res ImportResult
	err := s.inTx(ctx, func(c conn) error {
		for i, x := range items {
			_, added, err := s.addFeedback(ctx, c, wsID, x, "import")
			if err != nil {
				if e := cx.AsError(err); e != nil {
					return &cx.Error{Code: e.Code, Field: fmt.Sprintf("rows[%d].%s", i+2, e.Field),
						Message: fmt.Sprintf("row %d: %s", i+2, e.Message), Format: e.Format, Args: e.Args}
				}
				return err
			}
			if added {
				res.Added++
			} else {
				res.Unchanged++
			}
		}
		return nil
	})
	return res, err
}

// FeedbackSettings returns a workspace's settings, or the defaults.
func (s *Store) FeedbackSettings(ctx context.Context, wsID string) (cx.FeedbackSettings, error) {
	st := cx.DefaultFeedbackSettings
	err := s.reader().queryRow(ctx, `SELECT fatigue_days, reminder_days, expiry_days FROM feedback_settings WHERE workspace_id = ?`, wsID).
		Scan(&st.FatigueDays, &st.ReminderDays, &st.ExpiryDays)
	if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
		return cx.DefaultFeedbackSettings, nil
	}
	return st, err
}

// SetFeedbackSettings stores a workspace's settings.
func (s *Store) SetFeedbackSettings(ctx context.Context, wsID string, st cx.FeedbackSettings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	_, err := s.writer().exec(ctx, `INSERT INTO feedback_settings (workspace_id, fatigue_days, reminder_days, expiry_days) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET fatigue_days = excluded.fatigue_days, reminder_days = excluded.reminder_days, expiry_days = excluded.expiry_days`,
		wsID, st.FatigueDays, st.ReminderDays, st.ExpiryDays)
	return err
}
