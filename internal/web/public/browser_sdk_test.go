package public_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// The official browser SDKs and Segment's snippet, pinned as npm serves
// them. The pages below are the vendors' documented setups with only the
// host and the write key changed.
var browserSDKs = []string{"@segment/analytics-next@1.84.3", "@segment/snippet@5.2.1", "@rudderstack/analytics-js@3.34.1"}

// segmentSnippet renders Segment's snippet with @segment/snippet, the
// package Segment renders it with, for host and key.
func segmentSnippet(t *testing.T, dir, host, key string) string {
	t.Helper()
	cmd := exec.Command(webtest.Program(t, "node"), "-e",
		`process.stdout.write(require('@segment/snippet').min({host: process.argv[1], apiKey: process.argv[2]}))`, host, key)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil || !bytes.Contains(out, []byte("analytics.load(")) {
		t.Fatalf("rendering the Segment snippet: %v\n%s", err, out)
	}
	return string(out)
}

// flakyProxy stands in front of cxm as the host the SDKs are given. It
// speaks HTTPS, as Segment's snippet loads only over https, and it fails
// the first attempt of every event: it passes the request on, so that cxm
// stores the events, and answers 503, as when an answer is lost after the
// commit. The SDKs must send again, and cxm must count each event once.
type flakyProxy struct {
	*httptest.Server
	target   string // cxm's own address, set once it runs
	mu       sync.Mutex
	attempts map[string]int  // event posts seen, by messageId
	seen     map[string]bool // "METHOD /path" and the request headers of event posts
}

func startFlakyProxy(t *testing.T) *flakyProxy {
	p := &flakyProxy{attempts: map[string]int{}, seen: map[string]bool{}}
	p.Server = httptest.NewTLSServer(p)
	t.Cleanup(p.Close)
	return p
}

func (p *flakyProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	fail := false
	p.mu.Lock()
	p.seen[r.Method+" "+r.URL.Path] = true
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/") {
		for name := range r.Header {
			p.seen[name] = true
		}
		for _, id := range messageIDs(body) {
			fail = fail || p.attempts[id] == 0
			p.attempts[id]++
		}
	}
	p.mu.Unlock()
	req, _ := http.NewRequest(r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	req.Header = r.Header.Clone()
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	for k, v := range res.Header {
		if !fail || strings.HasPrefix(k, "Access-Control-") { // a 503 the page can read
			w.Header()[k] = v
		}
	}
	if fail {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(res.StatusCode)
	io.Copy(w, res.Body)
}

// messageIDs are the messageIds of a /v1 body, one call or a batch.
func messageIDs(body []byte) []string {
	var b struct {
		MessageID string `json:"messageId"`
		Batch     []struct {
			MessageID string `json:"messageId"`
		} `json:"batch"`
	}
	json.Unmarshal(body, &b)
	ids := []string{}
	if b.MessageID != "" {
		ids = append(ids, b.MessageID)
	}
	for _, e := range b.Batch {
		ids = append(ids, e.MessageID)
	}
	return ids
}

func (p *flakyProxy) saw(what string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[what]
}

// retriedAll reports whether every event stored on the customer was sent
// at least twice through the proxy.
func retriedAll(t *testing.T, env *webtest.Env, proxy *flakyProxy, ws, customerID string) bool {
	t.Helper()
	tl, err := env.Store.Timeline(context.Background(), ws, customerID, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range tl.Items {
		if it.Event != nil && proxy.attemptsOf(it.Event.MessageID) < 2 {
			return false
		}
	}
	return true
}

func (p *flakyProxy) attemptsOf(messageID string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.attempts[messageID]
}

// sdkSite is a customer's shop on another origin: it serves the pages and
// the SDK files installed from npm.
type sdkSite struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]string
}

