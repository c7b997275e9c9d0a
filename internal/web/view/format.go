package view

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"cxm/internal/cx"
)

// formatMoney writes an amount kept in minor units the way Vietnamese
// readers expect: whole đồng with dots between thousands, "1.250.000 ₫";
// other currencies with two decimals and their code, "12,50 USD".
func formatMoney(minor int64, currency string) string {
	switch currency {
	case "", "VND":
		return groupThousands(minor) + " ₫"
	case "JPY", "KRW":
		return groupThousands(minor) + " " + currency
	}
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return sign + groupThousands(minor/100) + "," + leftPad(strconv.FormatInt(minor%100, 10), 2) + " " + currency
}

func groupThousands(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// TraitText writes a trait value for people: text as is, anything else as
// compact JSON.
func TraitText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// Layouts of dates as each language writes them: Vietnamese day first,
// "30/11/2026 17:54"; English with the month's name, "Nov 30, 2026 17:54".
var (
	timeLayout = map[string]string{cx.LangVi: "02/01/2006 15:04", cx.LangEn: "Jan 2, 2006 15:04"}
	dayLayout  = map[string]string{cx.LangVi: "02/01/2006", cx.LangEn: "Jan 2, 2006"}
)

// formatTime writes a moment in the workspace's time zone (UTC when the
// zone is unknown) the way lang writes it.
func formatTime(lang string, t time.Time, tz string) string {
	if loc, err := time.LoadLocation(tz); err == nil && tz != "" {
		t = t.In(loc)
	} else {
		t = t.UTC()
	}
	return t.Format(layoutOf(timeLayout, lang))
}

// formatDay writes a calendar day kept as YYYY-MM-DD the way lang writes
// it; anything else is shown as it is.
func formatDay(lang, day string) string {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return d.Format(layoutOf(dayLayout, lang))
}

func layoutOf(layouts map[string]string, lang string) string {
	if l, ok := layouts[lang]; ok {
		return l
	}
	return layouts[cx.LangVi]
}

// formatNumber writes a number the way lang writes it: "1.234,5" in
// Vietnamese, "1,234.5" in English, with no more decimals than it has.
func formatNumber(lang string, f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	group, point := ".", ","
	if lang == cx.LangEn {
		group, point = ",", "."
	}
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// formatDecimal writes a number rounded to digits decimals the way lang
// writes numbers; nil and unknown types are "—".
func formatDecimal(lang string, v any, digits int) string {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case *float64:
		if x == nil {
			return "—"
		}
		f = *x
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case *int64:
		if x == nil {
			return "—"
		}
		f = float64(*x)
	default:
		return "—"
	}
	p := math.Pow(10, float64(digits))
	return formatNumber(lang, math.Round(f*p)/p)
}
