package analytics

import "math"

// LowN is the number of answers (or customers) under which a result is
// marked low_n: too few to read much into.
const LowN = 30

// z95 is the two-sided 95 % normal quantile.
const z95 = 1.959963984540054

// Interval is a 95 % confidence interval.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Wilson is the Wilson 95 % interval of a proportion of k successes out of
// n, in percent (0–100). With n = 0 it is the whole range.
func Wilson(k, n int) Interval {
	if n <= 0 {
		return Interval{0, 100}
	}
	p := float64(k) / float64(n)
	nn := float64(n)
	z2 := z95 * z95
	centre := (p + z2/(2*nn)) / (1 + z2/nn)
	half := z95 / (1 + z2/nn) * math.Sqrt(p*(1-p)/nn+z2/(4*nn*nn))
	return Interval{100 * math.Max(0, centre-half), 100 * math.Min(1, centre+half)}
}

// ProportionSE is the standard error, in percent, of a proportion of k out
// of n, used to judge a change between two periods.
func ProportionSE(k, n int) float64 {
	if n <= 0 {
		return math.Inf(1)
	}
	p := float64(k) / float64(n)
	return 100 * math.Sqrt(p*(1-p)/float64(n))
}

// NPSMargin is the 95 % margin of error of an NPS, in NPS points, from the
// promoter and detractor counts out of n answers:
// 1.96 · 100 · √((p + d − (p − d)²) / n).
func NPSMargin(promoters, detractors, n int) float64 {
	return z95 * NPSSE(promoters, detractors, n)
}

// NPSSE is the standard error of an NPS, in NPS points.
func NPSSE(promoters, detractors, n int) float64 {
	if n <= 0 {
		return math.Inf(1)
	}
	p := float64(promoters) / float64(n)
	d := float64(detractors) / float64(n)
	return 100 * math.Sqrt((p+d-(p-d)*(p-d))/float64(n))
}

// MeanInterval is the 95 % t-interval of a mean from the count, the sum and
// the sum of squares of the values; it also returns the standard error.
// With fewer than two values the interval is unbounded.
func MeanInterval(n int, sum, sumSquares float64) (mean float64, iv Interval, se float64) {
	if n <= 0 {
		return 0, Interval{math.Inf(-1), math.Inf(1)}, math.Inf(1)
	}
	nn := float64(n)
	mean = sum / nn
	if n < 2 {
		return mean, Interval{math.Inf(-1), math.Inf(1)}, math.Inf(1)
	}
	variance := (sumSquares - nn*mean*mean) / (nn - 1)
	if variance < 0 { // rounding when every value is equal
		variance = 0
	}
	se = math.Sqrt(variance / nn)
	half := T975(n-1) * se
	return mean, Interval{mean - half, mean + half}, se
}

// Significant reports whether a change between two periods is larger than
// chance: |Δ| > 1.96 · √(SE₁² + SE₂²).
func Significant(change, se1, se2 float64) bool {
	if math.IsInf(se1, 0) || math.IsInf(se2, 0) || math.IsNaN(change) {
		return false
	}
	return math.Abs(change) > z95*math.Sqrt(se1*se1+se2*se2)
}

// t975 holds the 97.5 % quantile of Student's t for 1 to 30 degrees of
// freedom.
var t975 = [...]float64{
	12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
	2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
	2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
}

// T975 is the 97.5 % quantile of Student's t with df degrees of freedom:
// the table up to 30, then the Cornish–Fisher expansion around the normal
// quantile, which is within 10⁻⁴ of the exact value from there on.
func T975(df int) float64 {
	if df < 1 {
		return math.Inf(1)
	}
	if df <= len(t975) {
		return t975[df-1]
	}
	z, v := z95, float64(df)
	z3, z5, z7 := z*z*z, math.Pow(z, 5), math.Pow(z, 7)
	return z + (z3+z)/(4*v) + (5*z5+16*z3+3*z)/(96*v*v) + (3*z7+19*z5+17*z3-15*z)/(384*v*v*v)
}
