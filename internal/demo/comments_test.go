package demo

import (
	"math/rand/v2"
	"slices"
	"testing"

	"cxm/internal/cx"
)

// TestCommentsMatchScores: a comment says what its response's score says,
// by the rule the analytics read negative comments with.
func TestCommentsMatchScores(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		question string
		score    float64
		want     string
	}{{"nps", 0, "neg"}, {"nps", 6, "neg"}, {"nps", 7, "mid"}, {"nps", 8, "mid"}, {"nps", 9, "pos"}, {"nps", 10, "pos"},
		{"csat", 1, "neg"}, {"csat", 2, "neg"}, {"csat", 3, "mid"}, {"stars", 4, "pos"}, {"stars", 5, "pos"}} {
		s := tc.score
		p := polarity(cx.Answer{Question: tc.question, Score: &s})
		if p != tc.want {
			t.Errorf("%s %g: got %s, want %s", tc.question, s, p, tc.want)
		}
		for range 20 {
			for _, lang := range []string{cx.LangVi, cx.LangEn} {
				c := comment(rng, "delivery", p, lang)
				if !slices.Contains(commentsVi["delivery"][p], c) && !slices.Contains(commentsPlain["delivery"][p], c) && !slices.Contains(commentsEn["delivery"][p], c) {
					t.Fatalf("%s %g: comment %q is not a %s one", tc.question, s, c, p)
				}
			}
		}
	}
	for _, pools := range []commentPool{commentsVi, commentsPlain, commentsEn} {
		for _, topic := range []string{"counter", "table", "delivery", "app", "maps", "food_app"} {
			for _, p := range []string{"neg", "mid", "pos"} {
				if len(pools[topic][p]) == 0 {
					t.Errorf("no %s comments about %s", p, topic)
				}
			}
		}
	}
}
