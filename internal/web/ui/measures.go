package ui

import (
	"fmt"
	"math"
	"net/url"
	"strings"

	"cxm/internal/cx"
)

// What the analytics pages (overview.go, scores.go, loyalty.go) share: the
// window and filters kept in the URL, so that a view is a link, numbers
// rounded for reading, and links to the lists behind a number. Every
// number comes from the analytics service; nothing here measures.

// windowQuery is a page's window as its URL gives it, and the window it
// shows once defaults are applied.
type windowQuery struct {
	From, To string // as shown: YYYY-MM-DD
}

// href builds path?key=value… from pairs, leaving out empty values.
func href(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// round1 rounds a value for reading: one decimal.
func round1(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return nil
	}
	r := math.Round(*v*10) / 10
	if r == 0 {
		r = 0 // no "-0"
	}
	return &r
}

// direction is "up", "down" or "" for a change, as kpi-change draws it.
func direction(change *float64) string {
	switch {
	case change == nil || *change == 0:
		return ""
	case *change > 0:
		return "up"
	}
	return "down"
}

// inboxScale is the inbox's scale filter for a measure's answers.
func inboxScale(measure string) string {
	switch measure {
	case cx.MeasureNPS:
		return "0-10"
	case cx.MeasureCES:
		return "1-7"
	}
	return "1-5"
}

// sparkline is a small trend drawn as an SVG line by the server, with the
// values beside it for screen readers.
type sparkline struct {
	Points string // the polyline's points
	Dots   []sparkDot
	W, H   int
	Values []sparkValue
}

type sparkDot struct{ X, Y float64 }

type sparkValue struct {
	Label string // a period: YYYY-MM
	Value *float64
}

// newSparkline lays values out left to right, the lowest at the bottom.
// Periods without a value leave a gap in the dots and are skipped by the
// line.
func newSparkline(values []sparkValue) sparkline {
	s := sparkline{W: 120, H: 32, Values: values}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if v.Value != nil {
			lo, hi = math.Min(lo, *v.Value), math.Max(hi, *v.Value)
		}
	}
	if math.IsInf(lo, 0) {
		return s
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	var pts []string
	step := float64(s.W-8) / math.Max(1, float64(len(values)-1))
	for i, v := range values {
		if v.Value == nil {
			continue
		}
		x := 4 + step*float64(i)
		y := 4 + (hi-*v.Value)/(hi-lo)*float64(s.H-8)
		s.Dots = append(s.Dots, sparkDot{math.Round(x*10) / 10, math.Round(y*10) / 10})
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	s.Points = strings.Join(pts, " ")
	return s
}

// floatBar is a value's 95 % interval as a floating bar, or nil.
func floatBar(low, high *float64) any {
	if low == nil || high == nil {
		return nil
	}
	return []float64{*round1(low), *round1(high)}
}

// pointOf is a value as a chart point, or nil.
func pointOf(v *float64) any {
	if r := round1(v); r != nil {
		return *r
	}
	return nil
}
