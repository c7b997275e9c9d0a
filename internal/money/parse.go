package money

import (
	"errors"
	"strconv"
	"strings"

	"cxm/internal/cx"
)

// Amount is money as a file writes it, read exactly: Minor is the amount in
// the currency's smallest unit (whole đồng for VND, cents for USD).
type Amount struct {
	Minor    int64
	Currency string
}

// Major returns the amount in whole units, as the Segment spec sends it.
func (a Amount) Major() float64 { return Major(a.Minor, a.Currency) }

// currencySymbols maps what files write beside amounts to currency codes.
var currencySymbols = map[string]string{
	"₫": "VND", "đ": "VND", "d": "VND", "vnd": "VND", "vnđ": "VND", "dong": "VND", "đồng": "VND",
	"$": "USD", "usd": "USD", "us$": "USD", "€": "EUR", "eur": "EUR",
}

// ParseCurrency reads a currency: an ISO 4217 code or a symbol such as ₫.
// Empty means VND. An unknown one is an error about the field "currency".
func ParseCurrency(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "VND", nil
	}
	if c, ok := currencySymbols[strings.ToLower(s)]; ok {
		return c, nil
	}
	up := strings.ToUpper(s)
	if len(up) == 3 && strings.Trim(up, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return up, nil
	}
	return "", cx.FieldErrorf("currency", "unknown currency %q: use a code such as VND or USD", s)
}

// ParseAmount reads money as Vietnamese and English files write it:
// "1.250.000", "1,250,000 ₫", "1250000đ", "12.50 USD", "1.250.000,50".
// A currency written in the amount wins over currency ("" for VND). An
// amount beyond MaxMajor is an error about the field "amount", as is one
// that is not an amount.
func ParseAmount(s, currency string) (Amount, error) {
	num, sym := splitSymbol(strings.TrimSpace(s))
	if sym != "" {
		c, err := ParseCurrency(sym)
		if err != nil {
			return Amount{}, err
		}
		currency = c
	}
	if currency == "" {
		currency = "VND"
	}
	d := Decimals(currency)
	whole, frac, ok := splitNumber(num, d)
	if !ok {
		return Amount{}, cx.FieldErrorf("amount", "%q is not an amount of money", s)
	}
	for len(frac) < d {
		frac += "0"
	}
	if len(frac) > d {
		if strings.Trim(frac[d:], "0") != "" {
			return Amount{}, cx.FieldErrorf("amount", "%q has more decimals than %s allows", s, currency)
		}
		frac = frac[:d]
	}
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if errors.Is(err, strconv.ErrRange) || v > MaxMinor(currency) {
		return Amount{}, errAmount()
	}
	if err != nil {
		return Amount{}, cx.FieldErrorf("amount", "%q is not an amount of money", s)
	}
	return Amount{Minor: v, Currency: currency}, nil
}

// splitSymbol separates the number from a currency symbol or code written
// before or after it.
func splitSymbol(s string) (num, sym string) {
	start := strings.IndexAny(s, "0123456789")
	end := strings.LastIndexAny(s, "0123456789")
	if start < 0 {
		return s, ""
	}
	before, after := strings.TrimSpace(s[:start]), strings.TrimSpace(s[end+1:])
	if before != "" && after != "" {
		return s, "?"
	}
	return strings.ReplaceAll(s[start:end+1], " ", ""), before + after
}

// splitNumber reads digits with thousands separators and an optional
// decimal part. With both '.' and ',' the last one is the decimal mark;
// with one kind, groups of exactly three digits are thousands — except
// that for a currency with three decimals (decimals == 3) a single mark
// before three digits is the decimal mark, as Format writes "12.500" KWD
// (found by FuzzParseAmount: exports of dinars read back a thousand times
// larger).
func splitNumber(s string, decimals int) (whole, frac string, ok bool) {
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	mark := -1
	switch {
	case dot >= 0 && comma >= 0:
		mark = max(dot, comma)
	case dot >= 0 || comma >= 0:
		sep := s[max(dot, comma)]
		parts := strings.Split(s, string(sep))
		if !thousands(parts) || decimals == 3 && len(parts) == 2 {
			if len(parts) != 2 {
				return "", "", false
			}
			mark = max(dot, comma)
		}
	}
	if mark >= 0 {
		whole, frac = s[:mark], s[mark+1:]
	} else {
		whole = s
	}
	whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	if whole == "" || !allDigits(whole) || !allDigits(frac) {
		return "", "", false
	}
	return whole, frac, true
}

// thousands reports whether parts (split at one separator) are digit
// groups: 1 to 3 digits, then groups of exactly 3.
func thousands(parts []string) bool {
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ParseQuantity reads a whole, positive number of items, at most
// MaxQuantity; empty is one. A bad one is an error about the field
// "quantity".
func ParseQuantity(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 1, nil
	}
	n, err := strconv.ParseInt(strings.NewReplacer(".", "", ",", "").Replace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, cx.FieldErrorf("quantity", "%q is not a quantity: use a whole number from 1", s)
	}
	if n > MaxQuantity {
		return 0, cx.FieldErrorf("quantity", "a quantity must be a whole number from 1 to %d", MaxQuantity)
	}
	return n, nil
}
