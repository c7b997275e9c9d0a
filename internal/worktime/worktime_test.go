package worktime

import (
	"testing"
	"time"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestAdd(t *testing.T) {
	hcm := mustLoc(t, "Asia/Ho_Chi_Minh")
	office := Office(hcm)
	tet := Office(hcm)
	tet.Holidays = map[string]bool{}
	for _, h := range VietnamHolidays(2027) {
		tet.Holidays[h.Date] = true
	}
	night := Calendar{Loc: hcm, Start: 22 * 60, End: 6 * 60, Days: [7]bool{true, true, true, true, true, true, true}}
	allDay := Calendar{Loc: time.UTC, Days: [7]bool{true, true, true, true, true, true, true}}
	ny := Office(mustLoc(t, "America/New_York"))
	at := func(loc *time.Location, s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name string
		c    Calendar
		from string
		add  time.Duration
		want string
	}{
		{"inside one day", office, "2026-12-01 09:00", 4 * time.Hour, "2026-12-01 13:00"},
		{"ends exactly at closing", office, "2026-12-01 13:00", 4 * time.Hour, "2026-12-01 17:00"},
		{"runs over into the next day", office, "2026-12-01 15:00", 4 * time.Hour, "2026-12-02 10:00"},
		{"before opening starts at opening", office, "2026-12-01 06:30", time.Hour, "2026-12-01 09:00"},
		{"after closing starts the next morning", office, "2026-12-01 20:00", time.Hour, "2026-12-02 09:00"},
		{"friday evening skips the weekend", office, "2026-12-04 16:00", 2 * time.Hour, "2026-12-07 09:00"},
		{"saturday counts from monday", office, "2026-12-05 10:00", 30 * time.Minute, "2026-12-07 08:30"},
		{"tết: a week off", tet, "2027-02-04 16:00", 2 * time.Hour, "2027-02-10 09:00"},
		{"new year's day", tet, "2026-12-31 16:30", time.Hour, "2027-01-04 08:30"},
		{"overnight shift runs past midnight", night, "2026-12-01 23:00", 3 * time.Hour, "2026-12-02 02:00"},
		{"overnight shift: daytime waits for the night", night, "2026-12-01 12:00", time.Hour, "2026-12-01 23:00"},
		{"overnight shift: inside yesterday's shift", night, "2026-12-02 05:00", 2 * time.Hour, "2026-12-02 23:00"},
		{"whole days", allDay, "2026-12-01 12:00", 30 * time.Hour, "2026-12-02 18:00"},
		{"daylight saving in New York", ny, "2027-03-12 16:00", 2 * time.Hour, "2027-03-15 09:00"},
		{"zero adds nothing", office, "2026-12-05 10:00", 0, "2026-12-05 10:00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			loc := tc.c.loc()
			got := tc.c.Add(at(loc, tc.from), tc.add)
			if want := at(loc, tc.want); !got.Equal(want) {
				t.Fatalf("got %s, want %s", got.In(loc).Format("Mon 2006-01-02 15:04"), want.Format("Mon 2006-01-02 15:04"))
			}
			if back := tc.c.Between(at(loc, tc.from), got); back != tc.add {
				t.Fatalf("Between back: got %s, want %s", back, tc.add)
			}
		})
	}
}

func TestTimeZones(t *testing.T) {
	// The same instant is 09:00 in Hà Nội and 02:00 UTC: the Hà Nội office
	// is open, the UTC office is not.
	instant := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	if !Office(mustLoc(t, "Asia/Ho_Chi_Minh")).Working(instant) {
		t.Fatal("Hà Nội: got closed at 09:00, want open")
	}
	if Office(time.UTC).Working(instant) {
		t.Fatal("UTC: got open at 02:00, want closed")
	}
}

func TestAddDays(t *testing.T) {
	c := Office(time.UTC)
	got := c.AddDays(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC), 3) // Thursday
	if want := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestNoWorkingTime(t *testing.T) {
	if got := (Calendar{Loc: time.UTC}).Add(time.Now(), time.Hour); !got.IsZero() {
		t.Fatalf("got %s, want the zero time", got)
	}
}

func TestLunarDates(t *testing.T) {
	// Tết and the Hùng Kings' day, with the weekdays calendars print.
	want := map[string]time.Weekday{
		"2026-02-17": time.Tuesday, "2027-02-06": time.Saturday, "2028-01-26": time.Wednesday,
		"2029-02-13": time.Tuesday, "2030-02-02": time.Saturday, "2026-04-26": time.Sunday,
	}
	for day, wd := range want {
		d, _ := time.Parse(DateLayout, day)
		if d.Weekday() != wd {
			t.Errorf("%s: got %s, want %s", day, d.Weekday(), wd)
		}
	}
	for y := VietnamFirstYear; y <= VietnamLastYear; y++ {
		hs := VietnamHolidays(y)
		if len(hs) != 11 {
			t.Fatalf("%d: got %d holidays, want 11", y, len(hs))
		}
		if hs[2].Date != lunarDates[y][0] {
			t.Fatalf("%d: Tết's first day is %s, want %s", y, hs[2].Date, lunarDates[y][0])
		}
	}
	if VietnamHolidays(2031) != nil {
		t.Fatal("2031: got holidays, want none")
	}
}
