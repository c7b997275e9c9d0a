package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

func TestAPICustomers(t *testing.T) {
	e := webtest.Start(t)
	ws, key := e.Workspace("Cà phê Sáng")
	lan := e.SeedLan(ws)
	bId := webtest.TestEvent(cx.EventIdentify, "", "u-binh", 5, nil)
	bId.Traits = map[string]any{"name": "Trần Văn Bình", "email": "binh@example.vn", "city": "Đà Nẵng", "plan": "free"}
	e.IngestEvents(ws, bId)

	for _, ref := range []string{lan.ID, "email:LAN@example.vn", "phone:+84 91 234 5678", "phone:0912345678", "user:u-lan"} {
		var c cx.Customer
		e.MustCall("GET", "/api/v1/customers/"+url.PathEscape(ref), key, nil, 200, &c)
		if c.ID != lan.ID || c.Summary.Orders != 1 || c.Summary.RevenueVND != 93000 || len(c.Identities) < 3 {
			t.Errorf("GET %s: got %+v, want Lan with her order", ref, c)
		}
	}
	e.MustCall("GET", "/api/v1/customers/email:nobody@example.vn", key, nil, 404, nil)
	e.MustCall("GET", "/api/v1/customers/cus_nope", key, nil, 404, nil)
	e.MustCall("GET", "/api/v1/customers/phone:12", key, nil, 400, nil)

	for q, want := range map[string]string{
		"?q=nguyen+thi": "u-lan", "?q=0912345678": "u-lan", "?q=binh%40": "u-binh", "?city=da+nang": "u-binh",
		"?trait.plan=gold": "u-lan", "?q=u-binh": "u-binh",
	} {
		var l httpio.ListBody[cx.Customer]
		e.MustCall("GET", "/api/v1/customers"+q, key, nil, 200, &l)
		if len(l.Items) != 1 || l.Items[0].UserID != want {
			t.Errorf("GET /api/v1/customers%s: got %d items, want %s", q, len(l.Items), want)
		}
	}
	var page httpio.ListBody[cx.Customer]
	e.MustCall("GET", "/api/v1/customers?limit=1", key, nil, 200, &page)
	if len(page.Items) != 1 || page.Next == nil {
		t.Fatalf("got %+v, want one customer and a next page", page)
	}
	e.MustCall("GET", "/api/v1/customers?limit=1&after="+*page.Next, key, nil, 200, &page)
	if len(page.Items) != 1 || page.Next != nil {
		t.Errorf("second page: got %+v, want the last customer", page)
	}
	status, body := e.Call("GET", "/api/v1/customers?seen_after=yesterday", key, nil)
	if status != 400 || !strings.Contains(string(body), "seen_after") {
		t.Errorf("bad seen_after: got %d %s", status, body)
	}
}

func TestAPICustomerTimeline(t *testing.T) {
	e := webtest.Start(t)
	ws, key := e.Workspace("Cà phê Sáng")
	lan := e.SeedLan(ws)
	var all []cx.TimelineItem
	path := "/api/v1/customers/email:lan@example.vn/timeline?limit=2"
	for i := 0; i < 10; i++ {
		var l httpio.ListBody[cx.TimelineItem]
		e.MustCall("GET", path, key, nil, 200, &l)
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
	e.MustCall("GET", "/api/v1/customers/"+lan.ID+"/timeline?after=nonsense", key, nil, 400, nil)
}

func TestAPICustomerEditAndDelete(t *testing.T) {
	e := webtest.Start(t)
	ws, key := e.Workspace("Cà phê Sáng")
	lan := e.SeedLan(ws)
	other := webtest.TestEvent(cx.EventIdentify, "", "u-binh", 5, nil)
	other.Traits = map[string]any{"email": "binh@example.vn"}
	e.IngestEvents(ws, other)

	var c cx.Customer
	e.MustCall("PATCH", "/api/v1/customers/"+lan.ID, key, map[string]any{"traits": map[string]any{"city": "Huế", "birthday": "05/03/1990", "plan": nil, "tier": "vip"}}, 200, &c)
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
		var got webtest.APIError
		e.MustCall("PATCH", "/api/v1/customers/"+lan.ID, key, tc.body, tc.want, &got)
		if got.Error.Field != tc.field {
			t.Errorf("PATCH %v: got field %q, want %q", tc.body, got.Error.Field, tc.field)
		}
	}
	viewer := e.Session(ws, cx.RoleViewer)
	req := e.Request("PATCH", "/api/v1/customers/"+lan.ID, map[string]any{"traits": map[string]any{"city": "Vinh"}})
	req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: viewer})
	req.Header.Set("X-CSRF-Token", "csrf")
	if status, body := e.Send(req); status != 403 {
		t.Errorf("a viewer's PATCH: got %d %s, want 403", status, body)
	}

	e.MustCall("DELETE", "/api/v1/customers/phone:0912345678", key, nil, 204, nil)
	e.MustCall("GET", "/api/v1/customers/"+lan.ID, key, nil, 404, nil)
	e.MustCall("GET", "/api/v1/customers/user:u-lan", key, nil, 404, nil)
	e.MustCall("DELETE", "/api/v1/customers/"+lan.ID, key, nil, 404, nil)
}

