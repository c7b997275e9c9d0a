package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// ingestEvents sends events through a pipeline of their own, as the
// ingestion API would, and waits until they are committed.
func (e *testEnv) ingestEvents(wsID string, events ...cx.Event) {
	e.t.Helper()
	ingestInto(e.t, e.srv, wsID, events...)
}

// ingestInto sends events through the server's pipeline, as the ingestion
// API does, and returns once they are committed.
func ingestInto(t testing.TB, srv *Server, wsID string, events ...cx.Event) {
	t.Helper()
	if _, err := srv.ingest.Ingest(context.Background(), wsID, events); err != nil {
		t.Fatalf("ingest: %v", err)
	}
}

// testEvent is a valid event at a time in the past.
func testEvent(typ, name, userID string, minutesAgo int, props map[string]any) cx.Event {
	at := time.Now().UTC().Add(-time.Duration(minutesAgo) * time.Minute).Truncate(time.Millisecond)
	return cx.Event{Type: typ, Name: name, UserID: userID, MessageID: fmt.Sprintf("%s-%s-%d-%s", typ, userID, minutesAgo, secret.RandomToken(4)),
		Properties: props, Context: map[string]any{}, Timestamp: at, ReceivedAt: at}
}

// seedLan sends what Nguyễn Thị Lan did: an identify, page views and an
// order. It returns her customer.
func (e *testEnv) seedLan(wsID string) cx.Customer {
	e.t.Helper()
	return seedLanInto(e.t, e.srv, wsID)
}

