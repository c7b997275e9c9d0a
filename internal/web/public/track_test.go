package public_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/ingest"
	"cxm/internal/web/webtest"
)

// trackCall posts a /v1 call with the write key as HTTP Basic user name
// ("" for none) and returns the status and the decoded reply.
// segmentReply is the body of every /v1 answer.
type segmentReply struct {
	Success bool               `json:"success"`
	Errors  []ingest.ItemError `json:"errors,omitempty"`
}

func trackCall(e *webtest.Env, path, writeKey string, body any) (int, segmentReply) {
	e.T.Helper()
	req := e.Request("POST", path, body)
	if writeKey != "" {
		req.SetBasicAuth(writeKey, "")
	}
	status, b := e.Send(req)
	var reply segmentReply
	if err := json.Unmarshal(b, &reply); err != nil {
		e.T.Fatalf("POST %s: %d %s: %v", path, status, b, err)
	}
	return status, reply
}

func TestTrackEndpoints(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Tiệm bánh")
	wk := e.Key(wsID, cx.KeyWrite)
	calls := []struct {
		path string
		body map[string]any
	}{
		{"/v1/identify", map[string]any{"userId": "u1", "traits": map[string]any{"name": "Trần Văn Bình", "email": "binh@example.vn"}}},
		{"/v1/track", map[string]any{"userId": "u1", "event": "Product Viewed", "properties": map[string]any{"product_id": "b1"}}},
		{"/v1/page", map[string]any{"userId": "u1", "name": "Bánh mì", "properties": map[string]any{"path": "/san-pham/banh-mi"}}},
		{"/v1/screen", map[string]any{"userId": "u1", "name": "Giỏ hàng"}},
		{"/v1/group", map[string]any{"userId": "u1", "groupId": "company-1", "traits": map[string]any{"name": "Công ty A"}}},
		{"/v1/alias", map[string]any{"userId": "u1", "previousId": "anon-1"}},
	}
	for _, c := range calls {
		status, reply := trackCall(e, c.path, wk, c.body)
		if status != 200 || !reply.Success {
			t.Errorf("POST %s: got %d %+v, want 200 success", c.path, status, reply)
		}
	}
	cust := e.Customer(wsID, cx.IDAnonymous, "anon-1")
	if cust.UserID != "u1" || cust.FullName != "Trần Văn Bình" || cust.Email != "binh@example.vn" {
		t.Errorf("got customer %+v", cust)
	}
	if s := cust.Summary; s.Events != 6 || s.PageViews != 2 || s.ProductsViewed != 1 {
		t.Errorf("got summary %+v, want 6 events, 2 page views, 1 product", s)
	}
}

func TestTrackBatchWriteKeyInBodyAndClockSkew(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Quán cà phê")
	wk := e.Key(wsID, cx.KeyWrite)
	// The client's clock is an hour fast: its timestamps move back an hour.
	skew := time.Hour
	clientNow := time.Now().UTC().Add(skew)
	happened := clientNow.Add(-10 * time.Second)
	body, _ := json.Marshal(map[string]any{
		"writeKey": wk,
		"sentAt":   clientNow.Format(time.RFC3339Nano),
		"batch": []map[string]any{
			{"type": "page", "anonymousId": "a1", "messageId": "m1", "timestamp": happened.Format(time.RFC3339Nano)},
			{"type": "track", "anonymousId": "a1", "messageId": "m2", "event": "Product Viewed", "originalTimestamp": happened.Format(time.RFC3339Nano)},
		},
	})
	req := e.Request("POST", "/v1/batch", string(body))
	req.Header.Set("Content-Type", "text/plain") // as browsers send it, to avoid a preflight
	req.Header.Set("Origin", "https://shop.example.vn")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("got %d with CORS %q, want 200 and *", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
	}
	c := e.Customer(wsID, cx.IDAnonymous, "a1")
	want := happened.Add(-skew)
	if d := c.Summary.FirstSeen.Sub(want); d < -time.Second || d > 30*time.Second {
		t.Errorf("got first seen %v, want about %v (corrected for the client's skew)", c.Summary.FirstSeen, want)
	}
	// SDK retries send the same messageIds: accepted, counted once.
	status, _ := trackCall(e, "/v1/batch", "", json.RawMessage(body))
	if status != 200 {
		t.Errorf("retry: got %d, want 200", status)
	}
	if c := e.Customer(wsID, cx.IDAnonymous, "a1"); c.Summary.Events != 2 {
		t.Errorf("got %d events after a retry, want 2", c.Summary.Events)
	}
}

