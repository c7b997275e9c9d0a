package ingest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// count runs a COUNT(*) query; ids in it are the store's own, so they are
// written into it.
func (f *fixture) count(q string) int {
	f.t.Helper()
	var n int
	if err := f.st.DB().QueryRow(q).Scan(&n); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (f *fixture) identities(c cx.Customer, kind string) int {
	return f.count(fmt.Sprintf(`SELECT COUNT(*) FROM identities WHERE customer_id = '%s' AND kind = '%s'`, c.ID, kind))
}

func (f *fixture) transitions(c cx.Customer) int {
	return f.count(fmt.Sprintf(`SELECT COUNT(*) FROM stage_transitions WHERE customer_id = '%s'`, c.ID))
}

// TestBatchResolvesWithinOneCall sends in ONE call what the writer must
// work out from what the same call created: the customers it makes wait in
// memory until the batch is written, and every later event of the call
// must find them.
func TestBatchResolvesWithinOneCall(t *testing.T) {
	f := newFixture(t)
	order := func(uid, id string) cx.Event {
		return f.ev("track", "Order Completed", func(e *cx.Event) {
			e.UserID = uid
			e.Properties = map[string]any{"order_id": id, "total": 100000.0}
		})
	}
	dup := f.ev("page", "Home", anon("v1"))
	events := []cx.Event{
		// The same new visitor three times, then identified.
		dup, f.ev("track", "Product Viewed", anon("v1")), f.ev("track", "Product Viewed", anon("v1")), dup,
		f.ev("identify", "", func(e *cx.Event) {
			e.UserID, e.AnonymousID = "u1", "v1"
			e.Traits = map[string]any{"name": "Trần Văn Minh"}
		}),
		// A new user's orders: the same order twice counts once.
		order("u2", "o1"), order("u2", "o1"), order("u2", "o2"),
		// A new anonymous visitor who turns out to be u2: merged in the call.
		f.ev("page", "Cart", anon("v4")), f.ev("track", "Product Viewed", anon("v4")),
		f.ev("track", "Signed In", func(e *cx.Event) { e.UserID, e.AnonymousID = "u2", "v4" }),
	}
	r := f.ingest(events...)
	if r.New != len(events)-1 || r.Duplicates != 1 {
		t.Fatalf("got %+v, want %d new and 1 duplicate", r, len(events)-1)
	}

	v1 := f.customer(cx.IDAnonymous, "v1")
	if v1.UserID != "u1" || v1.FullName != "Trần Văn Minh" || f.customer(cx.IDUser, "u1").ID != v1.ID {
		t.Errorf("v1 is %+v, want u1 named Trần Văn Minh", v1)
	}
	if s := v1.Summary; s.Events != 4 || s.PageViews != 1 || s.ProductsViewed != 2 {
		t.Errorf("v1: got summary %+v, want 4 events, 1 page view, 2 products", s)
	}
	if f.stageKey(v1) != "consideration" || f.transitions(v1) != 1 {
		t.Errorf("v1: got stage %q with %d transitions, want consideration once", f.stageKey(v1), f.transitions(v1))
	}

	u2 := f.customer(cx.IDUser, "u2")
	if f.customer(cx.IDAnonymous, "v4").ID != u2.ID {
		t.Error("v4 was not merged into u2")
	}
	if s := u2.Summary; s.Orders != 2 || s.RevenueVND != 200000 || s.Events != 6 || s.ProductsViewed != 1 || s.PageViews != 1 {
		t.Errorf("u2: got summary %+v, want 2 orders of 200000 VND, 6 events, 1 product, 1 page", s)
	}
	if f.stageKey(u2) != "retention" {
		t.Errorf("u2: got stage %q, want retention", f.stageKey(u2))
	}
	if len(u2.Merges) != 1 || u2.Merges[0].Reason != cx.MergeIdentify {
		t.Errorf("u2: got merges %+v, want one by identify", u2.Merges)
	}
	if n := f.count(fmt.Sprintf(`SELECT COUNT(*) FROM orders WHERE workspace_id = '%s'`, f.ws)); n != 2 {
		t.Errorf("got %d orders stored, want 2", n)
	}
	if n := f.count(fmt.Sprintf(`SELECT COUNT(*) FROM customers WHERE workspace_id = '%s'`, f.ws)); n != 2 {
		t.Errorf("got %d customers, want 2", n)
	}

	// The same events again: all duplicates, nothing counted twice.
	r = f.ingest(events...)
	if r.New != 0 || r.Duplicates != len(events) {
		t.Errorf("again: got %+v, want %d duplicates", r, len(events))
	}
	if got := f.customer(cx.IDUser, "u2").Summary.Events; got != 6 {
		t.Errorf("u2 after the duplicates: got %d events, want 6", got)
	}
}

// TestBatchLooksUpWhatTheCacheLacks starts a second pipeline, with an
// empty cache, on customers the first one made: their identities, user
// ids, stages and orders come from the batch's look-ups.
func TestBatchLooksUpWhatTheCacheLacks(t *testing.T) {
	f := newFixture(t)
	order := func(id string) cx.Event {
		return f.ev("track", "Order Completed", func(e *cx.Event) {
			e.UserID, e.AnonymousID = "u1", "a1"
			e.Properties = map[string]any{"order_id": id, "total": 50000.0}
		})
	}
	f.ingest(f.ev("page", "Home", anon("a1")), order("o1"))
	f.p.Close()
	f.p = New(f.st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	f.p.Start(context.Background())
	t.Cleanup(f.p.Close)

	f.ingest(order("o1"), order("o2"), f.ev("track", "Product Viewed", anon("a1")))
	c := f.customer(cx.IDUser, "u1")
	if f.customer(cx.IDAnonymous, "a1").ID != c.ID {
		t.Fatal("a1 and u1 are two profiles")
	}
	if s := c.Summary; s.Orders != 2 || s.RevenueVND != 100000 || s.Events != 5 {
		t.Errorf("got %+v, want 2 orders of 100000 VND and 5 events", s)
	}
	if f.stageKey(c) != "retention" || f.transitions(c) != 2 {
		t.Errorf("got stage %q with %d transitions, want retention after purchase", f.stageKey(c), f.transitions(c))
	}
}

// TestRandomAnonymousIDsDoNotGrowProfiles sends what RudderStack's Go
// library sends: a userId and a new random anonymousId on every message.
// The profile keeps its user id and no anonymous id; a known anonymous
// visitor who signs in still joins the user.
func TestRandomAnonymousIDsDoNotGrowProfiles(t *testing.T) {
	f := newFixture(t)
	for range 3 {
		var events []cx.Event
		for range 10 {
			events = append(events, f.ev("track", "Product Viewed", func(e *cx.Event) {
				e.UserID, e.AnonymousID = "server-user", secret.RandomToken(16)
			}))
		}
		f.ingest(events...)
	}
	c := f.customer(cx.IDUser, "server-user")
	if n := f.identities(c, cx.IDAnonymous); n != 0 {
		t.Errorf("got %d anonymous ids on the profile, want 0", n)
	}
	if c.Summary.Events != 30 {
		t.Errorf("got %d events, want 30", c.Summary.Events)
	}

	// A visitor seen browsing who then signs in joins the user.
	f.ingest(f.ev("page", "Home", anon("browser-1")))
	f.ingest(f.ev("track", "Signed In", func(e *cx.Event) { e.UserID, e.AnonymousID = "server-user", "browser-1" }))
	if got := f.customer(cx.IDAnonymous, "browser-1"); got.ID != c.ID {
		t.Errorf("browser-1 is %s, want %s", got.ID, c.ID)
	}
	// An anonymousId first seen beside the userId and later alone starts
	// an anonymous profile, which the next message with both merges in.
	f.ingest(f.ev("page", "Home", func(e *cx.Event) { e.UserID, e.AnonymousID = "server-user", "browser-2" }))
	f.ingest(f.ev("page", "Cart", anon("browser-2")))
	if got := f.customer(cx.IDAnonymous, "browser-2"); got.ID == c.ID {
		t.Error("browser-2 alone: joined the user, want an anonymous profile of its own")
	}
	f.ingest(f.ev("page", "Cart", func(e *cx.Event) { e.UserID, e.AnonymousID = "server-user", "browser-2" }))
	if got := f.customer(cx.IDAnonymous, "browser-2"); got.ID != c.ID {
		t.Errorf("browser-2 with the user again is %s, want merged into %s", got.ID, c.ID)
	}
	if n := f.identities(f.customer(cx.IDUser, "server-user"), cx.IDAnonymous); n != 2 {
		t.Errorf("got %d anonymous ids, want the 2 browsers'", n)
	}
}
