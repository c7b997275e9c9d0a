package analytics

import (
	"slices"
	"testing"
	"time"
)

func TestParseWindow(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	// 23:30 UTC on 30 November is already 1 December in Hồ Chí Minh city.
	now := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	w, err := ParseWindow("", "", loc, now, 30)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.From.Format(DateLayout) + ".." + w.To.Format(DateLayout); got != "2026-11-02..2026-12-01" {
		t.Errorf("default window = %s", got)
	}
	if w.Days() != 30 {
		t.Errorf("days = %d", w.Days())
	}
	p := w.Previous()
	if got := p.From.Format(DateLayout) + ".." + p.To.Format(DateLayout); got != "2026-10-03..2026-11-01" {
		t.Errorf("previous = %s", got)
	}
	if !w.Contains(time.Date(2026, 11, 1, 17, 0, 0, 0, time.UTC)) || w.Contains(time.Date(2026, 11, 1, 16, 59, 0, 0, time.UTC)) {
		t.Error("the window starts at midnight of 2 November in the workspace's zone")
	}
	for _, bad := range [][2]string{{"2026-13-01", ""}, {"", "yesterday"}, {"2026-12-01", "2026-11-01"}, {"1990-01-01", "2026-01-01"}} {
		if _, err := ParseWindow(bad[0], bad[1], loc, now, 30); err == nil {
			t.Errorf("ParseWindow(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

func TestPeriods(t *testing.T) {
	loc := time.UTC
	w, err := ParseWindow("2026-11-28", "2026-12-08", loc, time.Now(), 30)
	if err != nil {
		t.Fatal(err)
	}
	// 28 November 2026 is a Saturday: its week starts on Monday the 23rd.
	if got := w.Periods(Week); !slices.Equal(got, []string{"2026-11-23", "2026-11-30", "2026-12-07"}) {
		t.Errorf("weeks = %v", got)
	}
	if got := w.Periods(Month); !slices.Equal(got, []string{"2026-11", "2026-12"}) {
		t.Errorf("months = %v", got)
	}
	if got := len(w.Periods(Day)); got != 11 {
		t.Errorf("%d days", got)
	}
}
