package feedback_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
	"cxm/internal/text"
)

// TestTextWorkerAnalysesFeedback: feedback stored before the worker runs
// (the backfill) and after it (arrivals) is analysed once, with its model
// version, and the list filters on what was read.
func TestTextWorkerAnalysesFeedback(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	ws := storetest.Workspace(t, st, "Cà phê Sáng")
	other := storetest.Workspace(t, st, "Shop")
	add := func(wsID, body string) cx.Feedback {
		t.Helper()
		f, _, err := st.AddFeedback(ctx, wsID, cx.ExternalFeedback{Source: "google_maps", Kind: cx.KindReview, Text: body})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	bad := add(ws.ID, "Đồ uống ngon nhưng chờ lâu quá, gọi mình 0912 345 678")
	good := add(ws.ID, "The staff were lovely and the coffee was great")
	add(other.ID, "nhan vien thai do qua te")

	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	w := feedback.NewTextWorker(st, an, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.Batch, w.Pause = 2, 0
	w.Clock = func() time.Time { return time.Now().Add(2 * time.Minute) } // the rows have settled
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	late := add(ws.ID, "giao hang nhanh, dong goi can than")
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}

	list := func(f store.FeedbackFilter) []cx.Feedback {
		t.Helper()
		l, err := st.Feedback(ctx, ws.ID, f, store.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		return l.Items
	}
	all := list(store.FeedbackFilter{})
	if len(all) != 3 {
		t.Fatalf("got %d feedback, want 3", len(all))
	}
	for _, f := range all {
		if f.Analysis == nil || f.Analysis.ModelVersion != an.ModelVersion() {
			t.Fatalf("%s: analysis %+v, want one by %s", f.Text, f.Analysis, an.ModelVersion())
		}
	}
	byID := map[string]*cx.TextAnalysis{}
	for _, f := range all {
		byID[f.ID] = f.Analysis
	}
	a := byID[bad.ID]
	if a.Sentiment != "negative" || !a.Mixed || a.Language != "vi" || len(a.Aspects) != 2 ||
		a.Aspects[0] != (cx.AspectOpinion{Aspect: "product_quality", Sentiment: "positive"}) ||
		a.Aspects[1] != (cx.AspectOpinion{Aspect: "wait_time", Sentiment: "negative"}) {
		t.Errorf("mixed comment: got %+v", a)
	}
	if strings.Contains(a.Redacted, "0912") || !strings.Contains(a.Redacted, "[PHONE]") {
		t.Errorf("redacted: got %q", a.Redacted)
	}
	if byID[good.ID].Sentiment != "positive" || byID[good.ID].Language != "en" || byID[late.ID].Sentiment != "positive" {
		t.Errorf("got %+v and %+v, want positive", byID[good.ID], byID[late.ID])
	}
	for _, tc := range []struct {
		f    store.FeedbackFilter
		want []string
	}{
		{store.FeedbackFilter{Sentiment: "negative"}, []string{bad.ID}},
		{store.FeedbackFilter{Sentiment: "positive"}, []string{late.ID, good.ID}},
		{store.FeedbackFilter{Aspect: "delivery"}, []string{late.ID}},
		{store.FeedbackFilter{Aspect: "wait_time", Sentiment: "negative"}, []string{bad.ID}},
		{store.FeedbackFilter{Language: "en"}, []string{good.ID}},
		{store.FeedbackFilter{Language: "other"}, nil},
	} {
		var got []string
		for _, f := range list(tc.f) {
			got = append(got, f.ID)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%+v: got %v, want %v", tc.f, got, tc.want)
		}
	}
	// The other workspace was read too, and apart.
	l, err := st.Feedback(ctx, other.ID, store.FeedbackFilter{Sentiment: "negative"}, store.Page{Limit: 50})
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("other workspace: got %v, %v", l.Items, err)
	}
	// A second pass reads nothing again.
	before := l.Items[0].Analysis.AnalyzedAt
	w.Clock = func() time.Time { return time.Now().Add(time.Hour) }
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	l, _ = st.Feedback(ctx, other.ID, store.FeedbackFilter{}, store.Page{Limit: 50})
	if !l.Items[0].Analysis.AnalyzedAt.Equal(before) {
		t.Errorf("analysed again at %v, first at %v", l.Items[0].Analysis.AnalyzedAt, before)
	}
}

// TestTextWorkerWaitsForLateCommits: the cursor does not pass rows younger
// than a minute, so that one committed late with a smaller id is still
// read; rows already read are not read twice.
func TestTextWorkerWaitsForLateCommits(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	ws := storetest.Workspace(t, st, "Shop")
	if _, _, err := st.AddFeedback(ctx, ws.ID, cx.ExternalFeedback{Source: "website", Kind: cx.KindComment, Text: "rất tốt"}); err != nil {
		t.Fatal(err)
	}
	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	w := feedback.NewTextWorker(st, an, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if c, err := st.TextAnalysisCursor(ctx, ws.ID); err != nil || c.Last != "" {
		t.Errorf("cursor %+v (%v), want it behind the fresh row", c, err)
	}
	rows, err := st.FeedbackToAnalyse(ctx, ws.ID, "", 10)
	if err != nil || len(rows) != 0 {
		t.Errorf("%d rows still to read (%v), want 0: the fresh row was read", len(rows), err)
	}
}
