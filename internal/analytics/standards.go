package analytics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Standards are judged value by value: every event or answer a standard
// is measured by is a measurement, and one whose value does not keep the
// promise ("wait_seconds ≤ 420") is a breach, counted per standard,
// touchpoint and day in the workspace's zone.

// StandardsWorker keeps the daily breach counts up to date: it runs in
// `cxm serve` and reads each workspace's new events and feedback after its
// durable cursor, adding their counts in one transaction with the
// cursor's move, so that after a crash nothing is counted twice or missed.
// A standard's counts start when it is measured: earlier data is not
// judged again.
type StandardsWorker struct {
	st   *store.Store
	log  *slog.Logger
	Poll time.Duration
}

// NewStandardsWorker returns the standards worker.
func NewStandardsWorker(st *store.Store, log *slog.Logger) *StandardsWorker {
	return &StandardsWorker{st: st, log: log, Poll: 2 * time.Second}
}

// Run works until ctx ends.
func (w *StandardsWorker) Run(ctx context.Context) {
	Every(ctx, w.Poll, w.log, "standards worker", w.Step)
}

// Step brings every workspace up to date once.
func (w *StandardsWorker) Step(ctx context.Context) error { return EachWorkspace(ctx, w.st, w.CatchUp) }

// CatchUp counts a workspace's events and feedback stored since its cursor.
func (w *StandardsWorker) CatchUp(ctx context.Context, wsID string) error {
	for ctx.Err() == nil {
		cur, err := w.st.StandardCursorOf(ctx, wsID)
		if err != nil {
			return err
		}
		events, err := w.st.AnalyticsEventsAfter(ctx, wsID, cur.LastEventID, batchSize)
		if err != nil {
			return err
		}
		answers, err := w.st.ScoredFeedbackAfter(ctx, wsID, cur.LastFeedbackID, batchSize)
		if err != nil {
			return err
		}
		if len(events) == 0 && len(answers) == 0 {
			return nil
		}
		next := cur
		if len(events) > 0 {
			next.LastEventID = events[len(events)-1].ID
		}
		if len(answers) > 0 {
			next.LastFeedbackID = answers[len(answers)-1].ID
		}
		deltas, err := w.judge(ctx, wsID, events, answers)
		if err != nil {
			return err
		}
		if err := w.st.AddBreaches(ctx, wsID, cur, next, deltas); err != nil && !errors.Is(err, store.ErrCursorMoved) {
			return err
		}
	}
	return ctx.Err()
}

// judge works out what a batch adds to the daily counts.
func (w *StandardsWorker) judge(ctx context.Context, wsID string, events []store.AnalyticsEvent, answers []store.ScoredFeedback) ([]store.BreachDelta, error) {
	m, err := w.st.CXModel(ctx, wsID)
	if err != nil {
		return nil, err
	}
	loc, err := zoneOf(ctx, w.st, wsID)
	if err != nil {
		return nil, err
	}
	sum := map[[3]string]*store.BreachDelta{}
	add := func(st cx.Standard, touchpoint string, at int64, v float64) {
		meets, ok := st.Meets(v)
		if !ok || !inScope(st, touchpoint) {
			return
		}
		k := [3]string{st.ID, touchpoint, time.UnixMilli(at).In(loc).Format(DateLayout)}
		d := sum[k]
		if d == nil {
			d = &store.BreachDelta{StandardID: k[0], TouchpointID: k[1], Day: k[2]}
			sum[k] = d
		}
		d.Measured++
		if !meets {
			d.Breaches++
		}
	}
	for _, st := range m.Standards {
		mb := st.MeasuredBy
		switch mb.Kind {
		case cx.MeasureByEvent:
			for _, e := range events {
				if e.Type != cx.EventTrack || !strings.EqualFold(strings.TrimSpace(e.Name), mb.Event) {
					continue
				}
				if v, ok := numberProperty(e.Properties, mb.Property); ok {
					add(st, e.TouchpointID, e.At, v)
				}
			}
		case cx.MeasureByQuestion:
			for _, a := range answers {
				if a.SurveyID == mb.SurveyID && a.Question == mb.Question {
					add(st, a.TouchpointID, a.At, a.Score)
				}
			}
		}
	}
	out := make([]store.BreachDelta, 0, len(sum))
	for _, d := range sum {
		out = append(out, *d)
	}
	return out, nil
}

// inScope reports whether a measurement at a touchpoint counts for a
// standard scoped to one touchpoint; wider scopes take every measurement.
func inScope(st cx.Standard, touchpoint string) bool {
	return st.Scope.Kind != cx.ScopeTouchpoint || st.Scope.ID == touchpoint
}

