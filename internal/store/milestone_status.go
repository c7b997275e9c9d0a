package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"cxm/internal/cx"
)

// Each customer's status on each milestone, as the milestone scheduler
// last worked it out from customer_milestones (which the analytics worker
// keeps as events arrive) and its clock.

// customerMilestoneStatus is the SQL of a customer's status at a time (the
// one parameter): achieved once the condition held, on time or late;
// overdue when due and not achieved; pending otherwise.
const customerMilestoneStatus = `CASE WHEN m.achieved_at IS NOT NULL THEN 'achieved' WHEN m.due_at < CAST(? AS BIGINT) THEN 'overdue' ELSE 'pending' END`

// MilestoneChange is a customer whose status on a milestone changed.
type MilestoneChange struct {
	MilestoneID, CustomerID, From, To string
}

// SyncMilestoneStatuses brings a workspace's stored statuses in line with
// customer_milestones at the time at (Unix ms) and returns what changed.
func (s *Store) SyncMilestoneStatuses(ctx context.Context, wsID string, at int64) ([]MilestoneChange, error) {
	var changes []MilestoneChange
	if _, err := s.writer().exec(ctx, `DELETE FROM customer_milestone_status WHERE workspace_id = ? AND NOT EXISTS (
		SELECT 1 FROM customer_milestones m WHERE m.workspace_id = customer_milestone_status.workspace_id
		AND m.milestone_id = customer_milestone_status.milestone_id AND m.customer_id = customer_milestone_status.customer_id)`, wsID); err != nil {
		return nil, err
	}
	type diff struct {
		ms, cust, status, old  string
		started, due, achieved int64
	}
	for range 1000 { // at most a million changes a tick; the next takes the rest
		rows, err := collect(ctx, s.reader(), func(row scanner) (diff, error) {
			var d diff
			var achieved sql.NullInt64
			err := row.Scan(&d.ms, &d.cust, &d.started, &d.due, &achieved, &d.status, &d.old)
			d.achieved = achieved.Int64
			return d, err
		}, `SELECT m.milestone_id, m.customer_id, m.started_at, m.due_at, m.achieved_at, `+customerMilestoneStatus+`, COALESCE(s.status, '')
			FROM customer_milestones m LEFT JOIN customer_milestone_status s
			ON s.workspace_id = m.workspace_id AND s.milestone_id = m.milestone_id AND s.customer_id = m.customer_id
			WHERE m.workspace_id = ? AND (s.status IS NULL OR s.status <> `+customerMilestoneStatus+` OR s.started_at <> m.started_at
			OR s.due_at <> m.due_at OR COALESCE(s.achieved_at, 0) <> COALESCE(m.achieved_at, 0))
			ORDER BY m.milestone_id, m.customer_id LIMIT 1000`, at, wsID, at)
		if err != nil || len(rows) == 0 {
			return changes, err
		}
		err = s.inTx(ctx, func(c conn) error {
			for _, d := range rows {
				if _, err := c.exec(ctx, `INSERT INTO customer_milestone_status (workspace_id, milestone_id, customer_id, status, started_at, due_at, achieved_at, changed_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, milestone_id, customer_id) DO UPDATE SET status = excluded.status,
					started_at = excluded.started_at, due_at = excluded.due_at, achieved_at = excluded.achieved_at,
					changed_at = CASE WHEN customer_milestone_status.status = excluded.status THEN customer_milestone_status.changed_at ELSE excluded.changed_at END`,
					wsID, d.ms, d.cust, d.status, d.started, d.due, nullableMS(d.achieved), at); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return changes, err
		}
		for _, d := range rows {
			if d.old != d.status {
				changes = append(changes, MilestoneChange{MilestoneID: d.ms, CustomerID: d.cust, From: d.old, To: d.status})
			}
		}
	}
	return changes, nil
}

// MilestoneFilter narrows a list of customers' milestones.
type MilestoneFilter struct {
	CustomerID  string
	MilestoneID string
	Status      string // achieved, pending, overdue; "" for all
	CSMOwner    string // a member's user id; "" for all
}

const customerMilestoneColumns = `s.milestone_id, ms.name_vi, ms.name_en, s.customer_id, c.full_name, COALESCE(c.csm_owner, ''), s.status,
	s.started_at, s.due_at, s.achieved_at, s.changed_at,
	CASE s.status WHEN 'overdue' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END`

// CustomerMilestones lists customers' milestones, the overdue first, then
// the pending, then the achieved, each by due date. The page cursor is
// the Next of the previous page.
func (s *Store) CustomerMilestones(ctx context.Context, wsID string, f MilestoneFilter, p Page) (List[cx.CustomerMilestone], error) {
	switch f.Status {
	case "", cx.MilestoneAchieved, cx.MilestonePending, cx.MilestoneOverdue:
	default:
		return List[cx.CustomerMilestone]{}, cx.FieldErrorf("status", "status must be achieved, pending or overdue")
	}
	q := `SELECT ` + customerMilestoneColumns + ` FROM customer_milestone_status s
		JOIN milestones ms ON ms.workspace_id = s.workspace_id AND ms.milestone_id = s.milestone_id
		JOIN customers c ON c.workspace_id = s.workspace_id AND c.customer_id = s.customer_id
		WHERE s.workspace_id = ? AND (? = '' OR s.customer_id = ?) AND (? = '' OR s.milestone_id = ?) AND (? = '' OR s.status = ?)
		AND (? = '' OR c.csm_owner = ?)`
	args := []any{wsID, f.CustomerID, f.CustomerID, f.MilestoneID, f.MilestoneID, f.Status, f.Status, f.CSMOwner, f.CSMOwner}
	if p.After != "" {
		k, err := parseMilestoneCursor(p.After)
		if err != nil {
			return List[cx.CustomerMilestone]{}, err
		}
		q += ` AND (CASE s.status WHEN 'overdue' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, s.due_at, s.milestone_id, s.customer_id) > (?, ?, ?, ?)`
		args = append(args, k.rank, k.due, k.ms, k.cust)
	}
	type row struct {
		m    cx.CustomerMilestone
		rank int
	}
	out, err := collect(ctx, s.reader(), func(r scanner) (row, error) {
		var x row
		var started, due, changed int64
		var achieved sql.NullInt64
		m := &x.m
		err := r.Scan(&m.MilestoneID, &m.Name.Vi, &m.Name.En, &m.CustomerID, &m.FullName, &m.CSMOwner, &m.Status, &started, &due, &achieved, &changed, &x.rank)
		m.StartedAt, m.DueAt, m.ChangedAt = fromMS(started), fromMS(due), fromMS(changed)
		if achieved.Valid {
			t := fromMS(achieved.Int64)
			m.AchievedAt = &t
			m.Late = achieved.Int64 > due
		}
		return x, err
	}, q+` ORDER BY 12, s.due_at, s.milestone_id, s.customer_id LIMIT ?`, append(args, p.limit())...)
	if err != nil {
		return List[cx.CustomerMilestone]{}, err
	}
	l := cut(out, p, func(x row) string {
		return fmt.Sprintf("%d.%d.%s.%s", x.rank, ms(x.m.DueAt), x.m.MilestoneID, x.m.CustomerID)
	})
	res := List[cx.CustomerMilestone]{Items: make([]cx.CustomerMilestone, len(l.Items)), Next: l.Next}
	for i, x := range l.Items {
		res.Items[i] = x.m
	}
	return res, nil
}

type milestoneCursor struct {
	rank     int
	due      int64
	ms, cust string
}

func parseMilestoneCursor(s string) (milestoneCursor, error) {
	parts := strings.SplitN(s, ".", 4)
	bad := cx.FieldErrorf("after", "after is not a cursor this list gave")
	if len(parts) != 4 {
		return milestoneCursor{}, bad
	}
	rank, err1 := strconv.Atoi(parts[0])
	due, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		return milestoneCursor{}, bad
	}
	return milestoneCursor{rank, due, parts[2], parts[3]}, nil
}

// SetCSMOwner makes a member the customer's CSM owner ("" for none).
func (s *Store) SetCSMOwner(ctx context.Context, wsID, customerID, userID string) error {
	return s.inTx(ctx, func(c conn) error {
		if userID != "" {
			if err := checkRecipients(ctx, c, wsID, []string{userID}); err != nil {
				return cx.FieldErrorf("csm_owner", "no member %q in this workspace", userID)
			}
		}
		res, err := c.exec(ctx, `UPDATE customers SET csm_owner = ?, updated_at = ? WHERE workspace_id = ? AND customer_id = ?`,
			nullable(userID), ms(now()), wsID, customerID)
		return mustAffect(res, err, "customer")
	})
}
