package cx

import (
	"strings"
	"time"
)

// Journey is an ordered list of stages a customer goes through.
type Journey struct {
	ID        string    `json:"id"`
	Name      Text      `json:"name"`
	Template  string    `json:"template"` // lifecycle, phases, discovery or custom
	Stages    []Stage   `json:"stages"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Stage is one step of a journey, with what the business wants the customer
// to feel and do there, and who is accountable for it (seed 002).
type Stage struct {
	ID              string `json:"id"`
	Key             string `json:"key"`
	Name            Text   `json:"name"`
	Phase           string `json:"phase"`
	Position        int    `json:"position"`
	DesiredEmotions Texts  `json:"desired_emotions"`
	DesiredActions  Texts  `json:"desired_actions"`
	Owner           string `json:"owner"`    // the old free-text owner, until a member is chosen
	OwnerID         string `json:"owner_id"` // the member (user id) accountable for the stage
}

// Journey templates.
const (
	TemplateLifecycle = "lifecycle"
	TemplatePhases    = "phases"
	TemplateDiscovery = "discovery"
	TemplateCustom    = "custom"
)

// Templates lists the journey templates a workspace can start from.
var Templates = []string{TemplateLifecycle, TemplatePhases, TemplateDiscovery}

// Phases of a purchase (seeds 000 and 003).
const (
	PhaseBefore = "before"
	PhaseDuring = "during"
	PhaseAfter  = "after"
)

// Phases lists the purchase phases in order.
var Phases = []string{PhaseBefore, PhaseDuring, PhaseAfter}

// Validate cleans and checks a journey and its stages. Each stage needs a
// valid key: the store makes missing ones from the names before it calls
// Validate.
func (j *Journey) Validate() error {
	j.Name = j.Name.trimmed()
	if err := validateText("name", j.Name, 200, true); err != nil {
		return err
	}
	if j.Template == "" {
		j.Template = TemplateCustom
	}
	if !oneOf(j.Template, append(Templates, TemplateCustom)) {
		return FieldErrorf("template", "template must be lifecycle, phases, discovery or custom")
	}
	if len(j.Stages) == 0 {
		return FieldErrorf("stages", "a journey needs at least one stage")
	}
	if len(j.Stages) > 30 {
		return FieldErrorf("stages", "a journey has at most 30 stages")
	}
	keys := map[string]bool{}
	for i := range j.Stages {
		s := &j.Stages[i]
		s.Position = i
		if err := s.validate(); err != nil {
			return PrefixField(err, "stages", i)
		}
		if keys[s.Key] {
			return PrefixField(FieldErrorf("key", "two stages have the key %q", s.Key), "stages", i)
		}
		keys[s.Key] = true
	}
	return nil
}

func (s *Stage) validate() error {
	s.Name = s.Name.trimmed()
	s.Owner = strings.TrimSpace(s.Owner)
	s.DesiredEmotions = cleanTexts(s.DesiredEmotions)
	s.DesiredActions = cleanTexts(s.DesiredActions)
	if err := validateText("name", s.Name, 100, true); err != nil {
		return err
	}
	if !IsSlug(s.Key) {
		return FieldErrorf("key", "key must be 1 to 40 lower-case letters, digits, - or _")
	}
	if s.Phase != "" && !oneOf(s.Phase, Phases) {
		return FieldErrorf("phase", "phase must be before, during or after")
	}
	if err := validateTexts("desired_emotions", s.DesiredEmotions, 20, 200); err != nil {
		return err
	}
	if err := validateTexts("desired_actions", s.DesiredActions, 20, 200); err != nil {
		return err
	}
	return validateString("owner", s.Owner, 200, false)
}

// IsSlug reports whether s is a short machine key: lower-case ASCII letters,
// digits, '-' and '_'.
func IsSlug(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
