package analytics

import (
	"context"
	"strconv"

	"cxm/internal/cx"
)

// Funnel is how customers pass through a journey's stages.
type Funnel struct {
	Definition string        `json:"definition"`
	JourneyID  string        `json:"journey_id"`
	From       string        `json:"from,omitempty"` // empty: every customer ever
	To         string        `json:"to,omitempty"`
	Stages     []FunnelStage `json:"stages"`
}

// FunnelStage is one stage of a funnel.
type FunnelStage struct {
	StageID string `json:"stage_id"`
	// Reached counts the customers who entered the stage or a later one
	// (in the window, when one is given).
	Reached    int64    `json:"reached"`
	Conversion *float64 `json:"conversion"`   // % of the previous stage's reached; null for the first
	DropOff    *int64   `json:"drop_off"`     // previous reached − reached; null for the first
	DropOffPct *float64 `json:"drop_off_pct"` // 100 − conversion
	// MedianDaysFromPrevious is the median time, in days, between passing
	// the previous stage and passing this one.
	MedianDaysFromPrevious *float64 `json:"median_days_from_previous"`
	Current                int64    `json:"current"` // customers standing in the stage now
	LowN                   bool     `json:"low_n"`
}

const funnelDefinition = "reached = customers who entered the stage or a later one (in the window when from/to is given); conversion = reached ÷ reached of the previous stage (%); " +
	"median_days_from_previous = median days between passing the previous stage and this one; current = customers standing in the stage now."

// Funnel measures a journey's stages, over every customer or over those
// who passed each stage in the window when from or to is given.
func (s *Service) Funnel(ctx context.Context, wsID string, q Query) (Funnel, error) {
	if err := onlyFilters(q.Filter, "journey"); err != nil {
		return Funnel{}, err
	}
	if q.Filter.Journey == "" {
		return Funnel{}, cx.FieldErrorf("journey", "journey is required: the id of the journey to measure")
	}
	j, err := s.store.Journey(ctx, wsID, q.Filter.Journey)
	if cx.ErrorCode(err) == cx.NotFound {
		return Funnel{}, cx.FieldErrorf("journey", "no journey %q in this workspace", q.Filter.Journey)
	}
	if err != nil {
		return Funnel{}, err
	}
	f := Funnel{Definition: funnelDefinition, JourneyID: j.ID, Stages: []FunnelStage{}}
	var start, end int64
	var w Window
	all := q.From == "" && q.To == ""
	if !all {
		var err error
		if w, err = s.behaviourWindow(ctx, wsID, q, 30); err != nil {
			return Funnel{}, err
		}
		start, end = w.Start().UnixMilli(), w.End().UnixMilli()
		f.From, f.To = w.From.Format(DateLayout), w.To.Format(DateLayout)
	}
	reached, err := s.stageReached(ctx, wsID, j.ID, w, all)
	if err != nil {
		return Funnel{}, err
	}
	current, err := s.store.CurrentStageCounts(ctx, wsID, j.ID)
	if err != nil {
		return Funnel{}, err
	}
	for i, st := range sortedStages(j) {
		fs := FunnelStage{StageID: st.ID, Reached: reached[st.ID], Current: current[st.ID], LowN: reached[st.ID] < LowN}
		if i > 0 {
			prev := f.Stages[i-1].Reached
			fs.DropOff = ptr(prev - fs.Reached)
			if prev > 0 {
				fs.Conversion = ptr(100 * float64(fs.Reached) / float64(prev))
				fs.DropOffPct = ptr(100 - *fs.Conversion)
			}
			gap, err := s.store.MedianGapMS(ctx, wsID, j.ID, st.ID, start, end, fs.Reached)
			if err != nil {
				return Funnel{}, err
			}
			if fs.Reached > 0 {
				fs.MedianDaysFromPrevious = ptr(gap / float64(dayMS))
			}
		}
		f.Stages = append(f.Stages, fs)
	}
	return f, nil
}

