package store

import (
	"context"
	"database/sql"
)

// Standards' breaches, counted per touchpoint and day by the standards
// worker (internal/analytics) behind a durable cursor.

// StandardCursor is how far the standards worker has read a workspace's
// events and feedback.
type StandardCursor struct {
	LastEventID, LastFeedbackID string
}

// StandardCursorOf returns a workspace's cursor; the zero cursor before
// the first run.
func (s *Store) StandardCursorOf(ctx context.Context, wsID string) (StandardCursor, error) {
	var c StandardCursor
	err := s.reader().queryRow(ctx, `SELECT last_event_id, last_feedback_id FROM standard_cursors WHERE workspace_id = ?`, wsID).
		Scan(&c.LastEventID, &c.LastFeedbackID)
	if err == sql.ErrNoRows {
		return StandardCursor{}, nil
	}
	return c, err
}

// BreachDelta is what one batch adds to a standard's day at a touchpoint.
type BreachDelta struct {
	StandardID, TouchpointID, Day string
	Measured, Breaches            int64
}

// AddBreaches adds deltas to the daily counts and moves the cursor from
// cur to next, in one transaction; ErrCursorMoved when another worker
// moved it first, and then nothing is written.
func (s *Store) AddBreaches(ctx context.Context, wsID string, cur, next StandardCursor, deltas []BreachDelta) error {
	return s.inTx(ctx, func(c conn) error {
		var res sql.Result
		var err error
		if cur == (StandardCursor{}) {
			res, err = c.exec(ctx, `INSERT INTO standard_cursors (workspace_id, last_event_id, last_feedback_id, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (workspace_id) DO NOTHING`, wsID, next.LastEventID, next.LastFeedbackID, ms(now()))
		} else {
			res, err = c.exec(ctx, `UPDATE standard_cursors SET last_event_id = ?, last_feedback_id = ?, updated_at = ?
				WHERE workspace_id = ? AND last_event_id = ? AND last_feedback_id = ?`,
				next.LastEventID, next.LastFeedbackID, ms(now()), wsID, cur.LastEventID, cur.LastFeedbackID)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = ErrCursorMoved
			}
			return err
		}
		for _, d := range deltas {
			if _, err := c.exec(ctx, `INSERT INTO standard_breaches (workspace_id, standard_id, touchpoint_id, day, measured, breaches) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (workspace_id, standard_id, touchpoint_id, day) DO UPDATE SET measured = standard_breaches.measured + excluded.measured,
				breaches = standard_breaches.breaches + excluded.breaches`, wsID, d.StandardID, d.TouchpointID, d.Day, d.Measured, d.Breaches); err != nil {
				return err
			}
		}
		return nil
	})
}

// BreachRow is one standard's count at one touchpoint on one day.
type BreachRow struct {
	StandardID, TouchpointID, Day string
	Measured, Breaches            int64
}

// Breaches returns the daily counts of a workspace's standards from day
// from to day to (YYYY-MM-DD, both included).
func (s *Store) Breaches(ctx context.Context, wsID, from, to string) ([]BreachRow, error) {
	return collect(ctx, s.reader(), func(row scanner) (BreachRow, error) {
		var b BreachRow
		return b, row.Scan(&b.StandardID, &b.TouchpointID, &b.Day, &b.Measured, &b.Breaches)
	}, `SELECT standard_id, touchpoint_id, day, measured, breaches FROM standard_breaches
		WHERE workspace_id = ? AND day >= ? AND day <= ? ORDER BY standard_id, day, touchpoint_id`, wsID, from, to)
}

// ScoredFeedback is an answer with a score, for the standards worker.
type ScoredFeedback struct {
	ID, SurveyID, Question, TouchpointID string
	Score                                float64
	At                                   int64 // Unix ms
}

// ScoredFeedbackAfter returns up to limit feedback rows after the id
// after, in id order: every row, with a score or not, so that the cursor
// passes them (those without a score come with no survey id).
func (s *Store) ScoredFeedbackAfter(ctx context.Context, wsID, after string, limit int) ([]ScoredFeedback, error) {
	return collect(ctx, s.reader(), func(row scanner) (ScoredFeedback, error) {
		var f ScoredFeedback
		var score sql.NullFloat64
		err := row.Scan(&f.ID, &f.SurveyID, &f.Question, &f.TouchpointID, &score, &f.At)
		f.Score = score.Float64
		if !score.Valid {
			f.SurveyID = "" // judged by no standard
		}
		return f, err
	}, `SELECT feedback_id, COALESCE(survey_id, ''), question_key, COALESCE(touchpoint_id, ''), score, occurred_at FROM feedback
		WHERE workspace_id = ? AND feedback_id > ? ORDER BY feedback_id LIMIT ?`, wsID, after, limit)
}
