package store

import (
	"context"
	"database/sql"
	"time"

	"cxm/internal/cx"
)

const caseColumns = `k.case_id, k.customer_id, COALESCE(c.full_name, ''), k.rule_id, k.title, k.status, k.priority, k.owner_id, COALESCE(u.name, ''),
	k.touchpoint_id, k.stage_id, k.root_cause_id, k.resolution, k.detractor, k.recovered, k.opened_at, k.contact_due, k.resolve_due, k.due_at,
	k.contacted_at, k.resolved_at, k.closed_at, k.escalated_at, k.updated_at`

const caseFrom = ` FROM cases k LEFT JOIN customers c ON c.workspace_id = k.workspace_id AND c.customer_id = k.customer_id
	LEFT JOIN users u ON u.user_id = k.owner_id`

func scanCase(row scanner) (cx.Case, error) {
	var k cx.Case
	var recovered sql.NullBool
	var opened, contactDue, resolveDue, updated int64
	var due, contacted, resolved, closed, escalated sql.NullInt64
	err := row.Scan(&k.ID, &k.CustomerID, &k.CustomerName, &k.RuleID, &k.Title, &k.Status, &k.Priority, &k.OwnerID, &k.OwnerName,
		&k.TouchpointID, &k.StageID, &k.RootCauseID, &k.Resolution, &k.Detractor, &recovered, &opened, &contactDue, &resolveDue, &due,
		&contacted, &resolved, &closed, &escalated, &updated)
	if recovered.Valid {
		k.Recovered = &recovered.Bool
	}
	k.OpenedAt, k.ContactDue, k.ResolveDue, k.UpdatedAt = fromMS(opened), fromMS(contactDue), fromMS(resolveDue), fromMS(updated)
	k.DueAt, k.ContactedAt, k.ResolvedAt, k.ClosedAt, k.EscalatedAt = msPtr(due), msPtr(contacted), msPtr(resolved), msPtr(closed), msPtr(escalated)
	return k, err
}

func msPtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

func ptrMS(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ms(*t)
}

// CaseMeta is what a case keeps beside its public fields: when its owner
// was reminded of the deadline due_at and which re-survey it sent.
type CaseMeta struct {
	RemindedAt   *time.Time
	InvitationID string
}

// CaseOpening is a case to open, or feedback to join to the customer's
// open case of the same rule.
type CaseOpening struct {
	Case       cx.Case
	FeedbackID string // "" for a case opened by hand from no feedback
	RoundRobin bool   // no owner: the next agent in turn takes it
	// Jobs to queue when a case is opened (not when feedback joins one),
	// made once the case's id and owner are known.
	Jobs func(cx.Case) []Job
}

// OpenCases opens cases (or joins their feedback to the open case of the
// same customer and rule) and, when cursor is not "", moves the
// workspace's case cursor to it, in one transaction. It returns the cases
// opened or joined, in order.
func (s *Store) OpenCases(ctx context.Context, wsID, cursor string, list []CaseOpening) ([]cx.Case, error) {
	var out []cx.Case
	err := s.inTx(ctx, func(c conn) error {
		out = out[:0]
		for _, o := range list {
			k, err := s.openCase(ctx, c, wsID, o)
			if err != nil {
				return err
			}
			out = append(out, k)
		}
		if cursor == "" {
			return nil
		}
		_, err := c.exec(ctx, `INSERT INTO case_cursors (workspace_id, last_feedback_id, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (workspace_id) DO UPDATE SET last_feedback_id = excluded.last_feedback_id, updated_at = excluded.updated_at`,
			wsID, cursor, ms(now()))
		return err
	})
	return out, err
}

