// Package worktime counts time the way a service promise does: only in a
// business's working hours, in its time zone, on its working days and not
// on its holidays. Case SLAs use it ("first contact within 4 working
// hours", "resolved within 3 working days"). It is a leaf: it imports
// nothing of ours.
package worktime

import (
	"time"
)

// DateLayout is how holidays are written: a local date.
const DateLayout = "2006-01-02"

// Calendar is a business's working time. A shift runs from Start to End
// minutes after local midnight on each working day that is not a holiday;
// End at or before Start is an overnight shift that ends the next day
// (22:00–06:00), and Start equal to End is a whole day. A shift belongs to
// the day it starts on.
type Calendar struct {
	Loc      *time.Location
	Start    int             // minutes after midnight, 0–1439
	End      int             // minutes after midnight, 0–1440
	Days     [7]bool         // working days, by time.Weekday
	Holidays map[string]bool // local dates (DateLayout) that are not worked
}

// Office is Monday to Friday, 08:00–17:00 in loc, without holidays.
func Office(loc *time.Location) Calendar {
	return Calendar{Loc: loc, Start: 8 * 60, End: 17 * 60,
		Days: [7]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true}}
}

// maxDays bounds every search: a calendar without a working day in ten
// years has none.
const maxDays = 3660

// ShiftLength is how long one shift lasts.
func (c Calendar) ShiftLength() time.Duration {
	n := c.End - c.Start
	if n <= 0 {
		n += 24 * 60
	}
	return time.Duration(n) * time.Minute
}

// shift returns the working interval that starts on the local date
// (y, m, d), and false when that day is not worked.
func (c Calendar) shift(y int, m time.Month, d int) (from, to time.Time, ok bool) {
	day := time.Date(y, m, d, 0, 0, 0, 0, c.loc())
	if !c.Days[day.Weekday()] || c.Holidays[day.Format(DateLayout)] {
		return from, to, false
	}
	from = time.Date(y, m, d, 0, c.Start, 0, 0, c.loc())
	end := c.End
	if end <= c.Start {
		end += 24 * 60
	}
	to = time.Date(y, m, d, 0, end, 0, 0, c.loc())
	return from, to, true
}

func (c Calendar) loc() *time.Location {
	if c.Loc == nil {
		return time.UTC
	}
	return c.Loc
}

// shifts calls fn with each worked interval from the one that may hold t
// (yesterday's overnight shift) on, until fn returns false or maxDays.
func (c Calendar) shifts(t time.Time, fn func(from, to time.Time) bool) {
	l := t.In(c.loc())
	y, m, d := l.Date()
	for i := -1; i < maxDays; i++ {
		if from, to, ok := c.shift(y, m, d+i); ok && !fn(from, to) {
			return
		}
	}
}

// Add returns the moment when d of working time has passed after t. A
// time outside working hours starts counting at the next shift. It
// returns the zero time when the calendar has no working time at all.
func (c Calendar) Add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	var out time.Time
	c.shifts(t, func(from, to time.Time) bool {
		if !to.After(t) {
			return true
		}
		if from.Before(t) {
			from = t
		}
		if avail := to.Sub(from); d > avail {
			d -= avail
			return true
		}
		out = from.Add(d)
		return false
	})
	return out
}

// AddDays returns the moment when n working days (n shifts' worth of
// working time) have passed after t.
func (c Calendar) AddDays(t time.Time, n int) time.Time {
	return c.Add(t, time.Duration(n)*c.ShiftLength())
}

// Between returns the working time from a to b (0 when b is not after a).
func (c Calendar) Between(a, b time.Time) time.Duration {
	var sum time.Duration
	if !b.After(a) {
		return 0
	}
	c.shifts(a, func(from, to time.Time) bool {
		if !from.Before(b) {
			return false
		}
		if from.Before(a) {
			from = a
		}
		if to.After(b) {
			to = b
		}
		if to.After(from) {
			sum += to.Sub(from)
		}
		return true
	})
	return sum
}

// Working reports whether t falls in a shift.
func (c Calendar) Working(t time.Time) bool {
	in := false
	c.shifts(t, func(from, to time.Time) bool {
		if from.After(t) {
			return false
		}
		in = in || !t.Before(from) && t.Before(to)
		return true
	})
	return in
}
