package feedback_test

import (
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

// TestCorrectionsRetrainTheWorkspace: a member's correction shows in the
// analysis at once (with who and when), queues a retraining of that
// workspace's model only, the worker then reads the workspace's texts
// again with its own model, keeping the corrected labels, and leaves the
// other workspace on the shipped model.
func TestCorrectionsRetrainTheWorkspace(t *testing.T) {
	e := newEnv(t)
	other := storetest.Workspace(t, e.st, "Shop")
	add := func(wsID, body string) cx.Feedback {
		t.Helper()
		f, _, err := e.st.AddFeedback(e.ctx, wsID, cx.ExternalFeedback{Source: "google_maps", Kind: cx.KindReview, Text: body})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	// "cũng được" ("it will do") is praise at this café; the shipped model
	// reads it as negative.
	fixed := add(e.wsID, "cũng được")
	kept := add(e.wsID, "The staff were lovely and the coffee was great")
	add(other.ID, "cũng được")

	w, an := settledWorker(t, e.st)
	step := func() {
		t.Helper()
		if err := w.Step(e.ctx); err != nil {
			t.Fatal(err)
		}
	}
	step()
	analysis := func(wsID, id string) cx.TextAnalysis {
		t.Helper()
		found, err := e.st.FeedbackAnalyses(e.ctx, wsID, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		return found[id]
	}
	before := analysis(e.wsID, fixed.ID)
	if before.ModelVersion != an.ModelVersion() {
		t.Fatalf("read by %q, want the shipped %q", before.ModelVersion, an.ModelVersion())
	}

	// Refused at the door, with the field named.
	for _, tc := range []struct {
		in    cx.CorrectLabel
		field string
	}{
		{cx.CorrectLabel{Sentiment: "great"}, "sentiment"},
		{cx.CorrectLabel{Sentiment: "positive", Aspects: &[]cx.AspectOpinion{{Aspect: "vibes", Sentiment: "positive"}}}, "aspects"},
		{cx.CorrectLabel{Sentiment: "positive", Aspects: &[]cx.AspectOpinion{{Aspect: "ambience", Sentiment: "good"}}}, "aspects"},
		{cx.CorrectLabel{Sentiment: "positive", Aspects: &[]cx.AspectOpinion{{Aspect: "ambience", Sentiment: "positive"},
			{Aspect: "ambience", Sentiment: "negative"}}}, "aspects"},
	} {
		_, err := e.fb.CorrectLabel(e.ctx, e.wsID, "usr_1", fixed.ID, tc.in)
		if cx.ErrorCode(err) != cx.Invalid || cx.AsError(err).Field != tc.field {
			t.Errorf("%+v: got %v, want invalid %s", tc.in, err, tc.field)
		}
	}
	if _, err := e.fb.CorrectLabel(e.ctx, other.ID, "usr_1", fixed.ID, cx.CorrectLabel{Sentiment: "positive"}); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("another workspace's text: got %v, want not found", err)
	}

	if before.Sentiment != "negative" {
		t.Fatalf("the shipped model reads %q, want negative", before.Sentiment)
	}
	got, err := e.fb.CorrectLabel(e.ctx, e.wsID, "usr_1", fixed.ID, cx.CorrectLabel{Sentiment: "positive",
		Aspects: &[]cx.AspectOpinion{{Aspect: "ambience", Sentiment: "positive"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Sentiment != "positive" || got.Correction == nil || got.Correction.CorrectedBy != "usr_1" ||
		got.Correction.ModelSentiment != before.Sentiment || len(got.Aspects) != 1 || got.Aspects[0].Aspect != "ambience" {
		t.Fatalf("corrected analysis: got %+v (%+v)", got, got.Correction)
	}
	l, err := e.st.Feedback(e.ctx, e.wsID, store.FeedbackFilter{Sentiment: "positive", Aspect: "ambience"}, store.Page{Limit: 10})
	if err != nil || len(l.Items) != 1 || l.Items[0].ID != fixed.ID {
		t.Fatalf("filter on the corrected labels: got %v, %v", l.Items, err)
	}

	// The retraining waits for the member to finish correcting, then runs.
	w.Clock = time.Now
	step()
	if _, err := e.st.TextModelInfo(e.ctx, e.wsID); cx.ErrorCode(err) != cx.NotFound {
		t.Fatalf("model trained before its delay: %v", err)
	}
	w.Clock = func() time.Time { return time.Now().Add(2 * time.Minute) }
	step()
	m, err := e.st.TextModelInfo(e.ctx, e.wsID)
	if err != nil || m.Corrections != 1 || m.BaseVersion != an.ModelVersion() || !strings.HasPrefix(m.Version, "lr1w-") {
		t.Fatalf("workspace model: got %+v, %v", m, err)
	}
	if _, err := e.st.TextModelInfo(e.ctx, other.ID); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("other workspace got a model: %v", err)
	}
	// The worker read the workspace's texts again with its model, keeping
	// the correction; the other workspace stays on the shipped model.
	for _, id := range []string{fixed.ID, kept.ID} {
		if a := analysis(e.wsID, id); a.ModelVersion != m.Version {
			t.Errorf("%s: read by %q, want %q", id, a.ModelVersion, m.Version)
		}
	}
	if a := analysis(e.wsID, fixed.ID); a.Sentiment != "positive" || len(a.Aspects) != 1 || a.Correction == nil {
		t.Errorf("correction lost on re-reading: %+v", a)
	}
	ol, _ := e.st.Feedback(e.ctx, other.ID, store.FeedbackFilter{}, store.Page{Limit: 10})
	if v := ol.Items[0].Analysis.ModelVersion; v != an.ModelVersion() {
		t.Errorf("other workspace read by %q, want the shipped model", v)
	}
	// The workspace's model reads a new text of the kind it was corrected on.
	ws, err := w.Readers().For(e.ctx, e.wsID)
	if err != nil {
		t.Fatal(err)
	}
	if ws.ModelVersion() != m.Version {
		t.Errorf("workspace reader %q, want %q", ws.ModelVersion(), m.Version)
	}
	// A second retraining with nothing new does nothing.
	again, err := w.Readers().Retrain(e.ctx, e.wsID)
	if err != nil || !again.TrainedAt.Equal(m.TrainedAt) {
		t.Errorf("retrained without new corrections: %+v, %v", again, err)
	}
}

// TestWorkspaceAspects: a workspace's own aspect (and phrases added to a
// default one) are checked at the door, found in its texts after the
// worker reads them again, and not in another workspace's.
func TestWorkspaceAspects(t *testing.T) {
	e := newEnv(t)
	other := storetest.Workspace(t, e.st, "Shop")
	for _, tc := range []struct {
		a     cx.TextAspect
		field string
	}{
		{cx.TextAspect{Key: "Parking", Name: cx.Text{Vi: "Gửi xe"}, Phrases: []string{"gửi xe"}}, "key"},
		{cx.TextAspect{Key: "parking", Name: cx.Text{Vi: "Gửi xe"}}, "phrases"},
		{cx.TextAspect{Key: "parking", Name: cx.Text{Vi: "Gửi xe"}, Phrases: []string{strings.Repeat("x", 101)}}, "phrases"},
		{cx.TextAspect{Key: "parking", Phrases: []string{"gửi xe"}}, "name"},
		{cx.TextAspect{Key: "parking", Name: cx.Text{Vi: "x\x00"}, Phrases: []string{"gửi xe"}}, "name"},
	} {
		_, err := e.fb.SaveTextAspect(e.ctx, e.wsID, tc.a)
		if cx.ErrorCode(err) != cx.Invalid || cx.AsError(err).Field != tc.field {
			t.Errorf("%+v: got %v, want invalid %s", tc.a, err, tc.field)
		}
	}
	if _, err := e.fb.SaveTextAspect(e.ctx, e.wsID, cx.TextAspect{Key: "parking", Name: cx.Text{Vi: "Gửi xe"},
		Phrases: []string{" gửi xe ", "bãi xe", "", "parking"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.fb.SaveTextAspect(e.ctx, e.wsID, cx.TextAspect{Key: "product_quality", Phrases: []string{"bánh flan"}}); err != nil {
		t.Fatal(err)
	}
	tax, err := e.fb.TextAspects(e.ctx, e.wsID)
	if err != nil || len(tax.Items) != 2 || tax.Items[0].Key != "parking" || tax.Items[0].Name.En != "Gửi xe" ||
		len(tax.Items[0].Phrases) != 3 || !tax.Items[1].Default || len(tax.Defaults) != 11 {
		t.Fatalf("taxonomy: got %+v, %v", tax, err)
	}

	f, _, err := e.st.AddFeedback(e.ctx, e.wsID, cx.ExternalFeedback{Source: "google_maps", Kind: cx.KindReview, Text: "Không có chỗ gửi xe, bất tiện quá"})
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := e.st.AddFeedback(e.ctx, other.ID, cx.ExternalFeedback{Source: "google_maps", Kind: cx.KindReview, Text: "Không có chỗ gửi xe, bất tiện quá"})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := settledWorker(t, e.st)
	if err := w.Step(e.ctx); err != nil {
		t.Fatal(err)
	}
	aspects := func(wsID, id string) (string, string) {
		found, err := e.st.FeedbackAnalyses(e.ctx, wsID, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, a := range found[id].Aspects {
			keys = append(keys, a.Aspect+":"+a.Sentiment)
		}
		return strings.Join(keys, ","), found[id].ModelVersion
	}
	if got, v := aspects(e.wsID, f.ID); got != "parking:negative" || !strings.Contains(v, "+a") {
		t.Errorf("workspace aspect: got %q by %q, want parking:negative by a version naming the aspects", got, v)
	}
	if got, _ := aspects(other.ID, g.ID); got != "" {
		t.Errorf("other workspace: got %q, want no aspect", got)
	}
	// Removing the aspect reads the texts again without it.
	if err := e.fb.DeleteTextAspect(e.ctx, e.wsID, "parking"); err != nil {
		t.Fatal(err)
	}
	if err := e.fb.DeleteTextAspect(e.ctx, other.ID, "product_quality"); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("deleting another workspace's aspect: got %v, want not found", err)
	}
	if err := w.Step(e.ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := aspects(e.wsID, f.ID); got != "" {
		t.Errorf("after removing the aspect: got %q", got)
	}
}

// settledWorker is a text worker that logs to the test and sees every row
// as settled.
func settledWorker(t *testing.T, st *store.Store) (*feedback.TextWorker, *text.Analyzer) {
	t.Helper()
	an, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	w := feedback.NewTextWorker(st, an, slog.New(slog.NewTextHandler(testWriter{t}, nil)))
	w.Pause, w.Clock = 0, func() time.Time { return time.Now().Add(2 * time.Minute) }
	return w, an
}

// testWriter logs what the worker logs, so that a failure shows why.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
