package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"cxm/internal/cx"
)

// FeedbackText is a feedback row the text analysis has still to read.
type FeedbackText struct {
	ID        string
	Title     string
	Text      string
	CreatedAt time.Time
}

// TextAnalysisWorkspaces lists every workspace, for the analysis to visit.
func (s *Store) TextAnalysisWorkspaces(ctx context.Context) ([]string, error) {
	return collect(ctx, s.reader(), scanString, `SELECT workspace_id FROM workspaces ORDER BY workspace_id`)
}

// TextCursor is how far a workspace's text analysis has gone: the
// feedback id up to which every row has been read ("" before the first
// run), the version of the analyser the stored analyses are being brought
// to, and how far that re-reading has gone (nil once it is done).
type TextCursor struct {
	Last        string
	Version     string
	RereadAfter *string
}

// TextAnalysisCursor reads a workspace's cursor; the zero cursor before
// the first run.
func (s *Store) TextAnalysisCursor(ctx context.Context, wsID string) (TextCursor, error) {
	var c TextCursor
	var after sql.NullString
	err := s.reader().queryRow(ctx, `SELECT last_feedback_id, model_version, reread_after FROM text_analysis_cursors WHERE workspace_id = ?`,
		wsID).Scan(&c.Last, &c.Version, &after)
	if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
		return TextCursor{}, nil
	}
	if after.Valid {
		c.RereadAfter = &after.String
	}
	return c, err
}

// FeedbackToAnalyse returns up to limit feedback rows after the id after,
// in id order, that have no analysis yet; rows without text come too, so
// that the cursor can pass them.
func (s *Store) FeedbackToAnalyse(ctx context.Context, wsID, after string, limit int) ([]FeedbackText, error) {
	return collect(ctx, s.reader(), scanFeedbackText, `SELECT f.feedback_id, f.title, f.text, f.created_at FROM feedback f
		WHERE f.workspace_id = ? AND f.feedback_id > ? AND NOT EXISTS (
			SELECT 1 FROM feedback_analysis a WHERE a.workspace_id = f.workspace_id AND a.feedback_id = f.feedback_id)
		ORDER BY f.feedback_id LIMIT ?`, wsID, after, limit)
}

func scanFeedbackText(row scanner) (FeedbackText, error) {
	var f FeedbackText
	var created int64
	err := row.Scan(&f.ID, &f.Title, &f.Text, &created)
	f.CreatedAt = fromMS(created)
	return f, err
}

// SaveTextAnalyses stores analyses and moves the workspace's cursor, in
// one transaction. An analysis already there is replaced; a member's
// correction of a text keeps its labels over what the model read.
func (s *Store) SaveTextAnalyses(ctx context.Context, wsID string, cursor TextCursor, items []cx.TextAnalysis) error {
	return s.inTx(ctx, func(c conn) error {
		ids := make([]string, len(items))
		for i, a := range items {
			ids[i] = a.FeedbackID
		}
		fixed, err := labelCorrections(ctx, c, wsID, ids)
		if err != nil {
			return err
		}
		for _, a := range items {
			if fix, ok := fixed[a.FeedbackID]; ok {
				a = corrected(a, fix)
			}
			if err := saveTextAnalysis(ctx, c, wsID, a); err != nil {
				return err
			}
		}
		_, err = c.exec(ctx, `INSERT INTO text_analysis_cursors (workspace_id, last_feedback_id, model_version, reread_after, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET last_feedback_id = excluded.last_feedback_id,
			model_version = excluded.model_version, reread_after = excluded.reread_after, updated_at = excluded.updated_at`,
			wsID, cursor.Last, cursor.Version, cursor.RereadAfter, ms(now()))
		return err
	})
}

// corrected puts a member's labels over what the model read.
func corrected(a cx.TextAnalysis, fix cx.LabelCorrection) cx.TextAnalysis {
	a.Sentiment = fix.Sentiment
	if fix.AspectsCorrected {
		a.Aspects = fix.Aspects
	}
	return a
}

