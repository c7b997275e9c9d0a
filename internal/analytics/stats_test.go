package analytics

import (
	"math"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

func TestWilson(t *testing.T) {
	// 8 of 10: the textbook Wilson interval is 0.4902 to 0.9433.
	iv := Wilson(8, 10)
	near(t, "low", iv.Low, 49.016, 0.01)
	near(t, "high", iv.High, 94.331, 0.01)
	iv = Wilson(0, 20) // never below 0
	near(t, "low of 0/20", iv.Low, 0, 1e-9)
	near(t, "high of 0/20", iv.High, 16.113, 0.01)
	if iv := Wilson(0, 0); iv.Low != 0 || iv.High != 100 {
		t.Errorf("Wilson(0,0) = %v, want the whole range", iv)
	}
}

func TestNPSMargin(t *testing.T) {
	// 50 promoters, 20 detractors of 100: p=.5 d=.2, √((.7−.09)/100)=0.0781.
	near(t, "margin", NPSMargin(50, 20, 100), 1.959964*100*math.Sqrt(0.61/100), 1e-5)
	near(t, "margin", NPSMargin(50, 20, 100), 15.308, 0.001)
}

func TestT975(t *testing.T) {
	for _, c := range []struct {
		df   int
		want float64
	}{{1, 12.7062}, {10, 2.2281}, {30, 2.0423}, {40, 2.0211}, {60, 2.0003}, {120, 1.9799}, {1000, 1.9623}} {
		near(t, "t", T975(c.df), c.want, 1.5e-4)
	}
}

func TestMeanInterval(t *testing.T) {
	// 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd 2.138, se 0.7559, t(7)=2.3646.
	vals := []float64{2, 4, 4, 4, 5, 5, 7, 9}
	var sum, sq float64
	for _, v := range vals {
		sum += v
		sq += v * v
	}
	mean, iv, se := MeanInterval(len(vals), sum, sq)
	near(t, "mean", mean, 5, 1e-12)
	near(t, "se", se, 2.13809/math.Sqrt(8), 1e-4)
	near(t, "low", iv.Low, 5-2.3646*0.755929, 1e-3)
	near(t, "high", iv.High, 5+2.3646*0.755929, 1e-3)
}

func TestSignificant(t *testing.T) {
	if !Significant(10, 3, 4) { // 1.96·5 = 9.8 < 10
		t.Error("10 points with SEs 3 and 4 should be significant")
	}
	if Significant(9, 3, 4) {
		t.Error("9 points with SEs 3 and 4 should not be significant")
	}
	if Significant(50, math.Inf(1), 1) {
		t.Error("a change against an empty period is never significant")
	}
}
