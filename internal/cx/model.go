package cx

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// CXModel is a workspace's customer-experience model (seed 002): the vision
// it serves, the standards it promises and the goals it measures itself by.
type CXModel struct {
	Vision    Text       `json:"vision"`
	Standards []Standard `json:"standards"`
	Goals     []Goal     `json:"goals"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Standard is a service promise with a measurable threshold, such as
// "hotline answered within 60 s".
type Standard struct {
	ID         string  `json:"id"`
	Name       Text    `json:"name"`
	Metric     string  `json:"metric"`
	Comparator string  `json:"comparator"`
	Threshold  float64 `json:"threshold"`
	Unit       string  `json:"unit"`
	Scope      Scope   `json:"scope"`
	Owner      string  `json:"owner"`
	// MeasuredBy is what each value the standard judges comes from; the
	// zero value: not measured.
	MeasuredBy StandardMeasure `json:"measured_by"`
}

// Goal is a KPI target, such as NPS ≥ 40 in the purchase stage.
type Goal struct {
	ID         string  `json:"id"`
	Name       Text    `json:"name"`
	KPI        string  `json:"kpi"`
	Comparator string  `json:"comparator"`
	Target     float64 `json:"target"`
	Scope      Scope   `json:"scope"`
	Due        string  `json:"due,omitempty"` // a date, YYYY-MM-DD
	Owner      string  `json:"owner"`
	Window     string  `json:"window"` // what the actual value is measured over: one of GoalWindows
}

// Goal windows: the last 30 days ending today (the default), or the
// calendar month or quarter so far.
const (
	GoalRolling30 = "rolling_30d"
	GoalMonth     = "month"
	GoalQuarter   = "quarter"
)

// GoalWindows lists the windows a goal may be measured over.
var GoalWindows = []string{GoalRolling30, GoalMonth, GoalQuarter}

// Scope says what a goal or standard covers: the whole journey, one stage or
// one touchpoint.
type Scope struct {
	Kind string `json:"kind"` // journey, stage or touchpoint
	ID   string `json:"id"`   // the journey, stage or touchpoint id
}

// Scope kinds.
const (
	ScopeJourney    = "journey"
	ScopeStage      = "stage"
	ScopeTouchpoint = "touchpoint"
)

// Comparators a threshold or target uses.
var Comparators = []string{"<=", "<", ">=", ">", "="}

// Units a standard's threshold may be in.
var Units = []string{"seconds", "minutes", "hours", "days", "percent", "points", "count", "vnd", "stars"}

// KPIs goals can be set on. The formulas are in docs/metrics.md.
var KPIs = []string{"nps", "csat", "ces", "stars", "repeat_purchase_rate", "purchase_frequency", "conversion_rate", "retention_rate", "response_rate", "revenue", "orders", "custom"}

// Range is the values a measure can take, both ends included.
type Range struct{ Min, Max float64 }

// The largest count or amount a goal or standard names: money and
// quantities stay within 10^12, as everywhere else.
const maxMeasure = 1e12

// kpiRanges are the scales of the KPIs (docs/metrics.md): NPS −100…100;
// CSAT and the rates in per cent, 0…100; CES 1…7; stars 1…5; counts,
// frequencies and revenue never below 0.
var kpiRanges = map[string]Range{
	"nps": {-100, 100}, "csat": {0, 100}, "ces": {1, 7}, "stars": {1, 5},
	"repeat_purchase_rate": {0, 100}, "conversion_rate": {0, 100}, "retention_rate": {0, 100}, "response_rate": {0, 100},
	"purchase_frequency": {0, maxMeasure}, "revenue": {0, maxMeasure}, "orders": {0, maxMeasure},
	"custom": {-maxMeasure, maxMeasure},
}

// unitRanges are the values a standard's threshold can take in its unit:
// times and counts never below 0, per cents 0…100, stars 1…5.
var unitRanges = map[string]Range{
	"seconds": {0, maxMeasure}, "minutes": {0, maxMeasure}, "hours": {0, maxMeasure}, "days": {0, maxMeasure},
	"percent": {0, 100}, "points": {-100, 100}, "count": {0, maxMeasure}, "vnd": {0, maxMeasure}, "stars": {1, 5},
}

// KPIRange returns the values a KPI can take.
func KPIRange(kpi string) Range {
	if r, ok := kpiRanges[kpi]; ok {
		return r
	}
	return Range{-maxMeasure, maxMeasure}
}

// inRange refuses a value beyond its measure's scale, naming the field.
func inRange(field string, v float64, r Range) error {
	if r == (Range{}) {
		r = Range{-maxMeasure, maxMeasure}
	}
	switch {
	case v >= r.Min && v <= r.Max:
	case r.Max == maxMeasure && r.Min == 0 && v < 0:
		return FieldErrorf(field, "%s cannot be negative", field)
	default:
		return FieldErrorf(field, "%s must be between %g and %g", field, r.Min, r.Max)
	}
	return nil
}

// Validate cleans and checks the model. Scopes that name an object are
// checked against the store by the caller.
func (m *CXModel) Validate() error {
	m.Vision = m.Vision.trimmed()
	if err := validateText("vision", m.Vision, 2000, false); err != nil {
		return err
	}
	if len(m.Standards) > 200 {
		return FieldErrorf("standards", "a model has at most %d standards", 200)
	}
	if len(m.Goals) > 200 {
		return FieldErrorf("goals", "a model has at most %d goals", 200)
	}
	for i := range m.Standards {
		if err := m.Standards[i].validate(); err != nil {
			return PrefixField(err, "standards", i)
		}
	}
	for i := range m.Goals {
		if err := m.Goals[i].validate(); err != nil {
			return PrefixField(err, "goals", i)
		}
	}
	return nil
}

func (s *Standard) validate() error {
	s.Name = s.Name.trimmed()
	s.Metric = strings.TrimSpace(s.Metric)
	s.Owner = strings.TrimSpace(s.Owner)
	if err := validateText("name", s.Name, 300, true); err != nil {
		return err
	}
	if err := validateString("metric", s.Metric, 100, true); err != nil {
		return err
	}
	if !oneOf(s.Comparator, Comparators) {
		return FieldErrorf("comparator", "comparator must be one of <=, <, >=, >, =")
	}
	if math.IsNaN(s.Threshold) || math.IsInf(s.Threshold, 0) {
		return FieldErrorf("threshold", "threshold must be a number")
	}
	if !oneOf(s.Unit, Units) {
		return FieldErrorf("unit", "unit must be one of %s", strings.Join(Units, ", "))
	}
	if err := inRange("threshold", s.Threshold, unitRanges[s.Unit]); err != nil {
		return err
	}
	if err := s.Scope.validate(); err != nil {
		return err
	}
	if err := s.MeasuredBy.validate(); err != nil {
		return err
	}
	return validateString("owner", s.Owner, 200, false)
}

func (g *Goal) validate() error {
	g.Name = g.Name.trimmed()
	g.Owner = strings.TrimSpace(g.Owner)
	if err := validateText("name", g.Name, 300, true); err != nil {
		return err
	}
	if !oneOf(g.KPI, KPIs) {
		return FieldErrorf("kpi", "kpi must be one of %s", strings.Join(KPIs, ", "))
	}
	if !oneOf(g.Comparator, Comparators) {
		return FieldErrorf("comparator", "comparator must be one of <=, <, >=, >, =")
	}
	if math.IsNaN(g.Target) || math.IsInf(g.Target, 0) {
		return FieldErrorf("target", "target must be a number")
	}
	if g.Window == "" {
		g.Window = GoalRolling30
	}
	if !oneOf(g.Window, GoalWindows) {
		return FieldErrorf("window", "window must be rolling_30d, month or quarter")
	}
	if err := inRange("target", g.Target, KPIRange(g.KPI)); err != nil {
		return err
	}
	if g.Due != "" {
		d, ok := Day(g.Due)
		if !ok {
			return FieldErrorf("due", "due must be a date such as 2026-12-31")
		}
		g.Due = d
	}
	if err := g.Scope.validate(); err != nil {
		return err
	}
	return validateString("owner", g.Owner, 200, false)
}

func (s *Scope) validate() error {
	if s.Kind == "" {
		s.Kind = ScopeJourney
	}
	if !oneOf(s.Kind, []string{ScopeJourney, ScopeStage, ScopeTouchpoint}) {
		return FieldErrorf("scope.kind", "scope.kind must be journey, stage or touchpoint")
	}
	if s.Kind != ScopeJourney && s.ID == "" {
		return FieldErrorf("scope.id", "scope.id is required for a %s scope", s.Kind)
	}
	return nil
}

// PrefixField rewrites an invalid error's field as list[i].field.
func PrefixField(err error, list string, i int) error {
	e := AsError(err)
	if e == nil {
		return err
	}
	field := list + "[" + strconv.Itoa(i) + "]"
	if e.Field != "" {
		field += "." + e.Field
	}
	return &Error{Code: e.Code, Field: field, Message: field + ": " + e.Message, Format: e.Format, Args: e.Args}
}

// Day reads a calendar day written YYYY-MM-DD or, as Vietnamese readers
// write it, DD/MM/YYYY, and returns it as YYYY-MM-DD.
func Day(s string) (string, bool) {
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if d, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return d.Format("2006-01-02"), true
		}
	}
	return "", false
}
