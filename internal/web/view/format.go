package view

import (
	"encoding/json"
	"strconv"
	"strings"
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
