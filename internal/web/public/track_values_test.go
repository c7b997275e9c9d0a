package public_test

import (
	"context"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// What a write key sends is bounded: a number beyond float64, a NUL or
// bytes that are not UTF-8, at any depth, and order amounts beyond the
// money rules are refused whole with 400 naming the event and the field,
// the same on both engines; none is ever 503 "send them again".
func TestTrackRefusesValuesItCannotKeep(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Tiệm vàng")
	wk := e.Key(wsID, cx.KeyWrite)
	good := `{"type": "track", "anonymousId": "keep-out", "event": "Product Viewed"}`
	order := func(props string) string {
		return `{"type": "track", "userId": "u", "event": "Order Completed", "properties": ` + props + `}`
	}
	cases := []struct {
		name, event, field string
	}{
		{"trait beyond float64", `{"type": "identify", "userId": "u", "traits": {"age": 1e400}}`, "traits.age"},
		{"property beyond float64", `{"type": "track", "userId": "u", "event": "X", "properties": {"total": -1e400}}`, "properties.total"},
		{"nested number", `{"type": "track", "userId": "u", "event": "X", "properties": {"a": [1, {"b": 1E999}]}}`, "properties.a[1].b"},
		{"context number", `{"type": "page", "userId": "u", "context": {"screen": {"width": 1e309}}}`, "context.screen.width"},
		{"NUL in a trait", `{"type": "identify", "userId": "u", "traits": {"name": "Lan\u0000"}}`, "traits.name"},
		{"NUL in a key", `{"type": "identify", "userId": "u", "traits": {"na\u0000me": "Lan"}}`, `traits.na\u0000me`},
		{"NUL in userId", `{"type": "identify", "userId": "u\u0000"}`, "userId"},
		{"NUL in the event name", `{"type": "track", "userId": "u", "event": "Order\u0000"}`, "event"},
		{"NUL in context", `{"type": "track", "userId": "u", "event": "X", "context": {"page": {"path": ["/", "\u0000"]}}}`, "context.page.path[1]"},
		{"Latin-1 in a property", "{\"type\": \"track\", \"userId\": \"u\", \"event\": \"X\", \"properties\": {\"city\": \"H\xe0 N\xf4i\"}}", "properties.city"},
		{"Latin-1 in a key", "{\"type\": \"identify\", \"userId\": \"u\", \"traits\": {\"t\xeanh\": \"x\"}}", "traits.t\ufffdnh"},
		{"Latin-1 in the event name", "{\"type\": \"track\", \"userId\": \"u\", \"event\": \"Mua h\xe0ng\"}", "event"},
		{"Latin-1 deep", "{\"type\": \"track\", \"userId\": \"u\", \"event\": \"X\", \"properties\": {\"a\": [{\"b\": 1}, {\"c\": [\"ok\", \"\xff\"]}]}}", "properties.a[1].c[1]"},
		{"total beyond 10^12", order(`{"total": 1e30}`), "properties.total"},
		{"revenue beyond 10^12", order(`{"revenue": "1000000000001", "currency": "VND"}`), "properties.revenue"},
		{"price beyond 10^12", order(`{"products": [{"price": 2e12}]}`), "properties.products[0].price"},
		{"quantity beyond 10^6", order(`{"products": [{"price": 1, "quantity": 1000001}]}`), "properties.products[0].quantity"},
		{"price × quantity", order(`{"total": 5, "products": [{"price": 1000000, "quantity": 1000000}, {"price": 1000000, "quantity": 1000000}]}`), "properties.products[1].price"},
		{"price × quantity wraps", order(`{"products": [{"price": 9e11, "quantity": 999999}]}`), "properties.products[0].price"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, reply := trackCall(e, "/v1/batch", wk, `{"batch": [`+good+`, `+c.event+`]}`)
			if status != 400 || reply.Success || len(reply.Errors) != 1 {
				t.Fatalf("got %d %+v, want 400 with one error", status, reply)
			}
			if got := reply.Errors[0]; got.Index != 1 || got.Field != c.field || got.Reason == "" {
				t.Errorf("got error %+v, want index 1 field %q", got, c.field)
			}
		})
	}
	t.Run("outside the events", func(t *testing.T) {
		for body, field := range map[string]string{
			`{"context": {"ip": "\u0000"}, "batch": [` + good + `]}`:      "context.ip",
			"{\"context\": {\"x\": \"\xc3\"}, \"batch\": [" + good + "]}": "context.x",
		} {
			status, reply := trackCall(e, "/v1/batch", wk, body)
			if status != 400 || len(reply.Errors) != 1 || reply.Errors[0].Index != -1 || reply.Errors[0].Field != field {
				t.Errorf("got %d %+v, want 400 about %s of the whole request", status, reply, field)
			}
		}
	})
	if _, err := e.Store.CustomerByIdentity(context.Background(), wsID, cx.IDAnonymous, "keep-out"); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("a valid event of a refused request was stored: %v", err)
	}
	// At the limits, an order is kept exactly.
	status, reply := trackCall(e, "/v1/track", wk, order(`{"order_id": "big", "total": 1e12, "products": [{"price": 1000000, "quantity": 1000000}]}`))
	if status != 200 {
		t.Fatalf("an order of 10^12 VND: got %d %+v, want 200", status, reply)
	}
	if c := e.Customer(wsID, cx.IDUser, "u"); c.Summary.RevenueVND != 1e12 || c.Summary.Orders != 1 {
		t.Errorf("got summary %+v, want one order of 10^12 VND", c.Summary)
	}
}
