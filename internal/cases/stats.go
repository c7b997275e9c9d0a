package cases

import (
	"context"
	"slices"
	"sort"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
)

// Stats are the numbers behind "fix the cause", over the cases opened in
// a window.
type Stats struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Opened  int       `json:"opened"`
	Open    int       `json:"open"`    // still being worked
	Overdue int       `json:"overdue"` // open, past their next deadline
	// Hours from opening to the first contact and to the resolution, over
	// the cases that got there: the median and the mean.
	ContactMedianHours float64 `json:"first_contact_median_hours"`
	ContactMeanHours   float64 `json:"first_contact_mean_hours"`
	ContactedInTime    int     `json:"contacted_in_time"` // first contact by its deadline
	Contacted          int     `json:"contacted"`
	ResolveMedianHours float64 `json:"resolution_median_hours"`
	ResolveMeanHours   float64 `json:"resolution_mean_hours"`
	Resolved           int     `json:"resolved"`
	// Recovery: detractors' cases whose re-survey was answered, and those
	// of them that answered 7 or more (passive or promoter).
	Resurveyed   int              `json:"resurveyed"`
	Recovered    int              `json:"recovered"`
	RecoveryRate *float64         `json:"recovery_rate"` // %, nil without a re-survey answered
	RootCauses   []RootCauseCount `json:"root_causes"`
}

// RootCauseCount is how many cases were filed under a root cause at a
// touchpoint ("" for none).
type RootCauseCount struct {
	RootCauseID  string  `json:"root_cause_id"`
	Name         cx.Text `json:"name"`
	TouchpointID string  `json:"touchpoint_id"`
	Cases        int     `json:"cases"`
}

// StatsOf works out the case numbers over a window given as from and to
// days (YYYY-MM-DD, in the workspace's time zone; the last 30 days when
// empty).
func (s *Service) StatsOf(ctx context.Context, wsID, from, to string) (Stats, error) {
	loc := s.location(ctx, wsID)
	win, err := analytics.ParseWindow(from, to, loc, s.now(), 30)
	if err != nil {
		return Stats{}, err
	}
	return s.Stats(ctx, wsID, win.Start(), win.End())
}

// Stats works out the case numbers for cases opened in [from, to).
func (s *Service) Stats(ctx context.Context, wsID string, from, to time.Time) (Stats, error) {
	facts, err := s.st.CaseFacts(ctx, wsID, from, to)
	if err != nil {
		return Stats{}, err
	}
	causes, err := s.st.RootCauses(ctx, wsID)
	if err != nil {
		return Stats{}, err
	}
	names := map[string]cx.RootCause{}
	for _, c := range causes {
		names[c.ID] = c
	}
	now := s.now()
	st := Stats{From: from, To: to, Opened: len(facts), RootCauses: []RootCauseCount{}}
	var contact, resolve []float64
	counts := map[[2]string]int{}
	for _, f := range facts {
		if cx.IsOpenCase(f.Status) {
			st.Open++
			if f.DueAt != nil && f.DueAt.Before(now) {
				st.Overdue++
			}
		}
		if f.ContactedAt != nil {
			contact = append(contact, f.ContactedAt.Sub(f.OpenedAt).Hours())
			if !f.ContactedAt.After(f.ContactDue) {
				st.ContactedInTime++
			}
		}
		if f.ResolvedAt != nil {
			resolve = append(resolve, f.ResolvedAt.Sub(f.OpenedAt).Hours())
		}
		if f.Detractor && f.Recovered != nil {
			st.Resurveyed++
			if *f.Recovered {
				st.Recovered++
			}
		}
		if f.RootCauseID != "" {
			tp := names[f.RootCauseID].TouchpointID
			if tp == "" {
				tp = f.TouchpointID
			}
			counts[[2]string{f.RootCauseID, tp}]++
		}
	}
	st.Contacted, st.Resolved = len(contact), len(resolve)
	st.ContactMedianHours, st.ContactMeanHours = medianMean(contact)
	st.ResolveMedianHours, st.ResolveMeanHours = medianMean(resolve)
	if st.Resurveyed > 0 {
		r := 100 * float64(st.Recovered) / float64(st.Resurveyed)
		st.RecoveryRate = &r
	}
	for k, n := range counts {
		st.RootCauses = append(st.RootCauses, RootCauseCount{RootCauseID: k[0], Name: names[k[0]].Name, TouchpointID: k[1], Cases: n})
	}
	sort.Slice(st.RootCauses, func(i, j int) bool {
		a, b := st.RootCauses[i], st.RootCauses[j]
		return a.Cases > b.Cases || a.Cases == b.Cases && a.RootCauseID+a.TouchpointID < b.RootCauseID+b.TouchpointID
	})
	return st, nil
}

// medianMean returns the median and the mean of values (0, 0 for none),
// rounded to tenths of an hour.
func medianMean(v []float64) (float64, float64) {
	if len(v) == 0 {
		return 0, 0
	}
	slices.Sort(v)
	med := v[len(v)/2]
	if len(v)%2 == 0 {
		med = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	round := func(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }
	return round(med), round(sum / float64(len(v)))
}