func (s *Store) openCase(ctx context.Context, c conn, wsID string, o CaseOpening) (cx.Case, error) {
	k := o.Case
	var open string
	err := c.queryRow(ctx, `SELECT case_id FROM cases WHERE workspace_id = ? AND customer_id = ? AND rule_id = ?
		AND status IN ('new', 'contacted', 'in_progress', 'reopened')`+c.d.forUpdate(), wsID, k.CustomerID, k.RuleID).Scan(&open)
	if err == nil {
		if o.FeedbackID == "" {
			return cx.Case{}, cx.Errorf(cx.Conflict, "this customer already has an open case of this kind")
		}
		added, err := s.linkCaseFeedback(ctx, c, wsID, open, o.FeedbackID)
		if err == nil && added {
			err = s.addCaseEntry(ctx, c, wsID, open, cx.CaseEntry{Kind: cx.EntryFeedback, To: o.FeedbackID})
		}
		if err != nil {
			return cx.Case{}, err
		}
		return s.caseIn(ctx, c, wsID, open)
	}
	if err := notFound(err, ""); cx.ErrorCode(err) != cx.NotFound {
		return cx.Case{}, err
	}
	if err := exists(ctx, c, "customers", "customer_id", wsID, k.CustomerID, "customer"); err != nil {
		return cx.Case{}, cx.FieldErrorf("customer_id", "no customer %q in this workspace", k.CustomerID)
	}
	if k.OwnerID == "" && o.RoundRobin {
		if k.OwnerID, err = nextAgent(ctx, c, wsID); err != nil {
			return cx.Case{}, err
		}
	}
	k.ID, k.Status, k.UpdatedAt = s.ids.New("case"), cx.CaseNew, now()
	_, err = c.exec(ctx, `INSERT INTO cases (workspace_id, case_id, customer_id, rule_id, title, status, priority, owner_id, touchpoint_id, stage_id,
		root_cause_id, resolution, detractor, opened_at, contact_due, resolve_due, due_at, resurvey_invitation_id, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, ?, ?, '', ?)`,
		wsID, k.ID, k.CustomerID, k.RuleID, k.Title, k.Status, k.Priority, k.OwnerID, k.TouchpointID, k.StageID, k.Detractor,
		ms(k.OpenedAt), ms(k.ContactDue), ms(k.ResolveDue), ptrMS(k.DueAt), ms(k.UpdatedAt))
	if err != nil {
		return cx.Case{}, err
	}
	if o.FeedbackID != "" {
		if _, err := s.linkCaseFeedback(ctx, c, wsID, k.ID, o.FeedbackID); err != nil {
			return cx.Case{}, err
		}
	}
	if err := s.addCaseEntry(ctx, c, wsID, k.ID, cx.CaseEntry{Kind: cx.EntryOpened, UserID: "", To: k.OwnerID, Text: k.RuleID}); err != nil {
		return cx.Case{}, err
	}
	if o.Jobs != nil {
		for _, j := range o.Jobs(k) {
			if err := s.enqueue(ctx, c, j); err != nil {
				return cx.Case{}, err
			}
		}
	}
	return s.caseIn(ctx, c, wsID, k.ID)
}

// nextAgent is the round-robin's next agent after the last one picked,
// remembered in the workspace's case settings. A workspace with no agent
// (a café whose owner does everything) takes turns among its owners and
// admins instead, so that a case never waits with nobody told.
func nextAgent(ctx context.Context, c conn, wsID string) (string, error) {
	var agents []string
	for _, roles := range [][2]cx.Role{{cx.RoleAgent, cx.RoleAgent}, {cx.RoleOwner, cx.RoleAdmin}} {
		var err error
		agents, err = collect(ctx, c, scanString, `SELECT user_id FROM memberships WHERE workspace_id = ? AND role IN (?, ?) ORDER BY user_id`,
			wsID, string(roles[0]), string(roles[1]))
		if err != nil {
			return "", err
		}
		if len(agents) > 0 {
			break
		}
	}
	if len(agents) == 0 {
		return "", nil
	}
	var last string
	if err := c.queryRow(ctx, `SELECT last_assignee FROM case_settings WHERE workspace_id = ?`+c.d.forUpdate(), wsID).Scan(&last); err != nil {
		if err := notFound(err, ""); cx.ErrorCode(err) != cx.NotFound {
			return "", err
		}
	}
	pick := agents[0]
	for _, a := range agents {
		if a > last {
			pick = a
			break
		}
	}
	_, err := c.exec(ctx, `UPDATE case_settings SET last_assignee = ? WHERE workspace_id = ?`, pick, wsID)
	return pick, err
}

