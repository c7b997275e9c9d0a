package view

import "encoding/json"

// Chart is one chart a page draws. The server writes every number and label,
// so the browser computes nothing: static/charts.js hands it to Chart.js.
// A template writes it with {{chart .}} inside a figure (see
// partials/chart.html), which also gives the PNG download.
type Chart struct {
	Type   string     `json:"type"` // Chart.js type: bar, line, scatter, doughnut
	Labels []string   `json:"labels,omitempty"`
	Sets   []ChartSet `json:"datasets"`
	// Links lead from a label (a bar, a point) to the list behind it: the
	// customers, answers or comments that make the number.
	Links []string `json:"links,omitempty"`
	// Unit says how values are written in tooltips and on the axis:
	// "" (a plain number), "percent" (0–100), or a currency code.
	Unit string `json:"unit,omitempty"`
	// Horizontal draws bars left to right (long touchpoint names fit).
	Horizontal bool `json:"horizontal,omitempty"`
	// Min and Max fix the value axis (NPS runs from -100 to 100).
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
	// Stacked stacks the data sets (a distribution of answers).
	Stacked bool `json:"stacked,omitempty"`
	// XTitle and YTitle name the axes (a scatter's importance and
	// performance), in the page's language.
	XTitle string `json:"x_title,omitempty"`
	YTitle string `json:"y_title,omitempty"`
	// Offset puts each label in the middle of its band, also on a line
	// chart, so that points stand under the columns of a table (the
	// journey map's stages).
	Offset bool `json:"offset,omitempty"`
}

// ChartSet is one data set. A bar's value may be a [low, high] pair, which
// Chart.js draws as a floating bar: that is how a margin of error is shown.
type ChartSet struct {
	Label string `json:"label"`
	Type  string `json:"type,omitempty"` // another type than the chart's, e.g. a line over bars
	Data  []any  `json:"data"`           // numbers, nil for no value, [low, high], or {x, y} points
	// Color is one of the palette names in charts.js (good, warn, bad,
	// brand, muted) or a CSS colour; Colors gives one per value.
	Color  string   `json:"color,omitempty"`
	Colors []string `json:"colors,omitempty"`
}

// chartJSON is the chart as the data-chart attribute carries it.
func chartJSON(c Chart) (string, error) {
	b, err := json.Marshal(c)
	return string(b), err
}
