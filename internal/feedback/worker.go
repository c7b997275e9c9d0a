package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
)

// Job kinds.
const (
	JobInviteRule = "invite.rule"   // a rule matched an event: invite, unless fatigue says no
	JobSend       = "invite.send"   // email an invitation
	JobRemind     = "invite.remind" // email a reminder, unless answered
)

// Worker runs in `cxm serve`: it reads new events after each workspace's
// durable cursor and turns matching invitation rules into jobs, and runs
// due jobs (invitations, emails, reminders) with retries.
type Worker struct {
	st      *store.Store
	send    Sender
	baseURL string
	log     *slog.Logger
	Poll    time.Duration    // how often to look for events and jobs
	Clock   func() time.Time // the time jobs are due by; time.Now but in tests
}

// NewWorker builds a worker that sends email through send and writes
// links from baseURL.
func NewWorker(st *store.Store, send Sender, baseURL string, log *slog.Logger) *Worker {
	return &Worker{st: st, send: send, baseURL: strings.TrimSuffix(baseURL, "/"), log: log, Poll: time.Second, Clock: time.Now}
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	every(ctx, w.Poll, w.Step, w.log, "feedback worker")
}

// every runs step every poll until ctx ends, logging its errors.
func every(ctx context.Context, poll time.Duration, step func(context.Context) error, log *slog.Logger, what string) {
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		if err := step(ctx); err != nil && ctx.Err() == nil {
			log.Warn(what, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Step scans the triggers once, then runs the jobs that are due.
func (w *Worker) Step(ctx context.Context) error {
	err := w.ScanTriggers(ctx)
	for ctx.Err() == nil {
		jobs, cerr := w.st.ClaimJobs(ctx, w.Clock(), 20, 5*time.Minute, JobInviteRule, JobSend, JobRemind)
		if cerr != nil || len(jobs) == 0 {
			return errors.Join(err, cerr)
		}
		for _, j := range jobs {
			w.runJob(ctx, j)
		}
	}
	return err
}

func (w *Worker) runJob(ctx context.Context, j store.Job) {
	err := w.handle(ctx, j)
	if err == nil {
		err = w.st.FinishJob(ctx, j)
	} else {
		w.log.Warn("job failed", "kind", j.Kind, "job", j.ID, "attempt", j.Attempts, "err", err)
		err = w.st.FailJob(ctx, j, err)
	}
	if err != nil && ctx.Err() == nil {
		w.log.Error("job state", "job", j.ID, "err", err)
	}
}

// payload is what invitation jobs carry: ids only. A personal link's
// token is never in a job: the sender issues a new one for each email (see
// sendInvitation). A job's payload is emptied when it is done.
type payload struct {
	RuleID       string `json:"rule_id,omitempty"`
	CustomerID   string `json:"customer_id,omitempty"`
	OrderID      string `json:"order_id,omitempty"`
	InvitationID string `json:"invitation_id,omitempty"`
}

func (w *Worker) handle(ctx context.Context, j store.Job) error {
	var p payload
	if err := json.Unmarshal([]byte(j.Payload), &p); err != nil {
		return fmt.Errorf("bad payload: %w", err)
	}
	switch j.Kind {
	case JobInviteRule:
		return w.inviteFromRule(ctx, j.WorkspaceID, p)
	case JobSend, JobRemind:
		return w.sendInvitation(ctx, j.WorkspaceID, p, j.Kind == JobRemind)
	}
	return fmt.Errorf("unknown job kind %q", j.Kind)
}

// SendJob is the job that emails an invitation.
func SendJob(wsID, invitationID string) store.Job {
	return store.Job{WorkspaceID: wsID, Kind: JobSend, DedupeKey: "send:" + invitationID,
		Payload: toJSON(payload{InvitationID: invitationID})}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// inviteFromRule invites the customer an event named, unless the store's
// fatigue rules skip them; email invitations are queued to be sent in the
// same transaction.
func (w *Worker) inviteFromRule(ctx context.Context, wsID string, p payload) error {
	rule, err := w.st.InvitationRule(ctx, wsID, p.RuleID)
	if cx.ErrorCode(err) == cx.NotFound {
		return nil // the rule was deleted meanwhile
	}
	if err != nil {
		return err
	}
	sv, err := w.st.Survey(ctx, wsID, rule.SurveyID)
	if err != nil || sv.Status != cx.SurveyActive {
		return err
	}
	// The token made here is thrown away: the email's link gets its own.
	_, hash := secret.NewToken()
	inv := cx.Invitation{SurveyID: sv.ID, CustomerID: p.CustomerID, Channel: rule.Channel, OrderID: p.OrderID, RuleID: rule.ID}
	inv, skip, err := w.st.InviteOnce(ctx, wsID, inv, hash, func(inv cx.Invitation) []store.Job {
		if inv.Channel != "email" {
			return nil
		}
		return []store.Job{SendJob(wsID, inv.ID)}
	})
	if skip != "" {
		w.log.Info("invitation skipped", "rule", rule.ID, "customer", p.CustomerID, "reason", skip)
	}
	return err
}

// sendInvitation emails an invitation or its reminder, unless it was
// answered (or begun), has expired or its person unsubscribed. After the
// first email it queues the reminder.
//
// The store keeps only a token's hash, so the link cannot be looked up:
// each email gets a new token, whose hash replaces the invitation's. No
// clear token is ever at rest (not in a job, not in the database), at the
// price that an earlier email's link stops working once a newer one is
// sent; an invitation someone has begun to answer is never mailed again,
// so nobody loses a response in progress.
func (w *Worker) sendInvitation(ctx context.Context, wsID string, p payload, reminder bool) error {
	inv, err := w.st.Invitation(ctx, wsID, p.InvitationID)
	if cx.ErrorCode(err) == cx.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	out, err := w.st.Unsubscribed(ctx, wsID, inv.CustomerID, inv.Email)
	if err != nil || out || inv.Status == "responded" || inv.ResponseID != "" || w.Clock().After(inv.ExpiresAt) {
		return err
	}
	sv, err := w.st.Survey(ctx, wsID, inv.SurveyID)
	if err != nil {
		return err
	}
	token := strings.ToLower(secret.RandomToken(20))
	msg, err := InvitationEmail(sv, inv, surveyURL(w.baseURL, token), reminder)
	if err != nil {
		return err
	}
	if err := w.st.ReplaceInvitationToken(ctx, wsID, inv.ID, secret.Hash(token)); err != nil {
		return err
	}
	if err := w.send.Send(ctx, msg); err != nil {
		return err
	}
	if reminder {
		return w.st.MarkInvitation(ctx, wsID, inv.ID, "reminded")
	}
	if err := w.st.MarkInvitation(ctx, wsID, inv.ID, "sent"); err != nil {
		return err
	}
	return w.queueReminder(ctx, wsID, inv.ID)
}

func (w *Worker) queueReminder(ctx context.Context, wsID, invID string) error {
	settings, err := w.st.FeedbackSettings(ctx, wsID)
	if err != nil || settings.ReminderDays == 0 {
		return err
	}
	return w.st.EnqueueJob(ctx, store.Job{WorkspaceID: wsID, Kind: JobRemind, DedupeKey: "remind:" + invID,
		RunAt:   time.Now().Add(time.Duration(settings.ReminderDays) * 24 * time.Hour),
		Payload: toJSON(payload{InvitationID: invID})})
}

// ScanTriggers reads each workspace's new events and queues an invitation
// job for every active rule an event matches, after the rule's delay.
func (w *Worker) ScanTriggers(ctx context.Context) error {
	return eachWorkspace(ctx, w.st.TriggerWorkspaces, w.scanWorkspace)
}

// eachWorkspace runs fn for each workspace list gives, all of them even
// when one fails, and joins their errors.
func eachWorkspace(ctx context.Context, list func(context.Context) ([]string, error), fn func(context.Context, string) error) error {
	workspaces, err := list(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, wsID := range workspaces {
		if err := fn(ctx, wsID); err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", wsID, err))
		}
	}
	return errors.Join(errs...)
}

func (w *Worker) scanWorkspace(ctx context.Context, wsID string) error {
	for {
		events, err := w.st.EventsAfterCursor(ctx, wsID, 500)
		if err != nil || len(events) == 0 {
			return err
		}
		rules, err := w.st.InvitationRules(ctx, wsID, true)
		if err != nil {
			return err
		}
		var jobs []store.Job
		for _, e := range events {
			for _, r := range rules {
				if Matches(r, e) {
					jobs = append(jobs, ruleJob(wsID, r, e))
				}
			}
		}
		if err := w.st.AdvanceTrigger(ctx, wsID, events[len(events)-1].ID, jobs); err != nil {
			return err
		}
	}
}

// Matches reports whether a rule invites after an event: same name, same
// touchpoint when the rule names one, equal properties, and the event in
// the rule's sample (decided from the ids, so a rescan decides alike).
func Matches(r cx.InvitationRule, e store.TriggerEvent) bool {
	if e.Name != r.EventName || r.TouchpointID != "" && e.TouchpointID != r.TouchpointID || e.CustomerID == "" {
		return false
	}
	for k, v := range r.Properties {
		if fmt.Sprint(e.Properties[k]) != v {
			return false
		}
	}
	if r.SampleRate >= 1 {
		return true
	}
	sum := sha256.Sum256([]byte(r.ID + "/" + e.ID))
	return float64(binary.BigEndian.Uint64(sum[:8]))/float64(^uint64(0)) < r.SampleRate
}

func ruleJob(wsID string, r cx.InvitationRule, e store.TriggerEvent) store.Job {
	order := ""
	for _, k := range []string{"order_id", "orderId"} {
		if v, ok := e.Properties[k]; ok && v != nil {
			order = fmt.Sprint(v)
			break
		}
	}
	return store.Job{WorkspaceID: wsID, Kind: JobInviteRule, DedupeKey: "rule:" + r.ID + ":" + e.ID,
		RunAt:   time.UnixMilli(e.OccurredAt).Add(time.Duration(r.DelayMinutes) * time.Minute),
		Payload: toJSON(payload{RuleID: r.ID, CustomerID: e.CustomerID, OrderID: order})}
}
