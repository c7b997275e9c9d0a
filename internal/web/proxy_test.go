package web_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"testing"

	"cxm/internal/web"
	"cxm/internal/web/webtest"
)

// TestClientBehindTrustedProxy: behind a trusted reverse proxy each client
// has its own rate-limit bucket, by the rightmost untrusted address of
// X-Forwarded-For (what a client writes to the left of it is ignored);
// without trusted proxies the header is ignored.
func TestClientBehindTrustedProxy(t *testing.T) {
	flood := func(e *webtest.Env, forwarded func(i int) string) bool {
		t.Helper()
		for i := 0; i < 100; i++ {
			req := e.Request("POST", "/s/nope/unsubscribe", nil)
			req.Header.Set("X-Forwarded-For", forwarded(i))
			if status, _ := e.Send(req); status == http.StatusTooManyRequests {
				return true
			}
		}
		return false
	}
	behind := webtest.Start(t, func(c *web.Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	if !flood(behind, func(i int) string { return fmt.Sprintf("198.51.100.%d, 203.0.113.7", i) }) {
		t.Fatal("one client behind the proxy was never limited, whatever it wrote in X-Forwarded-For")
	}
	req := behind.Request("POST", "/s/nope/unsubscribe", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.8")
	if status, body := behind.Send(req); status != http.StatusNotFound {
		t.Errorf("another client behind the proxy: got %d %s, want its own bucket (404 for the bad link)", status, body)
	}

	direct := webtest.Start(t)
	if !flood(direct, func(i int) string { return fmt.Sprintf("203.0.113.%d", i) }) {
		t.Error("without trusted proxies X-Forwarded-For made new buckets")
	}
}
