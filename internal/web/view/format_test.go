package view

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestFormatsFollowTheLanguage(t *testing.T) {
	at := time.Date(2026, 11, 30, 10, 54, 0, 0, time.UTC) // 17:54 in Hồ Chí Minh City
	for _, c := range []struct{ got, want string }{
		{formatTime("vi", at, "Asia/Ho_Chi_Minh"), "30/11/2026 17:54"},
		{formatTime("en", at, "Asia/Ho_Chi_Minh"), "Nov 30, 2026 17:54"},
		{formatTime("vi", at, "Europe/Paris"), "30/11/2026 11:54"},
		{formatTime("vi", at, "Nowhere/Unknown"), "30/11/2026 10:54"},
		{formatDay("vi", "2026-12-31"), "31/12/2026"},
		{formatDay("en", "2026-12-31"), "Dec 31, 2026"},
		{formatDay("vi", ""), ""},
		{formatNumber("vi", 1234.5), "1.234,5"},
		{formatNumber("en", 1234.5), "1,234.5"},
		{formatNumber("vi", -40), "-40"},
		{formatNumber("vi", 0.25), "0,25"},
		{formatNumber("vi", math.NaN()), "—"},
		{formatMoney(1250000, "VND"), "1.250.000 ₫"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestUIOneSpellingPerTerm: the Vietnamese texts write "tỷ lệ", never "tỉ lệ".
func TestUIOneSpellingPerTerm(t *testing.T) {
	for k, v := range uiCatalogue(t).msgs["vi"] {
		if strings.Contains(strings.ToLower(v), "tỉ lệ") {
			t.Errorf("vi.json %q spells tỉ lệ: %q", k, v)
		}
	}
}
