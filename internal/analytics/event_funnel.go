package analytics

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"cxm/internal/cx"
)

// EventFunnel is how many customers did a series of events in order: an
// ad-hoc funnel over raw events, for questions the journey's stages do not
// answer ("viewed a product, then added it to the cart, then paid").
type EventFunnel struct {
	Definition string            `json:"definition"`
	From       string            `json:"from"`
	To         string            `json:"to"`
	Steps      []EventFunnelStep `json:"steps"`
}

// EventFunnelStep is one step of an event funnel.
type EventFunnelStep struct {
	Event      string   `json:"event"`
	Customers  int64    `json:"customers"`  // who did the steps up to this one, in order, in the window
	Conversion *float64 `json:"conversion"` // % of the previous step's customers; null for the first
	DropOff    *int64   `json:"drop_off"`   // previous customers − customers; null for the first
	// MedianHoursFromPrevious is the median time between the previous step
	// and this one, over the customers who did it.
	MedianHoursFromPrevious *float64 `json:"median_hours_from_previous"`
	LowN                    bool     `json:"low_n"`
}

// Limits of an event funnel.
const (
	minSteps     = 2
	maxSteps     = 10
	maxEventName = 200
)

const eventFunnelDefinition = "customers = customers who did the events of the steps in this order in the window (other events between them allowed), " +
	"each step matched at its earliest occurrence after the step before; conversion = customers ÷ customers of the previous step (%); " +
	"median_hours_from_previous = median hours between the previous step and this one."

// EventFunnel counts the customers who did the events of steps (event
// names as sent, comma-separated) in order over a window (default: the
// last 30 days). It reads the window's events of those names once,
// customer by customer in time order, with a small state machine.
func (s *Service) EventFunnel(ctx context.Context, wsID string, q Query) (EventFunnel, error) {
	if err := onlyFilters(q.Filter); err != nil {
		return EventFunnel{}, err
	}
	steps, err := parseSteps(q.Steps)
	if err != nil {
		return EventFunnel{}, err
	}
	w, err := s.behaviourWindow(ctx, wsID, q, 30)
	if err != nil {
		return EventFunnel{}, err
	}
	counts := make([]int64, len(steps))
	gaps := make([][]int64, len(steps))
	times := make([]int64, len(steps))
	var names []string
	for _, st := range steps {
		if !slices.Contains(names, st) {
			names = append(names, st)
		}
	}
	err = s.store.EachCustomerEvents(ctx, wsID, names, w.Start().UnixMilli(), w.End().UnixMilli(), func(got []string, at []int64) {
		next := 0 // the state: how many steps the customer did so far
		for i, name := range got {
			if next < len(steps) && name == steps[next] {
				times[next] = at[i]
				next++
			}
		}
		for k := range next {
			counts[k]++
			if k > 0 {
				gaps[k] = append(gaps[k], times[k]-times[k-1])
			}
		}
	})
	if err != nil {
		return EventFunnel{}, err
	}
	out := EventFunnel{Definition: eventFunnelDefinition, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout), Steps: []EventFunnelStep{}}
	for k, st := range steps {
		es := EventFunnelStep{Event: st, Customers: counts[k], LowN: counts[k] < LowN}
		if k > 0 {
			prev := counts[k-1]
			es.DropOff = ptr(prev - counts[k])
			if prev > 0 {
				es.Conversion = ptr(100 * float64(counts[k]) / float64(prev))
			}
			if len(gaps[k]) > 0 {
				es.MedianHoursFromPrevious = ptr(medianMS(gaps[k]) / 3600000)
			}
		}
		out.Steps = append(out.Steps, es)
	}
	return out, nil
}

// parseSteps reads the comma-separated event names of an event funnel.
func parseSteps(raw string) ([]string, error) {
	var steps []string
	for _, p := range strings.Split(raw, ",") {
		p = strings.TrimSpace(p)
		if p == "" || len(p) > maxEventName || !utf8.ValidString(p) || strings.ContainsRune(p, 0) {
			return nil, cx.FieldErrorf("steps", "steps must be %d to %d event names, comma-separated", minSteps, maxSteps)
		}
		steps = append(steps, p)
	}
	if len(steps) < minSteps || len(steps) > maxSteps {
		return nil, cx.FieldErrorf("steps", "steps must be %d to %d event names, comma-separated", minSteps, maxSteps)
	}
	return steps, nil
}

// medianMS is the median of durations (the mean of the two middle ones
// for an even count).
func medianMS(v []int64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return float64(v[n/2])
	}
	return float64(v[n/2-1]+v[n/2]) / 2
}

// CSV writes one step a row.
func (f EventFunnel) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, s := range f.Steps {
		rows = append(rows, []string{s.Event, itoa(s.Customers), fnum(s.Conversion), inum(s.DropOff), fnum(s.MedianHoursFromPrevious)})
	}
	return []string{"event", "customers", "conversion", "drop_off", "median_hours_from_previous"}, rows
}
