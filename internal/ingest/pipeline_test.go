package ingest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// fixture is a started pipeline on a fresh store with one workspace.
type fixture struct {
	t    *testing.T
	st   *store.Store
	p    *Pipeline
	ws   string
	base time.Time
	n    int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := storetest.Open(t)
	p := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	p.Start(context.Background())
	t.Cleanup(p.Close)
	w := storetest.Workspace(t, st, "Cửa hàng Hoa")
	return &fixture{t: t, st: st, p: p, ws: w.ID, base: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)}
}

// ev makes a valid event; later events happen later.
func (f *fixture) ev(typ, name string, set func(e *cx.Event)) cx.Event {
	f.n++
	e := cx.Event{Type: typ, Name: name, MessageID: fmt.Sprintf("m-%d-%s", f.n, secret.RandomToken(4)),
		Timestamp: f.base.Add(time.Duration(f.n) * time.Minute), ReceivedAt: f.base.Add(time.Duration(f.n) * time.Minute),
		Properties: map[string]any{}, Context: map[string]any{}}
	if set != nil {
		set(&e)
	}
	return e
}

func anon(id string) func(*cx.Event) { return func(e *cx.Event) { e.AnonymousID = id } }
func user(id string) func(*cx.Event) { return func(e *cx.Event) { e.UserID = id } }

func (f *fixture) ingest(events ...cx.Event) Result {
	f.t.Helper()
	r, err := f.p.Ingest(context.Background(), f.ws, events)
	if err != nil {
		f.t.Fatalf("ingest: %v", err)
	}
	return r
}

// customer returns the customer an identity belongs to.
func (f *fixture) customer(kind, value string) cx.Customer {
	f.t.Helper()
	c, err := f.st.CustomerByIdentity(context.Background(), f.ws, kind, value)
	if err != nil {
		f.t.Fatalf("customer %s %s: %v", kind, value, err)
	}
	return c
}

// stageKey returns the key of the stage a customer stands in, in the
// workspace's first journey.
func (f *fixture) stageKey(c cx.Customer) string {
	f.t.Helper()
	js, err := f.st.Journeys(context.Background(), f.ws, store.Page{})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, cs := range c.Stages {
		for _, st := range js.Items[0].Stages {
			if st.ID == cs.StageID {
				return st.Key
			}
		}
	}
	return ""
}

func TestIngestTrackSummaryAndTouchpoint(t *testing.T) {
	f := newFixture(t)
	view := f.ev("track", "Product Viewed", func(e *cx.Event) {
		e.AnonymousID = "a1"
		e.Properties = map[string]any{"product_id": "p1", "source": "fanpage"}
	})
	page := f.ev("page", "Trang chủ", func(e *cx.Event) {
		e.AnonymousID = "a1"
		e.Properties = map[string]any{"path": "/", "time_on_page_ms": 1500.0}
	})
	left := f.ev("track", "Page Left", func(e *cx.Event) {
		e.AnonymousID = "a1"
		e.Properties = map[string]any{"time_on_page_ms": 4000.0}
	})
	evs := []cx.Event{view, page, left}
	r := f.ingest(evs...)
	view, page = evs[0], evs[1]
	if r.New != 3 || r.Duplicates != 0 {
		t.Fatalf("got %+v, want 3 new", r)
	}
	c := f.customer(cx.IDAnonymous, "a1")
	s := c.Summary
	if s.Events != 3 || s.PageViews != 1 || s.ProductsViewed != 1 || s.TimeOnPageMS != 5500 {
		t.Errorf("got summary %+v, want 3 events, 1 page view, 1 product, 5500 ms", s)
	}
	if !s.FirstSeen.Equal(view.Timestamp) || !s.LastSeen.Equal(left.Timestamp) {
		t.Errorf("got first/last seen %v %v, want %v %v", s.FirstSeen, s.LastSeen, view.Timestamp, left.Timestamp)
	}
	if got := f.stageKey(c); got != "consideration" {
		t.Errorf("got stage %q, want consideration", got)
	}
	tp, err := f.st.Touchpoint(context.Background(), f.ws, view.TouchpointID)
	if err != nil || tp.Key != "product_catalogue" {
		t.Errorf("Product Viewed mapped to %q (%v), want product_catalogue", tp.Key, err)
	}
	if page.TouchpointID != "" {
		t.Errorf("a page at / mapped to %s, want none", page.TouchpointID)
	}
	unmapped, err := f.st.UnmappedEvents(context.Background(), f.ws)
	if err != nil {
		t.Fatal(err)
	}
	if len(unmapped) != 2 {
		t.Fatalf("got unmapped %+v, want the page and Page Left", unmapped)
	}
}