// numberProperty reads a numeric property of an event ("420" as a string
// counts too); an odd row counts as one without it.
func numberProperty(raw, name string) (float64, bool) {
	props := map[string]any{}
	if json.Unmarshal([]byte(raw), &props) != nil {
		return 0, false
	}
	switch v := props[name].(type) {
	case float64:
		return v, true
	case string:
		var f float64
		if _, err := fmt.Sscanf(strings.TrimSpace(v), "%g", &f); err == nil {
			return f, true
		}
	}
	return 0, false
}

func zoneOf(ctx context.Context, st *store.Store, wsID string) (*time.Location, error) {
	ws, err := st.Workspace(ctx, wsID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(ws.Timezone)
	if err != nil {
		return time.UTC, nil
	}
	return loc, nil
}

// StandardsResult is every standard of the CX model with its breaches in
// a window.
type StandardsResult struct {
	Definition string         `json:"definition"`
	From       string         `json:"from"`
	To         string         `json:"to"`
	Items      []StandardItem `json:"items"`
}

// StandardItem is one standard's breaches: in all, per touchpoint and per day.
type StandardItem struct {
	StandardID   string            `json:"standard_id"`
	Name         cx.Text           `json:"name"`
	Measured     bool              `json:"measured"` // whether the standard is measured by anything
	Measurements int64             `json:"measurements"`
	Breaches     int64             `json:"breaches"`
	BreachRate   *float64          `json:"breach_rate"` // % of the measurements, null without any
	Touchpoints  []StandardBreachN `json:"touchpoints"`
	Days         []StandardBreachN `json:"days"`
}

// StandardBreachN is a standard's count at one touchpoint, or on one day.
type StandardBreachN struct {
	Key          string `json:"key"` // the touchpoint id ("" for none) or the day
	Measurements int64  `json:"measurements"`
	Breaches     int64  `json:"breaches"`
}

const standardsDefinition = "A breach is a measured value that does not keep the standard's promise (its comparator and threshold); " +
	"breach rate = breaches ÷ measurements, %; counted per touchpoint and day in the workspace's time zone"

// Standards counts every standard's breaches over a window (default the
// last 30 days), filtered by touchpoint when asked.
func (s *Service) Standards(ctx context.Context, wsID string, q Query) (StandardsResult, error) {
	if err := onlyFilters(q.Filter, "touchpoint"); err != nil {
		return StandardsResult{}, err
	}
	w, err := s.behaviourWindow(ctx, wsID, q, 30)
	if err != nil {
		return StandardsResult{}, err
	}
	m, err := s.store.CXModel(ctx, wsID)
	if err != nil {
		return StandardsResult{}, err
	}
	rows, err := s.store.Breaches(ctx, wsID, w.From.Format(DateLayout), w.To.Format(DateLayout))
	if err != nil {
		return StandardsResult{}, err
	}
	out := StandardsResult{Definition: standardsDefinition, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout), Items: []StandardItem{}}
	for _, st := range m.Standards {
		it := StandardItem{StandardID: st.ID, Name: st.Name, Measured: st.MeasuredBy.Kind != "", Touchpoints: []StandardBreachN{}, Days: []StandardBreachN{}}
		for _, r := range rows {
			if r.StandardID != st.ID || q.Filter.Touchpoint != "" && r.TouchpointID != q.Filter.Touchpoint {
				continue
			}
			it.Measurements += r.Measured
			it.Breaches += r.Breaches
			it.Touchpoints = addBreachN(it.Touchpoints, r.TouchpointID, r)
			it.Days = addBreachN(it.Days, r.Day, r)
		}
		if it.Measurements > 0 {
			it.BreachRate = num(100 * float64(it.Breaches) / float64(it.Measurements))
		}
		out.Items = append(out.Items, it)
	}
	return out, nil
}

func addBreachN(list []StandardBreachN, key string, r store.BreachRow) []StandardBreachN {
	for i := range list {
		if list[i].Key == key {
			list[i].Measurements += r.Measured
			list[i].Breaches += r.Breaches
			return list
		}
	}
	return append(list, StandardBreachN{Key: key, Measurements: r.Measured, Breaches: r.Breaches})
}

// Standard returns one standard's breaches over a window, for its page.
func (s *Service) Standard(ctx context.Context, wsID, id string, q Query) (StandardItem, error) {
	res, err := s.Standards(ctx, wsID, q)
	if err != nil {
		return StandardItem{}, err
	}
	for _, it := range res.Items {
		if it.StandardID == id {
			return it, nil
		}
	}
	return StandardItem{}, cx.Errorf(cx.NotFound, "standard not found")
}

// CSV writes one standard a row.
func (r StandardsResult) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, it := range r.Items {
		rows = append(rows, []string{it.StandardID, it.Name.Vi, itoa(it.Measurements), itoa(it.Breaches), cell(it.BreachRate)})
	}
	return []string{"standard_id", "name", "measurements", "breaches", "breach_rate"}, rows
}
