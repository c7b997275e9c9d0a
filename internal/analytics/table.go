package analytics

import (
	"math"
	"slices"
	"strconv"
)

var inf = math.Inf(1)

// num is a result's number, or nil (JSON null) when it is not finite: an
// interval over fewer than two answers, a value over none.
func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// cell writes a number for CSV: empty when it is null.
func cell(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func intCell(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

// CSV writes the items one a row: the group's dimensions, then the value
// and what comes with it.
func (r *ScoreResult) CSV() ([]string, [][]string) {
	var dims []string
	for _, it := range r.Items {
		for d := range it.Group {
			if !slices.Contains(dims, d) {
				dims = append(dims, d)
			}
		}
	}
	slices.Sort(dims)
	header := append(slices.Clone(dims), "value", "n", "low_n", "low", "high", "previous_value", "previous_n", "change", "significant")
	switch r.Measure {
	case "nps":
		header = append(header, "promoters", "passives", "detractors", "margin_of_error")
	case "ces":
		header = append(header, "share_5_7")
	case "criterion":
		header = append(header, "top2_box")
	}
	rows := make([][]string, 0, len(r.Items))
	for _, it := range r.Items {
		row := make([]string, 0, len(header))
		for _, d := range dims {
			row = append(row, it.Group[d])
		}
		row = append(row, cell(it.Value), strconv.Itoa(it.N), strconv.FormatBool(it.LowN), cell(it.Low), cell(it.High),
			cell(it.Previous.Value), strconv.Itoa(it.Previous.N), cell(it.Change), strconv.FormatBool(it.Significant))
		switch r.Measure {
		case "nps":
			row = append(row, intCell(it.Promoters), intCell(it.Passives), intCell(it.Detractors), cell(it.MarginOfError))
		case "ces":
			row = append(row, cell(it.Share5To7))
		case "criterion":
			row = append(row, cell(it.Top2Box))
		}
		rows = append(rows, row)
	}
	return header, rows
}