func TestTrackRefusesInvalidRequestsWhole(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Spa")
	wk := e.Key(wsID, cx.KeyWrite)
	good := map[string]any{"type": "track", "anonymousId": "keep-out", "event": "Product Viewed"}
	big := strings.Repeat("x", 33<<10)
	cases := []struct {
		name  string
		event map[string]any
		field string
	}{
		{"no ids", map[string]any{"type": "track", "event": "X"}, "userId"},
		{"bad timestamp", map[string]any{"type": "track", "userId": "u", "event": "X", "timestamp": "hôm qua"}, "timestamp"},
		{"wrong type", map[string]any{"type": "purchase", "userId": "u"}, "type"},
		{"track without name", map[string]any{"type": "track", "userId": "u"}, "event"},
		{"alias without previousId", map[string]any{"type": "alias", "userId": "u"}, "previousId"},
		{"over 32 KB", map[string]any{"type": "track", "userId": "u", "event": "X", "properties": map[string]any{"note": big}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, reply := trackCall(e, "/v1/batch", wk, map[string]any{"batch": []any{good, c.event}})
			if status != 400 || reply.Success || len(reply.Errors) != 1 {
				t.Fatalf("got %d %+v, want 400 with one error", status, reply)
			}
			if got := reply.Errors[0]; got.Index != 1 || got.Field != c.field || got.Reason == "" {
				t.Errorf("got error %+v, want index 1 field %q", got, c.field)
			}
		})
	}
	huge := make([]any, 0, 20)
	for range 20 {
		huge = append(huge, map[string]any{"type": "track", "userId": "u", "event": "X", "properties": map[string]any{"note": big[:30<<10]}})
	}
	status, reply := trackCall(e, "/v1/batch", wk, map[string]any{"batch": huge})
	if status != 400 || len(reply.Errors) != 1 || reply.Errors[0].Index != -1 {
		t.Errorf("600 KB request: got %d %+v, want 400 for the whole request", status, reply)
	}
	if _, err := e.Store.CustomerByIdentity(context.Background(), wsID, cx.IDAnonymous, "keep-out"); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("a valid event of a refused request was stored: %v", err)
	}
}

func TestTrackKeys(t *testing.T) {
	e := webtest.Start(t)
	wsID, secretKey := e.Workspace("Khóa")
	body := map[string]any{"userId": "u", "event": "X"}
	for name, key := range map[string]string{"none": "", "secret key": secretKey, "unknown": "cxm_wk_nothing"} {
		status, reply := trackCall(e, "/v1/track", key, body)
		if status != 401 || reply.Success || len(reply.Errors) != 1 || reply.Errors[0].Field != "writeKey" {
			t.Errorf("%s: got %d %+v, want 401 about writeKey", name, status, reply)
		}
	}
	wk := e.Key(wsID, cx.KeyWrite)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	json.NewEncoder(zw).Encode(map[string]any{"userId": "gz", "event": "X"})
	zw.Close()
	req := e.Request("POST", "/v1/track", buf.String())
	req.Header.Set("Content-Encoding", "gzip")
	req.SetBasicAuth(wk, "")
	if status, b := e.Send(req); status != 200 {
		t.Errorf("gzip body: got %d %s", status, b)
	}
	e.Customer(wsID, cx.IDUser, "gz")
}

func TestTrackPreflight(t *testing.T) {
	e := webtest.Start(t)
	req := e.Request("OPTIONS", "/v1/batch", nil)
	req.Header.Set("Origin", "https://shop.example.vn")
	req.Header.Set("Access-Control-Request-Method", "POST")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	h := res.Header
	if res.StatusCode != 204 || h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") ||
		h.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("got %d %v", res.StatusCode, h)
	}
}

func TestTrackRevokedWriteKeyRefusedAtOnce(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Thu hồi")
	var k account.CreatedKey
	e.MustCall("POST", "/api/v1/api-keys", key, map[string]any{"kind": "write"}, 201, &k)
	body := map[string]any{"userId": "u", "event": "X"}
	if status, _ := trackCall(e, "/v1/track", k.Key, body); status != 200 {
		t.Fatalf("fresh write key: got %d", status)
	}
	e.MustCall("DELETE", "/api/v1/api-keys/"+k.ID, key, nil, 200, nil)
	if status, _ := trackCall(e, "/v1/track", k.Key, body); status != 401 {
		t.Errorf("revoked write key: got %d, want 401", status)
	}
}
