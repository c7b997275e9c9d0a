package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"cxm/internal/demo"
	"cxm/internal/feedback"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
	"cxm/internal/text"
)

// TestDemoTextsAnalysed: once the text worker `cxm serve` runs has caught
// up with a demo workspace, every feedback with a text carries its
// sentiment and aspects, and the sentiment measure counts them.
func TestDemoTextsAnalysed(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	o := demo.Options{Size: demo.Size{Customers: 60, Events: 1200, Feedback: 150}, Seed: 7, End: time.Now()}
	ws, _, err := demo.Create(ctx, st, pipeline(t, st), "Cà phê thử", o)
	if err != nil {
		t.Fatal(err)
	}
	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	w := feedback.NewTextWorker(st, an, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.Pause = 0
	w.Clock = func() time.Time { return time.Now().Add(2 * time.Minute) } // the rows have settled
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	texts, withAspects := 0, 0
	page := store.Page{Limit: store.MaxLimit}
	for {
		l, err := st.Feedback(ctx, ws.ID, store.FeedbackFilter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range l.Items {
			if f.Text == "" && f.Title == "" {
				continue
			}
			texts++
			if f.Analysis == nil || f.Analysis.Sentiment == "" {
				t.Fatalf("%s %q: no analysis", f.ID, f.Text)
			}
			if len(f.Analysis.Aspects) > 0 {
				withAspects++
			}
		}
		if page.After = l.Next; l.Next == "" {
			break
		}
	}
	if texts < 50 || withAspects != texts {
		t.Errorf("%d texts, %d with aspects: want many, all with aspects", texts, withAspects)
	}
}
