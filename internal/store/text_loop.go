package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"cxm/internal/cx"
)

// SaveLabelCorrection stores a member's correction of a text's labels and
// shows it in the analysis at once, in one transaction: the analysis
// takes the corrected sentiment (and aspects, when corrected). The text
// must have been analysed. A second correction replaces the first but
// keeps what the model had read. The job then, in the same transaction,
// retrains the workspace's model.
func (s *Store) SaveLabelCorrection(ctx context.Context, wsID string, fix cx.LabelCorrection, then Job) (cx.LabelCorrection, error) {
	err := s.inTx(ctx, func(c conn) error {
		var model string
		err := c.queryRow(ctx, `SELECT COALESCE((SELECT model_sentiment FROM text_corrections t
			WHERE t.workspace_id = a.workspace_id AND t.feedback_id = a.feedback_id), a.sentiment)
			FROM feedback_analysis a WHERE a.workspace_id = ? AND a.feedback_id = ?`, wsID, fix.FeedbackID).Scan(&model)
		if err = notFound(err, "analysis"); err != nil {
			if cx.ErrorCode(err) == cx.NotFound {
				if err := exists(ctx, c, "feedback", "feedback_id", wsID, fix.FeedbackID, "feedback"); err != nil {
					return err
				}
				return cx.Errorf(cx.Conflict, "this text has not been analysed yet: try again in a minute")
			}
			return err
		}
		fix.ModelSentiment = model
		if fix.CorrectedAt.IsZero() {
			fix.CorrectedAt = now()
		}
		if _, err := c.exec(ctx, `INSERT INTO text_corrections (workspace_id, feedback_id, sentiment, aspects_corrected, aspects,
			model_sentiment, corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, feedback_id) DO UPDATE SET sentiment = excluded.sentiment,
			aspects_corrected = excluded.aspects_corrected, aspects = excluded.aspects, corrected_by = excluded.corrected_by,
			corrected_at = excluded.corrected_at`,
			wsID, fix.FeedbackID, fix.Sentiment, fix.AspectsCorrected, joinAspects(fix.Aspects), model, fix.CorrectedBy,
			ms(fix.CorrectedAt)); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE feedback_analysis SET sentiment = ? WHERE workspace_id = ? AND feedback_id = ?`,
			fix.Sentiment, wsID, fix.FeedbackID); err != nil {
			return err
		}
		if fix.AspectsCorrected {
			if err := saveAspects(ctx, c, wsID, fix.FeedbackID, fix.Aspects); err != nil {
				return err
			}
		}
		return s.enqueue(ctx, c, then)
	})
	return fix, err
}

// saveAspects replaces the aspects of an analysis.
func saveAspects(ctx context.Context, c conn, wsID, feedbackID string, list []cx.AspectOpinion) error {
	if _, err := c.exec(ctx, `DELETE FROM feedback_aspects WHERE workspace_id = ? AND feedback_id = ?`, wsID, feedbackID); err != nil {
		return err
	}
	for i, as := range list {
		if _, err := c.exec(ctx, `INSERT INTO feedback_aspects (workspace_id, feedback_id, position, aspect, sentiment) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, feedback_id, aspect) DO NOTHING`, wsID, feedbackID, i, as.Aspect, as.Sentiment); err != nil {
			return err
		}
	}
	return nil
}

// joinAspects writes aspects as "aspect:sentiment" separated by commas:
// keys are lower-case letters, digits and _, sentiments three words.
func joinAspects(list []cx.AspectOpinion) string {
	parts := make([]string, len(list))
	for i, a := range list {
		parts[i] = a.Aspect + ":" + a.Sentiment
	}
	return strings.Join(parts, ",")
}

func splitAspects(s string) []cx.AspectOpinion {
	out := []cx.AspectOpinion{}
	for _, p := range strings.Split(s, ",") {
		if k, v, ok := strings.Cut(p, ":"); ok {
			out = append(out, cx.AspectOpinion{Aspect: k, Sentiment: v})
		}
	}
	return out
}

const correctionColumns = `feedback_id, sentiment, aspects_corrected, aspects, model_sentiment, corrected_by, corrected_at`

func scanCorrection(row scanner) (cx.LabelCorrection, error) {
	var f cx.LabelCorrection
	var aspects string
	var at int64
	err := row.Scan(&f.FeedbackID, &f.Sentiment, &f.AspectsCorrected, &aspects, &f.ModelSentiment, &f.CorrectedBy, &at)
	f.CorrectedAt, f.Aspects = fromMS(at), []cx.AspectOpinion{}
	if f.AspectsCorrected {
		f.Aspects = splitAspects(aspects)
	}
	return f, err
}

// labelCorrections reads the corrections of the texts given, by id.
func labelCorrections(ctx context.Context, c conn, wsID string, ids []string) (map[string]cx.LabelCorrection, error) {
	out := map[string]cx.LabelCorrection{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		list, err := collect(ctx, c, scanCorrection, `SELECT `+correctionColumns+` FROM text_corrections
			WHERE workspace_id = ? AND feedback_id IN (?`+strings.Repeat(", ?", n-1)+`)`, append([]any{wsID}, anys(ids[:n])...)...)
		if err != nil {
			return nil, err
		}
		for _, f := range list {
			out[f.FeedbackID] = f
		}
		ids = ids[n:]
	}
	return out, nil
}

// CorrectedText is a corrected text, for a workspace's model to learn.
type CorrectedText struct {
	Title, Text string
	Sentiment   string
	CorrectedAt time.Time
}

// CorrectedTexts returns a workspace's most recent corrections, at most
// limit, with their texts, newest first.
func (s *Store) CorrectedTexts(ctx context.Context, wsID string, limit int) ([]CorrectedText, error) {
	return collect(ctx, s.reader(), func(row scanner) (CorrectedText, error) {
		var t CorrectedText
		var at int64
		err := row.Scan(&t.Title, &t.Text, &t.Sentiment, &at)
		t.CorrectedAt = fromMS(at)
		return t, err
	}, `SELECT f.title, f.text, c.sentiment, c.corrected_at FROM text_corrections c
		JOIN feedback f ON f.workspace_id = c.workspace_id AND f.feedback_id = c.feedback_id
		WHERE c.workspace_id = ? ORDER BY c.corrected_at DESC, c.feedback_id DESC LIMIT ?`, wsID, limit)
}

// LatestCorrection is when a workspace's last correction was made (zero
// without one).
func (s *Store) LatestCorrection(ctx context.Context, wsID string) (time.Time, error) {
	var at int64
	err := s.reader().queryRow(ctx, `SELECT COALESCE(MAX(corrected_at), 0) FROM text_corrections WHERE workspace_id = ?`, wsID).Scan(&at)
	if at == 0 {
		return time.Time{}, err
	}
	return fromMS(at), err
}

// TextModel is a workspace's own sentiment model.
type TextModel struct {
	Version        string
	BaseVersion    string // the shipped model it was trained beside
	Corrections    int
	CorrectedUntil time.Time // the latest correction it learnt
	Model          []byte    // what text.Model.WriteTo wrote; empty from TextModelInfo
	TrainedAt      time.Time
}

// SaveTextModel stores a workspace's model, replacing the one before.
func (s *Store) SaveTextModel(ctx context.Context, wsID string, m TextModel) error {
	_, err := s.writer().exec(ctx, `INSERT INTO text_models (workspace_id, version, base_version, corrections, corrected_until, model, trained_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET version = excluded.version,
		base_version = excluded.base_version, corrections = excluded.corrections, corrected_until = excluded.corrected_until,
		model = excluded.model, trained_at = excluded.trained_at`,
		wsID, m.Version, m.BaseVersion, m.Corrections, ms(m.CorrectedUntil), m.Model, ms(m.TrainedAt))
	return err
}

// TextModelInfo describes a workspace's model without its weights;
// not-found when it has none.
func (s *Store) TextModelInfo(ctx context.Context, wsID string) (TextModel, error) {
	return s.textModel(ctx, wsID, `''`)
}

// LoadTextModel reads a workspace's model with its weights.
func (s *Store) LoadTextModel(ctx context.Context, wsID string) (TextModel, error) {
	return s.textModel(ctx, wsID, `model`)
}

func (s *Store) textModel(ctx context.Context, wsID, weights string) (TextModel, error) {
	var m TextModel
	var until, at int64
	err := s.reader().queryRow(ctx, `SELECT version, base_version, corrections, corrected_until, `+weights+`, trained_at
		FROM text_models WHERE workspace_id = ?`, wsID).Scan(&m.Version, &m.BaseVersion, &m.Corrections, &until, &m.Model, &at)
	m.CorrectedUntil, m.TrainedAt = fromMS(until), fromMS(at)
	return m, notFound(err, "text model")
}

// TextAspects lists a workspace's own aspects by key.
func (s *Store) TextAspects(ctx context.Context, wsID string) ([]cx.TextAspect, error) {
	return collect(ctx, s.reader(), func(row scanner) (cx.TextAspect, error) {
		var a cx.TextAspect
		var phrases string
		var at int64
		err := row.Scan(&a.Key, &a.Name.Vi, &a.Name.En, &phrases, &at)
		a.Phrases, a.UpdatedAt = strings.Split(phrases, "\n"), fromMS(at)
		return a, err
	}, `SELECT aspect, name_vi, name_en, phrases, updated_at FROM text_aspects WHERE workspace_id = ? ORDER BY aspect`, wsID)
}

// SaveTextAspect adds or replaces one of a workspace's aspects; the
// caller has checked it.
func (s *Store) SaveTextAspect(ctx context.Context, wsID string, a cx.TextAspect) error {
	_, err := s.writer().exec(ctx, `INSERT INTO text_aspects (workspace_id, aspect, name_vi, name_en, phrases, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, aspect) DO UPDATE SET name_vi = excluded.name_vi,
		name_en = excluded.name_en, phrases = excluded.phrases, updated_at = excluded.updated_at`,
		wsID, a.Key, a.Name.Vi, a.Name.En, strings.Join(a.Phrases, "\n"), ms(a.UpdatedAt))
	return err
}

// DeleteTextAspect removes one of a workspace's aspects.
func (s *Store) DeleteTextAspect(ctx context.Context, wsID, key string) error {
	res, err := s.writer().exec(ctx, `DELETE FROM text_aspects WHERE workspace_id = ? AND aspect = ?`, wsID, key)
	return mustAffect(res, err, "aspect")
}

// TextReaderStamp changes whenever what reads a workspace's texts does:
// its model's version and base, and its aspects' latest change and count.
func (s *Store) TextReaderStamp(ctx context.Context, wsID string) (string, error) {
	var version, base string
	var at, n int64
	err := s.reader().queryRow(ctx, `SELECT COALESCE((SELECT version FROM text_models WHERE workspace_id = ?), ''),
		COALESCE((SELECT base_version FROM text_models WHERE workspace_id = ?), ''),
		COALESCE((SELECT MAX(updated_at) FROM text_aspects WHERE workspace_id = ?), 0),
		(SELECT COUNT(*) FROM text_aspects WHERE workspace_id = ?)`, wsID, wsID, wsID, wsID).Scan(&version, &base, &at, &n)
	return version + "|" + base + "|" + strconv.FormatInt(at, 10) + "|" + strconv.FormatInt(n, 10), err
}

// FeedbackToReread returns up to limit analysed feedback rows after the
// id after, in id order, whose analysis another version read.
func (s *Store) FeedbackToReread(ctx context.Context, wsID, after, version string, limit int) ([]FeedbackText, error) {
	return collect(ctx, s.reader(), scanFeedbackText, `SELECT f.feedback_id, f.title, f.text, f.created_at FROM feedback_analysis a
		JOIN feedback f ON f.workspace_id = a.workspace_id AND f.feedback_id = a.feedback_id
		WHERE a.workspace_id = ? AND a.feedback_id > ? AND a.model_version <> ?
		ORDER BY a.feedback_id LIMIT ?`, wsID, after, version, limit)
}
