package public_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
	"cxm/internal/web/webtest"

	"github.com/chromedp/chromedp"
)

// shopPage is a customer's site on another origin that loads the snippet.
const shopPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Tiệm cà phê Mai</title>
<script async src="%s/js/cxm.js" data-write-key="%s"></script></head>
<body>
<h1>Cà phê sữa đá</h1>
<div data-cxm-product="cfs-01" data-cxm-name="Cà phê sữa đá" data-cxm-price="29000" data-cxm-currency="VND" data-cxm-category="Cà phê">29.000 ₫</div>
<button id="buy" onclick="cxm.identify('khach-42', {email: 'Mai@Example.vn', name: 'Nguyễn Thị Mai'});
  cxm.track('Order Completed', {order_id: 'DH-1001', total: 58000, currency: 'VND'})">Mua</button>
</body></html>`

// TestBrowserSnippet loads a shop page with /js/cxm.js in headless Chromium:
// the visitor sees a product, signs in, buys, and leaves after a second.
// Every event lands on one customer, with time on page counted.
func TestBrowserSnippet(t *testing.T) {
	chrome := webtest.BrowserPath(t)
	env := webtest.Start(t)
	base := env.URL
	ctx := context.Background()
	ws := storetest.Workspace(t, env.Store, "Tiệm cà phê Mai")
	key, hash, prefix := secret.NewAPIKey(cx.KeyWrite)
	if _, err := env.Store.CreateAPIKey(ctx, cx.APIKey{WorkspaceID: ws.ID, Kind: cx.KeyWrite, Hash: hash, Prefix: prefix}); err != nil {
		t.Fatal(err)
	}

	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, shopPage, base, key)
	}))
	t.Cleanup(shop.Close)

	b := webtest.BrowserContext(t, chrome)
	if err := chromedp.Do(b,
		chromedp.Navigate(shop.URL+"/san-pham/cfs-01"),
		chromedp.WaitVisible(chromedp.CSS(`#buy`)),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b, chromedp.Poll[any](`window.cxm && window.cxm.loaded`)); err != nil {
		t.Fatalf("the snippet did not load: %v", err)
	}
	if err := chromedp.Do(b,
		chromedp.Sleep(1200*time.Millisecond),
		chromedp.Click(chromedp.CSS(`#buy`)),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Navigate("about:blank"), // pagehide: "Page Left" goes by beacon
	); err != nil {
		t.Fatal(err)
	}

	c := browserWaitFor(t, func() (cx.Customer, bool) {
		c, err := env.Store.CustomerByIdentity(ctx, ws.ID, cx.IDUser, "khach-42")
		return c, err == nil && c.Summary.Orders == 1 && c.Summary.TimeOnPageMS > 0
	})
	if c.Email != "mai@example.vn" || c.FullName != "Nguyễn Thị Mai" {
		t.Errorf("got email %q name %q", c.Email, c.FullName)
	}
	s := c.Summary
	if s.PageViews != 1 || s.ProductsViewed != 1 || s.RevenueVND != 58000 || s.TimeOnPageMS < 1000 {
		t.Errorf("got summary %+v, want 1 page view, 1 product viewed, 58000 VND, at least 1 s on the page", s)
	}
	tl, err := env.Store.Timeline(ctx, ws.ID, c.ID, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, it := range tl.Items {
		if it.Event != nil {
			names[it.Event.Type+":"+it.Event.Name] = true
		}
	}
	for _, want := range []string{"page:", "track:Product Viewed", "identify:", "track:Order Completed", "track:Page Left"} {
		if !names[want] {
			t.Errorf("the timeline lacks %s; it has %v", want, names)
		}
	}
	// The anonymous visitor and the signed-in customer are one profile.
	var anon int
	for _, id := range c.Identities {
		if id.Kind == cx.IDAnonymous {
			anon++
		}
	}
	if anon != 1 {
		t.Errorf("got %d anonymous ids on the profile, want 1: %+v", anon, c.Identities)
	}
}

// browserWaitFor polls until ok, for up to 10 s.
func browserWaitFor(t *testing.T, f func() (cx.Customer, bool)) cx.Customer {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, ok := f()
		if ok {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("the events did not land within 10 s; customer now %+v", c)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
