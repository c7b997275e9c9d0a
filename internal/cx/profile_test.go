package cx_test

import (
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2026-03-05", "2026-03-04T17:00:00Z"},
		{"05/03/2026", "2026-03-04T17:00:00Z"},
		{"5/3/2026", "2026-03-04T17:00:00Z"},
		{"05/03/2026 14:30", "2026-03-05T07:30:00Z"},
		{"2026-03-05T14:30:00+07:00", "2026-03-05T07:30:00Z"},
	} {
		got, err := cx.ParseDate(tc.in)
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "31/02/2026", "2026-13-01", "hôm qua", "03-05-2026"} {
		if _, err := cx.ParseDate(bad); cx.ErrorCode(err) != cx.Invalid {
			t.Errorf("ParseDate(%q) error = %v, want invalid", bad, err)
		}
	}
}

func TestParseBirthday(t *testing.T) {
	for in, want := range map[string]string{"1990-03-05": "1990-03-05", "05/03/1990": "1990-03-05", "--03-05": "--03-05"} {
		if got, err := cx.ParseBirthday(in); err != nil || got != want {
			t.Errorf("ParseBirthday(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"--13-01", "--3-5", "1990", "32/01/1990"} {
		if _, err := cx.ParseBirthday(bad); cx.AsError(err) == nil || cx.AsError(err).Field != "birthday" {
			t.Errorf("ParseBirthday(%q) error = %v, want invalid birthday", bad, err)
		}
	}
}

func TestValidateTraitEdit(t *testing.T) {
	ok := map[string]any{"full_name": "Lan", "plan": "gold", "visits": 3, "city": nil}
	if err := cx.ValidateTraitEdit(ok); err != nil {
		t.Errorf("got %v, want no error", err)
	}
	for _, tc := range []struct {
		traits map[string]any
		field  string
	}{
		{nil, "traits"},
		{map[string]any{"": 1}, "traits"},
		{map[string]any{strings.Repeat("k", 101): 1}, "traits"},
		{map[string]any{"city": 5}, "city"},
		{map[string]any{"birthday": "soon"}, "birthday"},
		{map[string]any{"full_name": strings.Repeat("a", 201)}, "full_name"},
		{map[string]any{"note": strings.Repeat("a", 33<<10)}, "traits"},
	} {
		err := cx.ValidateTraitEdit(tc.traits)
		if e := cx.AsError(err); e == nil || e.Field != tc.field {
			t.Errorf("ValidateTraitEdit(%.40v) = %v, want an error about %s", tc.traits, err, tc.field)
		}
	}
}
