package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/ingest"
	"cxm/internal/web/webtest"
)

// syncBuffer is a log the store writes to from the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A stored value that does not decode — a number beyond float64 that /v1
// took before it refused them, a column changed by hand — never takes a
// list down: the customer list (API and page), the profile, the timeline,
// customers.csv, an edit, a new identify, a rebuild and a delete all work,
// the bad value left out and logged once.
func TestUIOddStoredValuesNeverFailAList(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	lan := a.SeedLan(ws)
	var log syncBuffer
	a.Store.SetLogger(slog.New(slog.NewTextHandler(&log, nil)))

	db := a.Store.DB()
	for _, q := range []string{
		`UPDATE customers SET traits = '{"plan": "gold", "age": 1e400, "deep": [1, {"x": -1E999}]}' WHERE customer_id = '%s'`,
		`UPDATE events SET properties = '{"name": "Nguyễn Thị Lan", "age": 1e400}' WHERE customer_id = '%s' AND type = 'identify'`,
		`UPDATE events SET context = 'not JSON' WHERE customer_id = '%s' AND type = 'page'`,
	} {
		if _, err := db.ExecContext(context.Background(), fmt.Sprintf(q, lan.ID)); err != nil {
			t.Fatal(err)
		}
	}
	if a.Store.Engine() == "sqlite" {
		// A sum that overflowed: SQLite kept it as a REAL.
		if _, err := db.ExecContext(context.Background(), fmt.Sprintf(`UPDATE customers SET revenue_vnd = 1e19 WHERE customer_id = '%s'`, lan.ID)); err != nil {
			t.Fatal(err)
		}
	}

	key := a.Key(ws, cx.KeySecret)
	for _, path := range []string{"/api/v1/customers", "/api/v1/customers/" + lan.ID, "/api/v1/customers/" + lan.ID + "/timeline"} {
		for range 2 {
			status, body := a.Call("GET", path, key, nil)
			if status != 200 || !strings.Contains(string(body), lan.ID) {
				t.Errorf("GET %s: got %d %s, want 200 with Lan", path, status, body)
			}
		}
	}
	c.Get("/customers").Want(200, "Nguyễn Thị Lan")
	c.Get("/customers/"+lan.ID).Want(200, "Nguyễn Thị Lan", "gold", "Dòng thời gian", "Thực đơn")
	c.Get("/customers/export/customers.csv").Want(200, "Nguyễn Thị Lan", "gold")
	if strings.Contains(c.Body, "1e400") {
		t.Errorf("the export holds the bad value:\n%s", c.Body)
	}
	if n := strings.Count(log.String(), "column=customers.traits id="+lan.ID); n != 1 {
		t.Errorf("the bad traits were logged %d times, want once:\n%s", n, log.String())
	}
	if !strings.Contains(log.String(), "age") || !strings.Contains(log.String(), "deep[1].x") {
		t.Errorf("the log does not say what was left out:\n%s", log.String())
	}

	if _, err := ingest.Rebuild(context.Background(), a.Store, ws); err != nil {
		t.Errorf("rebuild: %v", err)
	}
	c.Get("/customers/" + lan.ID).Want(200)
	c.Post("/customers/"+lan.ID, url.Values{"full_name": {"Nguyễn Thị Lan"}, "phone": {"0912345678"}, "email": {"lan@example.vn"}, "city": {"Huế"}})
	c.Want(200, "Đã lưu", "Huế")
	id := webtest.TestEvent(cx.EventIdentify, "", "u-lan", 1, nil)
	id.Traits = map[string]any{"tier": "vip"}
	a.IngestEvents(ws, id)
	got := a.Customer(ws, cx.IDUser, "u-lan")
	if got.Traits["plan"] != "gold" || got.Traits["tier"] != "vip" || got.Traits["age"] != nil || got.Summary.Orders != 1 {
		t.Errorf("got traits %v and summary %+v, want plan and tier kept, age left out, one order", got.Traits, got.Summary)
	}
	c.Post("/customers/"+lan.ID+"/delete", url.Values{})
	c.Want(200, "Đã xóa")
	c.Get("/customers/" + lan.ID).Want(http.StatusNotFound)
}
