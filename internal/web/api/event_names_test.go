package api_test

import (
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// TestAPIEventNames: the events a workspace has received, counted as they
// arrive through /v1, the most frequent first, with the standard events in
// words; duplicates of a messageId are not counted twice.
func TestAPIEventNames(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Cà phê Sáng")
	wk := e.Key(wsID, cx.KeyWrite)
	for _, id := range []string{"m1", "m2", "m2"} {
		e.Track(wk, "track", map[string]any{"userId": "u1", "event": "Order Completed", "messageId": id})
	}
	e.Track(wk, "track", map[string]any{"userId": "u1", "event": "Table Booked"})
	var got httpio.ListBody[cx.EventName]
	e.MustCall("GET", "/api/v1/events/names", key, nil, 200, &got)
	if len(got.Items) != len(cx.StandardEvents)+1 {
		t.Fatalf("got %d names, want the 2 seen and the %d standard ones not seen", len(got.Items), len(cx.StandardEvents)-1)
	}
	first, second := got.Items[0], got.Items[1]
	if first.Name != "Order Completed" || first.Count != 2 || !first.Standard || first.LastSeen == nil ||
		first.Label != (cx.Text{Vi: "Hoàn tất đơn hàng", En: "Order completed"}) {
		t.Errorf("got %+v, want Order Completed twice, in words", first)
	}
	if second.Name != "Table Booked" || second.Count != 1 || second.Standard || second.Label != (cx.Text{Vi: "Table Booked", En: "Table Booked"}) {
		t.Errorf("got %+v, want Table Booked once, named as it came", second)
	}
	if last := got.Items[len(got.Items)-1]; last.Count != 0 || last.LastSeen != nil || !last.Standard {
		t.Errorf("got %+v last, want a standard event not seen yet", last)
	}
}