func (s *Store) linkCaseFeedback(ctx context.Context, c conn, wsID, caseID, feedbackID string) (bool, error) {
	if err := exists(ctx, c, "feedback", "feedback_id", wsID, feedbackID, "feedback"); err != nil {
		return false, cx.FieldErrorf("feedback_id", "no feedback %q in this workspace", feedbackID)
	}
	res, err := c.exec(ctx, `INSERT INTO case_feedback (workspace_id, case_id, feedback_id, added_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id, case_id, feedback_id) DO NOTHING`, wsID, caseID, feedbackID, ms(now()))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (s *Store) addCaseEntry(ctx context.Context, c conn, wsID, caseID string, e cx.CaseEntry) error {
	if e.At.IsZero() {
		e.At = now()
	}
	_, err := c.exec(ctx, `INSERT INTO case_entries (workspace_id, case_id, entry_id, kind, user_id, text, from_value, to_value, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, wsID, caseID, s.ids.New("ce"), e.Kind, e.UserID, e.Text, e.From, e.To, ms(e.At))
	return err
}

// Case returns a case with its feedback and history.
func (s *Store) Case(ctx context.Context, wsID, id string) (cx.Case, error) {
	return s.caseIn(ctx, s.reader(), wsID, id)
}

func (s *Store) caseIn(ctx context.Context, c conn, wsID, id string) (cx.Case, error) {
	k, err := scanCase(c.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE k.workspace_id = ? AND k.case_id = ?`, wsID, id))
	if err != nil {
		return k, notFound(err, "case")
	}
	k.Feedback, err = collect(ctx, c, scanFeedback, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = ? AND feedback_id IN (
		SELECT feedback_id FROM case_feedback WHERE workspace_id = ? AND case_id = ?) ORDER BY feedback_id`, wsID, wsID, id)
	if err != nil {
		return k, err
	}
	k.History, err = collect(ctx, c, func(row scanner) (cx.CaseEntry, error) {
		var e cx.CaseEntry
		var at int64
		err := row.Scan(&e.ID, &e.Kind, &e.UserID, &e.UserName, &e.Text, &e.From, &e.To, &at)
		e.At = fromMS(at)
		return e, err
	}, `SELECT e.entry_id, e.kind, e.user_id, COALESCE(u.name, ''), e.text, e.from_value, e.to_value, e.at FROM case_entries e
		LEFT JOIN users u ON u.user_id = e.user_id WHERE e.workspace_id = ? AND e.case_id = ? ORDER BY e.entry_id`, wsID, id)
	return k, err
}

// CaseChange is what a use case does to a case inside ChangeCase: the case
// as it wants it stored, what to add to its history, jobs to queue.
type CaseChange struct {
	Entries []cx.CaseEntry
	Jobs    []Job
	// Reminded sets or clears when the owner was reminded of due_at.
	Reminded *time.Time
	// ClearReminded forgets the reminder (a new deadline).
	ClearReminded bool
	InvitationID  string // a re-survey sent
}

// ChangeCase reads a case, lets change decide what becomes of it, and
// stores the case, its new history entries and jobs, in one transaction
// (the case's row locked on PostgreSQL, so two people's changes queue).
func (s *Store) ChangeCase(ctx context.Context, wsID, id string, change func(k *cx.Case, meta CaseMeta) (CaseChange, error)) (cx.Case, error) {
	var out cx.Case
	err := s.inTx(ctx, func(c conn) error {
		var meta CaseMeta
		var reminded sql.NullInt64
		err := c.queryRow(ctx, `SELECT reminded_at, resurvey_invitation_id FROM cases WHERE workspace_id = ? AND case_id = ?`+c.d.forUpdate(),
			wsID, id).Scan(&reminded, &meta.InvitationID)
		if err != nil {
			return notFound(err, "case")
		}
		meta.RemindedAt = msPtr(reminded)
		k, err := s.caseIn(ctx, c, wsID, id)
		if err != nil {
			return err
		}
		ch, err := change(&k, meta)
		if err != nil {
			return err
		}
		if ch.Reminded != nil {
			reminded = sql.NullInt64{Int64: ms(*ch.Reminded), Valid: true}
		}
		if ch.ClearReminded {
			reminded = sql.NullInt64{}
		}
		if ch.InvitationID != "" {
			meta.InvitationID = ch.InvitationID
		}
		var recovered any
		if k.Recovered != nil {
			recovered = *k.Recovered
		}
		_, err = c.exec(ctx, `UPDATE cases SET status = ?, priority = ?, owner_id = ?, root_cause_id = ?, resolution = ?, recovered = ?,
			contact_due = ?, resolve_due = ?, due_at = ?, contacted_at = ?, resolved_at = ?, closed_at = ?, escalated_at = ?, reminded_at = ?,
			resurvey_invitation_id = ?, updated_at = ? WHERE workspace_id = ? AND case_id = ?`,
			k.Status, k.Priority, k.OwnerID, k.RootCauseID, k.Resolution, recovered, ms(k.ContactDue), ms(k.ResolveDue), ptrMS(k.DueAt),
			ptrMS(k.ContactedAt), ptrMS(k.ResolvedAt), ptrMS(k.ClosedAt), ptrMS(k.EscalatedAt), reminded, meta.InvitationID, ms(now()), wsID, id)
		if err != nil {
			return err
		}
		for _, e := range ch.Entries {
			if err := s.addCaseEntry(ctx, c, wsID, id, e); err != nil {
				return err
			}
		}
		for _, j := range ch.Jobs {
			if err := s.enqueue(ctx, c, j); err != nil {
				return err
			}
		}
		out, err = s.caseIn(ctx, c, wsID, id)
		return err
	})
	return out, err
}

// LinkCaseFeedback joins feedback (such as a re-survey's answer) to a case.
func (s *Store) LinkCaseFeedback(ctx context.Context, wsID, caseID, feedbackID string) error {
	return s.inTx(ctx, func(c conn) error {
		_, err := s.linkCaseFeedback(ctx, c, wsID, caseID, feedbackID)
		return err
	})
}

// CaseFilter narrows a list of cases.
type CaseFilter struct {
	CustomerID string
	Status     string   // one status, or "open" for every open status
	Owners     []string // any of these owners ("" for unowned)
	OverdueAt  *time.Time
}

func (f CaseFilter) where(q string, args []any) (string, []any) {
	if f.CustomerID != "" {
		q += ` AND k.customer_id = ?`
		args = append(args, f.CustomerID)
	}
	switch f.Status {
	case "":
	case "open":
		q += ` AND k.status IN ('new', 'contacted', 'in_progress', 'reopened')`
	default:
		q += ` AND k.status = ?`
		args = append(args, f.Status)
	}
	if f.Owners != nil && len(f.Owners) == 0 {
		q += ` AND 1 = 0`
	} else if f.Owners != nil {
		q += ` AND k.owner_id IN (` + placeholders(len(f.Owners)) + `)`
		args = append(args, anys(f.Owners)...)
	}
	if f.OverdueAt != nil {
		q += ` AND k.due_at < ?`
		args = append(args, ms(*f.OverdueAt))
	}
	return q, args
}

// Cases lists a workspace's cases that f matches, by id (newest last),
// without their feedback and history.
func (s *Store) Cases(ctx context.Context, wsID string, f CaseFilter, p Page) (List[cx.Case], error) {
	q, args := f.where(`SELECT `+caseColumns+caseFrom+` WHERE k.workspace_id = ? AND k.case_id > ?`, []any{wsID, p.After})
	out, err := collect(ctx, s.reader(), scanCase, q+` ORDER BY k.case_id LIMIT ?`, append(args, p.limit())...)
	if err != nil {
		return List[cx.Case]{}, err
	}
	return cut(out, p, func(k cx.Case) string { return k.ID }), nil
}

// CaseQueue lists up to limit cases f matches in the order an agent works
// them: the next deadline first (overdue ones come first), cases without
// one last.
func (s *Store) CaseQueue(ctx context.Context, wsID string, f CaseFilter, limit int) ([]cx.Case, error) {
	q, args := f.where(`SELECT `+caseColumns+caseFrom+` WHERE k.workspace_id = ?`, []any{wsID})
	return collect(ctx, s.reader(), scanCase, q+` ORDER BY CASE WHEN k.due_at IS NULL THEN 1 ELSE 0 END, k.due_at, k.case_id LIMIT ?`,
		append(args, limit)...)
}

// CaseCursor is the feedback id up to which the case worker has read a
// workspace's feedback ("" before it has read any).
func (s *Store) CaseCursor(ctx context.Context, wsID string) (string, error) {
	var last string
	err := s.reader().queryRow(ctx, `SELECT last_feedback_id FROM case_cursors WHERE workspace_id = ?`, wsID).Scan(&last)
	if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
		return "", nil
	}
	return last, err
}

// FeedbackAfter returns up to limit feedback rows after the id after, in
// id order, with their text analyses where they have one.
func (s *Store) FeedbackAfter(ctx context.Context, wsID, after string, limit int) ([]cx.Feedback, error) {
	list, err := collect(ctx, s.reader(), scanFeedback, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = ? AND feedback_id > ?
		ORDER BY feedback_id LIMIT ?`, wsID, after, limit)
	if err != nil {
		return nil, err
	}
	return list, s.attachAnalyses(ctx, wsID, list)
}

