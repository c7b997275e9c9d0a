package analytics

import (
	"time"

	"cxm/internal/cx"
)

// DateLayout is how windows and daily periods are written.
const DateLayout = "2006-01-02"

// MaxWindowDays bounds a window, so that a query names a bounded number of
// periods.
const MaxWindowDays = 3700

// Window is a range of whole days, both ends included, in the workspace's
// time zone.
type Window struct {
	From time.Time // midnight of the first day, in Loc
	To   time.Time // midnight of the last day, in Loc
	Loc  *time.Location
}

// ParseWindow reads the from and to query values (YYYY-MM-DD, inclusive).
// Without them the window is the defaultDays days ending today; with only
// one, the other end is today or the default length from it.
func ParseWindow(from, to string, loc *time.Location, now time.Time, defaultDays int) (Window, error) {
	today := midnight(now.In(loc))
	w := Window{Loc: loc, To: today}
	var err error
	if to != "" {
		if w.To, err = parseDay("to", to, loc); err != nil {
			return Window{}, err
		}
	}
	w.From = w.To.AddDate(0, 0, -(defaultDays - 1))
	if from != "" {
		if w.From, err = parseDay("from", from, loc); err != nil {
			return Window{}, err
		}
		if to == "" && w.From.After(today) {
			w.To = w.From
		}
	}
	if w.From.After(w.To) {
		return Window{}, cx.FieldErrorf("from", "from must be on or before to")
	}
	if w.Days() > MaxWindowDays {
		return Window{}, cx.FieldErrorf("from", "a window is at most %d days", MaxWindowDays)
	}
	return w, nil
}

func parseDay(field, s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(DateLayout, s, loc)
	if err != nil {
		return time.Time{}, cx.FieldErrorf(field, "%s must be a date such as 2026-11-30", field)
	}
	return t, nil
}

// midnight is the start of t's day in t's location.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// Days is the number of days in the window.
func (w Window) Days() int {
	return int(w.To.Sub(w.From).Hours()/24+0.5) + 1
}

// Start is the first instant of the window.
func (w Window) Start() time.Time { return w.From }

// End is the first instant after the window (midnight after its last day).
func (w Window) End() time.Time { return w.To.AddDate(0, 0, 1) }

// Previous is the window of the same length just before w.
func (w Window) Previous() Window {
	n := w.Days()
	return Window{From: w.From.AddDate(0, 0, -n), To: w.From.AddDate(0, 0, -1), Loc: w.Loc}
}

// Contains reports whether t falls in the window.
func (w Window) Contains(t time.Time) bool {
	return !t.Before(w.Start()) && t.Before(w.End())
}

// Grain is the length of a period in a trend.
type Grain string

// Grains of a trend.
const (
	Day   Grain = "day"
	Week  Grain = "week" // weeks start on Monday
	Month Grain = "month"
)

// ParseGrain reads a grain; empty means day.
func ParseGrain(field, s string) (Grain, error) {
	switch Grain(s) {
	case "":
		return Day, nil
	case Day, Week, Month:
		return Grain(s), nil
	}
	return "", cx.FieldErrorf(field, "%s must be day, week or month", field)
}

// PeriodStart is the first day of the period of grain g that holds t, in
// t's location.
func PeriodStart(t time.Time, g Grain) time.Time {
	d := midnight(t)
	switch g {
	case Week:
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		return d.AddDate(0, 0, -back)
	case Month:
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, d.Location())
	}
	return d
}

// PeriodKey names the period that holds t: YYYY-MM-DD for days and weeks
// (the week's Monday), YYYY-MM for months.
func PeriodKey(t time.Time, g Grain) string {
	start := PeriodStart(t, g)
	if g == Month {
		return start.Format("2006-01")
	}
	return start.Format(DateLayout)
}

// Periods lists the keys of every period that overlaps the window, oldest
// first, so that periods with no data can be returned with n = 0.
func (w Window) Periods(g Grain) []string {
	var keys []string
	for p := PeriodStart(w.From, g); !p.After(w.To); p = next(p, g) {
		keys = append(keys, PeriodKey(p, g))
	}
	return keys
}

func next(p time.Time, g Grain) time.Time {
	switch g {
	case Week:
		return p.AddDate(0, 0, 7)
	case Month:
		return p.AddDate(0, 1, 0)
	}
	return p.AddDate(0, 0, 1)
}
