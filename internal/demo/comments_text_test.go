package demo

import (
	"testing"

	"cxm/internal/text"
)

// TestCommentsCarryAnalysis: every comment the demo writes gets, from the
// text analysis the server runs, at least one aspect, and at least 90 %
// of the negative ones read negative and of the positive ones positive,
// so that the demo's inbox, timeline and analytics show sentiment and
// aspects throughout. The few the model misreads are left as they are:
// they are what a member corrects in the inbox.
func TestCommentsCarryAnalysis(t *testing.T) {
	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]text.Sentiment{"neg": text.Negative, "pos": text.Positive}
	same, polar := 0, 0
	for _, pools := range []commentPool{commentsVi, commentsPlain, commentsEn} {
		for topic, byPolarity := range pools {
			for p, list := range byPolarity {
				for _, c := range list {
					a := an.Analyze(c)
					if len(a.Aspects) == 0 {
						t.Errorf("%s %s %q: no aspect", topic, p, c)
					}
					if w, ok := want[p]; ok {
						polar++
						if a.Sentiment == w {
							same++
						} else {
							t.Logf("%s %s %q: read %s", topic, p, c, a.Sentiment)
						}
					}
				}
			}
		}
	}
	if float64(same) < 0.9*float64(polar) {
		t.Errorf("%d of %d negative and positive comments read so, want at least 90 %%", same, polar)
	}
}
