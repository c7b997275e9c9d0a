package text_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"cxm/internal/text"
)

// FuzzAnalyze feeds any text to the analyser: it never panics, the score
// stays in [−1, 1] and agrees with the sentiment, the language is one of
// three, and the redacted copy keeps no e-mail address it was given.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"Đồ uống ngon nhưng chờ lâu quá", "ko ngon", "gọi 0912 345 678", "a@b.co",
		"chị Lan", "\x00\xff", "hoà hòa ho\u0300a", ":)))) 😍", "?", "nhưng", "tuy", "", strings.Repeat("ngon ", 500)} {
		f.Add(s)
	}
	a, err := text.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		got := a.Analyze(s)
		if got.Score < -1 || got.Score > 1 || got.Sentiment == text.Positive && got.Score <= 0 || got.Sentiment == text.Negative && got.Score >= 0 {
			t.Errorf("%q: sentiment %s with score %v", s, got.Sentiment, got.Score)
		}
		switch got.Language {
		case text.LangVi, text.LangEn, text.LangOther:
		default:
			t.Errorf("%q: language %q", s, got.Language)
		}
		for _, p := range text.FindPersonal(s) {
			if p.Kind == text.PersonalEmail && strings.Contains(got.Redacted, s[p.Start:p.End]) {
				t.Errorf("%q: redacted copy %q keeps %q", s, got.Redacted, s[p.Start:p.End])
			}
		}
	})
}
