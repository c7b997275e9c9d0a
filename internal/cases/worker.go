package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Worker runs in `cxm serve`. Each tick it reads every workspace's new
// feedback after its durable cursor and opens or joins cases (so a case
// opens a second or so after the answer), links re-survey answers to their
// cases, reminds owners before a deadline, escalates a deadline that
// passed, and sends the e-mails those queued.
//
// Cases open here rather than in the answer's transaction so that
// answering stays as fast as it is, every way feedback arrives (survey
// page, widget, API, imports) is covered by one reader, a rule on a
// comment's aspect can wait for the text analysis, and a crash loses
// nothing: the cursor moves in the transaction that opens the cases.
type Worker struct {
	s     *Service
	Poll  time.Duration    // how often it looks
	Clock func() time.Time // the time deadlines are checked by; the service's clock unless a test drives it
}

// NewWorker returns the worker of the service's cases.
func NewWorker(s *Service) *Worker {
	return &Worker{s: s, Poll: time.Second, Clock: s.now}
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	tick := time.NewTicker(w.Poll)
	defer tick.Stop()
	for {
		if err := w.Step(ctx); err != nil && ctx.Err() == nil {
			w.s.log.Warn("case worker", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Step reads new feedback, checks deadlines and sends notices, once.
func (w *Worker) Step(ctx context.Context) error {
	wss, err := w.s.st.Workspaces(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, ws := range wss {
		if err := w.s.st.EnsureCaseSettings(ctx, ws.ID); err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", ws.ID, err))
			continue
		}
		if err := w.scan(ctx, ws.ID); err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", ws.ID, err))
		}
	}
	errs = append(errs, w.deadlines(ctx), w.notices(ctx))
	return errors.Join(errs...)
}

// analysisWait is how long a text waits for its analysis when a rule is
// about an aspect; after that it is read without one.
const analysisWait = 2 * time.Minute

// scan reads a workspace's feedback after its cursor in batches.
func (w *Worker) scan(ctx context.Context, wsID string) error {
	for ctx.Err() == nil {
		cur, err := w.s.st.CaseCursor(ctx, wsID)
		if err != nil {
			return err
		}
		list, err := w.s.st.FeedbackAfter(ctx, wsID, cur, 200)
		if err != nil || len(list) == 0 {
			return err
		}
		rules, err := w.s.st.CaseRules(ctx, wsID)
		if err != nil {
			return err
		}
		next, openings, err := w.match(ctx, wsID, cur, list, rules)
		if err != nil || next == cur {
			return err
		}
		if _, err := w.s.st.OpenCases(ctx, wsID, next, openings); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// match decides what each feedback row opens, up to the first text still
// waiting for its analysis, and returns the cursor after the rows it read.
func (w *Worker) match(ctx context.Context, wsID, cur string, list []cx.Feedback, rules []cx.CaseRule) (string, []store.CaseOpening, error) {
	waitsForText := false
	for _, r := range rules {
		waitsForText = waitsForText || r.Enabled && r.Kind == cx.RuleAspect
	}
	var out []store.CaseOpening
	next := cur
	for _, f := range list {
		if waitsForText && f.Text != "" && f.Analysis == nil && w.Clock().Sub(f.CreatedAt) < analysisWait {
			break
		}
		next = f.ID
		if f.ResponseID != "" {
			caseID, err := w.s.st.ResurveyCase(ctx, wsID, f.ResponseID)
			if err != nil {
				return cur, nil, err
			}
			if caseID != "" {
				if err := w.s.resurveyAnswer(ctx, wsID, caseID, f); err != nil {
					return cur, nil, err
				}
				continue // a re-survey's answer opens no new case
			}
		}
		for _, r := range rules {
			if !r.Matches(f) {
				continue
			}
			o, err := w.opening(ctx, wsID, f, r)
			if err != nil {
				return cur, nil, err
			}
			out = append(out, o)
		}
	}
	return next, out, nil
}

// opening is the case feedback opens under a rule.
func (w *Worker) opening(ctx context.Context, wsID string, f cx.Feedback, r cx.CaseRule) (store.CaseOpening, error) {
	k := cx.Case{CustomerID: f.CustomerID, RuleID: r.ID, Priority: r.Priority, TouchpointID: f.TouchpointID, StageID: f.StageID,
		Detractor: isDetractor(f), OpenedAt: w.s.now().UTC().Truncate(time.Millisecond)}
	owner, err := w.s.owner(ctx, wsID, f.TouchpointID, f.StageID)
	if err != nil {
		return store.CaseOpening{}, err
	}
	k.OwnerID = owner
	if err := w.s.deadlines(ctx, wsID, &k); err != nil {
		return store.CaseOpening{}, err
	}
	return store.CaseOpening{Case: k, FeedbackID: f.ID, RoundRobin: true, Jobs: assignedJobs(wsID)}, nil
}

// resurveyAnswer links a re-survey's answer to its case; an NPS answer
// of 7 or more from a detractor's case marks the customer recovered.
func (s *Service) resurveyAnswer(ctx context.Context, wsID, caseID string, f cx.Feedback) error {
	if err := s.st.LinkCaseFeedback(ctx, wsID, caseID, f.ID); err != nil {
		return err
	}
	if f.QuestionType != cx.QNPS || f.Score == nil {
		return nil
	}
	_, err := s.st.ChangeCase(ctx, wsID, caseID, func(k *cx.Case, _ store.CaseMeta) (store.CaseChange, error) {
		ch := store.CaseChange{Entries: []cx.CaseEntry{{Kind: cx.EntryAnswer, To: fmt.Sprint(*f.Score)}}}
		if k.Detractor {
			rec := *f.Score >= 7
			k.Recovered = &rec
		}
		return ch, nil
	})
	return err
}

// remindWindow bounds how early any workspace reminds (a week).
const remindWindow = 7 * 24 * time.Hour

// deadlines reminds the owners of cases whose deadline is near and
// escalates those whose deadline passed.
func (w *Worker) deadlines(ctx context.Context) error {
	now := w.Clock().UTC().Truncate(time.Millisecond)
	due, err := w.s.st.DueCases(ctx, now.Add(remindWindow), 200)
	if err != nil {
		return err
	}
	remind := map[string]time.Duration{}
	var errs []error
	for _, d := range due {
		r, ok := remind[d.WorkspaceID]
		if !ok {
			set, err := w.s.st.CaseSettings(ctx, d.WorkspaceID)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			r = time.Duration(set.RemindMinutes) * time.Minute
			remind[d.WorkspaceID] = r
		}
		switch {
		case !d.Escalated && !now.Before(d.DueAt):
			errs = append(errs, w.s.escalate(ctx, d.WorkspaceID, d.CaseID, now))
		case !d.Reminded && r > 0 && !now.Before(d.DueAt.Add(-r)):
			errs = append(errs, w.s.remind(ctx, d.WorkspaceID, d.CaseID, now))
		}
	}
	return errors.Join(errs...)
}

func (s *Service) remind(ctx context.Context, wsID, caseID string, now time.Time) error {
	_, err := s.st.ChangeCase(ctx, wsID, caseID, func(k *cx.Case, meta store.CaseMeta) (store.CaseChange, error) {
		if k.DueAt == nil || meta.RemindedAt != nil || !cx.IsOpenCase(k.Status) {
			return store.CaseChange{}, nil
		}
		ch := store.CaseChange{Reminded: &now, Entries: []cx.CaseEntry{{Kind: cx.EntryReminded, To: k.OwnerID, At: now}}}
		if k.OwnerID != "" {
			ch.Jobs = []store.Job{mailJob(wsID, noticeReminder, k.ID, k.OwnerID, *k.DueAt)}
		}
		return ch, nil
	})
	return err
}

// escalate hands a case whose deadline passed to its stage's owner (else
// the workspace's owners) by e-mail, and records it.
func (s *Service) escalate(ctx context.Context, wsID, caseID string, now time.Time) error {
	k, err := s.st.Case(ctx, wsID, caseID)
	if err != nil {
		return err
	}
	to, err := s.escalationTo(ctx, wsID, k)
	if err != nil {
		return err
	}
	_, err = s.st.ChangeCase(ctx, wsID, caseID, func(k *cx.Case, meta store.CaseMeta) (store.CaseChange, error) {
		if k.DueAt == nil || k.EscalatedAt != nil || now.Before(*k.DueAt) || !cx.IsOpenCase(k.Status) {
			return store.CaseChange{}, nil
		}
		k.EscalatedAt = &now
		ch := store.CaseChange{}
		if meta.RemindedAt == nil {
			ch.Reminded = &now
		}
		for _, u := range to {
			ch.Entries = append(ch.Entries, cx.CaseEntry{Kind: cx.EntryEscalate, To: u, At: now})
			ch.Jobs = append(ch.Jobs, mailJob(wsID, noticeEscalated, k.ID, u, *k.DueAt))
		}
		if len(to) == 0 {
			ch.Entries = append(ch.Entries, cx.CaseEntry{Kind: cx.EntryEscalate, At: now})
		}
		return ch, nil
	})
	return err
}

func (s *Service) escalationTo(ctx context.Context, wsID string, k cx.Case) ([]string, error) {
	stage := k.StageID
	if stage == "" && k.TouchpointID != "" {
		tp, err := s.st.Touchpoint(ctx, wsID, k.TouchpointID)
		if err != nil && cx.ErrorCode(err) != cx.NotFound {
			return nil, err
		}
		stage = tp.StageID
	}
	if stage != "" {
		owner, err := s.st.StageOwner(ctx, wsID, stage)
		if err != nil || owner != "" {
			return []string{owner}, err
		}
	}
	return s.st.MembersWithRole(ctx, wsID, cx.RoleOwner)
}

// notices sends the e-mails queued for members, with retries.
func (w *Worker) notices(ctx context.Context) error {
	for ctx.Err() == nil {
		jobs, err := w.s.st.ClaimJobs(ctx, w.Clock(), 20, 5*time.Minute, JobNotice)
		if err != nil || len(jobs) == 0 {
			return err
		}
		for _, j := range jobs {
			var n notice
			err := json.Unmarshal([]byte(j.Payload), &n)
			if err == nil {
				err = w.s.sendNotice(ctx, j.WorkspaceID, n)
			}
			if err == nil {
				err = w.s.st.FinishJob(ctx, j)
			} else {
				w.s.log.Warn("case notice failed", "job", j.ID, "attempt", j.Attempts, "err", err)
				err = w.s.st.FailJob(ctx, j, err)
			}
			if err != nil && ctx.Err() == nil {
				w.s.log.Error("job state", "job", j.ID, "err", err)
			}
		}
	}
	return ctx.Err()
}
