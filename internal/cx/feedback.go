package cx

import (
	"math"
	"net/url"
	"strings"
	"time"
)

// Feedback is one thing a customer said, in one shape for every source: an
// answer to one survey question (a matrix gives one record a criterion), a
// review, a social comment, an interview or focus-group note, a call-centre
// note. Analytics read scores, choices and texts from here alike.
type Feedback struct {
	ID            string    `json:"id"`
	Source        string    `json:"source"`  // one of Sources
	Channel       string    `json:"channel"` // how it came: one of AnswerChannels
	Kind          string    `json:"kind"`    // one of FeedbackKinds
	SurveyID      string    `json:"survey_id,omitempty"`
	SurveyVersion int       `json:"survey_version,omitempty"`
	ResponseID    string    `json:"response_id,omitempty"`
	QuestionKey   string    `json:"question_key,omitempty"`
	QuestionType  string    `json:"question_type,omitempty"`
	Criterion     string    `json:"criterion,omitempty"` // a matrix row
	Score         *float64  `json:"score"`               // on ScaleMin…ScaleMax
	ScaleMin      float64   `json:"scale_min"`
	ScaleMax      float64   `json:"scale_max"`
	Choices       []string  `json:"choices"`
	Text          string    `json:"text"`
	Title         string    `json:"title,omitempty"`
	CustomerID    string    `json:"customer_id,omitempty"`
	TouchpointID  string    `json:"touchpoint_id,omitempty"`
	StageID       string    `json:"stage_id,omitempty"`
	Phase         string    `json:"phase,omitempty"`
	Language      string    `json:"language,omitempty"`
	Author        string    `json:"author,omitempty"`
	URL           string    `json:"url,omitempty"`
	Agent         string    `json:"agent,omitempty"`      // call-centre notes
	DurationS     int       `json:"duration_s,omitempty"` // call-centre notes
	ExternalID    string    `json:"external_id,omitempty"`
	OccurredAt    time.Time `json:"occurred_at"`
	CreatedAt     time.Time `json:"created_at"`
	// Analysis is what the text analysis read in Text, once it has run.
	Analysis *TextAnalysis `json:"analysis,omitempty"`
}

// Feedback sources.
var Sources = []string{"survey", "google_maps", "facebook", "shopee", "lazada", "tiktok", "zalo", "website",
	"interview", "focus_group", "call_centre", "other", "grabfood", "shopeefood"}

// Feedback kinds.
const (
	KindAnswer  = "answer"
	KindReview  = "review"
	KindComment = "comment"
	KindNote    = "note"
	KindCall    = "call"
)

// FeedbackKinds lists the kinds.
var FeedbackKinds = []string{KindAnswer, KindReview, KindComment, KindNote, KindCall}

// ExternalFeedback is feedback that did not come from a cxm survey: what the
// API and the CSV import take. An identity links it to a customer.
type ExternalFeedback struct {
	Source       string   `json:"source"`
	Kind         string   `json:"kind"`
	Rating       *float64 `json:"rating"`
	ScaleMin     float64  `json:"scale_min"`
	ScaleMax     float64  `json:"scale_max"` // 5 when a rating is given without one
	Title        string   `json:"title"`
	Text         string   `json:"text"`
	Author       string   `json:"author"`
	URL          string   `json:"url"`
	Agent        string   `json:"agent"`
	DurationS    int      `json:"duration_s"`
	Language     string   `json:"language"`
	Date         string   `json:"date"` // RFC 3339 or YYYY-MM-DD; now when empty
	Email        string   `json:"email"`
	Phone        string   `json:"phone"`
	UserID       string   `json:"user_id"`
	CustomerID   string   `json:"customer_id"`
	TouchpointID string   `json:"touchpoint_id"`
	ExternalID   string   `json:"external_id"`
}