// ResurveyCase returns the case whose re-survey invitation produced a
// response ("" when none did).
func (s *Store) ResurveyCase(ctx context.Context, wsID, responseID string) (string, error) {
	var id string
	err := s.reader().queryRow(ctx, `SELECT k.case_id FROM cases k JOIN invitations i ON i.workspace_id = k.workspace_id
		AND i.invitation_id = k.resurvey_invitation_id WHERE k.workspace_id = ? AND i.response_id = ?`, wsID, responseID).Scan(&id)
	if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
		return "", nil
	}
	return id, err
}

// DueCase is an open case whose deadline is near or past.
type DueCase struct {
	WorkspaceID string
	CaseID      string
	DueAt       time.Time
	Reminded    bool
	Escalated   bool
}

// DueCases lists, across workspaces, up to limit open cases whose next
// deadline is before until and that still need a reminder or, once it
// has passed, an escalation.
func (s *Store) DueCases(ctx context.Context, until time.Time, limit int) ([]DueCase, error) {
	return collect(ctx, s.reader(), func(row scanner) (DueCase, error) {
		var d DueCase
		var due int64
		err := row.Scan(&d.WorkspaceID, &d.CaseID, &due, &d.Reminded, &d.Escalated)
		d.DueAt = fromMS(due)
		return d, err
	}, `SELECT workspace_id, case_id, due_at, reminded_at IS NOT NULL, escalated_at IS NOT NULL FROM cases
		WHERE due_at IS NOT NULL AND due_at < ? AND status IN ('new', 'contacted', 'in_progress', 'reopened')
		AND (reminded_at IS NULL OR escalated_at IS NULL) ORDER BY due_at LIMIT ?`, ms(until), limit)
}

