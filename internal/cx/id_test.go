package cx_test

import (
	"testing"

	"cxm/internal/cx"
)

func TestRandomToken(t *testing.T) {
	for _, tc := range []struct{ bytes, chars int }{{1, 2}, {5, 8}, {16, 26}, {32, 52}} {
		a, b := cx.RandomToken(tc.bytes), cx.RandomToken(tc.bytes)
		if len(a) != tc.chars {
			t.Errorf("got %d characters for %d bytes, want %d", len(a), tc.bytes, tc.chars)
		}
		if tc.bytes >= 16 && a == b {
			t.Errorf("got the same %d-byte token twice: %q", tc.bytes, a)
		}
	}
}
