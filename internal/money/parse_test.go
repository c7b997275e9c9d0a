package money

import "testing"

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in, currency string
		minor        int64
		wantCurrency string
	}{
		{"1.250.000", "", 1250000, "VND"},
		{"1,250,000 ₫", "", 1250000, "VND"},
		{"1250000đ", "", 1250000, "VND"},
		{"1.250.000 VND", "", 1250000, "VND"},
		{"35000", "VND", 35000, "VND"},
		{"12.50", "USD", 1250, "USD"},
		{"$12.5", "", 1250, "USD"},
		{"1,250.75 USD", "", 125075, "USD"},
		{"1.250,75", "EUR", 125075, "EUR"},
		{"1.250.000,00", "", 1250000, "VND"},
		{"0", "", 0, "VND"},
		// Three decimals: one mark before three digits is the decimal mark,
		// as Format writes it (found by FuzzParseAmount).
		{"12.500", "KWD", 12500, "KWD"},
		{"12,5 KWD", "", 12500, "KWD"},
		{"1.250.000 KWD", "", 1250000000, "KWD"},
	}
	for _, tc := range cases {
		a, err := ParseAmount(tc.in, tc.currency)
		if err != nil || a.Minor != tc.minor || a.Currency != tc.wantCurrency {
			t.Errorf("ParseAmount(%q, %q) = %+v, %v; want %d %s", tc.in, tc.currency, a, err, tc.minor, tc.wantCurrency)
		}
	}
	for _, bad := range []string{"", "abc", "-5", "1.2.3", "12.5", "1,25,000", "5 bò"} {
		if a, err := ParseAmount(bad, ""); err == nil {
			t.Errorf("ParseAmount(%q) = %+v, want an error", bad, a)
		}
	}
}

func TestParseAmountLimits(t *testing.T) {
	cases := []struct {
		in, currency string
		minor        int64
		field        string
	}{
		{"1.000.000.000.000", "VND", 1_000_000_000_000, ""},
		{"1.000.000.000.001", "VND", 0, "amount"},
		{"1000000000000.00", "USD", 100_000_000_000_000, ""},
		{"1000000000000.01", "USD", 0, "amount"},
		{"99999999999999999999999999999", "VND", 0, "amount"}, // beyond int64
		{"1.5", "KWD", 1500, ""},                              // three decimals
	}
	for _, tc := range cases {
		a, err := ParseAmount(tc.in, tc.currency)
		if field := fieldOf(err); field != tc.field || a.Minor != tc.minor {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d, error about %q", tc.in, tc.currency, a.Minor, err, tc.minor, tc.field)
		}
	}
	for in, want := range map[string]string{"": "", "1000000": "", "1000001": "quantity", "0": "quantity", "99999999999999999999": "quantity"} {
		if _, err := ParseQuantity(in); fieldOf(err) != want {
			t.Errorf("ParseQuantity(%q): %v, want an error about %q", in, err, want)
		}
	}
}
