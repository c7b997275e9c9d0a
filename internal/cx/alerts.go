package cx

import (
	"math"
	"strings"
	"time"
)

// AlertRule says when an alert fires and whom it mails (issue 13): a goal
// turns to missed, a score drops beyond its margin of error between two
// periods, a standard is broken more than N times in a day, or the
// negative comments about an aspect jump.
type AlertRule struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Kind       string      `json:"kind"` // one of AlertKinds
	Enabled    bool        `json:"enabled"`
	Params     AlertParams `json:"params"`
	Recipients []string    `json:"recipients"` // members' user ids
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
}

// AlertParams are a rule's settings; each kind reads its own:
//   - goal_missed: goal_id ("" for every goal);
//   - score_drop: measure (nps, csat, ces, stars), period (week or month),
//     touchpoint_id ("" for all);
//   - standard_breaches: standard_id ("" for every measured standard),
//     max_per_day (fires above it);
//   - negative_aspect: aspect ("" for every aspect), days (the window),
//     factor (how many times the previous window), min_count.
type AlertParams struct {
	GoalID       string  `json:"goal_id,omitempty"`
	Measure      string  `json:"measure,omitempty"`
	Period       string  `json:"period,omitempty"`
	TouchpointID string  `json:"touchpoint_id,omitempty"`
	StandardID   string  `json:"standard_id,omitempty"`
	MaxPerDay    int     `json:"max_per_day,omitempty"`
	Aspect       string  `json:"aspect,omitempty"`
	Days         int     `json:"days,omitempty"`
	Factor       float64 `json:"factor,omitempty"`
	MinCount     int     `json:"min_count,omitempty"`
}

// Alert kinds.
const (
	AlertGoalMissed       = "goal_missed"
	AlertScoreDrop        = "score_drop"
	AlertStandardBreaches = "standard_breaches"
	AlertNegativeAspect   = "negative_aspect"
)

// AlertKinds lists the kinds of alert rules.
var AlertKinds = []string{AlertGoalMissed, AlertScoreDrop, AlertStandardBreaches, AlertNegativeAspect}

// AlertPeriods are the periods a score drop compares: this one so far
// against the whole one before.
var AlertPeriods = []string{"week", "month"}

// alertMeasures are the scores a drop is watched on.
var alertMeasures = []string{MeasureNPS, MeasureCSAT, MeasureCES, MeasureStars}

// Validate cleans and checks a rule, filling the defaults of its kind.
// Whether the recipients, goal, standard and touchpoint exist is checked
// by the caller.
func (r *AlertRule) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	if err := validateString("name", r.Name, 200, true); err != nil {
		return err
	}
	if !oneOf(r.Kind, AlertKinds) {
		return FieldErrorf("kind", "kind must be one of %s", strings.Join(AlertKinds, ", "))
	}
	if len(r.Recipients) > 50 {
		return FieldErrorf("recipients", "a rule mails at most %d people", 50)
	}
	seen := map[string]bool{}
	out := r.Recipients[:0]
	for _, id := range r.Recipients {
		id = strings.TrimSpace(id)
		if err := validateString("recipients", id, 100, true); err != nil {
			return err
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	r.Recipients = out
	if r.Recipients == nil {
		r.Recipients = []string{}
	}
	return r.Params.validate(r.Kind)
}

func (p *AlertParams) validate(kind string) error {
	for _, f := range []struct {
		name string
		v    *string
	}{{"params.goal_id", &p.GoalID}, {"params.touchpoint_id", &p.TouchpointID}, {"params.standard_id", &p.StandardID}, {"params.aspect", &p.Aspect}} {
		*f.v = strings.TrimSpace(*f.v)
		if err := validateString(f.name, *f.v, 100, false); err != nil {
			return err
		}
	}
	keep := *p
	*p = AlertParams{}
	switch kind {
	case AlertGoalMissed:
		p.GoalID = keep.GoalID
	case AlertScoreDrop:
		p.Measure, p.Period, p.TouchpointID = keep.Measure, keep.Period, keep.TouchpointID
		if p.Measure == "" {
			p.Measure = MeasureNPS
		}
		if !oneOf(p.Measure, alertMeasures) {
			return FieldErrorf("params.measure", "params.measure must be nps, csat, ces or stars")
		}
		if p.Period == "" {
			p.Period = "week"
		}
		if !oneOf(p.Period, AlertPeriods) {
			return FieldErrorf("params.period", "params.period must be week or month")
		}
	case AlertStandardBreaches:
		p.StandardID, p.MaxPerDay = keep.StandardID, keep.MaxPerDay
		if p.MaxPerDay < 0 || p.MaxPerDay > 1000000 {
			return FieldErrorf("params.max_per_day", "params.max_per_day must be between 0 and 1000000")
		}
	case AlertNegativeAspect:
		p.Aspect, p.Days, p.Factor, p.MinCount = keep.Aspect, keep.Days, keep.Factor, keep.MinCount
		if p.Days == 0 {
			p.Days = 7
		}
		if p.Days < 1 || p.Days > 90 {
			return FieldErrorf("params.days", "params.days must be between 1 and 90")
		}
		if p.Factor == 0 {
			p.Factor = 2
		}
		if math.IsNaN(p.Factor) || p.Factor < 1 || p.Factor > 100 {
			return FieldErrorf("params.factor", "params.factor must be between 1 and 100")
		}
		if p.MinCount == 0 {
			p.MinCount = 5
		}
		if p.MinCount < 1 || p.MinCount > 1000000 {
			return FieldErrorf("params.min_count", "params.min_count must be between 1 and 1000000")
		}
	}
	return nil
}

// Alert is one firing of a rule for one condition and period.
type Alert struct {
	ID      string    `json:"id"`
	RuleID  string    `json:"rule_id"`
	Kind    string    `json:"kind"`
	Key     string    `json:"dedupe_key"` // rule, condition and period: an alert fires once per key
	Subject Text      `json:"subject"`
	Detail  Text      `json:"detail"` // the numbers behind it, in words
	Link    string    `json:"link"`   // the dashboard page with the numbers behind it
	Value   *float64  `json:"value"`
	Period  string    `json:"period"`
	FiredAt time.Time `json:"fired_at"`
	SentTo  []string  `json:"sent_to"` // the addresses it was mailed to
}

// Customer milestone statuses, as the scheduler works them out: achieved
// (the condition held, on time or late), overdue (due and not achieved),
// pending (not yet, and not due).
const (
	MilestoneAchieved = "achieved"
	MilestonePending  = "pending"
	MilestoneOverdue  = "overdue"
)

// CustomerMilestone is where one customer stands on one milestone.
type CustomerMilestone struct {
	MilestoneID string     `json:"milestone_id"`
	Name        Text       `json:"name"`
	CustomerID  string     `json:"customer_id"`
	FullName    string     `json:"full_name"`
	CSMOwner    string     `json:"csm_owner"`
	Status      string     `json:"status"`
	StartedAt   time.Time  `json:"started_at"`
	DueAt       time.Time  `json:"due_at"`
	AchievedAt  *time.Time `json:"achieved_at"`
	Late        bool       `json:"late"` // achieved after its due date
	ChangedAt   time.Time  `json:"changed_at"`
}
