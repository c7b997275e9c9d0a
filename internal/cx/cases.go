package cx

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Case is the closed-loop follow-up of a bad experience (seeds 001, 002):
// someone owns it, it has a service-level promise (first contact, then
// resolution) and it keeps a history until it is resolved and closed.
type Case struct {
	ID           string      `json:"id"`
	CustomerID   string      `json:"customer_id"`
	CustomerName string      `json:"customer_name"`
	RuleID       string      `json:"rule_id"` // the case rule that opened it, or "manual"
	Title        string      `json:"title"`
	Status       string      `json:"status"`   // one of CaseStatuses
	Priority     string      `json:"priority"` // one of CasePriorities
	OwnerID      string      `json:"owner"`    // a member's user id, "" when nobody has it
	OwnerName    string      `json:"owner_name"`
	TouchpointID string      `json:"touchpoint_id,omitempty"`
	StageID      string      `json:"stage_id,omitempty"`
	RootCauseID  string      `json:"root_cause_id,omitempty"`
	Resolution   string      `json:"resolution"`
	Detractor    bool        `json:"detractor"`           // opened from an NPS answer of 0–6
	Recovered    *bool       `json:"recovered,omitempty"` // after a re-survey of a detractor
	OpenedAt     time.Time   `json:"opened_at"`
	ContactDue   time.Time   `json:"first_contact_due"`
	ResolveDue   time.Time   `json:"resolution_due"`
	DueAt        *time.Time  `json:"due_at"` // the next deadline; none once resolved
	ContactedAt  *time.Time  `json:"contacted_at"`
	ResolvedAt   *time.Time  `json:"resolved_at"`
	ClosedAt     *time.Time  `json:"closed_at"`
	EscalatedAt  *time.Time  `json:"escalated_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
	Feedback     []Feedback  `json:"feedback"`
	History      []CaseEntry `json:"history"` // notes, calls, e-mails and changes, oldest first
}

// Overdue reports whether the case's next deadline has passed at now.
func (c Case) Overdue(now time.Time) bool { return c.DueAt != nil && c.DueAt.Before(now) }

// CaseEntry is one line of a case's history: a note, a call, an e-mail to
// the customer, or a change (status, owner, priority, root cause).
type CaseEntry struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"` // one of CaseEntryKinds
	UserID   string    `json:"user_id,omitempty"`
	UserName string    `json:"user_name,omitempty"`
	Text     string    `json:"text"`
	From     string    `json:"from,omitempty"`
	To       string    `json:"to,omitempty"`
	At       time.Time `json:"at"`
}

// Case entry kinds: what people write (note, call, email) and what the
// case records (the rest).
const (
	EntryNote     = "note"
	EntryCall     = "call"
	EntryEmail    = "email"
	EntryOpened   = "opened"
	EntryFeedback = "feedback" // later feedback joined the case
	EntryStatus   = "status"
	EntryOwner    = "owner"
	EntryPriority = "priority"
	EntryCause    = "root_cause"
	EntryReminded = "reminded"
	EntryEscalate = "escalated"
	EntryResurvey = "resurvey"
	EntryAnswer   = "resurvey_answer"
)

// Case statuses.
const (
	CaseNew        = "new"
	CaseContacted  = "contacted"
	CaseInProgress = "in_progress"
	CaseResolved   = "resolved"
	CaseClosed     = "closed"
	CaseReopened   = "reopened"
)

// CaseStatuses lists the statuses in their usual order.
var CaseStatuses = []string{CaseNew, CaseContacted, CaseInProgress, CaseResolved, CaseClosed, CaseReopened}

// OpenCaseStatuses are the statuses of a case still being worked.
var OpenCaseStatuses = []string{CaseNew, CaseContacted, CaseInProgress, CaseReopened}

// caseMoves are the allowed status changes.
var caseMoves = map[string][]string{
	CaseNew:        {CaseContacted, CaseInProgress, CaseResolved, CaseClosed},
	CaseContacted:  {CaseInProgress, CaseResolved, CaseClosed},
	CaseInProgress: {CaseContacted, CaseResolved, CaseClosed},
	CaseResolved:   {CaseClosed, CaseReopened},
	CaseClosed:     {CaseReopened},
	CaseReopened:   {CaseContacted, CaseInProgress, CaseResolved, CaseClosed},
}

// CaseMoves lists the statuses a case in status may move to.
func CaseMoves(status string) []string { return caseMoves[status] }

