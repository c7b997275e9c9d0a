package csvio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cxm/internal/csvio"
	"cxm/internal/cx"
)

// FuzzImport feeds any bytes to the customer and order importers. They
// never panic; what they hand to ingestion is text that any database
// stores (valid UTF-8, no NUL) and JSON that encodes; every customer row is
// either accepted or reported.
func FuzzImport(f *testing.F) {
	for _, seed := range []string{
		"email,name,phone\nlan@example.vn,Nguyễn Thị Lan,0912 345 678\n",
		"Họ tên;Điện thoại;Ngày sinh\nTrần Mai;0987654321;30/11/1990\n",
		"order_id,email,total,currency,product,price,quantity\nDH-1,lan@example.vn,93000,VND,Cà phê,29000,2\nDH-1,lan@example.vn,93000,VND,Bánh mì,35000,1\n",
		"order_id,email,total\nDH-2,a@b.vn,1e400\n",
		"order_id,email,price,quantity\nDH-3,a@b.vn,1e30,1e30\n",
		"email,name\n\"a@b.vn,Lan\nb@c.vn,Mai\n",
		"\xef\xbb\xbfemail,name\na@b.vn,=HYPERLINK(\"x\")\n",
		"\xff\xfee\x00m\x00a\x00i\x00l\x00\n\x00",
		"email,name\na@b.vn,Lan\x00\nc@d.vn,\xe9t\xe9\n",
		"email,traits\na@b.vn,\"{\"\"age\"\":1e400}\"\n",
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	f.Fuzz(func(t *testing.T, file []byte, orders bool) {
		kind := csvio.Customers
		if orders {
			kind = csvio.Orders
		}
		sent := 0
		sink := func(_ context.Context, _ string, events []cx.Event) (int, int, error) {
			for _, e := range events {
				checkEvent(t, e)
			}
			sent += len(events)
			return len(events), 0, nil
		}
		now := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
		rep, err := csvio.Import(context.Background(), bytes.NewReader(file), "ws", kind, csvio.Options{Now: now}, sink)
		if err != nil {
			if cx.AsError(err) == nil {
				t.Fatalf("Import: an error without a code: %v", err)
			}
			return
		}
		if rep.Accepted != sent {
			t.Fatalf("report says %d accepted, the sink got %d", rep.Accepted, sent)
		}
		if kind == csvio.Customers && rep.Rows != rep.Accepted+rep.BadRows {
			t.Fatalf("%d rows but %d accepted and %d refused", rep.Rows, rep.Accepted, rep.BadRows)
		}
	})
}

// checkEvent fails the test when an event holds what a database refuses.
func checkEvent(t *testing.T, e cx.Event) {
	t.Helper()
	for _, s := range []string{e.UserID, e.AnonymousID, e.Name, e.MessageID} {
		checkText(t, s)
	}
	for _, m := range []map[string]any{e.Traits, e.Properties, e.Context} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("event %s does not encode: %v", e.MessageID, err)
		}
		checkText(t, string(b))
	}
}

func checkText(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || strings.Contains(s, `\u0000`) {
		t.Fatalf("text a database refuses: %q", s)
	}
}