func TestIngestDuplicatesIgnored(t *testing.T) {
	f := newFixture(t)
	e := f.ev("track", "Product Viewed", anon("a1"))
	f.ingest(e)
	again := e
	r := f.ingest(again, again)
	if r.New != 0 || r.Duplicates != 2 {
		t.Errorf("got %+v, want 2 duplicates", r)
	}
	twice := f.ev("track", "Signed Up", anon("a1"))
	r = f.ingest(twice, twice)
	if r.New != 1 || r.Duplicates != 1 {
		t.Errorf("same message twice in one call: got %+v, want 1 new 1 duplicate", r)
	}
	if got := f.customer(cx.IDAnonymous, "a1").Summary.Events; got != 2 {
		t.Errorf("got %d events counted, want 2", got)
	}
}

func TestIngestIdentifyAfterBrowsing(t *testing.T) {
	f := newFixture(t)
	f.ingest(f.ev("page", "Home", anon("a1")), f.ev("page", "Shoes", anon("a1")))
	visitor := f.customer(cx.IDAnonymous, "a1")
	f.ingest(f.ev("identify", "", func(e *cx.Event) {
		e.UserID, e.AnonymousID = "u1", "a1"
		e.Traits = map[string]any{"name": "Nguyễn Thị Lan", "firstName": "Lan", "email": " Lan@Example.VN ", "phone": "0912 345 678",
			"birthday": "1990-04-30", "city": "Hà Nội", "plan": "gold", "salutation": "chị"}
	}))
	c := f.customer(cx.IDUser, "u1")
	if c.ID != visitor.ID {
		t.Fatalf("identify made customer %s, want the visitor %s", c.ID, visitor.ID)
	}
	if c.FullName != "Nguyễn Thị Lan" || c.GivenName != "Lan" || c.Email != "lan@example.vn" || c.Phone != "+84912345678" ||
		c.Birthday != "1990-04-30" || c.City != "Hà Nội" || c.Salutation != "chị" || c.Traits["plan"] != "gold" || c.UserID != "u1" {
		t.Errorf("got profile %+v", c)
	}
	for _, p := range []string{"84912345678", "+84 91 234 5678"} {
		if got := f.customer(cx.IDPhone, p); got.ID != c.ID {
			t.Errorf("phone %s belongs to %s, want %s", p, got.ID, c.ID)
		}
	}
	// A second device browses anonymously, then signs in: merged.
	f.ingest(f.ev("track", "Product Viewed", anon("a2")), f.ev("page", "Cart", anon("a2")))
	second := f.customer(cx.IDAnonymous, "a2")
	f.ingest(f.ev("track", "Signed In", func(e *cx.Event) { e.UserID, e.AnonymousID = "u1", "a2" }))
	c = f.customer(cx.IDAnonymous, "a2")
	if c.ID != visitor.ID {
		t.Fatalf("second device is %s, want merged into %s", c.ID, visitor.ID)
	}
	if c.Summary.Events != 6 || c.Summary.PageViews != 3 || c.Summary.ProductsViewed != 1 {
		t.Errorf("got summary %+v after merge, want 6 events, 3 page views, 1 product", c.Summary)
	}
	if len(c.Merges) != 1 || c.Merges[0].MergedID != second.ID || c.Merges[0].Reason != cx.MergeIdentify {
		t.Errorf("got merges %+v, want %s by identify", c.Merges, second.ID)
	}
	if _, err := f.st.Customer(context.Background(), f.ws, second.ID); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("merged profile still there: %v", err)
	}
	if got := f.stageKey(c); got != "consideration" {
		t.Errorf("got stage %q after merge, want consideration", got)
	}
}