// CheckCaseMove refuses a status change the workflow does not allow.
func CheckCaseMove(from, to string) error {
	if !oneOf(to, CaseStatuses) {
		return FieldErrorf("status", "status must be one of %s", strings.Join(CaseStatuses, ", "))
	}
	if !oneOf(to, caseMoves[from]) {
		return FieldErrorf("status", "a case cannot go from %s to %s", from, to)
	}
	return nil
}

// IsOpenCase reports whether a status is one of a case still being worked.
func IsOpenCase(status string) bool { return oneOf(status, OpenCaseStatuses) }

// CasePriorities, from least to most urgent.
var CasePriorities = []string{"low", "normal", "high", "urgent"}

// ManualRule is the rule id of cases opened by hand.
const ManualRule = "manual"

// CaseRule opens a case when feedback matches it.
type CaseRule struct {
	ID           string    `json:"id"`
	Kind         string    `json:"kind"`      // one of CaseRuleKinds
	MaxScore     float64   `json:"max_score"` // nps, csat, review: the answer is at most this
	Aspect       string    `json:"aspect,omitempty"`
	TouchpointID string    `json:"touchpoint_id,omitempty"` // only feedback about this touchpoint, when set
	Priority     string    `json:"priority"`
	Enabled      bool      `json:"enabled"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Case rule kinds: an NPS answer (0–10), a CSAT answer (1–5), a review or
// star rating (1–5 stars), a negative comment about an aspect.
const (
	RuleNPS    = "nps"
	RuleCSAT   = "csat"
	RuleReview = "review"
	RuleAspect = "aspect"
)

// CaseRuleKinds lists the kinds.
var CaseRuleKinds = []string{RuleNPS, RuleCSAT, RuleReview, RuleAspect}

var aspectKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,59}$`)

// Validate cleans and checks a rule.
func (r *CaseRule) Validate() error {
	r.Aspect, r.TouchpointID = strings.TrimSpace(r.Aspect), strings.TrimSpace(r.TouchpointID)
	if r.Priority == "" {
		r.Priority = "normal"
	}
	if !oneOf(r.Kind, CaseRuleKinds) {
		return FieldErrorf("kind", "kind must be one of %s", strings.Join(CaseRuleKinds, ", "))
	}
	if !oneOf(r.Priority, CasePriorities) {
		return FieldErrorf("priority", "priority must be one of %s", strings.Join(CasePriorities, ", "))
	}
	limits := map[string][2]float64{RuleNPS: {0, 10}, RuleCSAT: {1, 5}, RuleReview: {1, 5}}
	if lim, ok := limits[r.Kind]; ok && (r.MaxScore < lim[0] || r.MaxScore > lim[1] || r.MaxScore != r.MaxScore) {
		return FieldErrorf("max_score", "max_score must be from %g to %g for this kind", lim[0], lim[1])
	}
	if r.Kind == RuleAspect {
		r.MaxScore = 0
		if !aspectKey.MatchString(r.Aspect) {
			return FieldErrorf("aspect", "aspect must be an aspect's key, such as service or wait_time")
		}
	} else {
		r.Aspect = ""
	}
	return validateString("touchpoint_id", r.TouchpointID, 100, false)
}

// Matches reports whether feedback (with its analysis, when it has one)
// opens or joins a case under the rule.
func (r CaseRule) Matches(f Feedback) bool {
	if !r.Enabled || f.CustomerID == "" || r.TouchpointID != "" && f.TouchpointID != r.TouchpointID {
		return false
	}
	score := func() (float64, bool) {
		if f.Score == nil {
			return 0, false
		}
		return *f.Score, true
	}
	switch r.Kind {
	case RuleNPS:
		v, ok := score()
		return ok && f.QuestionType == QNPS && v <= r.MaxScore
	case RuleCSAT:
		v, ok := score()
		return ok && f.QuestionType == QCSAT && v <= r.MaxScore
	case RuleReview:
		v, ok := score()
		stars := f.Kind == KindReview && f.ScaleMax == 5 || f.QuestionType == QRating
		return ok && stars && v <= r.MaxScore
	case RuleAspect:
		if f.Analysis == nil {
			return false
		}
		for _, a := range f.Analysis.Aspects {
			if a.Aspect == r.Aspect && a.Sentiment == "negative" {
				return true
			}
		}
	}
	return false
}

// DefaultCaseRules are the rules every workspace starts with: an NPS
// answer of 0–6 and a review of 1–2 stars open a case.
func DefaultCaseRules() []CaseRule {
	return []CaseRule{
		{ID: "cr_default_nps", Kind: RuleNPS, MaxScore: 6, Priority: "high", Enabled: true},
		{ID: "cr_default_review", Kind: RuleReview, MaxScore: 2, Priority: "high", Enabled: true},
	}
}

