package money

import (
	"math"
	"testing"

	"cxm/internal/cx"
)

func fieldOf(err error) string {
	if err == nil {
		return ""
	}
	if e := cx.AsError(err); e != nil {
		return e.Field
	}
	return "not a *cx.Error: " + err.Error()
}

func TestMinorUnits(t *testing.T) {
	cases := []struct {
		v        float64
		currency string
		want     int64
		field    string
	}{
		{125000, "VND", 125000, ""},
		{12.5, "USD", 1250, ""},
		{1.5, "KWD", 1500, ""},
		{-20, "VND", -20, ""}, // a refund
		{1e12, "USD", 1e14, ""},
		{1e12 + 1, "VND", 0, "amount"},
		{1e30, "VND", 0, "amount"}, // stored −9,223,372,036,854,775,808 before
		{-1e30, "VND", 0, "amount"},
		{math.Inf(1), "VND", 0, "amount"},
		{math.NaN(), "VND", 0, "amount"},
	}
	for _, tc := range cases {
		got, err := MinorUnits(tc.v, tc.currency)
		if got != tc.want || fieldOf(err) != tc.field {
			t.Errorf("MinorUnits(%v, %s) = %d, %v; want %d, error about %q", tc.v, tc.currency, got, err, tc.want, tc.field)
		}
	}
}

func TestQuantityMulAdd(t *testing.T) {
	for v, want := range map[float64]int64{0: 1, -3: 1, 2.7: 2, 1e6: 1e6} {
		if got, err := Quantity(v); got != want || err != nil {
			t.Errorf("Quantity(%v) = %d, %v; want %d", v, got, err, want)
		}
	}
	for _, v := range []float64{1e6 + 1, 1e30, math.Inf(1), math.NaN()} {
		if _, err := Quantity(v); fieldOf(err) != "quantity" {
			t.Errorf("Quantity(%v): %v, want an error about quantity", v, err)
		}
	}
	if got, err := Mul(1_000_000, 1_000_000, "VND"); got != 1e12 || err != nil {
		t.Errorf("Mul(10^6, 10^6) = %d, %v; want 10^12", got, err)
	}
	for _, c := range [][2]int64{{1_000_001, 1_000_000}, {MaxMinor("VND"), 2}, {math.MaxInt64, 1_000_000}, {math.MinInt64, 1}, {1, -1}, {1, 1_000_001}} {
		if _, err := Mul(c[0], c[1], "VND"); fieldOf(err) != "price" {
			t.Errorf("Mul(%d, %d): %v, want an error about price", c[0], c[1], err)
		}
	}
	max := MaxMinor("VND")
	if got, err := Add(max-1, 1, "VND"); got != max || err != nil {
		t.Errorf("Add(max-1, 1) = %d, %v; want %d", got, err, max)
	}
	for _, c := range [][2]int64{{max, 1}, {math.MaxInt64, math.MaxInt64}, {math.MinInt64, -1}, {-max, -1}} {
		if _, err := Add(c[0], c[1], "VND"); fieldOf(err) != "total" {
			t.Errorf("Add(%d, %d): %v, want an error about total", c[0], c[1], err)
		}
	}
	if got := Format(125075, "USD"); got != "1250.75" {
		t.Errorf("Format(125075, USD) = %q", got)
	}
	if got := Format(1500, "KWD"); got != "1.500" {
		t.Errorf("Format(1500, KWD) = %q", got)
	}
}
