// Package money holds the one set of rules for amounts of money that cxm
// takes from outside — events, order files, the API: how many minor units
// a currency has, the largest amount and quantity, and sums and products
// that are checked before they are made, so that no value ever wraps
// around an int64. Ingestion and the CSV importers both use it.
package money

import (
	"math"
	"strconv"

	"cxm/internal/cx"
)

// Limits of what cxm takes. An amount is at most MaxMajor in the
// currency's major unit (a trillion đồng or dollars: far above any real
// order, and 10^15 minor units at most, well inside an int64); a quantity
// is a whole number from 1 to MaxQuantity.
const (
	MaxMajor    = 1_000_000_000_000
	MaxQuantity = 1_000_000
)

// zeroDecimal are the currencies without minor units (ISO 4217).
var zeroDecimal = map[string]bool{"VND": true, "JPY": true, "KRW": true, "CLP": true, "ISK": true, "PYG": true, "UGX": true, "XAF": true, "XOF": true}

// threeDecimal are the currencies with three decimals.
var threeDecimal = map[string]bool{"BHD": true, "IQD": true, "JOD": true, "KWD": true, "LYD": true, "OMR": true, "TND": true}

// Decimals is the number of minor-unit digits of a currency: none for the
// đồng (and the few others without), three for the dinars, two for the rest.
func Decimals(currency string) int {
	switch {
	case zeroDecimal[currency]:
		return 0
	case threeDecimal[currency]:
		return 3
	}
	return 2
}

// scale is 10^Decimals(currency).
func scale(currency string) int64 {
	return [...]int64{1, 10, 100, 1000}[Decimals(currency)]
}

// MaxMinor is MaxMajor in the minor units of currency.
func MaxMinor(currency string) int64 { return MaxMajor * scale(currency) }

// errAmount is the error of an amount out of range, about the field "amount".
func errAmount() error {
	return cx.FieldErrorf("amount", "an amount must be at most %d whole units of its currency", MaxMajor)
}

// MinorUnits turns an amount in major units (as the Segment spec sends it)
// into whole đồng, or the minor units of another currency (cents for USD).
// An amount that is not a finite number, or beyond ±MaxMajor, is an error
// about the field "amount".
func MinorUnits(v float64, currency string) (int64, error) {
	if math.IsNaN(v) || math.Abs(v) > MaxMajor {
		return 0, errAmount()
	}
	return int64(math.Round(v * float64(scale(currency)))), nil
}

// Major returns minor units in major units.
func Major(minor int64, currency string) float64 {
	return float64(minor) / float64(scale(currency))
}

// Format writes minor units in major units with a dot for the decimals:
// "1250000" VND, "12.50" USD.
func Format(minor int64, currency string) string {
	d := Decimals(currency)
	if d == 0 {
		return strconv.FormatInt(minor, 10)
	}
	return strconv.FormatFloat(Major(minor, currency), 'f', d, 64)
}

// Quantity reads a quantity sent as a number: below one counts as one (as
// SDKs send 0 or nothing for a single item), fractions are cut off, and
// more than MaxQuantity is an error about the field "quantity".
func Quantity(v float64) (int64, error) {
	switch {
	case math.IsNaN(v) || v > MaxQuantity:
		return 0, cx.FieldErrorf("quantity", "a quantity must be a whole number from 1 to %d", MaxQuantity)
	case v < 1:
		return 1, nil
	}
	return int64(v), nil
}

// Mul returns price × quantity, an error about the field "price" when the
// line is more than MaxMinor: checked before it is multiplied.
func Mul(price, quantity int64, currency string) (int64, error) {
	if quantity < 0 || quantity > MaxQuantity || abs(price) > MaxMinor(currency) ||
		(quantity > 0 && abs(price) > MaxMinor(currency)/quantity) {
		return 0, cx.FieldErrorf("price", "price × quantity must be at most %d whole units of the currency", MaxMajor)
	}
	return price * quantity, nil
}

// Add returns a + b, an error about the field "total" when the sum is
// beyond ±MaxMinor: checked before it is added.
func Add(a, b int64, currency string) (int64, error) {
	limit := MaxMinor(currency)
	if abs(a) > limit || abs(b) > limit || abs(a+b) > limit { // |a|, |b| ≤ 10^15: a + b cannot wrap
		return 0, cx.FieldErrorf("total", "the sum of the items must be at most %d whole units of the currency", MaxMajor)
	}
	return a + b, nil
}

func abs(v int64) int64 {
	switch {
	case v == math.MinInt64:
		return math.MaxInt64
	case v < 0:
		return -v
	}
	return v
}
