package cases

import (
	"context"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
)

// Move is a status change.
type Move struct {
	Status      string `json:"status"`
	Resolution  string `json:"resolution"`    // required to resolve
	RootCauseID string `json:"root_cause_id"` // optional, when resolving
	Resurvey    bool   `json:"resurvey"`      // when resolving: e-mail the workspace's re-survey to the customer
}

// SetStatus moves a case to another status, as the workflow allows
// (cx.CaseMoves). Contacting sets the next deadline to the resolution's;
// resolving needs a resolution and may send the re-survey; reopening
// counts a new resolution deadline from now.
func (s *Service) SetStatus(ctx context.Context, p *account.Principal, caseID string, m Move) (cx.Case, error) {
	wsID, now := p.WorkspaceID, s.now().UTC().Truncate(time.Millisecond)
	m.Resolution = strings.TrimSpace(m.Resolution)
	if err := cx.CheckCaseText("resolution", m.Resolution, m.Status == cx.CaseResolved); err != nil {
		return cx.Case{}, err
	}
	if m.RootCauseID != "" {
		if err := s.checkRootCause(ctx, wsID, m.RootCauseID); err != nil {
			return cx.Case{}, err
		}
	}
	cal, err := s.st.Calendar(ctx, wsID)
	if err != nil {
		return cx.Case{}, err
	}
	set, err := s.st.CaseSettings(ctx, wsID)
	if err != nil {
		return cx.Case{}, err
	}
	var resurvey *pendingResurvey
	if m.Status == cx.CaseResolved && m.Resurvey {
		// The invitation is made first: the store takes one write at a time.
		k, err := s.st.Case(ctx, wsID, caseID)
		if err != nil {
			return k, err
		}
		if err := cx.CheckCaseMove(k.Status, m.Status); err != nil {
			return k, err
		}
		if resurvey, err = s.prepareResurvey(ctx, wsID, k, set); err != nil {
			return k, err
		}
	}
	k, err := s.st.ChangeCase(ctx, wsID, caseID, func(k *cx.Case, meta store.CaseMeta) (store.CaseChange, error) {
		if err := cx.CheckCaseMove(k.Status, m.Status); err != nil {
			return store.CaseChange{}, err
		}
		ch := store.CaseChange{Entries: []cx.CaseEntry{{Kind: cx.EntryStatus, UserID: actor(p), From: k.Status, To: m.Status, Text: m.Resolution, At: now}}}
		switch m.Status {
		case cx.CaseContacted, cx.CaseInProgress:
			if m.Status == cx.CaseContacted {
				contacted(k, &ch, now)
			}
		case cx.CaseResolved:
			k.ResolvedAt, k.DueAt, k.Resolution = &now, nil, m.Resolution
			if m.RootCauseID != "" {
				k.RootCauseID = m.RootCauseID
			}
			if resurvey != nil {
				ch.InvitationID = resurvey.inv.ID
				ch.Entries = append(ch.Entries, cx.CaseEntry{Kind: cx.EntryResurvey, UserID: actor(p), To: resurvey.inv.Email, At: now})
			}
		case cx.CaseClosed:
			k.ClosedAt, k.DueAt = &now, nil
		case cx.CaseReopened:
			k.ResolvedAt, k.ClosedAt = nil, nil
			k.ResolveDue = addWorkingDays(cal, now, set.ResolveDays)
			due := k.ResolveDue
			if k.ContactedAt == nil {
				due = k.ContactDue
			}
			k.DueAt, k.EscalatedAt, ch.ClearReminded = &due, nil, true
		}
		k.Status = m.Status
		return ch, nil
	})
	if cx.ErrorCode(err) == cx.Conflict && m.Status == cx.CaseReopened {
		return cx.Case{}, cx.FieldConflictf("status", "the customer has another open case of this kind: work on that one")
	}
	if err != nil || resurvey == nil {
		return k, err
	}
	return k, s.sendResurvey(ctx, wsID, *resurvey)
}

// contacted records the first contact: the next deadline becomes the
// resolution's, and its reminder and escalation start again.
func contacted(k *cx.Case, ch *store.CaseChange, now time.Time) {
	if k.ContactedAt != nil {
		return
	}
	k.ContactedAt = &now
	if k.Status == cx.CaseNew || k.Status == cx.CaseReopened {
		k.Status = cx.CaseContacted
	}
	if k.DueAt != nil {
		due := k.ResolveDue
		k.DueAt = &due
	}
	k.EscalatedAt, ch.ClearReminded = nil, true
}

