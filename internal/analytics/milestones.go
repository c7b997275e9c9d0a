package analytics

import (
	"context"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Milestones is where customers stand on each milestone today.
type Milestones struct {
	Definition string          `json:"definition"`
	AsOf       time.Time       `json:"as_of"`
	Items      []MilestoneItem `json:"items"`
}

// MilestoneItem counts one milestone's customers by status.
type MilestoneItem struct {
	MilestoneID string `json:"milestone_id"`
	Started     int64  `json:"started"` // customers whose clock started
	Achieved    int64  `json:"achieved"`
	Pending     int64  `json:"pending"`
	Overdue     int64  `json:"overdue"`
}

const milestonesDefinition = "The clock starts when a customer first passes the milestone's stage; achieved = its condition held within due_days; " +
	"overdue = due_days passed without it; pending = not yet, and still within due_days."

// Milestones counts, for every milestone, the customers achieved, pending
// and overdue now.
func (s *Service) Milestones(ctx context.Context, wsID string, q Query) (Milestones, error) {
	if err := onlyFilters(q.Filter, "journey"); err != nil {
		return Milestones{}, err
	}
	now := s.now()
	counts, err := s.store.MilestoneCounts(ctx, wsID, now.UnixMilli())
	if err != nil {
		return Milestones{}, err
	}
	out := Milestones{Definition: milestonesDefinition, AsOf: now.UTC().Truncate(time.Second), Items: []MilestoneItem{}}
	for p := (store.Page{Limit: store.MaxLimit}); ; {
		l, err := s.store.Milestones(ctx, wsID, p)
		if err != nil {
			return Milestones{}, err
		}
		for _, m := range l.Items {
			if q.Filter.Journey != "" && m.JourneyID != q.Filter.Journey {
				continue
			}
			c := counts[m.ID]
			out.Items = append(out.Items, MilestoneItem{MilestoneID: m.ID, Achieved: c[store.MilestoneAchieved], Pending: c[store.MilestonePending],
				Overdue: c[store.MilestoneOverdue], Started: c[store.MilestoneAchieved] + c[store.MilestonePending] + c[store.MilestoneOverdue]})
		}
		if p.After = l.Next; p.After == "" {
			return out, nil
		}
	}
}

// CSV writes one milestone a row.
func (m Milestones) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, it := range m.Items {
		rows = append(rows, []string{it.MilestoneID, itoa(it.Started), itoa(it.Achieved), itoa(it.Pending), itoa(it.Overdue)})
	}
	return []string{"milestone_id", "started", "achieved", "pending", "overdue"}, rows
}

// MilestoneCustomer is one customer behind a milestone's count.
type MilestoneCustomer struct {
	CustomerID string     `json:"customer_id"`
	FullName   string     `json:"full_name"`
	StartedAt  time.Time  `json:"started_at"`
	DueAt      time.Time  `json:"due_at"`
	AchievedAt *time.Time `json:"achieved_at"`
}

// MilestoneCustomerList is one page of the customers behind a milestone's
// count, written as every list is ({"items", "next"}), or as CSV.
type MilestoneCustomerList struct {
	Items []MilestoneCustomer `json:"items"`
	Next  *string             `json:"next"`
}

// CSV writes one customer a row.
func (l MilestoneCustomerList) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, c := range l.Items {
		achieved := ""
		if c.AchievedAt != nil {
			achieved = c.AchievedAt.Format(time.RFC3339)
		}
		rows = append(rows, []string{c.CustomerID, c.FullName, c.StartedAt.Format(time.RFC3339), c.DueAt.Format(time.RFC3339), achieved})
	}
	return []string{"customer_id", "full_name", "started_at", "due_at", "achieved_at"}, rows
}

// MilestoneCustomers lists the customers of a milestone with a status
// (achieved, pending, overdue) now, a page at a time.
func (s *Service) MilestoneCustomers(ctx context.Context, wsID, milestoneID, status string, p store.Page) (MilestoneCustomerList, error) {
	switch status {
	case store.MilestoneAchieved, store.MilestonePending, store.MilestoneOverdue:
	default:
		return MilestoneCustomerList{}, cx.FieldErrorf("status", "status must be achieved, pending or overdue")
	}
	if _, err := s.store.Milestone(ctx, wsID, milestoneID); err != nil {
		if cx.ErrorCode(err) == cx.NotFound {
			return MilestoneCustomerList{}, cx.FieldErrorf("milestone", "no milestone %q in this workspace", milestoneID)
		}
		return MilestoneCustomerList{}, err
	}
	l, err := s.store.MilestoneCustomers(ctx, wsID, milestoneID, status, s.now().UnixMilli(), p)
	if err != nil {
		return MilestoneCustomerList{}, err
	}
	out := MilestoneCustomerList{Items: make([]MilestoneCustomer, len(l.Items))}
	if l.Next != "" {
		out.Next = &l.Next
	}
	for i, c := range l.Items {
		out.Items[i] = MilestoneCustomer{CustomerID: c.CustomerID, FullName: c.FullName,
			StartedAt: time.UnixMilli(c.StartedAt).UTC(), DueAt: time.UnixMilli(c.DueAt).UTC()}
		if c.AchievedAt != 0 {
			out.Items[i].AchievedAt = ptr(time.UnixMilli(c.AchievedAt).UTC())
		}
	}
	return out, nil
}
