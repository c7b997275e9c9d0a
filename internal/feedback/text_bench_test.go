package feedback_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store/storetest"
	"cxm/internal/text"
)

// BenchmarkTextBackfill stores CXM_BENCH_FEEDBACK feedback texts (default
// 5,000: the labelled set's texts in turn, each made distinct) and times
// the text worker reading them all, as a first run after an upgrade does.
func BenchmarkTextBackfill(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("CXM_BENCH_FEEDBACK")); err == nil && v > 0 {
		n = v
	}
	set, err := text.LabelledSet()
	if err != nil {
		b.Fatal(err)
	}
	an, err := text.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := storetest.Open(b)
		ws := storetest.Workspace(b, st, "Shop")
		for start := 0; start < n; start += 1000 {
			var items []cx.ExternalFeedback
			for k := start; k < min(n, start+1000); k++ {
				items = append(items, cx.ExternalFeedback{Source: "google_maps", Kind: cx.KindReview,
					Text: fmt.Sprintf("%s (%d)", set[k%len(set)].Text, k)})
			}
			if _, err := st.ImportFeedback(ctx, ws.ID, items); err != nil {
				b.Fatal(err)
			}
		}
		w := feedback.NewTextWorker(st, an, slog.New(slog.NewTextHandler(io.Discard, nil)))
		w.Clock = func() time.Time { return time.Now().Add(time.Hour) }
		b.StartTimer()
		start := time.Now()
		if err := w.Step(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "texts/s")
	}
}
