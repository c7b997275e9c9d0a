package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// summaries returns every customer's summary and stages, by customer id.
func (f *fixture) summaries() map[string]string {
	f.t.Helper()
	ctx := context.Background()
	ids, err := f.st.CustomerIDs(ctx, f.ws, "", 10000)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]string{}
	for _, id := range ids {
		c, err := f.st.Customer(ctx, f.ws, id)
		if err != nil {
			f.t.Fatal(err)
		}
		b, _ := json.Marshal(struct {
			S  cx.Summary
			St []cx.CustomerStage
		}{c.Summary, c.Stages})
		out[id] = string(b)
	}
	return out
}

// TestRebuildMatchesIncremental sends a varied stream of events (anonymous
// browsing, identifies, aliases, orders in two currencies, repeated order
// ids, reviews, time on page, events out of time order) and checks that
// recomputing every summary from the raw events gives what was kept as
// they arrived.
func TestRebuildMatchesIncremental(t *testing.T) {
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"Product Viewed", "Product List Viewed", "Order Completed", "Product Reviewed", "Page Left", "Referral Sent", "Signed In"}
	for round := range 30 {
		var batch []cx.Event
		for range 20 {
			visitor := rng.IntN(30)
			var e cx.Event
			switch k := rng.IntN(10); {
			case k == 0:
				e = f.ev("identify", "", func(e *cx.Event) {
					e.UserID, e.AnonymousID = fmt.Sprintf("u%d", visitor%6), fmt.Sprintf("a%d", visitor)
					mail := visitor % 6
					if rng.IntN(8) == 0 {
						mail = rng.IntN(6) // now and then someone gives another user's email
					}
					e.Traits = map[string]any{"email": fmt.Sprintf("k%d@example.vn", mail), "name": fmt.Sprintf("Khách %d", visitor)}
				})
			case k == 1:
				e = f.ev("alias", "", func(e *cx.Event) {
					e.PreviousID, e.UserID = fmt.Sprintf("a%d", visitor), fmt.Sprintf("u%d", visitor%6)
				})
			case k < 4:
				e = f.ev("page", "Trang", func(e *cx.Event) {
					e.AnonymousID = fmt.Sprintf("a%d", visitor)
					e.Properties = map[string]any{"path": "/san-pham/x", "time_on_page_ms": float64(rng.IntN(5000))}
				})
			default:
				name := names[rng.IntN(len(names))]
				e = f.ev("track", name, func(e *cx.Event) {
					if rng.IntN(2) == 0 {
						e.UserID = fmt.Sprintf("u%d", visitor%6)
					} else {
						e.AnonymousID = fmt.Sprintf("a%d", visitor)
					}
					e.Properties = map[string]any{"order_id": fmt.Sprintf("o%d", rng.IntN(40)), "total": float64(rng.IntN(900)) * 1000,
						"time_on_page_ms": float64(rng.IntN(9000))}
					if rng.IntN(4) == 0 {
						e.Properties["currency"], e.Properties["total"] = "USD", 12.5
					}
				})
			}
			// Some events arrive late: their time is before the previous ones.
			e.Timestamp = e.Timestamp.Add(-time.Duration(rng.IntN(3)) * time.Hour)
			batch = append(batch, e)
		}
		if round%5 == 0 {
			batch = append(batch, batch[0]) // a retry
		}
		f.ingest(batch...)
	}
	before := f.summaries()
	n, err := Rebuild(context.Background(), f.st, f.ws)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(before) || n < 5 {
		t.Fatalf("rebuilt %d customers, want %d (and several)", n, len(before))
	}
	after := f.summaries()
	for id, want := range before {
		if got := after[id]; got != want {
			t.Errorf("customer %s:\nkept    %s\nrebuilt %s", id, want, got)
		}
	}
	list, _ := f.st.IdentityConflicts(context.Background(), f.ws, "", store.Page{})
	t.Logf("%d customers, %d identity conflicts", n, len(list.Items))
}