func startSDKSite(t *testing.T, sdkDir string) *sdkSite {
	s := &sdkSite{pages: map[string]string{}}
	mux := http.NewServeMux()
	mux.Handle("/npm/", http.StripPrefix("/npm/", http.FileServer(http.Dir(filepath.Join(sdkDir, "node_modules")))))
	mux.HandleFunc("/shop/{page}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		page, ok := s.pages[r.PathValue("page")]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// sdkShopPage is a product page of the shop with the SDK's setup in its head.
func sdkShopPage(head string) string {
	return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tiệm áo dài Hoa</title>` + head +
		`</head><body><h1>Áo dài lụa tơ tằm</h1><p>250.000 ₫</p></body></html>`
}

// sdkCase is one SDK's setup and what the visitor does with it.
type sdkCase struct {
	name   string
	userID string
	page   func(host, key string) string // the page's head
	query  string                        // of the page's address
	loaded string                        // JavaScript true once the SDK has loaded
	act    string                        // JavaScript: identify, then the order
	leave  bool                          // navigate away afterwards (the beacon flushes then)
	events int64                         // events that must land
	retry  string                        // a header the SDK sends only on a retry ("" when it never retries)
	path   string                        // a request the proxy must have seen
}

// TestBrowserSDKs loads Segment's analytics-next (by its snippet, served by
// cxm, and from npm) and RudderStack's analytics-js v3 (from npm) on a shop
// of another origin in headless Chromium, each set up as its vendor
// documents with only the host and the write key changed. A visitor sees
// the page, signs in and orders: everything lands once on one profile with
// name, e-mail and phone in E.164, although every first attempt fails, and
// no request leaves for the vendors.
func TestBrowserSDKs(t *testing.T) {
	chrome := webtest.BrowserPath(t)
	dir := webtest.NPMInstall(t, browserSDKs...)
	proxy := startFlakyProxy(t)
	env := webtest.Start(t, webtest.BaseURL(proxy.URL))
	proxy.target = env.URL
	site := startSDKSite(t, dir)
	host := strings.TrimPrefix(proxy.URL, "https://")
	identify := `{name: 'Nguyễn Thị Hoa', email: 'Hoa@Example.vn', phone: '0912 345 678'}`
	order := `{order_id: 'DH-%s', revenue: 250000, currency: 'VND'}`
	rudderHead := func(options string) func(host, key string) string {
		return func(_, key string) string {
			return `<script type="importmap">{"imports": {"@rudderstack/analytics-js/bundled": "/npm/@rudderstack/analytics-js/dist/npm/modern/bundled/esm/index.mjs"}}</script>
<script type="module">
import { RudderAnalytics } from '@rudderstack/analytics-js/bundled';
const rudderAnalytics = new RudderAnalytics();
rudderAnalytics.load('` + key + `', '` + proxy.URL + `', {configUrl: '` + proxy.URL + `'` + options + `});
rudderAnalytics.page();
window.rudderAnalytics = rudderAnalytics;
</script>`
		}
	}
	rudderAct := func(user string) string {
		return `rudderAnalytics.identify('` + user + `', ` + identify + `);
rudderAnalytics.track('Order Completed', ` + fmt.Sprintf(order, user) + `); true`
	}
	segmentAct := func(user string) string {
		return `(async () => { await analytics.identify('` + user + `', ` + identify + `);
await analytics.track('Order Completed', ` + fmt.Sprintf(order, user) + `); return true })()`
	}
	cases := []sdkCase{{
		name: "segment-snippet", userID: "seg-snippet",
		page: func(host, key string) string { return "<script>" + segmentSnippet(t, dir, host, key) + "</script>" },
		// ajs_event makes analytics-next load its queryString chunk from
		// cxm, and track the event.
		query:  "?ajs_event=Coupon%20Viewed",
		loaded: `window.analytics && window.analytics.initialized === true`,
		act:    segmentAct("seg-snippet"), events: 4, retry: "X-Retry-Count",
		path: "GET /analytics-next/bundles/queryString.bundle.34b193ada8fe288d1bd1.js",
	}, {
		name: "segment-npm", userID: "seg-npm",
		// The package's README, with batching as it documents it.
		page: func(host, key string) string {
			return `<script src="/npm/@segment/analytics-next/dist/umd/index.js"></script>
<script>
window.analytics = AnalyticsNext.AnalyticsBrowser.load({writeKey: '` + key + `', cdnURL: 'https://` + host + `'},
  {integrations: {'Segment.io': {deliveryStrategy: {strategy: 'batching', config: {size: 10, timeout: 500}}}}});
analytics.page();
</script>`
		},
		loaded: `window.analytics && window.analytics.instance && window.analytics.instance.initialized === true`,
		act:    segmentAct("seg-npm"), events: 3, retry: "X-Retry-Count", path: "POST /v1/b",
	}, {
		name: "rudderstack-npm", userID: "rs-npm", page: rudderHead(""),
		loaded: `window.rudderAnalytics && window.rudderAnalytics.getAnonymousId() !== undefined`,
		act:    rudderAct("rs-npm"), events: 3, retry: "Rsa-Retry-Attempt", path: "GET /sourceConfig/",
	}, {
		name: "rudderstack-beacon", userID: "rs-beacon", page: rudderHead(", useBeacon: true"),
		loaded: `window.rudderAnalytics && window.rudderAnalytics.getAnonymousId() !== undefined`,
		act:    rudderAct("rs-beacon"), leave: true, events: 3, path: "POST /beacon/v1/batch",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ws := storetestWorkspace(t, env, "Tiệm áo dài "+c.name)
			key := env.Key(ws, cx.KeyWrite)
			site.mu.Lock()
			site.pages[c.name] = sdkShopPage(c.page(host, key))
			site.mu.Unlock()
			b := runSDKPage(t, chrome, site.URL+"/shop/"+c.name+c.query, c)
			id := checkSDKProfile(t, env, proxy, ws, c)
			showSDKProfile(t, b, env, ws, id, c.name)
		})
	}
}

// storetestWorkspace creates a workspace for one SDK's visitor.
func storetestWorkspace(t *testing.T, env *webtest.Env, name string) string {
	t.Helper()
	id, _ := env.Workspace(name)
	return id
}

// runSDKPage opens the page in a fresh Chromium, waits for the SDK, acts as
// the visitor and fails on any request to a host but this machine.
func runSDKPage(t *testing.T, chrome, pageURL string, c sdkCase) context.Context {
	t.Helper()
	b := webtest.BrowserContext(t, chrome, chromedp.Flag("ignore-certificate-errors", true))
	var mu sync.Mutex
	var requests, console []string
	if err := chromedp.Listen(b, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					if a.Description != "" {
						parts = append(parts, a.Description)
					} else {
						parts = append(parts, string(a.Value))
					}
				}
				console = append(console, string(e.Type)+": "+strings.Join(parts, " "))
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	run := webtest.BrowserRunner(t, b)
	run("open the shop", chromedp.Navigate(pageURL), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	if _, err := chromedp.Run(b, chromedp.Poll[any](c.loaded, chromedp.WithPollingTimeout(40*time.Second))); err != nil {
		mu.Lock()
		t.Fatalf("%s did not load: %v\nconsole: %s", c.name, err, strings.Join(console, "\n"))
	}
	if _, err := chromedp.Run(b, chromedp.Evaluate[bool](c.act, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("identify and order: %v", err)
	}
	if c.leave {
		chromedp.Do(b, chromedp.Sleep(300*time.Millisecond), chromedp.Navigate("about:blank")) // pagehide: the beacon goes
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		toCXM := 0
		for _, r := range requests {
			u, err := url.Parse(r)
			if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "127.0.0.1" {
				t.Errorf("the page asked another host: %s", r)
			}
			if err == nil && u.Scheme == "https" {
				toCXM++
			}
		}
		if toCXM == 0 {
			t.Errorf("no request to cxm was seen: is the listener on? %q", requests)
		}
		t.Logf("%d requests, %d to cxm; console: %q", len(requests), toCXM, console)
	})
	return b
}

// checkSDKProfile waits for the visitor's events and checks they are on
// one profile, each once, after at least one retry each.
func checkSDKProfile(t *testing.T, env *webtest.Env, proxy *flakyProxy, ws string, c sdkCase) string {
	t.Helper()
	ctx := context.Background()
	var got cx.Customer
	deadline := time.Now().Add(45 * time.Second)
	for {
		cust, err := env.Store.CustomerByIdentity(ctx, ws, cx.IDUser, c.userID)
		got = cust
		if err == nil && cust.Summary.Events >= c.events && cust.Summary.Orders == 1 && cust.Phone != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the events did not land within 45 s: customer %+v (%v)", cust, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// The SDKs retry on their own back-off (RudderStack's grows with each
	// attempt and has jitter): wait until every stored event was sent again,
	// then a moment more for what a late retry would store.
	for c.retry != "" && !retriedAll(t, env, proxy, ws, got.ID) && time.Now().Before(deadline.Add(30*time.Second)) {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second)
	got, err := env.Store.CustomerByIdentity(ctx, ws, cx.IDUser, c.userID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FullName != "Nguyễn Thị Hoa" || got.Email != "hoa@example.vn" || got.Phone != "+84912345678" {
		t.Errorf("got name %q, e-mail %q, phone %q, want Nguyễn Thị Hoa, hoa@example.vn, +84912345678", got.FullName, got.Email, got.Phone)
	}
	s := got.Summary
	if s.Events != c.events || s.PageViews != 1 || s.Orders != 1 || s.RevenueVND != 250000 {
		t.Errorf("got %+v, want %d events, 1 page view, 1 order of 250000 VND", s, c.events)
	}
	tl, err := env.Store.Timeline(ctx, ws, got.ID, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	once := map[string]int{}
	for _, it := range tl.Items {
		if it.Event != nil {
			once[it.Event.MessageID]++
			if a := it.Event.AnonymousID; a != "" {
				// The anonymous visitor of the first page is the customer.
				if anon, err := env.Store.CustomerByIdentity(ctx, ws, cx.IDAnonymous, a); err != nil || anon.ID != got.ID {
					t.Errorf("anonymous id %s is on customer %q, want %q (%v)", a, anon.ID, got.ID, err)
				}
			}
			if c.retry != "" && proxy.attemptsOf(it.Event.MessageID) < 2 {
				t.Errorf("%s %s was sent %d times, want a retry after the failed attempt", it.Event.Type, it.Event.Name, proxy.attemptsOf(it.Event.MessageID))
			}
		}
	}
	for id, n := range once {
		if n != 1 {
			t.Errorf("message %s stored %d times", id, n)
		}
	}
	if c.retry != "" && !proxy.saw(c.retry) {
		t.Errorf("no retry carried %s", c.retry)
	}
	if !proxy.saw(c.path) {
		t.Errorf("the proxy saw no %s", c.path)
	}
	return got.ID
}

// showSDKProfile opens the customer's profile in the dashboard, as an
// analyst of the workspace, and keeps a screenshot of it.
func showSDKProfile(t *testing.T, b context.Context, env *webtest.Env, ws, id, name string) {
	t.Helper()
	if _, err := chromedp.Call(b, network.SetCookie, network.SetCookieParams{Name: httpio.SessionCookie,
		Value: env.Session(ws, cx.RoleAnalyst), URL: env.URL}); err != nil {
		t.Fatal(err)
	}
	webtest.BrowserRunner(t, b)("open the profile", chromedp.Navigate(env.URL+"/customers/"+id), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	text, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil || !strings.Contains(text, "Nguyễn Thị Hoa") || !strings.Contains(text, "+84912345678") || !strings.Contains(text, "250.000") {
		t.Errorf("the profile page shows %q (%v), want the name, +84912345678 and 250.000", webtest.Squash(text), err)
	}
	if png, err := chromedp.Run(b, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(filepath.Join(webtest.BrowserShots(t), "browser-sdk-"+name+".png"), png, 0o644)
	}
}
