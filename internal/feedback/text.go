package feedback

import (
	"context"
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
// durable cursor per workspace.
type TextWorker struct {
	st    *store.Store
	an    *text.Analyzer
	log   *slog.Logger
	Poll  time.Duration    // how often to look for new feedback
	Batch int              // rows read and written per transaction
	Pause time.Duration    // between batches, so that a backfill leaves the writer to ingestion
	Clock func() time.Time // time.Now but in tests
}

// settle is how long after its creation a feedback row may still be
// committed by a slower transaction with a smaller id: the cursor stays
// behind rows younger than this, and the analysis of the rows it has
// already read keeps them from being read twice.
const settle = time.Minute

// NewTextWorker builds a worker that reads with an.
func NewTextWorker(st *store.Store, an *text.Analyzer, log *slog.Logger) *TextWorker {
	return &TextWorker{st: st, an: an, log: log, Poll: 2 * time.Second, Batch: 500, Pause: 20 * time.Millisecond, Clock: time.Now}
}

// Run works until ctx ends.
func (w *TextWorker) Run(ctx context.Context) {
	every(ctx, w.Poll, w.Step, w.log, "text analysis")
}

// Step reads what each workspace has not had read yet.
func (w *TextWorker) Step(ctx context.Context) error {
	return eachWorkspace(ctx, w.st.TextAnalysisWorkspaces, w.analyseWorkspace)
}

func (w *TextWorker) analyseWorkspace(ctx context.Context, wsID string) error {
	cursor, err := w.st.TextAnalysisCursor(ctx, wsID)
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		rows, err := w.st.FeedbackToAnalyse(ctx, wsID, cursor, w.Batch)
		if err != nil || len(rows) == 0 {
			return err
		}
		next, items := w.analyse(rows, cursor)
		if err := w.st.SaveTextAnalyses(ctx, wsID, next, items); err != nil {
			return err
		}
		if len(rows) < w.Batch || next == cursor {
			return nil
		}
		cursor = next
		select {
		case <-ctx.Done():
		case <-time.After(w.Pause):
		}
	}
	return ctx.Err()
}

// analyse reads a batch and says how far the cursor may move: past every
// row old enough to have settled, up to the first that has not.
func (w *TextWorker) analyse(rows []store.FeedbackText, cursor string) (string, []cx.TextAnalysis) {
	now := w.Clock()
	settled := true
	var items []cx.TextAnalysis
	for _, r := range rows {
		if s := feedbackText(r.Title, r.Text); s != "" {
			items = append(items, analysis(w.an, r.ID, s, now))
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
