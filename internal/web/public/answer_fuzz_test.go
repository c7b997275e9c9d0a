package public

import (
	"math"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"cxm/internal/cx"
)

// FuzzReadAnswer feeds any posted form to the survey page's reading of an
// answer, for every question type. Whatever the page then accepts (the
// question's Check, the same rule the API applies) is within its scale and
// storable.
func FuzzReadAnswer(f *testing.F) {
	for _, s := range []string{"v=9", "v=10.5", "v=1e400", "v=NaN", "v=-0", "v.taste=5&v.wait=1", "v.taste=NaN&v.nosuch=3",
		"v=yes&v=no", "v=a%00b", "v=%e9t%e9", "v=" + strings.Repeat("á", 6000), "v=opt_1&v=opt_1"} {
		for _, typ := range []string{cx.QNPS, cx.QCSAT, cx.QCES, cx.QRating, cx.QMatrix, cx.QSingle, cx.QMultiple, cx.QConsent, cx.QText} {
			f.Add(typ, s)
		}
	}
	f.Fuzz(func(t *testing.T, typ, form string) {
		q := cx.Question{Key: "q", Type: typ, Title: cx.Text{Vi: "Câu hỏi"},
			Options: []cx.Option{{Key: "taste", Label: cx.Text{Vi: "Vị"}}, {Key: "wait", Label: cx.Text{Vi: "Chờ"}}, {Key: "opt_1", Label: cx.Text{Vi: "Một"}}}}
		r := httptest.NewRequest("POST", "/s/key", strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		a := readAnswer(r, q)
		if q.Check(&a) != nil {
			return
		}
		lo, hi, scaled := cx.Scale(typ)
		if a.Score != nil && (!scaled || math.IsNaN(*a.Score) || *a.Score < lo || *a.Score > hi) {
			t.Fatalf("%s accepted score %v", typ, *a.Score)
		}
		for k, v := range a.Scores {
			if math.IsNaN(v) || v < 1 || v > 5 {
				t.Fatalf("%s accepted row %q = %v", typ, k, v)
			}
		}
		for _, s := range append([]string{a.Text}, a.Choices...) {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("%s accepted text a database refuses: %q", typ, s)
			}
		}
	})
}
