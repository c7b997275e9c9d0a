// Package cases closes the loop on bad experiences (seeds 001, 002): rules
// the workspace edits open a follow-up case when a customer's answer or
// review matches, or a person opens one by hand; the case gets an owner,
// a priority and a service-level promise counted in the workspace's
// working time, and goes through its statuses with notes, calls, replies
// by e-mail and a re-survey that tells whether the customer recovered.
// A background worker reads new feedback after a durable cursor, reminds
// owners before a deadline and escalates when it passes.
package cases

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
	"cxm/internal/worktime"
)

// Service is the case use cases on one store.
type Service struct {
	st      *store.Store
	surveys *feedback.Service
	send    feedback.Sender // nil: no e-mail (replies are refused, notices skipped)
	baseURL string          // links in notices start with it
	now     func() time.Time
	log     *slog.Logger
}

// New returns the case use cases. Mail goes through send (nil when the
// server has no SMTP) with links from baseURL; now is the clock SLAs are
// counted by.
func New(st *store.Store, surveys *feedback.Service, send feedback.Sender, baseURL string, now func() time.Time, log *slog.Logger) *Service {
	return &Service{st: st, surveys: surveys, send: send, baseURL: strings.TrimSuffix(baseURL, "/"), now: now, log: log}
}

// actor is the user id of who acts ("" for an API key).
func actor(p *account.Principal) string {
	if p == nil || p.Member == nil {
		return ""
	}
	return p.Member.ID
}

// deadlines sets a new case's first-contact and resolution deadlines from
// its opening, in the workspace's working time.
func (s *Service) deadlines(ctx context.Context, wsID string, k *cx.Case) error {
	cal, err := s.st.Calendar(ctx, wsID)
	if err != nil {
		return err
	}
	set, err := s.st.CaseSettings(ctx, wsID)
	if err != nil {
		return err
	}
	k.ContactDue = addWorking(cal, k.OpenedAt, time.Duration(set.FirstContactHours)*time.Hour)
	k.ResolveDue = addWorkingDays(cal, k.OpenedAt, set.ResolveDays)
	due := k.ContactDue
	k.DueAt = &due
	return nil
}

// addWorking adds working time, or plain time when the calendar has none.
func addWorking(cal worktime.Calendar, t time.Time, d time.Duration) time.Time {
	if v := cal.Add(t, d); !v.IsZero() {
		return v.UTC().Truncate(time.Millisecond)
	}
	return t.Add(d).UTC()
}

func addWorkingDays(cal worktime.Calendar, t time.Time, n int) time.Time {
	if v := cal.AddDays(t, n); !v.IsZero() {
		return v.UTC().Truncate(time.Millisecond)
	}
	return t.AddDate(0, 0, n).UTC()
}

// owner chooses who a case from feedback goes to: the touchpoint's owner,
// else its stage's owner; "" leaves it to the round-robin among agents.
func (s *Service) owner(ctx context.Context, wsID, touchpointID, stageID string) (string, error) {
	if touchpointID != "" {
		tp, err := s.st.Touchpoint(ctx, wsID, touchpointID)
		if err != nil && cx.ErrorCode(err) != cx.NotFound {
			return "", err
		}
		if tp.OwnerID != "" {
			return tp.OwnerID, nil
		}
		if stageID == "" {
			stageID = tp.StageID
		}
	}
	if stageID == "" {
		return "", nil
	}
	return s.st.StageOwner(ctx, wsID, stageID)
}

// Manual is a case a person opens by hand.
type Manual struct {
	CustomerID string `json:"customer_id"`
	FeedbackID string `json:"feedback_id"` // optional: the feedback or timeline item it is about
	Title      string `json:"title"`
	Priority   string `json:"priority"`
	OwnerID    string `json:"owner"` // optional: else as for feedback, else round-robin
}

