package cx_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"cxm/internal/cx"
)

// fuzzSurvey is the café's survey: NPS, a branch for detractors, a consent,
// a rating matrix and a free text.
var fuzzSurvey = []cx.Question{
	{Key: "nps", Type: cx.QNPS, Required: true, Title: cx.Text{Vi: "Giới thiệu?"}},
	{Key: "wrong", Type: cx.QText, Title: cx.Text{Vi: "Điều gì chưa tốt?"}, ShowIf: &cx.Branch{Question: "nps", Op: "<=", Value: 6}},
	{Key: "quote", Type: cx.QConsent, Title: cx.Text{Vi: "Trích lời?"}},
	{Key: "criteria", Type: cx.QMatrix, Title: cx.Text{Vi: "Hài lòng?"}, Options: []cx.Option{{Key: "taste", Label: cx.Text{Vi: "Vị"}}, {Key: "wait", Label: cx.Text{Vi: "Chờ"}}}},
	{Key: "improve", Type: cx.QText, Title: cx.Text{Vi: "Cải thiện?"}},
}

// FuzzCheckResponse feeds the body the API and the widget decode into
// answers. Whatever is accepted is storable and within its scales.
func FuzzCheckResponse(f *testing.F) {
	for _, s := range []string{
		`[{"question":"nps","score":9},{"question":"improve","text":"Thêm chỗ ngồi"}]`,
		`[{"question":"nps","score":3},{"question":"wrong","text":"Chờ lâu"},{"question":"criteria","scores":{"taste":5,"wait":1}}]`,
		`[{"question":"nps","score":9},{"question":"wrong","text":"hidden"}]`,
		`[{"question":"nps","score":1e400}]`, `[{"question":"nps","score":-0}]`, `[{"question":"nps","score":10.5}]`,
		`[{"question":"nps","score":9,"text":"\u0000"}]`, `[{"question":"quote","choices":["yes","no"]}]`,
		`[{"question":"nps","score":9},{"question":"nps","score":8}]`, `[{"question":"improve","text":"` + strings.Repeat("á", 6000) + `"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var answers []cx.Answer
		if json.Unmarshal(body, &answers) != nil {
			return
		}
		if err := cx.CheckResponse(fuzzSurvey, answers); err != nil {
			if cx.AsError(err) == nil || cx.AsError(err).Field == "" {
				t.Fatalf("refused without naming a field: %v", err)
			}
			return
		}
		if _, err := json.Marshal(answers); err != nil {
			t.Fatalf("accepted answers do not encode: %v", err)
		}
		byKey := cx.AnswerMap(answers)
		for _, a := range answers {
			if !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, 0) || utf8.RuneCountInString(a.Text) > cx.MaxAnswerText {
				t.Fatalf("accepted a text a database refuses or too long: %d runes", utf8.RuneCountInString(a.Text))
			}
			var q cx.Question
			for _, x := range fuzzSurvey {
				if x.Key == a.Question {
					q = x
				}
			}
			if q.Key == "" {
				t.Fatalf("accepted an answer to an unknown question %q", a.Question)
			}
			if !q.Visible(byKey) && !a.Empty() {
				t.Fatalf("accepted an answer to %q, which its branch hides", q.Key)
			}
			lo, hi, _ := cx.Scale(q.Type)
			if a.Score != nil && (math.IsNaN(*a.Score) || *a.Score < lo || *a.Score > hi) {
				t.Fatalf("accepted score %v for %s", *a.Score, q.Key)
			}
		}
	})
}
