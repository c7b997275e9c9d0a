package cx

import (
	"strings"
	"time"
)

// Milestone is a measurable goal in a journey for customer-success managers
// (seed 002), such as "second order within 30 days of the first". Each
// customer's milestone is achieved, pending or overdue; that evaluation is
// done by the analytics package from the condition below.
type Milestone struct {
	ID          string    `json:"id"`
	Name        Text      `json:"name"`
	Description Text      `json:"description"`
	JourneyID   string    `json:"journey_id"`
	StageID     string    `json:"stage_id"` // the clock starts when the customer enters this stage
	DueDays     int       `json:"due_days"`
	Condition   Condition `json:"condition"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Condition is what achieves a milestone, described in data:
//   - {"type":"event","event":"Order Completed","count":2}: the customer did the event at least count times;
//   - {"type":"stage","stage_id":"st_…"}: the customer reached the stage.
type Condition struct {
	Type    string `json:"type"`
	Event   string `json:"event,omitempty"`
	Count   int    `json:"count,omitempty"`
	StageID string `json:"stage_id,omitempty"`
}

// Validate cleans and checks a milestone. Whether the journey and stages
// exist is checked by the store.
func (m *Milestone) Validate() error {
	m.Name = m.Name.trimmed()
	m.Description = m.Description.trimmed()
	if err := validateText("name", m.Name, 200, true); err != nil {
		return err
	}
	if err := validateText("description", m.Description, 2000, false); err != nil {
		return err
	}
	if m.JourneyID == "" {
		return FieldErrorf("journey_id", "journey_id is required")
	}
	if m.StageID == "" {
		return FieldErrorf("stage_id", "stage_id is required: the stage whose entry starts the clock")
	}
	if m.DueDays < 1 || m.DueDays > 3650 {
		return FieldErrorf("due_days", "due_days must be between 1 and 3650")
	}
	c := &m.Condition
	c.Event = strings.TrimSpace(c.Event)
	switch c.Type {
	case "event":
		if err := validateString("condition.event", c.Event, 200, true); err != nil {
			return err
		}
		if c.Count == 0 {
			c.Count = 1
		}
		if c.Count < 1 || c.Count > 1000 {
			return FieldErrorf("condition.count", "condition.count must be between 1 and 1000")
		}
		c.StageID = ""
	case "stage":
		if c.StageID == "" {
			return FieldErrorf("condition.stage_id", "condition.stage_id is required for a stage condition")
		}
		c.Event, c.Count = "", 0
	default:
		return FieldErrorf("condition.type", "condition.type must be event or stage")
	}
	return nil
}