// Search matches word prefixes of two letters or more, and follows a
// rename sent by identify: the new words find the customer, the old do not.
func TestAPICustomerSearchWords(t *testing.T) {
	e := webtest.Start(t)
	ws, key := e.Workspace("Cà phê Sáng")
	e.SeedLan(ws)
	bId := webtest.TestEvent(cx.EventIdentify, "", "u-binh", 5, nil)
	bId.Traits = map[string]any{"name": "Trần Văn Bình", "email": "binh@example.vn"}
	e.IngestEvents(ws, bId)
	find := func(q string) []string {
		var l httpio.ListBody[cx.Customer]
		e.MustCall("GET", "/api/v1/customers?q="+url.QueryEscape(q), key, nil, 200, &l)
		var out []string
		for _, c := range l.Items {
			out = append(out, c.UserID)
		}
		return out
	}
	for q, want := range map[string]string{"ngu": "[u-lan]", "tr": "[u-binh]", "n": "[]", "guy": "[]", "van binh": "[u-binh]"} {
		if got := fmt.Sprint(find(q)); got != want {
			t.Errorf("q=%s: got %s, want %s", q, got, want)
		}
	}
	rename := webtest.TestEvent(cx.EventIdentify, "", "u-binh", 6, nil)
	rename.Traits = map[string]any{"name": "Phạm Minh Châu"}
	e.IngestEvents(ws, rename)
	for q, want := range map[string]string{"chau": "[u-binh]", "pham minh": "[u-binh]", "tran": "[]", "van binh": "[]"} {
		if got := fmt.Sprint(find(q)); got != want {
			t.Errorf("after the rename, q=%s: got %s, want %s", q, got, want)
		}
	}
}

// Search lists the customers last seen first, as ingestion leaves them,
// and pages on with next without repeating or losing anyone.
func TestAPICustomerSearchBySeen(t *testing.T) {
	e := webtest.Start(t)
	ws, key := e.Workspace("Cà phê Sáng")
	for i, user := range []string{"u-a", "u-b", "u-c", "u-d", "u-e"} {
		id := webtest.TestEvent(cx.EventIdentify, "", user, 100-i, nil) // u-e identified last
		id.Traits = map[string]any{"name": "Nguyễn Văn " + strings.ToUpper(user[2:])}
		e.IngestEvents(ws, id)
	}
	e.IngestEvents(ws, webtest.TestEvent(cx.EventPage, "Thực đơn", "u-b", 1, nil)) // u-b seen since
	var got []string
	next := ""
	for page := 0; page < 5; page++ {
		var l httpio.ListBody[cx.Customer]
		e.MustCall("GET", "/api/v1/customers?limit=2&q=nguyen+van&after="+url.QueryEscape(next), key, nil, 200, &l)
		for _, c := range l.Items {
			got = append(got, c.UserID)
		}
		if l.Next == nil {
			break
		}
		next = *l.Next
	}
	if want := "[u-b u-e u-d u-c u-a]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
	e.MustCall("GET", "/api/v1/customers?q=nguyen&after=cus_x", key, nil, 400, nil)
}