func TestIngestAliasMerges(t *testing.T) {
	f := newFixture(t)
	f.ingest(f.ev("track", "Order Completed", func(e *cx.Event) {
		e.AnonymousID = "anon-x"
		e.Properties = map[string]any{"order_id": "A1", "total": 250000.0}
	}))
	f.ingest(f.ev("track", "Order Completed", func(e *cx.Event) {
		e.UserID = "user-y"
		e.Properties = map[string]any{"order_id": "A2", "total": 100000.0}
	}))
	f.ingest(f.ev("alias", "", func(e *cx.Event) { e.PreviousID, e.UserID = "anon-x", "user-y" }))
	c := f.customer(cx.IDAnonymous, "anon-x")
	if c.UserID != "user-y" {
		t.Fatalf("anon-x belongs to %+v, want user-y", c)
	}
	s := c.Summary
	if s.Orders != 2 || s.RevenueVND != 350000 || s.Events != 3 {
		t.Errorf("got %+v, want 2 orders, 350000 VND, 3 events", s)
	}
	if got := f.stageKey(c); got != "retention" {
		t.Errorf("got stage %q, want retention: two orders once merged", got)
	}
	if len(c.Merges) != 1 || c.Merges[0].Reason != cx.MergeAlias {
		t.Errorf("got merges %+v, want one alias merge", c.Merges)
	}
}

