package cx

import (
	"math"
	"strings"
)

// StandardMeasure says what a standard is measured by, so that each
// value can be judged against its comparator and threshold and each
// breach counted per touchpoint and day:
//   - {"kind":"event","event":"Order Ready","property":"wait_seconds"}: the
//     numeric property of every such event (Order Ready.wait_seconds ≤ 420);
//   - {"kind":"question","survey_id":"sv_…","question":"wait"}: the score
//     of every answer to a survey's question.
type StandardMeasure struct {
	Kind     string `json:"kind"` // "", event or question
	Event    string `json:"event,omitempty"`
	Property string `json:"property,omitempty"`
	SurveyID string `json:"survey_id,omitempty"`
	Question string `json:"question,omitempty"`
}

// Kinds of StandardMeasure.
const (
	MeasureByEvent    = "event"
	MeasureByQuestion = "question"
)

func (m *StandardMeasure) validate() error {
	m.Event, m.Property = strings.TrimSpace(m.Event), strings.TrimSpace(m.Property)
	m.SurveyID, m.Question = strings.TrimSpace(m.SurveyID), strings.TrimSpace(m.Question)
	switch m.Kind {
	case "":
		*m = StandardMeasure{}
	case MeasureByEvent:
		if err := validateString("measured_by.event", m.Event, 200, true); err != nil {
			return err
		}
		if err := validateString("measured_by.property", m.Property, 100, true); err != nil {
			return err
		}
		m.SurveyID, m.Question = "", ""
	case MeasureByQuestion:
		if err := validateString("measured_by.survey_id", m.SurveyID, 100, true); err != nil {
			return err
		}
		if err := validateString("measured_by.question", m.Question, 100, true); err != nil {
			return err
		}
		m.Event, m.Property = "", ""
	default:
		return FieldErrorf("measured_by.kind", "measured_by.kind must be event or question")
	}
	return nil
}

// Meets reports whether a value keeps the promise "value comparator
// threshold"; a value that is no finite number is not judged (ok false).
func (s Standard) Meets(v float64) (meets, ok bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false, false
	}
	return Compare(v, s.Comparator, s.Threshold), true
}

// Compare reports whether "v comparator target" holds.
func Compare(v float64, comparator string, target float64) bool {
	switch comparator {
	case "<=":
		return v <= target
	case "<":
		return v < target
	case ">=":
		return v >= target
	case ">":
		return v > target
	case "=":
		return v == target
	}
	return false
}