func saveTextAnalysis(ctx context.Context, c conn, wsID string, a cx.TextAnalysis) error {
	if _, err := c.exec(ctx, `DELETE FROM feedback_analysis WHERE workspace_id = ? AND feedback_id = ?`, wsID, a.FeedbackID); err != nil {
		return err
	}
	_, err := c.exec(ctx, `INSERT INTO feedback_analysis (workspace_id, feedback_id, language, sentiment, score, mixed, redacted, model_version, analyzed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		wsID, a.FeedbackID, a.Language, a.Sentiment, a.Score, a.Mixed, a.Redacted, a.ModelVersion, ms(a.AnalyzedAt))
	if err != nil {
		return err
	}
	for i, as := range a.Aspects {
		if _, err := c.exec(ctx, `INSERT INTO feedback_aspects (workspace_id, feedback_id, position, aspect, sentiment) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, feedback_id, aspect) DO NOTHING`, wsID, a.FeedbackID, i, as.Aspect, as.Sentiment); err != nil {
			return err
		}
	}
	return nil
}

// FeedbackAnalyses returns the analyses of the feedback ids given that
// have one, by id.
func (s *Store) FeedbackAnalyses(ctx context.Context, wsID string, ids []string) (map[string]cx.TextAnalysis, error) {
	out := map[string]cx.TextAnalysis{}
	if len(ids) == 0 {
		return out, nil
	}
	in := `(?` + strings.Repeat(", ?", len(ids)-1) + `)`
	args := append([]any{wsID}, anys(ids)...)
	list, err := collect(ctx, s.reader(), func(row scanner) (cx.TextAnalysis, error) {
		var a cx.TextAnalysis
		var at int64
		err := row.Scan(&a.FeedbackID, &a.Language, &a.Sentiment, &a.Score, &a.Mixed, &a.Redacted, &a.ModelVersion, &at)
		a.AnalyzedAt = fromMS(at)
		a.Aspects = []cx.AspectOpinion{}
		return a, err
	}, `SELECT feedback_id, language, sentiment, score, mixed, redacted, model_version, analyzed_at
		FROM feedback_analysis WHERE workspace_id = ? AND feedback_id IN `+in, args...)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		out[a.FeedbackID] = a
	}
	type aspectRow struct{ id, aspect, sentiment string }
	rows, err := collect(ctx, s.reader(), func(row scanner) (aspectRow, error) {
		var r aspectRow
		err := row.Scan(&r.id, &r.aspect, &r.sentiment)
		return r, err
	}, `SELECT feedback_id, aspect, sentiment FROM feedback_aspects WHERE workspace_id = ? AND feedback_id IN `+in+`
		ORDER BY feedback_id, position`, args...)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		a := out[r.id]
		a.Aspects = append(a.Aspects, cx.AspectOpinion{Aspect: r.aspect, Sentiment: r.sentiment})
		out[r.id] = a
	}
	fixed, err := labelCorrections(ctx, s.reader(), wsID, ids)
	if err != nil {
		return nil, err
	}
	for id, fix := range fixed {
		if a, ok := out[id]; ok {
			a.Correction = &fix
			out[id] = a
		}
	}
	return out, nil
}

func anys(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// attachAnalyses sets the analysis of each feedback in a list that has one.
func (s *Store) attachAnalyses(ctx context.Context, wsID string, list []cx.Feedback) error {
	ids := make([]string, len(list))
	for i, f := range list {
		ids[i] = f.ID
	}
	found, err := s.FeedbackAnalyses(ctx, wsID, ids)
	if err != nil {
		return err
	}
	for i := range list {
		if a, ok := found[list[i].ID]; ok {
			list[i].Analysis = &a
		}
	}
	return nil
}

// textFilters adds the feedback list's filters on the analysis.
func textFilters(q string, args []any, f FeedbackFilter) (string, []any) {
	for _, c := range []struct{ column, value string }{{"sentiment", f.Sentiment}, {"language", f.Language}} {
		if c.value != "" {
			q += ` AND EXISTS (SELECT 1 FROM feedback_analysis a WHERE a.workspace_id = feedback.workspace_id
				AND a.feedback_id = feedback.feedback_id AND a.` + c.column + ` = ?)`
			args = append(args, c.value)
		}
	}
	if f.Aspect != "" {
		q += ` AND EXISTS (SELECT 1 FROM feedback_aspects x WHERE x.workspace_id = feedback.workspace_id
			AND x.feedback_id = feedback.feedback_id AND x.aspect = ?)`
		args = append(args, f.Aspect)
	}
	return q, args
}
