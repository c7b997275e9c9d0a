package web_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
	"cxm/internal/web"
	"cxm/internal/web/webtest"
)

// failingMail fails when told to, else takes the message.
type failingMail struct{ fail bool }

func (m *failingMail) Send(context.Context, feedback.Message) error {
	if m.fail {
		return errors.New("mail server down")
	}
	return nil
}

// TestMetricsIngestJobsMessages sends events through /v1, queues jobs and
// sends mail, and checks that /metrics shows each move, in an exposition
// promtool accepts.
func TestMetricsIngestJobsMessages(t *testing.T) {
	box := &failingMail{}
	mail := feedback.Counted(box)
	e := webtest.Start(t, func(c *web.Config) {
		c.Mail = mail
		c.Collectors = append(c.Collectors, mail)
	})
	wsID, _ := e.Workspace("Metrics")
	write := e.Key(wsID, cx.KeyWrite)
	ctx := context.Background()

	before := scrape(t, e)
	e.Track(write, "track", map[string]any{"userId": "u1", "event": "Order Completed", "messageId": "m1"})
	e.Track(write, "batch", map[string]any{"batch": []any{
		map[string]any{"type": "track", "userId": "u1", "event": "Viewed", "messageId": "m2"},
		map[string]any{"type": "track", "userId": "u1", "event": "Viewed", "messageId": "m1"}, // seen
	}})
	req := e.Request("POST", "/v1/track", map[string]any{"userId": "u1"}) // no event name
	req.SetBasicAuth(write, "")
	if status, b := e.Send(req); status != 400 {
		t.Fatalf("invalid track: %d %s", status, b)
	}
	req = e.Request("POST", "/v1/track", map[string]any{"userId": "u1", "event": "X"})
	req.SetBasicAuth("wk_nobody", "")
	if status, b := e.Send(req); status < 400 {
		t.Fatalf("unknown write key: %d %s", status, b)
	}

	// Jobs: one due, one dead after its only attempt.
	for _, j := range []store.Job{
		{WorkspaceID: wsID, Kind: "test.due", Payload: "{}"},
		{WorkspaceID: wsID, Kind: "test.dead", Payload: "{}", MaxAttempts: 1},
	} {
		if err := e.Store.EnqueueJob(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := e.Store.ClaimJobs(ctx, time.Now().Add(time.Second), 10, time.Minute, "test.dead")
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := e.Store.FailJob(ctx, claimed[0], errors.New("boom")); err != nil {
		t.Fatal(err)
	}

	// Messages: one sent, one failed.
	mail.Send(ctx, feedback.Message{To: "a@example.com"})
	box.fail = true
	mail.Send(ctx, feedback.Message{To: "b@example.com"})

	after := scrape(t, e)
	moved := func(series string, want float64) {
		t.Helper()
		if got := value(after, series) - value(before, series); got != want {
			t.Errorf("%s moved by %v, want %v", series, got, want)
		}
	}
	moved(`cxm_ingest_events_accepted_total`, 2)
	moved(`cxm_ingest_events_duplicate_total`, 1)
	moved(`cxm_ingest_refused_requests_total{reason="invalid"}`, 1)
	moved(`cxm_ingest_refused_requests_total{reason="write_key"}`, 1)
	moved(`cxm_ingest_refused_requests_total{reason="unavailable"}`, 0)
	moved(`cxm_ingest_batch_events_sum`, 3)
	if value(after, `cxm_ingest_batch_events_count`) < 2 || value(after, `cxm_ingest_commit_duration_seconds_count`) < 2 {
		t.Errorf("batch and commit histograms did not move:\n%s", after)
	}
	if !strings.Contains(after, "cxm_ingest_queue_depth 0") {
		t.Errorf("no queue depth gauge")
	}
	if v := value(after, `cxm_jobs{kind="test.due",state="due"}`); v != 1 {
		t.Errorf("due jobs = %v", v)
	}
	if v := value(after, `cxm_jobs{kind="test.dead",state="dead"}`); v != 1 {
		t.Errorf("dead jobs = %v", v)
	}
	moved(`cxm_messages_sent_total{channel="email"}`, 1)
	moved(`cxm_messages_failed_total{channel="email"}`, 1)

	promtool(t, after)
}

// scrape returns /metrics.
func scrape(t *testing.T, e *webtest.Env) string {
	t.Helper()
	status, b := e.Call("GET", "/metrics", "", nil)
	if status != 200 {
		t.Fatalf("/metrics: %d", status)
	}
	return string(b)
}

// value is a series' value in an exposition, or 0 when absent.
func value(text, series string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, _ := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			return v
		}
	}
	return 0
}

// promtool checks the exposition with Prometheus's own linter. It skips on a
// developer machine without promtool, and fails in CI, which installs it.
func promtool(t *testing.T, text string) {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("promtool is missing; .ci/run installs it (apt-get install prometheus)")
		}
		t.Skip("promtool not installed")
	}
	cmd := exec.Command(path, "check", "metrics")
	cmd.Stdin = strings.NewReader(text)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s", err, out.String())
	}
}