// Validate cleans and checks external feedback and returns its time.
func (x *ExternalFeedback) Validate(now time.Time) (time.Time, error) {
	x.Text, x.Title, x.Author, x.Agent = strings.TrimSpace(x.Text), strings.TrimSpace(x.Title), strings.TrimSpace(x.Author), strings.TrimSpace(x.Agent)
	x.Email, x.URL = strings.ToLower(strings.TrimSpace(x.Email)), strings.TrimSpace(x.URL)
	if !oneOf(x.Source, Sources) || x.Source == "survey" {
		return time.Time{}, FieldErrorf("source", "source must be one of %s", strings.Join(Sources[1:], ", "))
	}
	if x.Kind == "" {
		x.Kind = defaultKind(x.Source)
	}
	if !oneOf(x.Kind, FeedbackKinds[1:]) {
		return time.Time{}, FieldErrorf("kind", "kind must be review, comment, note or call")
	}
	if err := x.validateRating(); err != nil {
		return time.Time{}, err
	}
	if x.Rating == nil && x.Text == "" {
		return time.Time{}, FieldErrorf("text", "give a rating or a text")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"text", x.Text, MaxAnswerText}, {"title", x.Title, 500}, {"author", x.Author, 200}, {"agent", x.Agent, 200}, {"url", x.URL, 2000}, {"external_id", x.ExternalID, 200}} {
		if err := validateString(f.name, f.v, f.max, false); err != nil {
			return time.Time{}, err
		}
	}
	if x.URL != "" {
		if u, err := url.Parse(x.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return time.Time{}, FieldErrorf("url", "url must be an http or https address")
		}
	}
	if x.DurationS < 0 || x.DurationS > 86400 {
		return time.Time{}, FieldErrorf("duration_s", "duration_s must be from 0 to 86400 seconds")
	}
	if x.Language != "" && x.Language != LangVi && x.Language != LangEn {
		return time.Time{}, FieldErrorf("language", "language must be vi or en")
	}
	return parseDate(x.Date, now)
}

func defaultKind(source string) string {
	switch source {
	case "interview", "focus_group":
		return KindNote
	case "call_centre":
		return KindCall
	case "facebook", "tiktok", "zalo":
		return KindComment
	}
	return KindReview
}

func (x *ExternalFeedback) validateRating() error {
	if x.Rating == nil {
		return nil
	}
	if x.ScaleMax == 0 && x.ScaleMin == 0 {
		x.ScaleMin, x.ScaleMax = 1, 5
	}
	if x.ScaleMax <= x.ScaleMin || x.ScaleMax > 100 || x.ScaleMin < 0 {
		return FieldErrorf("scale_max", "the rating scale must go up from scale_min to scale_max, at most 100")
	}
	r := *x.Rating
	if math.IsNaN(r) || r < x.ScaleMin || r > x.ScaleMax {
		return FieldErrorf("rating", "the rating must be from %g to %g", x.ScaleMin, x.ScaleMax)
	}
	return nil
}

// parseDate reads RFC 3339, "YYYY-MM-DD HH:MM" or "YYYY-MM-DD"; empty is now.
func parseDate(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return now, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, FieldErrorf("date", "date must look like 2026-11-22 or 2026-11-22T10:30:00+07:00")
}

// Response is one respondent's pass through a survey version.
type Response struct {
	ID           string     `json:"id"`
	SurveyID     string     `json:"survey_id"`
	Version      int        `json:"survey_version"`
	InvitationID string     `json:"invitation_id,omitempty"`
	CustomerID   string     `json:"customer_id,omitempty"`
	Channel      string     `json:"channel"` // link, email, api, widget …
	Language     string     `json:"language"`
	LastQuestion string     `json:"last_question,omitempty"`
	Answers      []Answer   `json:"answers"`
	StartedAt    time.Time  `json:"started_at"`
	CompletedAt  *time.Time `json:"completed_at"`
}

