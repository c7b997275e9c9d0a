package ingest_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cxm/internal/cx"
	"cxm/internal/ingest"
)

// FuzzParse feeds any body to the /v1 parser, as a public write key lets
// anyone do. It never panics; a refused request names what is wrong; an
// accepted one holds only what a database stores: text without NUL in
// valid UTF-8, and properties, traits and context that encode as JSON.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"type":"identify","userId":"u1","traits":{"name":"Nguyễn Thị Lan","phone":"0912 345 678","email":"lan@example.vn"}}`,
		`{"type":"track","userId":"u1","event":"Order Completed","properties":{"order_id":"DH-1","total":93000,"currency":"VND","products":[{"price":29000,"quantity":2}]}}`,
		`{"batch":[{"type":"page","anonymousId":"a1","name":"Thực đơn"},{"type":"track","userId":"u2","event":"x","messageId":42}],"context":{"library":{"name":"x"}}}`,
		`{"type":"identify","userId":"u1","traits":{"age":1e400}}`,
		`{"type":"track","userId":"u1","event":"Order Completed","properties":{"total":1e30}}`,
		`{"type":"track","userId":"u1","event":"a\u0000b"}`,
		"{\"type\":\"track\",\"userId\":\"u\xe9\",\"event\":\"x\"}",
		`{"type":"alias","previousId":"a1","userId":"u1"}`, `{"batch":[]}`, `[]`, `{"type":"track"}`,
	} {
		f.Add("batch", []byte(s))
		f.Add("track", []byte(s))
		f.Add("identify", []byte(s))
	}
	received := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, kind string, body []byte) {
		req, errs := ingest.Parse(kind, body, received)
		if len(errs) > 0 {
			if len(req.Events) != 0 {
				t.Fatalf("refused with %d errors but returned %d events", len(errs), len(req.Events))
			}
			for _, e := range errs {
				if e.Reason == "" {
					t.Fatalf("an error without a reason: %+v", e)
				}
			}
			return
		}
		for _, e := range req.Events {
			checkEvent(t, e)
		}
	})
}

func checkEvent(t *testing.T, e cx.Event) {
	t.Helper()
	for _, s := range []string{e.Type, e.Name, e.UserID, e.AnonymousID, e.MessageID, e.PreviousID} {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			t.Fatalf("accepted text a database refuses: %q", s)
		}
	}
	for _, m := range []map[string]any{e.Traits, e.Properties, e.Context} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("accepted values that do not encode: %v", err)
		}
		if !utf8.Valid(b) || strings.Contains(string(b), `\u0000`) {
			t.Fatalf("accepted values a database refuses: %s", b)
		}
	}
}