// Open opens a case by hand, from a customer, a feedback item or an item
// of the customer's timeline. A customer has one open manual case at a
// time; opening another from feedback joins the feedback to it.
func (s *Service) Open(ctx context.Context, p *account.Principal, m Manual) (cx.Case, error) {
	wsID := p.WorkspaceID
	m.Title, m.CustomerID, m.FeedbackID = strings.TrimSpace(m.Title), strings.TrimSpace(m.CustomerID), strings.TrimSpace(m.FeedbackID)
	if m.Priority == "" {
		m.Priority = "normal"
	}
	if err := cx.CheckCaseText("title", m.Title, false); err != nil {
		return cx.Case{}, err
	}
	if !oneOf(m.Priority, cx.CasePriorities) {
		return cx.Case{}, cx.FieldErrorf("priority", "priority must be one of %s", strings.Join(cx.CasePriorities, ", "))
	}
	k := cx.Case{CustomerID: m.CustomerID, RuleID: cx.ManualRule, Title: m.Title, Priority: m.Priority, OwnerID: m.OwnerID, OpenedAt: s.now().UTC().Truncate(time.Millisecond)}
	if m.FeedbackID != "" {
		f, err := s.st.FeedbackItem(ctx, wsID, m.FeedbackID)
		if err != nil {
			return cx.Case{}, fieldNotFound(err, "feedback_id")
		}
		if k.CustomerID == "" {
			k.CustomerID = f.CustomerID
		}
		if k.CustomerID != f.CustomerID {
			return cx.Case{}, cx.FieldErrorf("feedback_id", "this feedback is not the customer's")
		}
		k.TouchpointID, k.StageID = f.TouchpointID, f.StageID
		k.Detractor = isDetractor(f)
	}
	if k.CustomerID == "" {
		return cx.Case{}, cx.FieldErrorf("customer_id", "customer_id is required")
	}
	if k.OwnerID != "" {
		if _, err := s.st.Member(ctx, wsID, k.OwnerID); err != nil {
			return cx.Case{}, fieldNotFound(err, "owner")
		}
	} else {
		var err error
		if k.OwnerID, err = s.owner(ctx, wsID, k.TouchpointID, k.StageID); err != nil {
			return cx.Case{}, err
		}
	}
	if err := s.deadlines(ctx, wsID, &k); err != nil {
		return cx.Case{}, err
	}
	opened, err := s.st.OpenCases(ctx, wsID, "", []store.CaseOpening{{Case: k, FeedbackID: m.FeedbackID, RoundRobin: true, Jobs: assignedJobs(wsID)}})
	if err != nil {
		return cx.Case{}, err
	}
	return opened[0], nil
}

// fieldNotFound names the field of a reference that does not exist.
func fieldNotFound(err error, field string) error {
	if cx.ErrorCode(err) == cx.NotFound {
		return cx.FieldErrorf(field, "%s not found", field)
	}
	return err
}

// isDetractor reports an NPS answer of 0–6.
func isDetractor(f cx.Feedback) bool {
	return f.QuestionType == cx.QNPS && f.Score != nil && *f.Score <= 6
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Case returns a case with its feedback and history.
func (s *Service) Case(ctx context.Context, wsID, id string) (cx.Case, error) {
	return s.st.Case(ctx, wsID, id)
}

// Queue scopes: an agent's own cases, their team's (the cases at the
// touchpoints and stages they own, and those nobody owns), or every case.
const (
	ScopeMine = "mine"
	ScopeTeam = "team"
	ScopeAll  = "all"
)

// MaxQueue bounds a queue.
const MaxQueue = 500

// Queue lists the open cases of a scope in the order to work them:
// overdue first, then by the next deadline.
func (s *Service) Queue(ctx context.Context, p *account.Principal, scope string) ([]cx.Case, error) {
	f := store.CaseFilter{Status: "open"}
	me := actor(p)
	if scope == ScopeMine {
		f.Owners = []string{me}
	}
	list, err := s.st.CaseQueue(ctx, p.WorkspaceID, f, MaxQueue)
	if err != nil || scope != ScopeTeam {
		return list, err
	}
	mine, err := s.ownedPlaces(ctx, p.WorkspaceID, me)
	if err != nil {
		return nil, err
	}
	out := []cx.Case{}
	for _, k := range list {
		if k.OwnerID == "" || k.OwnerID == me || mine[k.TouchpointID] || mine[k.StageID] {
			out = append(out, k)
		}
	}
	return out, nil
}

// ownedPlaces are the ids of the touchpoints and stages a member owns.
func (s *Service) ownedPlaces(ctx context.Context, wsID, userID string) (map[string]bool, error) {
	out := map[string]bool{}
	if userID == "" {
		return out, nil
	}
	tps, err := s.st.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		return nil, err
	}
	for _, t := range tps {
		if t.OwnerID == userID {
			out[t.ID] = true
		}
	}
	js, err := s.st.Journeys(ctx, wsID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	for _, j := range js.Items {
		for _, st := range j.Stages {
			if st.OwnerID == userID {
				out[st.ID] = true
			}
		}
	}
	return out, nil
}

// SaveSettings replaces a workspace's SLA settings and, when holidays is
// not nil, its holidays.
func (s *Service) SaveSettings(ctx context.Context, wsID string, set cx.CaseSettings, holidays []cx.CaseHoliday) error {
	if err := set.Validate(); err != nil {
		return err
	}
	for i := range holidays {
		if err := holidays[i].Validate(); err != nil {
			return err
		}
	}
	if err := s.st.SetCaseSettings(ctx, wsID, set); err != nil || holidays == nil {
		return err
	}
	return s.st.SetCaseHolidays(ctx, wsID, holidays)
}