// Invitation asks one person to answer a survey through a personal link.
type Invitation struct {
	ID          string     `json:"id"`
	SurveyID    string     `json:"survey_id"`
	CustomerID  string     `json:"customer_id,omitempty"`
	Channel     string     `json:"channel"` // email, link, zalo, sms …
	Email       string     `json:"email,omitempty"`
	Language    string     `json:"language"`
	OrderID     string     `json:"order_id,omitempty"`
	RuleID      string     `json:"rule_id,omitempty"`
	Status      string     `json:"status"` // pending, sent, responded, failed, skipped
	ResponseID  string     `json:"response_id,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	SentAt      *time.Time `json:"sent_at"`
	RemindedAt  *time.Time `json:"reminded_at"`
	RespondedAt *time.Time `json:"responded_at"`
	ExpiresAt   time.Time  `json:"expires_at"`
}

// Invitation channels.
var InvitationChannels = []string{"email", "link", "zalo", "sms", "widget"}

// InvitationRule asks customers to answer a survey after an event: its
// name, optionally its properties and touchpoint; after a delay, through a
// channel, to a sample of them.
type InvitationRule struct {
	ID           string            `json:"id"`
	SurveyID     string            `json:"survey_id"`
	EventName    string            `json:"event_name"`
	Properties   map[string]string `json:"properties"` // each must equal the event's
	TouchpointID string            `json:"touchpoint_id"`
	DelayMinutes int               `json:"delay_minutes"`
	Channel      string            `json:"channel"`
	SampleRate   float64           `json:"sample_rate"` // 0 < rate ≤ 1
	Active       bool              `json:"active"`
	CreatedAt    time.Time         `json:"created_at"`
}

// Validate cleans and checks a rule.
func (r *InvitationRule) Validate() error {
	r.EventName = strings.TrimSpace(r.EventName)
	if err := validateString("event_name", r.EventName, 200, true); err != nil {
		return err
	}
	if r.SurveyID == "" {
		return FieldErrorf("survey_id", "%s is required", "survey_id")
	}
	if len(r.Properties) > 10 {
		return FieldErrorf("properties", "%s has more than %d items", "properties", 10)
	}
	if r.Properties == nil {
		r.Properties = map[string]string{}
	}
	if r.DelayMinutes < 0 || r.DelayMinutes > 60*24*90 {
		return FieldErrorf("delay_minutes", "delay_minutes must be from 0 to 129600 (90 days)")
	}
	if r.Channel == "" {
		r.Channel = "email"
	}
	if !oneOf(r.Channel, InvitationChannels) {
		return FieldErrorf("channel", "channel must be one of %s", strings.Join(InvitationChannels, ", "))
	}
	if r.SampleRate == 0 {
		r.SampleRate = 1
	}
	if r.SampleRate <= 0 || r.SampleRate > 1 {
		return FieldErrorf("sample_rate", "sample_rate must be more than 0 and at most 1")
	}
	return nil
}

// FeedbackSettings are a workspace's rules for asking customers.
type FeedbackSettings struct {
	FatigueDays  int `json:"fatigue_days"`  // ask a customer at most once in this many days
	ReminderDays int `json:"reminder_days"` // remind after this many days; 0 for never
	ExpiryDays   int `json:"expiry_days"`   // personal links expire after this many days
}

// DefaultFeedbackSettings are the settings of a workspace that set none.
var DefaultFeedbackSettings = FeedbackSettings{FatigueDays: 30, ReminderDays: 3, ExpiryDays: 30}

// Validate checks the settings.
func (f FeedbackSettings) Validate() error {
	if f.FatigueDays < 0 || f.FatigueDays > 365 {
		return FieldErrorf("fatigue_days", "fatigue_days must be from 0 to 365")
	}
	if f.ReminderDays < 0 || f.ReminderDays > 60 {
		return FieldErrorf("reminder_days", "reminder_days must be from 0 to 60")
	}
	if f.ExpiryDays < 1 || f.ExpiryDays > 365 {
		return FieldErrorf("expiry_days", "expiry_days must be from 1 to 365")
	}
	return nil
}