func seedLanInto(t testing.TB, srv *Server, wsID string) cx.Customer {
	t.Helper()
	id := testEvent(cx.EventIdentify, "", "u-lan", 60, nil)
	id.Traits = map[string]any{"name": "Nguyễn Thị Lan", "email": "lan@example.vn", "phone": "0912 345 678", "city": "Hà Nội", "plan": "gold"}
	events := []cx.Event{id}
	for i := 0; i < 4; i++ {
		events = append(events, testEvent(cx.EventPage, "Thực đơn", "u-lan", 50-i, map[string]any{"path": "/thuc-don"}))
	}
	events = append(events, testEvent(cx.EventTrack, "Order Completed", "u-lan", 10, map[string]any{"order_id": "DH-1", "total": 93000.0, "currency": "VND",
		"products": []any{map[string]any{"name": "Cà phê sữa đá", "price": 29000.0, "quantity": 2.0}, map[string]any{"name": "Bánh mì", "price": 35000.0, "quantity": 1.0}}}))
	ingestInto(t, srv, wsID, events...)
	c, err := srv.store.CustomerByIdentity(context.Background(), wsID, cx.IDUser, "u-lan")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAPICustomers(t *testing.T) {
	e := newTestEnv(t)
	ws, key := e.workspace("Cà phê Sáng")
	lan := e.seedLan(ws)
	bId := testEvent(cx.EventIdentify, "", "u-binh", 5, nil)
	bId.Traits = map[string]any{"name": "Trần Văn Bình", "email": "binh@example.vn", "city": "Đà Nẵng", "plan": "free"}
	e.ingestEvents(ws, bId)

	for _, ref := range []string{lan.ID, "email:LAN@example.vn", "phone:+84 91 234 5678", "phone:0912345678", "user:u-lan"} {
		var c cx.Customer
		e.mustCall("GET", "/api/v1/customers/"+url.PathEscape(ref), key, nil, 200, &c)
		if c.ID != lan.ID || c.Summary.Orders != 1 || c.Summary.RevenueVND != 93000 || len(c.Identities) < 3 {
			t.Errorf("GET %s: got %+v, want Lan with her order", ref, c)
		}
	}
	e.mustCall("GET", "/api/v1/customers/email:nobody@example.vn", key, nil, 404, nil)
	e.mustCall("GET", "/api/v1/customers/cus_nope", key, nil, 404, nil)
	e.mustCall("GET", "/api/v1/customers/phone:12", key, nil, 400, nil)

	for q, want := range map[string]string{
		"?q=nguyen+thi": "u-lan", "?q=0912345678": "u-lan", "?q=binh%40": "u-binh", "?city=da+nang": "u-binh",
		"?trait.plan=gold": "u-lan", "?q=u-binh": "u-binh",
	} {
		var l listBody[cx.Customer]
		e.mustCall("GET", "/api/v1/customers"+q, key, nil, 200, &l)
		if len(l.Items) != 1 || l.Items[0].UserID != want {
			t.Errorf("GET /api/v1/customers%s: got %d items, want %s", q, len(l.Items), want)
		}
	}
	var page listBody[cx.Customer]
	e.mustCall("GET", "/api/v1/customers?limit=1", key, nil, 200, &page)
	if len(page.Items) != 1 || page.Next == nil {
		t.Fatalf("got %+v, want one customer and a next page", page)
	}
	e.mustCall("GET", "/api/v1/customers?limit=1&after="+*page.Next, key, nil, 200, &page)
	if len(page.Items) != 1 || page.Next != nil {
		t.Errorf("second page: got %+v, want the last customer", page)
	}
	status, body := e.call("GET", "/api/v1/customers?seen_after=yesterday", key, nil)
	if status != 400 || !strings.Contains(string(body), "seen_after") {
		t.Errorf("bad seen_after: got %d %s", status, body)
	}
}

func TestAPICustomerTimeline(t *testing.T) {
	e := newTestEnv(t)
	ws, key := e.workspace("Cà phê Sáng")
	lan := e.seedLan(ws)
	var all []cx.TimelineItem
	path := "/api/v1/customers/email:lan@example.vn/timeline?limit=2"
	for i := 0; i < 10; i++ {
		var l listBody[cx.TimelineItem]
		e.mustCall("GET", path, key, nil, 200, &l)
		all = append(all, l.Items...)
		if l.Next == nil {
			break
		}
		path = "/api/v1/customers/" + lan.ID + "/timeline?limit=2&after=" + url.QueryEscape(*l.Next)
	}
	if len(all) != 6 {
		t.Fatalf("got %d timeline items, want 6", len(all))
	}
	if all[0].Event == nil || all[0].Event.Name != "Order Completed" || all[5].Event.Type != cx.EventIdentify {
		t.Errorf("got first %+v and last %+v, want the order first and the identify last", all[0].Event, all[5].Event)
	}
	e.mustCall("GET", "/api/v1/customers/"+lan.ID+"/timeline?after=nonsense", key, nil, 400, nil)
}

func TestAPICustomerEditAndDelete(t *testing.T) {
	e := newTestEnv(t)
	ws, key := e.workspace("Cà phê Sáng")
	lan := e.seedLan(ws)
	other := testEvent(cx.EventIdentify, "", "u-binh", 5, nil)
	other.Traits = map[string]any{"email": "binh@example.vn"}
	e.ingestEvents(ws, other)

	var c cx.Customer
	e.mustCall("PATCH", "/api/v1/customers/"+lan.ID, key, map[string]any{"traits": map[string]any{"city": "Huế", "birthday": "05/03/1990", "plan": nil, "tier": "vip"}}, 200, &c)
	if c.City != "Huế" || c.Birthday != "1990-03-05" || c.Traits["tier"] != "vip" || c.Traits["plan"] != nil {
		t.Errorf("got %+v after PATCH", c)
	}
	for _, tc := range []struct {
		body  any
		want  int
		field string
	}{
		{map[string]any{"traits": map[string]any{"email": "binh@example.vn"}}, 409, "email"},
		{map[string]any{"traits": map[string]any{"phone": "123"}}, 400, "phone"},
		{map[string]any{"traits": map[string]any{}}, 400, "traits"},
		{map[string]any{"name": "x"}, 400, "name"},
	} {
		var got apiError
		e.mustCall("PATCH", "/api/v1/customers/"+lan.ID, key, tc.body, tc.want, &got)
		if got.Error.Field != tc.field {
			t.Errorf("PATCH %v: got field %q, want %q", tc.body, got.Error.Field, tc.field)
		}
	}
	viewer := e.session(ws, cx.RoleViewer)
	req := e.request("PATCH", "/api/v1/customers/"+lan.ID, map[string]any{"traits": map[string]any{"city": "Vinh"}})
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: viewer})
	req.Header.Set("X-CSRF-Token", secret.CSRFToken(viewer))
	if status, body := e.send(req); status != 403 {
		t.Errorf("a viewer's PATCH: got %d %s, want 403", status, body)
	}

	e.mustCall("DELETE", "/api/v1/customers/phone:0912345678", key, nil, 204, nil)
	e.mustCall("GET", "/api/v1/customers/"+lan.ID, key, nil, 404, nil)
	e.mustCall("GET", "/api/v1/customers/user:u-lan", key, nil, 404, nil)
	e.mustCall("DELETE", "/api/v1/customers/"+lan.ID, key, nil, 404, nil)
}