func TestIngestSharedEmailNeverMergesUsers(t *testing.T) {
	f := newFixture(t)
	traits := func(uid string) func(*cx.Event) {
		return func(e *cx.Event) {
			e.UserID = uid
			e.Traits = map[string]any{"email": "chung@example.vn"}
		}
	}
	f.ingest(f.ev("identify", "", traits("u1")))
	f.ingest(f.ev("identify", "", traits("u2")))
	u1, u2 := f.customer(cx.IDUser, "u1"), f.customer(cx.IDUser, "u2")
	if u1.ID == u2.ID {
		t.Fatal("two user ids merged through a shared email")
	}
	list, err := f.st.IdentityConflicts(context.Background(), f.ws, cx.ConflictOpen, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 {
		t.Fatalf("got %d conflicts, want 1", len(list.Items))
	}
	k := list.Items[0]
	if k.Kind != cx.IDEmail || k.Value != "chung@example.vn" || k.CustomerID != u1.ID || k.ClaimantID != u2.ID {
		t.Errorf("got conflict %+v", k)
	}
	// The same claim again is not listed twice.
	f.ingest(f.ev("identify", "", traits("u2")))
	list, _ = f.st.IdentityConflicts(context.Background(), f.ws, cx.ConflictOpen, store.Page{})
	if len(list.Items) != 1 {
		t.Errorf("got %d conflicts after the same claim, want 1", len(list.Items))
	}
	// An anonymous visitor who gives the email joins the user who has it.
	f.ingest(f.ev("track", "Newsletter Signed Up", func(e *cx.Event) {
		e.AnonymousID = "a9"
		e.Context = map[string]any{"traits": map[string]any{"email": "CHUNG@example.vn"}}
	}))
	if got := f.customer(cx.IDAnonymous, "a9"); got.ID != u1.ID {
		t.Errorf("anonymous visitor with the email is %s, want %s", got.ID, u1.ID)
	}
}

func TestIngestOrdersAndStages(t *testing.T) {
	f := newFixture(t)
	order := func(id string, props map[string]any) cx.Event {
		return f.ev("track", "Order Completed", func(e *cx.Event) {
			e.UserID = "u1"
			e.Properties = props
			e.Properties["order_id"] = id
		})
	}
	first := order("o1", map[string]any{"products": []any{
		map[string]any{"product_id": "p1", "name": "Áo dài", "price": 450000.0, "quantity": 2.0},
		map[string]any{"product_id": "p2", "name": "Khăn", "price": 50000.0},
	}})
	f.ingest(first)
	c := f.customer(cx.IDUser, "u1")
	if c.Summary.Orders != 1 || c.Summary.RevenueVND != 950000 || f.stageKey(c) != "purchase" {
		t.Fatalf("after the first order got %+v stage %s, want 1 order of 950000 VND in purchase", c.Summary, f.stageKey(c))
	}
	f.ingest(order("o1", map[string]any{"total": 1.0}))                      // the same order again
	f.ingest(order("o2", map[string]any{"total": 19.99, "currency": "usd"})) // second order
	c = f.customer(cx.IDUser, "u1")
	s := c.Summary
	if s.Orders != 2 || s.RevenueVND != 950000 || s.RevenueOther["USD"] != 1999 {
		t.Errorf("got %+v, want 2 orders, 950000 VND and 1999 USD cents", s)
	}
	if f.stageKey(c) != "retention" {
		t.Errorf("got stage %s, want retention", f.stageKey(c))
	}
	if !s.FirstOrderAt.Equal(first.Timestamp) {
		t.Errorf("got first order at %v, want %v", s.FirstOrderAt, first.Timestamp)
	}
	f.ingest(f.ev("track", "Product Reviewed", user("u1")))
	f.ingest(order("o3", map[string]any{"total": 10000.0}))
	c = f.customer(cx.IDUser, "u1")
	if f.stageKey(c) != "advocacy" {
		t.Errorf("got stage %s after a review and a third order, want advocacy (stages only move forward)", f.stageKey(c))
	}
}

func TestIngestGroupCommitIsolatesFailures(t *testing.T) {
	f := newFixture(t)
	f.p.Close()
	p := New(f.st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	p.MaxWait = 50 * time.Millisecond
	p.Start(context.Background())
	defer p.Close()
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		ws := f.ws
		if i == 7 {
			ws = "ws_does_not_exist"
		}
		e := f.ev("track", "Product Viewed", anon(fmt.Sprintf("a%d", i)))
		wg.Go(func() {
			_, errs[i] = p.Ingest(context.Background(), ws, []cx.Event{e})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (i == 7) != (err != nil) {
			t.Errorf("caller %d: got %v", i, err)
		}
	}
	if code := cx.ErrorCode(errs[7]); code != cx.NotFound {
		t.Errorf("unknown workspace: got %v, want not found", errs[7])
	}
	for i := range errs {
		if i == 7 {
			continue
		}
		if c := f.customer(cx.IDAnonymous, fmt.Sprintf("a%d", i)); c.Summary.Events != 1 {
			t.Errorf("a%d: got %d events, want 1", i, c.Summary.Events)
		}
	}
}

func TestIngestConcurrentCallers(t *testing.T) {
	f := newFixture(t)
	const callers, per = 8, 50
	var wg sync.WaitGroup
	for c := range callers {
		batch := make([]cx.Event, per)
		for i := range batch {
			batch[i] = f.ev("track", "Product Viewed", anon(fmt.Sprintf("a%d", i%5)))
		}
		wg.Go(func() {
			if _, err := f.p.Ingest(context.Background(), f.ws, batch); err != nil {
				t.Errorf("caller %d: %v", c, err)
			}
		})
	}
	wg.Wait()
	var total int64
	for i := range 5 {
		total += f.customer(cx.IDAnonymous, fmt.Sprintf("a%d", i)).Summary.Events
	}
	if total != callers*per {
		t.Errorf("got %d events counted, want %d", total, callers*per)
	}
}

func TestIngestClosed(t *testing.T) {
	f := newFixture(t)
	f.p.Close()
	if _, err := f.p.Ingest(context.Background(), f.ws, []cx.Event{f.ev("page", "", anon("a"))}); err != ErrClosed {
		t.Errorf("got %v, want ErrClosed", err)
	}
}

func TestIngestAfterCustomerDeleted(t *testing.T) {
	f := newFixture(t)
	f.ingest(f.ev("page", "Home", anon("a1")))
	c := f.customer(cx.IDAnonymous, "a1")
	if err := f.st.DeleteCustomer(context.Background(), f.ws, c.ID); err != nil {
		t.Fatal(err)
	}
	// The writer remembers a1 was c; it must notice c is gone.
	f.ingest(f.ev("page", "Home", anon("a1")))
	again := f.customer(cx.IDAnonymous, "a1")
	if again.ID == c.ID || again.Summary.Events != 1 {
		t.Errorf("got %s with %d events, want a new customer with 1", again.ID, again.Summary.Events)
	}
}
