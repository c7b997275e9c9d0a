package phone

import (
	"strings"
	"testing"
)

// FuzzNormalize: whatever people type, Normalize never panics; what it
// accepts is E.164 (a '+' and at most 15 digits) and a fixed point, so that a
// number stored once is found again by the same number.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"0912 345 678", "84912345678", "+84 91 234 5678", "01234567890", "(028) 3829 1234",
		"+1 415 555 2671", "", "+", "++84", "0", "1e400", "09\x0012345678", "\xff\xfe0912", "٠٩١٢٣٤٥٦٧٨", strings.Repeat("9", 400)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Normalize(s)
		if err != nil {
			return
		}
		if len(got) < 2 || len(got) > 16 || got[0] != '+' || strings.Trim(got[1:], "0123456789") != "" {
			t.Fatalf("Normalize(%q) = %q: not E.164", s, got)
		}
		again, err := Normalize(got)
		if err != nil || again != got {
			t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q, %v", s, got, got, again, err)
		}
	})
}