// sortedStages is a journey's stages in journey order.
func sortedStages(j cx.Journey) []cx.Stage {
	out := append([]cx.Stage(nil), j.Stages...)
	for i := 1; i < len(out); i++ {
		for k := i; k > 0 && out[k].Position < out[k-1].Position; k-- {
			out[k], out[k-1] = out[k-1], out[k]
		}
	}
	return out
}

// CSV writes one stage a row.
func (f Funnel) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, s := range f.Stages {
		rows = append(rows, []string{s.StageID, itoa(s.Reached), fnum(s.Conversion), inum(s.DropOff), fnum(s.MedianDaysFromPrevious), itoa(s.Current)})
	}
	return []string{"stage_id", "reached", "conversion", "drop_off", "median_days_from_previous", "current"}, rows
}

// Cohorts is monthly retention from first purchase.
type Cohorts struct {
	Definition string   `json:"definition"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	Cohorts    []Cohort `json:"cohorts"`
}

// Cohort is the customers whose first order fell in one month.
type Cohort struct {
	Month     string         `json:"month"` // YYYY-MM
	Customers int64          `json:"customers"`
	Retention []CohortPeriod `json:"retention"`
}

// CohortPeriod is the share of a cohort that ordered k months after its first month.
type CohortPeriod struct {
	Offset    int     `json:"offset"` // months after the cohort's month; 0 is the month itself
	Month     string  `json:"month"`
	Customers int64   `json:"customers"`
	Rate      float64 `json:"rate"` // % of the cohort
}

const cohortsDefinition = "A cohort is the customers whose first order fell in a month (workspace time zone); rate = cohort customers who ordered in the month offset months later ÷ cohort customers (%)."

// Cohorts measures the cohorts whose first month lies in the window
// (default: the last 365 days), each followed up to the current month.
func (s *Service) Cohorts(ctx context.Context, wsID string, q Query) (Cohorts, error) {
	if err := onlyFilters(q.Filter); err != nil {
		return Cohorts{}, err
	}
	w, err := s.behaviourWindow(ctx, wsID, q, LoyaltyDays)
	if err != nil {
		return Cohorts{}, err
	}
	cells, err := s.store.CohortCells(ctx, wsID, w.From.Format("2006-01"), w.To.Format("2006-01"))
	if err != nil {
		return Cohorts{}, err
	}
	counts := map[string]int64{}
	for _, c := range cells {
		counts[c.Cohort+"/"+c.Month] = c.Customers
	}
	last := PeriodStart(s.now().In(w.Loc), Month)
	out := Cohorts{Definition: cohortsDefinition, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout), Cohorts: []Cohort{}}
	for first := PeriodStart(w.From, Month); !first.After(w.To); first = first.AddDate(0, 1, 0) {
		key := PeriodKey(first, Month)
		c := Cohort{Month: key, Customers: counts[key+"/"+key], Retention: []CohortPeriod{}}
		for k, m := 0, first; !m.After(last); k, m = k+1, m.AddDate(0, 1, 0) {
			n := counts[key+"/"+PeriodKey(m, Month)]
			c.Retention = append(c.Retention, CohortPeriod{Offset: k, Month: PeriodKey(m, Month), Customers: n, Rate: 100 * safeDiv(float64(n), float64(c.Customers))})
		}
		out.Cohorts = append(out.Cohorts, c)
	}
	return out, nil
}

// CSV writes one cohort month a row.
func (c Cohorts) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, co := range c.Cohorts {
		for _, p := range co.Retention {
			rows = append(rows, []string{co.Month, itoa(co.Customers), strconv.Itoa(p.Offset), p.Month, itoa(p.Customers), strconv.FormatFloat(p.Rate, 'f', -1, 64)})
		}
	}
	return []string{"cohort", "cohort_customers", "offset", "month", "customers", "rate"}, rows
}
