package phone_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/phone"
)

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"0912 345 678", "+84912345678"},
		{"84912345678", "+84912345678"},
		{"+84 91 234 5678", "+84912345678"},
		{"091.234.5678", "+84912345678"},
		{"(091) 234-5678", "+84912345678"},
		{"0084912345678", "+84912345678"},
		{"01623456789", "+84323456789"},    // Viettel 0162 → 032
		{"+841203456789", "+84703456789"},  // MobiFone 0120 → 070
		{"01293456789", "+84823456789"},    // VinaPhone 0129 → 082
		{"0283 822 1234", "+842838221234"}, // Hồ Chí Minh City landline
		{"+1 650 253 0000", "+16502530000"},
		{"0912\u00a0345\u00a0678", "+84912345678"}, // no-break spaces, as pasted from a spreadsheet
	}
	for _, tc := range cases {
		got, err := phone.Normalize(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "abc", "12", "0912", "+84 1", "091234567890123",
		// Letters are refused, not dropped (found by FuzzNormalize).
		"0000AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA47A02000", "0912 ABC 678", "0912\x00345678", "0912 345 678 ext 5"} {
		_, err := phone.Normalize(bad)
		if cx.ErrorCode(err) != cx.Invalid || cx.AsError(err).Field != "phone" {
			t.Errorf("Normalize(%q) error = %v; want invalid phone", bad, err)
		}
	}
}