// CaseSettings are a workspace's service-level promise and working time.
type CaseSettings struct {
	FirstContactHours int    `json:"first_contact_hours"` // working hours to the first contact
	ResolveDays       int    `json:"resolve_days"`        // working days to the resolution
	RemindMinutes     int    `json:"remind_minutes"`      // the owner is e-mailed this long before a deadline
	WorkStart         string `json:"work_start"`          // "08:00"
	WorkEnd           string `json:"work_end"`            // "17:30"; before WorkStart: an overnight shift
	WorkDays          []int  `json:"work_days"`           // 0 = Sunday … 6 = Saturday
	ResurveySurveyID  string `json:"resurvey_survey_id"`  // the short survey sent when resolving
}

// DefaultCaseSettings: first contact within 4 working hours, resolution
// within 3 working days, Monday to Saturday 08:00–17:30, a reminder an
// hour before.
func DefaultCaseSettings() CaseSettings {
	return CaseSettings{FirstContactHours: 4, ResolveDays: 3, RemindMinutes: 60, WorkStart: "08:00", WorkEnd: "17:30",
		WorkDays: []int{1, 2, 3, 4, 5, 6}}
}

// ClockMinutes reads "HH:MM" as minutes after midnight ("24:00" is 1440).
func ClockMinutes(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if s == "24:00" {
		return 24 * 60, true
	}
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// Validate checks settings.
func (s *CaseSettings) Validate() error {
	switch {
	case s.FirstContactHours < 1 || s.FirstContactHours > 720:
		return FieldErrorf("first_contact_hours", "first_contact_hours must be from 1 to 720")
	case s.ResolveDays < 1 || s.ResolveDays > 365:
		return FieldErrorf("resolve_days", "resolve_days must be from 1 to 365")
	case s.RemindMinutes < 0 || s.RemindMinutes > 10080:
		return FieldErrorf("remind_minutes", "remind_minutes must be from 0 to 10080")
	}
	if _, ok := ClockMinutes(s.WorkStart); !ok || s.WorkStart == "24:00" {
		return FieldErrorf("work_start", "work_start must be a time such as 08:00")
	}
	if _, ok := ClockMinutes(s.WorkEnd); !ok {
		return FieldErrorf("work_end", "work_end must be a time such as 17:30")
	}
	seen := map[int]bool{}
	for _, d := range s.WorkDays {
		if d < 0 || d > 6 || seen[d] {
			return FieldErrorf("work_days", "work_days must be distinct days from 0 (Sunday) to 6 (Saturday)")
		}
		seen[d] = true
	}
	if len(s.WorkDays) == 0 {
		return FieldErrorf("work_days", "choose at least one working day")
	}
	return validateString("resurvey_survey_id", s.ResurveySurveyID, 100, false)
}

// CaseHoliday is a day the workspace does not work: SLAs skip it.
type CaseHoliday struct {
	Date string `json:"date"` // YYYY-MM-DD, in the workspace's time zone
	Name string `json:"name"`
}

// Validate checks a holiday.
func (h *CaseHoliday) Validate() error {
	h.Name = strings.TrimSpace(h.Name)
	if _, err := time.Parse("2006-01-02", h.Date); err != nil {
		return FieldErrorf("date", "date must be a day such as 2027-02-06")
	}
	return checkCaseText("name", h.Name, 200, true)
}

// RootCause is one of the causes a workspace files its cases under, linked
// to the touchpoint where it lies.
type RootCause struct {
	ID           string `json:"id"`
	Name         Text   `json:"name"`
	TouchpointID string `json:"touchpoint_id,omitempty"`
}

// Validate checks a root cause.
func (r *RootCause) Validate() error {
	r.Name.Vi, r.Name.En = strings.TrimSpace(r.Name.Vi), strings.TrimSpace(r.Name.En)
	if r.Name.Vi == "" && r.Name.En == "" {
		return FieldErrorf("name", "name is required")
	}
	if err := checkCaseText("name", r.Name.Vi+r.Name.En, 400, false); err != nil {
		return err
	}
	return validateString("touchpoint_id", r.TouchpointID, 100, false)
}

// MaxCaseText bounds a note, a call log, an e-mail and a resolution.
const MaxCaseText = 10000

// checkCaseText refuses text that is not valid UTF-8, holds a NUL or is too long.
func checkCaseText(field, s string, max int, required bool) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return FieldErrorf(field, "%s is not valid text", field)
	}
	return validateString(field, s, max, required)
}

// CheckCaseText checks what a person writes on a case.
func CheckCaseText(field, s string, required bool) error {
	return checkCaseText(field, s, MaxCaseText, required)
}
