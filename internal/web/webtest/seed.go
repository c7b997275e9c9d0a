package webtest

import (
	"context"
	"fmt"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// IngestEvents sends events through the server's pipeline, as the
// ingestion API does, and returns once they are committed.
func (e *Env) IngestEvents(wsID string, events ...cx.Event) {
	e.T.Helper()
	if _, err := e.Ingest.Ingest(context.Background(), wsID, events); err != nil {
		e.T.Fatalf("ingest: %v", err)
	}
}

// IngestNow is IngestEvents with a fresh messageId and the time now on
// every event.
func (e *Env) IngestNow(wsID string, events ...cx.Event) {
	e.T.Helper()
	now := time.Now().UTC()
	for i := range events {
		events[i].MessageID = secret.RandomToken(8)
		events[i].Timestamp, events[i].ReceivedAt = now, now
	}
	e.IngestEvents(wsID, events...)
}

// TestEvent is a valid event at a time in the past.
func TestEvent(typ, name, userID string, minutesAgo int, props map[string]any) cx.Event {
	at := time.Now().UTC().Add(-time.Duration(minutesAgo) * time.Minute).Truncate(time.Millisecond)
	return cx.Event{Type: typ, Name: name, UserID: userID, MessageID: fmt.Sprintf("%s-%s-%d-%s", typ, userID, minutesAgo, secret.RandomToken(4)),
		Properties: props, Context: map[string]any{}, Timestamp: at, ReceivedAt: at}
}

// SeedLan sends what Nguyễn Thị Lan did: an identify, page views and an
// order. It returns her customer.
func (e *Env) SeedLan(wsID string) cx.Customer {
	e.T.Helper()
	id := TestEvent(cx.EventIdentify, "", "u-lan", 60, nil)
	id.Traits = map[string]any{"name": "Nguyễn Thị Lan", "email": "lan@example.vn", "phone": "0912 345 678", "city": "Hà Nội", "plan": "gold"}
	events := []cx.Event{id}
	for i := 0; i < 4; i++ {
		events = append(events, TestEvent(cx.EventPage, "Thực đơn", "u-lan", 50-i, map[string]any{"path": "/thuc-don"}))
	}
	events = append(events, TestEvent(cx.EventTrack, "Order Completed", "u-lan", 10, map[string]any{"order_id": "DH-1", "total": 93000.0, "currency": "VND",
		"products": []any{map[string]any{"name": "Cà phê sữa đá", "price": 29000.0, "quantity": 2.0}, map[string]any{"name": "Bánh mì", "price": 35000.0, "quantity": 1.0}}}))
	e.IngestEvents(wsID, events...)
	c, err := e.Store.CustomerByIdentity(context.Background(), wsID, cx.IDUser, "u-lan")
	if err != nil {
		e.T.Fatal(err)
	}
	return c
}

// SeedEventData sends a workspace an event no rule maps and two users who
// give the same email.
func (e *Env) SeedEventData(wsID string) {
	e.T.Helper()
	e.IngestNow(wsID,
		cx.Event{Type: cx.EventTrack, Name: "Đặt lịch hội thảo", AnonymousID: "khach-1", Properties: map[string]any{"source": "zalo-oa"}},
		cx.Event{Type: cx.EventIdentify, UserID: "kh-1", Traits: map[string]any{"name": "Trần Thị Mai", "email": "mai@example.vn"}},
		cx.Event{Type: cx.EventIdentify, UserID: "kh-2", Traits: map[string]any{"name": "Trần Mai", "email": "mai@example.vn"}},
	)
}

// Customer returns the customer with an identity, or fails the test.
func (e *Env) Customer(wsID, kind, value string) cx.Customer {
	e.T.Helper()
	c, err := e.Store.CustomerByIdentity(context.Background(), wsID, kind, value)
	if err != nil {
		e.T.Fatalf("customer %s=%s: %v", kind, value, err)
	}
	return c
}