// StageOwner returns the member who owns a stage ("" when none does).
func (s *Store) StageOwner(ctx context.Context, wsID, stageID string) (string, error) {
	var id string
	err := s.reader().queryRow(ctx, `SELECT COALESCE(owner_id, '') FROM stages WHERE workspace_id = ? AND stage_id = ?`, wsID, stageID).Scan(&id)
	if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
		return "", nil
	}
	return id, err
}

// MembersWithRole lists the user ids of a workspace's members with a role.
func (s *Store) MembersWithRole(ctx context.Context, wsID string, role cx.Role) ([]string, error) {
	return collect(ctx, s.reader(), scanString, `SELECT user_id FROM memberships WHERE workspace_id = ? AND role = ? ORDER BY user_id`, wsID, string(role))
}

// FeedbackItem returns one feedback row with its analysis.
func (s *Store) FeedbackItem(ctx context.Context, wsID, id string) (cx.Feedback, error) {
	f, err := scanFeedback(s.reader().queryRow(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = ? AND feedback_id = ?`, wsID, id))
	if err != nil {
		return f, notFound(err, "feedback")
	}
	list := []cx.Feedback{f}
	err = s.attachAnalyses(ctx, wsID, list)
	return list[0], err
}

// CaseFact is what the case analytics read of one case.
type CaseFact struct {
	Status       string
	TouchpointID string
	RootCauseID  string
	Detractor    bool
	Recovered    *bool
	OpenedAt     time.Time
	ContactDue   time.Time
	DueAt        *time.Time
	ContactedAt  *time.Time
	ResolvedAt   *time.Time
}

// MaxCaseFacts bounds how many cases one analytics window reads.
const MaxCaseFacts = 100000

// CaseFacts returns the facts of the cases opened in [from, to).
func (s *Store) CaseFacts(ctx context.Context, wsID string, from, to time.Time) ([]CaseFact, error) {
	return collect(ctx, s.reader(), func(row scanner) (CaseFact, error) {
		var f CaseFact
		var recovered sql.NullBool
		var opened, contactDue int64
		var due, contacted, resolved sql.NullInt64
		err := row.Scan(&f.Status, &f.TouchpointID, &f.RootCauseID, &f.Detractor, &recovered, &opened, &contactDue, &due, &contacted, &resolved)
		if recovered.Valid {
			f.Recovered = &recovered.Bool
		}
		f.OpenedAt, f.ContactDue = fromMS(opened), fromMS(contactDue)
		f.DueAt, f.ContactedAt, f.ResolvedAt = msPtr(due), msPtr(contacted), msPtr(resolved)
		return f, err
	}, `SELECT status, touchpoint_id, root_cause_id, detractor, recovered, opened_at, contact_due, due_at, contacted_at, resolved_at
		FROM cases WHERE workspace_id = ? AND opened_at >= ? AND opened_at < ? ORDER BY case_id LIMIT ?`, wsID, ms(from), ms(to), MaxCaseFacts)
}
