package cx

import (
	"math"
	"net/url"
	"strings"
	"time"
)

// Touchpoint is a place or moment where a customer meets the business
// (seed 003): a website, a store counter, a thank-you letter.
type Touchpoint struct {
	ID        string        `json:"id"`
	Key       string        `json:"key"`
	Name      Text          `json:"name"`
	Phase     string        `json:"phase"`
	StageID   string        `json:"stage_id"`
	Channel   string        `json:"channel"`
	Mode      string        `json:"mode"`     // online, offline or both
	Owner     string        `json:"owner"`    // the old free-text owner, until a member is chosen
	OwnerID   string        `json:"owner_id"` // the member (user id) accountable for it
	Status    string        `json:"status"`
	Position  int           `json:"position"`
	Targets   []Target      `json:"targets"`
	Content   []ContentItem `json:"content"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// Target is what a touchpoint should achieve, such as CSAT ≥ 85 %.
type Target struct {
	KPI        string  `json:"kpi"`
	Comparator string  `json:"comparator"`
	Value      float64 `json:"value"`
}

// ContentItem is material offered at a touchpoint: a guide, an FAQ, a
// webinar, a case study (seed 002).
type ContentItem struct {
	Kind  string `json:"kind"`
	Title Text   `json:"title"`
	URL   string `json:"url"`
}

// Channel kinds of touchpoints.
var Channels = []string{
	"social", "ads", "word_of_mouth", "event", "reviews", "pr",
	"marketplace", "store", "promotion", "sales_staff", "customer_service", "catalogue",
	"payment", "email", "letter", "help_centre", "after_sales",
	"website", "app", "phone", "chat", "zalo", "sms", "delivery", "other",
}

// Touchpoint modes.
var Modes = []string{"online", "offline", "both"}

// Touchpoint statuses: ideal ones are planned but not yet in place; missing
// ones were found lacking (seed 003, steps 2–4).
var Statuses = []string{"ideal", "active", "missing", "retired"}

// ContentKinds of content items.
var ContentKinds = []string{"guide", "faq", "webinar", "case_study", "video", "article", "other"}

// Validate cleans and checks a touchpoint. Whether StageID names a stage of
// the workspace is checked by the store, which also makes a missing key
// from the name before it calls Validate.
func (t *Touchpoint) Validate() error {
	t.Name = t.Name.trimmed()
	t.Owner = strings.TrimSpace(t.Owner)
	if err := validateText("name", t.Name, 200, true); err != nil {
		return err
	}
	if !IsSlug(t.Key) {
		return FieldErrorf("key", "key must be 1 to 40 lower-case letters, digits, - or _")
	}
	if !oneOf(t.Phase, Phases) {
		return FieldErrorf("phase", "phase must be before, during or after")
	}
	if t.Channel == "" {
		t.Channel = "other"
	}
	if !oneOf(t.Channel, Channels) {
		return FieldErrorf("channel", "channel must be one of %s", strings.Join(Channels, ", "))
	}
	if t.Mode == "" {
		t.Mode = "online"
	}
	if !oneOf(t.Mode, Modes) {
		return FieldErrorf("mode", "mode must be online, offline or both")
	}
	if t.Status == "" {
		t.Status = "active"
	}
	if !oneOf(t.Status, Statuses) {
		return FieldErrorf("status", "status must be ideal, active, missing or retired")
	}
	if err := validateString("owner", t.Owner, 200, false); err != nil {
		return err
	}
	if len(t.Targets) > 20 {
		return FieldErrorf("targets", "a touchpoint has at most 20 targets")
	}
	for i := range t.Targets {
		if err := t.Targets[i].validate(); err != nil {
			return PrefixField(err, "targets", i)
		}
	}
	if len(t.Content) > 50 {
		return FieldErrorf("content", "a touchpoint has at most 50 content items")
	}
	for i := range t.Content {
		if err := t.Content[i].validate(); err != nil {
			return PrefixField(err, "content", i)
		}
	}
	return nil
}

func (t *Target) validate() error {
	if !oneOf(t.KPI, KPIs) {
		return FieldErrorf("kpi", "kpi must be one of %s", strings.Join(KPIs, ", "))
	}
	if !oneOf(t.Comparator, Comparators) {
		return FieldErrorf("comparator", "comparator must be one of <=, <, >=, >, =")
	}
	if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
		return FieldErrorf("value", "value must be a number")
	}
	return inRange("value", t.Value, KPIRange(t.KPI))
}

func (c *ContentItem) validate() error {
	c.Title = c.Title.trimmed()
	c.URL = strings.TrimSpace(c.URL)
	if !oneOf(c.Kind, ContentKinds) {
		return FieldErrorf("kind", "kind must be one of %s", strings.Join(ContentKinds, ", "))
	}
	if err := validateText("title", c.Title, 200, true); err != nil {
		return err
	}
	if c.URL != "" {
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return FieldErrorf("url", "url must be an http or https address")
		}
	}
	return validateString("url", c.URL, 2000, false)
}
