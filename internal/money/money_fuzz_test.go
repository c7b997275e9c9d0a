package money

import (
	"math"
	"testing"
)

// FuzzParseAmount: whatever an imported file holds in an amount cell, the
// parser never panics, and what it accepts is within MaxMajor of its
// currency, formats back and parses again to the same amount.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1.250.000", "1,250,000 ₫", "1250000đ", "12.50 USD", "1.250.000,50", "-20", "1e30", "1e400",
		"9223372036854775807", "-9223372036854775808", "NaN", "Inf", "", "₫", "0,000001", "1.2.3", "12,5 KWD", "１２３"} {
		f.Add(s, "")
		f.Add(s, "USD")
	}
	f.Fuzz(func(t *testing.T, s, currency string) {
		a, err := ParseAmount(s, currency)
		if err != nil {
			return
		}
		if a.Minor > MaxMinor(a.Currency) || a.Minor < -MaxMinor(a.Currency) {
			t.Fatalf("ParseAmount(%q, %q) = %d %s: beyond the limit", s, currency, a.Minor, a.Currency)
		}
		back, err := ParseAmount(Format(a.Minor, a.Currency), a.Currency)
		if err != nil || back != a {
			t.Fatalf("ParseAmount(%q) = %+v, formatted %q, parsed again %+v, %v", s, a, Format(a.Minor, a.Currency), back, err)
		}
	})
}

// FuzzMinorUnits: any float from an event becomes minor units within the
// limit or an error; price × quantity and sums never wrap.
func FuzzMinorUnits(f *testing.F) {
	for _, v := range []float64{250000, 0.5, -1, 1e12, 1e12 + 1, 1e30, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.NaN()} {
		f.Add(v, 3.0, "VND")
		f.Add(v, 1e6, "KWD")
	}
	f.Fuzz(func(t *testing.T, v, qty float64, currency string) {
		m, err := MinorUnits(v, currency)
		if err != nil {
			return
		}
		if m > MaxMinor(currency) || m < -MaxMinor(currency) {
			t.Fatalf("MinorUnits(%v, %q) = %d: beyond the limit", v, currency, m)
		}
		q, err := Quantity(qty)
		if err != nil {
			return
		}
		p, err := Mul(m, q, currency)
		if err != nil {
			return
		}
		if p > MaxMinor(currency) || p < -MaxMinor(currency) || (m != 0 && p/m != q) {
			t.Fatalf("Mul(%d, %d) = %d: wrapped or beyond the limit", m, q, p)
		}
		if s, err := Add(p, m, currency); err == nil && (s > MaxMinor(currency) || s < -MaxMinor(currency)) {
			t.Fatalf("Add(%d, %d) = %d: beyond the limit", p, m, s)
		}
	})
}