func (s *Service) checkRootCause(ctx context.Context, wsID, id string) error {
	list, err := s.st.RootCauses(ctx, wsID)
	if err != nil {
		return err
	}
	for _, r := range list {
		if r.ID == id {
			return nil
		}
	}
	return cx.FieldErrorf("root_cause_id", "no root cause %q in this workspace", id)
}

// Entry is a note or a call an agent adds to a case.
type Entry struct {
	Kind string `json:"kind"` // note or call
	Text string `json:"text"`
}

// AddEntry adds a note, or logs a call with the customer (which counts as
// the first contact when there was none).
func (s *Service) AddEntry(ctx context.Context, p *account.Principal, caseID string, e Entry) (cx.Case, error) {
	e.Text = strings.TrimSpace(e.Text)
	if e.Kind != cx.EntryNote && e.Kind != cx.EntryCall {
		return cx.Case{}, cx.FieldErrorf("kind", "kind must be note or call")
	}
	if err := cx.CheckCaseText("text", e.Text, true); err != nil {
		return cx.Case{}, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	return s.st.ChangeCase(ctx, p.WorkspaceID, caseID, func(k *cx.Case, _ store.CaseMeta) (store.CaseChange, error) {
		ch := store.CaseChange{Entries: []cx.CaseEntry{{Kind: e.Kind, UserID: actor(p), Text: e.Text, At: now}}}
		if e.Kind == cx.EntryCall && cx.IsOpenCase(k.Status) {
			from := k.Status
			contacted(k, &ch, now)
			if k.Status != from {
				ch.Entries = append(ch.Entries, cx.CaseEntry{Kind: cx.EntryStatus, UserID: actor(p), From: from, To: k.Status, At: now})
			}
		}
		return ch, nil
	})
}

// Edit changes who owns a case, its priority or its root cause; an empty
// field is left as it is.
type Edit struct {
	OwnerID     *string `json:"owner"`
	Priority    string  `json:"priority"`
	RootCauseID string  `json:"root_cause_id"`
}

// Update applies an edit. A new owner is e-mailed.
func (s *Service) Update(ctx context.Context, p *account.Principal, caseID string, e Edit) (cx.Case, error) {
	wsID := p.WorkspaceID
	if e.Priority != "" && !oneOf(e.Priority, cx.CasePriorities) {
		return cx.Case{}, cx.FieldErrorf("priority", "priority must be one of %s", strings.Join(cx.CasePriorities, ", "))
	}
	if e.OwnerID != nil && *e.OwnerID != "" {
		if _, err := s.st.Member(ctx, wsID, *e.OwnerID); err != nil {
			return cx.Case{}, fieldNotFound(err, "owner")
		}
	}
	if e.RootCauseID != "" {
		if err := s.checkRootCause(ctx, wsID, e.RootCauseID); err != nil {
			return cx.Case{}, err
		}
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	return s.st.ChangeCase(ctx, wsID, caseID, func(k *cx.Case, _ store.CaseMeta) (store.CaseChange, error) {
		var ch store.CaseChange
		add := func(kind, from, to string) {
			ch.Entries = append(ch.Entries, cx.CaseEntry{Kind: kind, UserID: actor(p), From: from, To: to, At: now})
		}
		if e.OwnerID != nil && *e.OwnerID != k.OwnerID {
			add(cx.EntryOwner, k.OwnerID, *e.OwnerID)
			k.OwnerID = *e.OwnerID
			if k.OwnerID != "" && k.OwnerID != actor(p) {
				ch.Jobs = append(ch.Jobs, mailJob(wsID, noticeAssigned, k.ID, k.OwnerID, now))
			}
		}
		if e.Priority != "" && e.Priority != k.Priority {
			add(cx.EntryPriority, k.Priority, e.Priority)
			k.Priority = e.Priority
		}
		if e.RootCauseID != "" && e.RootCauseID != k.RootCauseID {
			add(cx.EntryCause, k.RootCauseID, e.RootCauseID)
			k.RootCauseID = e.RootCauseID
		}
		return ch, nil
	})
}
