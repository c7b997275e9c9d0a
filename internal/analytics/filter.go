package analytics

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"cxm/internal/cx"
)

// Filter narrows a measure to part of the data. Empty fields do not filter.
type Filter struct {
	Journey    string `json:"journey,omitempty"`
	Stage      string `json:"stage,omitempty"`
	Touchpoint string `json:"touchpoint,omitempty"`
	Survey     string `json:"survey,omitempty"`
	Channel    string `json:"channel,omitempty"`
	Source     string `json:"source,omitempty"`
}

// maxFilterValue bounds a filter value; ids and names are far shorter.
const maxFilterValue = 200

// ParseFilter reads the filters every analytics endpoint takes from the
// query string: journey, stage, touchpoint, survey, channel, source.
func ParseFilter(q url.Values) (Filter, error) {
	var f Filter
	fields := []struct {
		name string
		to   *string
	}{
		{"journey", &f.Journey}, {"stage", &f.Stage}, {"touchpoint", &f.Touchpoint},
		{"survey", &f.Survey}, {"channel", &f.Channel}, {"source", &f.Source},
	}
	for _, fl := range fields {
		v := strings.TrimSpace(q.Get(fl.name))
		if len(v) > maxFilterValue || strings.ContainsRune(v, 0) || !utf8.ValidString(v) {
			return Filter{}, cx.FieldErrorf(fl.name, "%s is not a valid filter value", fl.name)
		}
		*fl.to = v
	}
	return f, nil
}
