package feedback

import (
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/text"
)

// JobTextRetrain retrains a workspace's sentiment model from its members'
// corrections; the text worker runs it.
const JobTextRetrain = "text_retrain"

// retrainDelay is how long a retraining waits after the correction that
// asked for it, so that a member correcting several texts in a row has
// them learnt in one run.
const retrainDelay = 10 * time.Second

// maxReaders bounds how many workspaces' analysers stay in memory (about
// a megabyte each); the least recently used goes first.
const maxReaders = 32

// TextReaders gives each workspace the analyser that reads its texts: its
// own model when its corrections have trained one on top of the shipped
// data, the shipped one otherwise, with the aspects it added. It is safe
// for concurrent use.
type TextReaders struct {
	st   *store.Store
	base *text.Analyzer
	log  *slog.Logger

	mu    sync.Mutex
	cache map[string]*readerEntry
	tick  int
}

type readerEntry struct {
	stamp string
	an    *text.Analyzer
	used  int
}

// NewTextReaders builds the analysers on base, the shipped analyser.
func NewTextReaders(st *store.Store, base *text.Analyzer, log *slog.Logger) *TextReaders {
	return &TextReaders{st: st, base: base, log: log, cache: map[string]*readerEntry{}}
}

// For returns the analyser of a workspace, rebuilt when its model or its
// aspects have changed since the last call.
func (r *TextReaders) For(ctx context.Context, wsID string) (*text.Analyzer, error) {
	stamp, err := r.st.TextReaderStamp(ctx, wsID)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	e, ok := r.cache[wsID]
	r.tick++
	if ok && e.stamp == stamp {
		e.used = r.tick
		r.mu.Unlock()
		return e.an, nil
	}
	r.mu.Unlock()
	an, err := r.build(ctx, wsID)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.cache) >= maxReaders {
		r.evict()
	}
	r.cache[wsID] = &readerEntry{stamp: stamp, an: an, used: r.tick}
	return an, nil
}

func (r *TextReaders) evict() {
	oldest := ""
	for id, e := range r.cache {
		if oldest == "" || e.used < r.cache[oldest].used {
			oldest = id
		}
	}
	delete(r.cache, oldest)
}

// build reads a workspace's model and aspects. A model trained beside
// another shipped model than this binary's is not used: the shipped one
// reads meanwhile, and a retraining is queued. An added aspect that no
// longer passes the checks is left out, never stopping the analysis.
func (r *TextReaders) build(ctx context.Context, wsID string) (*text.Analyzer, error) {
	model := r.base.Model()
	stored, err := r.st.LoadTextModel(ctx, wsID)
	switch {
	case err == nil && stored.BaseVersion == model.Version:
		m, err := text.ReadModel(bytes.NewReader(stored.Model))
		if err != nil {
			r.log.Warn("workspace text model unreadable: the shipped one reads", "workspace", wsID, "err", err)
		} else {
			model = m
		}
	case err == nil:
		if err := r.st.EnqueueJob(ctx, retrainJob(wsID, "base:"+model.Version, time.Now())); err != nil {
			return nil, err
		}
	case !isNotFound(err):
		return nil, err
	}
	extra, err := r.aspects(ctx, wsID)
	if err != nil {
		return nil, err
	}
	return text.NewWithModel(model, extra)
}

func (r *TextReaders) aspects(ctx context.Context, wsID string) ([]text.Aspect, error) {
	list, err := r.st.TextAspects(ctx, wsID)
	if err != nil {
		return nil, err
	}
	out := make([]text.Aspect, 0, len(list))
	for _, a := range list {
		ta := text.Aspect{Key: a.Key, Phrases: a.Phrases}
		if err := text.CheckAspect(ta); err != nil {
			r.log.Warn("workspace aspect left out", "workspace", wsID, "aspect", a.Key, "err", err)
			continue
		}
		out = append(out, ta)
	}
	return out, nil
}

// retrainJob is the job that retrains a workspace's model; reason keeps
// two asks for the same reason from queueing it twice.
func retrainJob(wsID, reason string, at time.Time) store.Job {
	return store.Job{WorkspaceID: wsID, Kind: JobTextRetrain, Payload: "{}", DedupeKey: "text_retrain:" + reason,
		RunAt: at.Add(retrainDelay), MaxAttempts: 3}
}

// Retrain trains a workspace's model from its corrections (the most
// recent text.MaxCorrections) on top of the shipped data and stores it
// with its version; the text worker then reads the workspace's texts again
// with it. It does nothing when the stored model already learnt every
// correction beside this binary's shipped model.
func (r *TextReaders) Retrain(ctx context.Context, wsID string) (store.TextModel, error) {
	latest, err := r.st.LatestCorrection(ctx, wsID)
	if err != nil {
		return store.TextModel{}, err
	}
	base := r.base.Model().Version
	info, err := r.st.TextModelInfo(ctx, wsID)
	if err == nil && info.BaseVersion == base && !latest.After(info.CorrectedUntil) {
		return info, nil
	}
	if err != nil && !isNotFound(err) {
		return store.TextModel{}, err
	}
	texts, err := r.st.CorrectedTexts(ctx, wsID, text.MaxCorrections)
	if err != nil || len(texts) == 0 {
		return store.TextModel{}, err
	}
	examples := make([]text.Example, 0, len(texts))
	for _, t := range texts {
		if s := feedbackText(t.Title, t.Text); s != "" {
			examples = append(examples, text.Example{Text: s, Label: text.Sentiment(t.Sentiment)})
		}
	}
	m, err := text.TrainWorkspace(examples)
	if err != nil {
		return store.TextModel{}, err
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return store.TextModel{}, err
	}
	tm := store.TextModel{Version: m.Version, BaseVersion: base, Corrections: len(examples), CorrectedUntil: texts[0].CorrectedAt,
		Model: b.Bytes(), TrainedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if err := r.st.SaveTextModel(ctx, wsID, tm); err != nil {
		return store.TextModel{}, err
	}
	r.log.Info("workspace text model trained", "workspace", wsID, "version", tm.Version, "corrections", tm.Corrections)
	return tm, nil
}

// runRetrains runs the retraining jobs that are due, one at a time.
func (r *TextReaders) runRetrains(ctx context.Context, now time.Time) error {
	for ctx.Err() == nil {
		jobs, err := r.st.ClaimJobs(ctx, now, 1, 5*time.Minute, JobTextRetrain)
		if err != nil || len(jobs) == 0 {
			return err
		}
		j := jobs[0]
		if _, err := r.Retrain(ctx, j.WorkspaceID); err != nil {
			r.log.Warn("retraining a workspace's text model", "workspace", j.WorkspaceID, "err", err)
			if err := r.st.FailJob(ctx, j, err); err != nil {
				return err
			}
			continue
		}
		if err := r.st.FinishJob(ctx, j); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func correctionReason(at time.Time) string { return strconv.FormatInt(at.UnixMilli(), 10) }

func isNotFound(err error) bool { return cx.ErrorCode(err) == cx.NotFound }
