package analytics

import (
	"math"
	"testing"
)

// driverCases is a fixed dataset: three criteria (speed, taste, price) and
// an overall rating, on 1–5, for twelve responses.
var driverCases = [][]float64{
	{4, 5, 3, 5}, {3, 4, 2, 4}, {2, 3, 3, 3}, {5, 5, 4, 5}, {1, 2, 2, 1}, {3, 3, 4, 3},
	{4, 4, 5, 4}, {2, 4, 1, 3}, {5, 4, 3, 4}, {3, 5, 2, 4}, {1, 3, 3, 2}, {4, 2, 4, 3},
}

// olsR2 is the R² of the least-squares regression of the last column on
// the others with an intercept, from the normal equations solved by
// Gaussian elimination: an independent way to the number the weights must
// sum to.
func olsR2(cases [][]float64) float64 {
	p := len(cases[0]) - 1
	k := p + 1 // the intercept and the predictors
	a := make([][]float64, k)
	for i := range a {
		a[i] = make([]float64, k+1)
	}
	for _, c := range cases {
		x := append([]float64{1}, c[:p]...)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				a[i][j] += x[i] * x[j]
			}
			a[i][k] += x[i] * c[p]
		}
	}
	for col := 0; col < k; col++ {
		pivot := col
		for r := col + 1; r < k; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[pivot][col]) {
				pivot = r
			}
		}
		a[col], a[pivot] = a[pivot], a[col]
		for r := 0; r < k; r++ {
			if r != col {
				f := a[r][col] / a[col][col]
				for j := col; j <= k; j++ {
					a[r][j] -= f * a[col][j]
				}
			}
		}
	}
	var mean, ssTot, ssRes float64
	for _, c := range cases {
		mean += c[p] / float64(len(cases))
	}
	for _, c := range cases {
		fit := a[0][k] / a[0][0]
		for j := 0; j < p; j++ {
			fit += a[j+1][k] / a[j+1][j+1] * c[j]
		}
		ssRes += (c[p] - fit) * (c[p] - fit)
		ssTot += (c[p] - mean) * (c[p] - mean)
	}
	return 1 - ssRes/ssTot
}

func TestRelativeWeightsSumToR2(t *testing.T) {
	weights, r2 := RelativeWeights(driverCases)
	want := olsR2(driverCases)
	near(t, "R²", r2, want, 1e-9)
	var sum float64
	for i, w := range weights {
		if w < 0 {
			t.Errorf("weight %d = %v, want ≥ 0", i, w)
		}
		sum += w
	}
	near(t, "sum of weights", sum, want, 1e-9)
	// Taste moves with the overall rating most closely, price least.
	if !(weights[1] > weights[0] && weights[0] > weights[2]) {
		t.Errorf("weights %v, want taste > speed > price", weights)
	}
}

// TestRelativeWeightsTwoPredictors checks the method against Johnson's
// construction written out for two predictors with correlation r: the
// eigenvalues of [[1 r] [r 1]] are 1 ± r with eigenvectors (1, ±1)/√2, so
// Λ* = [[a b] [b a]] with a = (√(1+r) + √(1−r))/2, b = (√(1+r) − √(1−r))/2;
// β = Λ*⁻¹ r_xy = [[a −b] [−b a]] r_xy / (a² − b²); ε₁ = a²β₁² + b²β₂²,
// ε₂ = b²β₁² + a²β₂².
func TestRelativeWeightsTwoPredictors(t *testing.T) {
	var cases [][]float64
	for _, c := range driverCases {
		cases = append(cases, []float64{c[0], c[1], c[3]})
	}
	corr, _ := correlations(cases)
	r, r1, r2y := corr[0][1], corr[0][2], corr[1][2]
	a := (math.Sqrt(1+r) + math.Sqrt(1-r)) / 2
	b := (math.Sqrt(1+r) - math.Sqrt(1-r)) / 2
	det := a*a - b*b
	beta1, beta2 := (a*r1-b*r2y)/det, (-b*r1+a*r2y)/det
	want := []float64{a*a*beta1*beta1 + b*b*beta2*beta2, b*b*beta1*beta1 + a*a*beta2*beta2}
	weights, r2 := RelativeWeights(cases)
	near(t, "speed", weights[0], want[0], 1e-12)
	near(t, "taste", weights[1], want[1], 1e-12)
	// The R² of two predictors: (r1² + r2² − 2 r1 r2 r) / (1 − r²).
	near(t, "R²", r2, (r1*r1+r2y*r2y-2*r1*r2y*r)/(1-r*r), 1e-12)
}

// TestRelativeWeightsUncorrelated: with uncorrelated predictors each weight
// is the squared correlation with the outcome.
func TestRelativeWeightsUncorrelated(t *testing.T) {
	cases := [][]float64{{1, 1, 2}, {1, -1, 0}, {-1, 1, 1}, {-1, -1, -3}}
	weights, _ := RelativeWeights(cases)
	corr, _ := correlations(cases)
	near(t, "x1", weights[0], corr[0][2]*corr[0][2], 1e-12)
	near(t, "x2", weights[1], corr[1][2]*corr[1][2], 1e-12)
}

func TestRelativeWeightsDegenerate(t *testing.T) {
	if w, r2 := RelativeWeights([][]float64{{1, 2}, {2, 3}}); w != nil || !math.IsNaN(r2) {
		t.Errorf("two cases gave %v %v, want no weights", w, r2)
	}
	// A criterion everyone rated 5 explains nothing: weight 0.
	w, r2 := RelativeWeights([][]float64{{5, 1, 1}, {5, 2, 2}, {5, 3, 4}, {5, 4, 4}})
	if w == nil || w[0] != 0 || math.Abs(w[1]-r2) > 1e-12 {
		t.Errorf("got %v %v, want 0 for the constant criterion and R² for the other", w, r2)
	}
}

func TestSymmetricEigen(t *testing.T) {
	a := [][]float64{{4, 1, 0.5, 0}, {1, 3, 0.2, 0.1}, {0.5, 0.2, 2, 0.3}, {0, 0.1, 0.3, 1}}
	values, vectors := SymmetricEigen(a)
	for e := range values {
		for i := range a {
			var av float64
			for j := range a {
				av += a[i][j] * vectors[j][e]
			}
			near(t, "A·v − λ·v", av, values[e]*vectors[i][e], 1e-10)
		}
	}
}

func TestQuadrants(t *testing.T) {
	w := func(v float64) *float64 { return &v }
	items := []DriverItem{{Weight: w(0.4), Performance: w(3)}, {Weight: w(0.3), Performance: w(4.5)}, {Weight: w(0.05), Performance: w(2.5)}, {Weight: w(0.05), Performance: w(4.8)}}
	quadrants(items)
	for i, want := range []string{QuadrantFixFirst, QuadrantKeep, QuadrantMonitor, QuadrantSecondary} {
		if items[i].Quadrant != want {
			t.Errorf("item %d: %s, want %s", i, items[i].Quadrant, want)
		}
	}
}
