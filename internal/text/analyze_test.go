package text_test

import (
	"bytes"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/text"
)

func analyzer(t testing.TB) *text.Analyzer {
	t.Helper()
	a, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSentiment(t *testing.T) {
	a := analyzer(t)
	for _, tc := range []struct {
		in    string
		want  text.Sentiment
		mixed bool
	}{
		{"Cà phê ngon, nhân viên dễ thương", text.Positive, false},
		{"ca phe ngon, nhan vien de thuong", text.Positive, false},
		{"không ngon", text.Negative, false},
		{"chẳng tệ chút nào", text.Positive, false},
		{"nv thái độ ko tốt", text.Negative, false},
		{"rất rất tệ, thất vọng", text.Negative, false},
		{"ngon nhưng chờ lâu", text.Negative, true},
		{"tuy hơi đắt nhưng rất ngon", text.Positive, true},
		{"Quán mở cửa đến mấy giờ ạ?", text.Neutral, false},
		{"cho mình 2 ly trà đào ít đá", text.Neutral, false},
		{"shop còn size M ko", text.Neutral, false},
		{"The coffee was great", text.Positive, false},
		{"The coffee was not good", text.Negative, false},
		{"Great coffee but the wait was way too long", text.Negative, true},
		{"What time do you open?", text.Neutral, false},
		{"😍😍", text.Positive, false},
	} {
		got := a.Analyze(tc.in)
		if got.Sentiment != tc.want || got.Mixed != tc.mixed {
			t.Errorf("%q: got %s (score %.2f, mixed %v), want %s (mixed %v)", tc.in, got.Sentiment, got.Score, got.Mixed, tc.want, tc.mixed)
		}
		if got.Score < -1 || got.Score > 1 || (got.Sentiment == text.Positive) != (got.Score > 0 && got.Sentiment != text.Neutral) {
			t.Errorf("%q: score %v does not go with %s", tc.in, got.Score, got.Sentiment)
		}
	}
}

func TestAspects(t *testing.T) {
	a := analyzer(t)
	got := a.Analyze("Đồ uống ngon nhưng chờ lâu quá")
	want := []text.AspectSentiment{{Aspect: "product_quality", Sentiment: text.Positive}, {Aspect: "wait_time", Sentiment: text.Negative}}
	if len(got.Aspects) != 2 || got.Aspects[0] != want[0] || got.Aspects[1] != want[1] {
		t.Errorf("got %v, want %v", got.Aspects, want)
	}
	if got := a.Analyze("ship chậm, giao trễ 3 ngày").Aspects; len(got) != 1 || got[0].Aspect != "delivery" || got[0].Sentiment != text.Negative {
		t.Errorf("delivery: got %v", got)
	}
	if got := a.Analyze("khách hàng như mình rất buồn").Aspects; len(got) != 0 {
		t.Errorf("khách hàng is not the goods: got %v", got)
	}
}

func TestWorkspaceAspects(t *testing.T) {
	m, err := text.ReadModel(bytes.NewReader(text.ShippedModel()))
	if err != nil {
		t.Fatal(err)
	}
	a, err := text.NewWithModel(m, []text.Aspect{{Key: "parking", Phrases: []string{"bãi đỗ xe", "gửi xe", "parking"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := a.Analyze("bai do xe chat qua, gui xe mat 20 phut")
	if len(got.Aspects) == 0 || got.Aspects[0].Aspect != "parking" {
		t.Errorf("got %v, want parking first", got.Aspects)
	}
	for _, bad := range []text.Aspect{
		{Key: "Parking", Phrases: []string{"x"}},
		{Key: "parking"},
		{Key: "parking", Phrases: []string{"a\x00b"}},
		{Key: "parking", Phrases: []string{string(make([]byte, 101))}},
	} {
		if _, err := text.NewWithModel(m, []text.Aspect{bad}); cx.ErrorCode(err) != cx.Invalid {
			t.Errorf("%+v: got %v, want invalid", bad, err)
		}
	}
}

func TestLanguage(t *testing.T) {
	a := analyzer(t)
	for _, tc := range []struct{ in, want string }{
		{"Ngon", "vi"}, {"ngon", "vi"}, {"ko ngon", "vi"}, {"nv thai do", "vi"}, {"ok lam", "vi"},
		{"cam on shop", "vi"}, {"giao hang nhanh", "vi"}, {"the nao vay", "vi"}, {"Cà phê ngon", "vi"},
		{"good", "en"}, {"Great coffee", "en"}, {"not bad", "en"}, {"Thanks!", "en"}, {"I can do it", "en"},
		{"very slow delivery", "en"}, {"the staff were friendly", "en"},
		{"muy bueno, gracias", "other"}, {"这个咖啡很好喝", "other"}, {"Очень вкусно", "other"},
		{"sehr gut, danke schön", "other"}, {"", "other"}, {"12345", "other"},
	} {
		if got := a.Analyze(tc.in).Language; got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestWithoutDiacritics checks that the Vietnamese texts of the labelled
// set get the same sentiment typed without their marks, for at least 95 %
// of them.
func TestWithoutDiacritics(t *testing.T) {
	a := analyzer(t)
	set, err := text.LabelledSet()
	if err != nil {
		t.Fatal(err)
	}
	same, n := text.DiacriticInvariance(a, set)
	if n < 90 || float64(same) < 0.95*float64(n) {
		t.Errorf("same sentiment for %d of %d texts folded, want at least 95 %% of at least 90", same, n)
	}
}

// TestTrainingReproducible checks that training again gives the model the
// binary carries, byte for byte.
func TestTrainingReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model")
	}
	m, err := text.TrainShipped()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), text.ShippedModel()) {
		t.Errorf("trained model (%d bytes) differs from the shipped one (%d bytes): run `cxm text train`", b.Len(), len(text.ShippedModel()))
	}
}

func BenchmarkAnalyze(b *testing.B) {
	a := analyzer(b)
	set, err := text.LabelledSet()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Analyze(set[i%len(set)].Text)
	}
}

func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := text.New(); err != nil {
			b.Fatal(err)
		}
	}
}
