package feedback_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// TestTriggersSurviveRestart: events stored while no worker runs are read
// by the next worker from the durable cursor, each once.
func TestTriggersSurviveRestart(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pipe := ingest.New(st, log)
	pipe.Start(ctx)
	t.Cleanup(pipe.Close)
	ws := storetest.Workspace(t, st, "Shop")
	sv, err := st.CreateSurvey(ctx, ws.ID, cx.Survey{Name: cx.Text{Vi: "Sau mua hàng"}, Status: cx.SurveyActive,
		Questions: []cx.Question{{Key: "csat", Type: cx.QCSAT, Required: true, Title: cx.Text{Vi: "Bạn hài lòng chứ?"}}}})
	if err != nil {
		t.Fatal(err)
	}
	order := func(user, id string) {
		t.Helper()
		now := time.Now().UTC()
		e := cx.Event{Type: cx.EventTrack, Name: "Order Completed", UserID: user, MessageID: user + id,
			Properties: map[string]any{"order_id": id}, Timestamp: now, ReceivedAt: now}
		if _, err := pipe.Ingest(ctx, ws.ID, []cx.Event{e}); err != nil {
			t.Fatal(err)
		}
	}
	order("u0", "before-the-rule") // stored before the rule: never looked at
	if _, err := st.CreateInvitationRule(ctx, ws.ID, cx.InvitationRule{SurveyID: sv.ID, EventName: "Order Completed", Channel: "link", Active: true}); err != nil {
		t.Fatal(err)
	}
	invited := func() int {
		t.Helper()
		l, err := st.Invitations(ctx, ws.ID, sv.ID, store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		return len(l.Items)
	}

	order("u1", "A1")
	if err := feedback.NewWorker(st, feedback.LogSender{Log: log}, "http://cxm.test", log).Step(ctx); err != nil {
		t.Fatal(err)
	}
	if n := invited(); n != 1 {
		t.Fatalf("got %d invitations, want 1", n)
	}
	// The server is down while two more orders come in; a new worker starts.
	order("u2", "B1")
	order("u3", "C1")
	restarted := feedback.NewWorker(st, feedback.LogSender{Log: log}, "http://cxm.test", log)
	for range 2 {
		if err := restarted.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := invited(); n != 3 {
		t.Fatalf("after the restart got %d invitations, want 3", n)
	}
}

func TestRuleMatching(t *testing.T) {
	rule := cx.InvitationRule{ID: "ir_1", EventName: "Order Completed", Properties: map[string]string{"channel": "web"}, SampleRate: 1}
	ev := store.TriggerEvent{ID: "ev_1", Name: "Order Completed", CustomerID: "cus_1", Properties: map[string]any{"channel": "web"}}
	if !feedback.Matches(rule, ev) {
		t.Error("the rule does not match its event")
	}
	ev.Properties["channel"] = "store"
	if feedback.Matches(rule, ev) {
		t.Error("the rule matches another channel")
	}
	half := cx.InvitationRule{ID: "ir_2", EventName: "Order Completed", SampleRate: 0.5}
	n := 0
	for i := range 1000 {
		if feedback.Matches(half, store.TriggerEvent{ID: "ev_" + string(rune('a'+i%26)) + time.Duration(i).String(), Name: "Order Completed", CustomerID: "c"}) {
			n++
		}
	}
	if n < 400 || n > 600 {
		t.Errorf("a 50 %% sample took %d of 1000 events", n)
	}
}
