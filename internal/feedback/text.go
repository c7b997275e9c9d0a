package feedback

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/text"
)

// TextWorker runs in `cxm serve`: it reads every feedback text with the
// text analysis (sentiment, aspects, language, a redacted copy) as it
// arrives, and the feedback stored before it ran (the backfill), from a
// durable cursor per workspace, each workspace with its own analyser
// (TextReaders). When a workspace's analyser changes (its model was
// retrained, its aspects changed, or the binary ships another model) it
// reads the workspace's stored texts again, from a second cursor. It runs
// the retraining jobs too.
type TextWorker struct {
	st      *store.Store
	readers *TextReaders
	log     *slog.Logger
	Poll    time.Duration    // how often to look for new feedback
	Batch   int              // rows read and written per transaction
	Pause   time.Duration    // between batches, so that a backfill leaves the writer to ingestion
	Clock   func() time.Time // time.Now but in tests
}

// settle is how long after its creation a feedback row may still be
// committed by a slower transaction with a smaller id: the cursor stays
// behind rows younger than this, and the analysis of the rows it has
// already read keeps them from being read twice.
const settle = time.Minute

// NewTextWorker builds a worker whose workspaces read with an (the
// shipped analyser) or with their own model and aspects.
func NewTextWorker(st *store.Store, an *text.Analyzer, log *slog.Logger) *TextWorker {
	return &TextWorker{st: st, readers: NewTextReaders(st, an, log), log: log, Poll: 2 * time.Second, Batch: 500,
		Pause: 20 * time.Millisecond, Clock: time.Now}
}

// Readers are the workspaces' analysers the worker reads with.
func (w *TextWorker) Readers() *TextReaders { return w.readers }

// Run works until ctx ends.
func (w *TextWorker) Run(ctx context.Context) {
	every(ctx, w.Poll, w.Step, w.log, "text analysis")
}

// Step runs the retraining jobs that are due, then reads what each
// workspace has not had read yet, or read with another analyser.
func (w *TextWorker) Step(ctx context.Context) error {
	err := w.readers.runRetrains(ctx, w.Clock())
	return errors.Join(err, eachWorkspace(ctx, w.st.TextAnalysisWorkspaces, w.analyseWorkspace))
}

func (w *TextWorker) analyseWorkspace(ctx context.Context, wsID string) error {
	an, err := w.readers.For(ctx, wsID)
	if err != nil {
		return err
	}
	cursor, err := w.st.TextAnalysisCursor(ctx, wsID)
	if err != nil {
		return err
	}
	if v := an.ModelVersion(); cursor.Version != v {
		start := ""
		cursor.Version, cursor.RereadAfter = v, &start
	}
	for ctx.Err() == nil {
		rows, err := w.st.FeedbackToAnalyse(ctx, wsID, cursor.Last, w.Batch)
		if err != nil {
			return err
		}
		next, items := w.analyse(an, rows, cursor.Last)
		if len(rows) > 0 {
			if err := w.st.SaveTextAnalyses(ctx, wsID, cursorAt(cursor, next), items); err != nil {
				return err
			}
		}
		if len(rows) < w.Batch || next == cursor.Last {
			cursor.Last = next
			break
		}
		cursor.Last = next
		w.pause(ctx)
	}
	return w.reread(ctx, wsID, an, cursor)
}

// cursorAt is the cursor moved to last.
func cursorAt(c store.TextCursor, last string) store.TextCursor {
	c.Last = last
	return c
}

// reread brings the workspace's stored analyses to the analyser's version,
// a batch at a time, from where the last pass stopped.
func (w *TextWorker) reread(ctx context.Context, wsID string, an *text.Analyzer, cursor store.TextCursor) error {
	for cursor.RereadAfter != nil && ctx.Err() == nil {
		rows, err := w.st.FeedbackToReread(ctx, wsID, *cursor.RereadAfter, cursor.Version, w.Batch)
		if err != nil {
			return err
		}
		now := w.Clock()
		items := make([]cx.TextAnalysis, 0, len(rows))
		for _, r := range rows {
			items = append(items, analysis(an, r.ID, feedbackText(r.Title, r.Text), now))
		}
		if len(rows) < w.Batch {
			cursor.RereadAfter = nil
		} else {
			last := rows[len(rows)-1].ID
			cursor.RereadAfter = &last
		}
		if err := w.st.SaveTextAnalyses(ctx, wsID, cursor, items); err != nil {
			return err
		}
		w.pause(ctx)
	}
	return ctx.Err()
}

func (w *TextWorker) pause(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-time.After(w.Pause):
	}
}

// analyse reads a batch and says how far the cursor may move: past every
// row old enough to have settled, up to the first that has not.
func (w *TextWorker) analyse(an *text.Analyzer, rows []store.FeedbackText, cursor string) (string, []cx.TextAnalysis) {
	now := w.Clock()
	settled := true
	var items []cx.TextAnalysis
	for _, r := range rows {
		if s := feedbackText(r.Title, r.Text); s != "" {
			items = append(items, analysis(an, r.ID, s, now))
		}
		settled = settled && r.CreatedAt.Before(now.Add(-settle))
		if settled {
			cursor = r.ID
		}
	}
	return cursor, items
}

// feedbackText is what the analysis reads of a feedback: its title and
// text.
func feedbackText(title, body string) string {
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	switch {
	case title == "":
		return body
	case body == "":
		return title
	}
	return title + ". " + body
}

// analysis reads one feedback text into what the store keeps.
func analysis(an *text.Analyzer, feedbackID, s string, at time.Time) cx.TextAnalysis {
	a := an.Analyze(s)
	out := cx.TextAnalysis{FeedbackID: feedbackID, Language: a.Language, Sentiment: string(a.Sentiment), Score: a.Score,
		Mixed: a.Mixed, Redacted: a.Redacted, ModelVersion: an.ModelVersion(), AnalyzedAt: at.UTC().Truncate(time.Millisecond),
		Aspects: make([]cx.AspectOpinion, len(a.Aspects))}
	for i, as := range a.Aspects {
		out.Aspects[i] = cx.AspectOpinion{Aspect: as.Aspect, Sentiment: string(as.Sentiment)}
	}
	return out
}
