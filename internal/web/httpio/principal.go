package httpio

import (
	"context"
	"net/http"
	"net/netip"
	"strings"

	"cxm/internal/account"
)

// HandlerFunc is a handler that is told who is asking and may fail; the
// server's authentication wrappers turn its error into a response.
type HandlerFunc func(w http.ResponseWriter, r *http.Request, p *account.Principal) error

// ClientIP is the address of the client that sent the request: the
// direct peer, or, when the peer is a reverse proxy the server trusts
// (TrustProxies), the rightmost address of X-Forwarded-For that is not a
// trusted proxy. Entries left of it are whatever the client wrote, so they
// are never believed. With no trusted proxies the header is ignored.
func ClientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	host = strings.Trim(host, "[]")
	proxies, _ := r.Context().Value(proxiesKey{}).([]netip.Prefix)
	peer, err := netip.ParseAddr(host)
	if len(proxies) == 0 || err != nil || !trusted(proxies, peer) {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a trusted proxy wrote no address: go no further
		}
		if client = hop.Unmap(); !trusted(proxies, client) {
			break
		}
	}
	return client.String()
}

func trusted(proxies []netip.Prefix, ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

type proxiesKey struct{}

// TrustProxies returns ctx with the reverse proxies whose X-Forwarded-For
// ClientIP believes; the server sets it on every request.
func TrustProxies(ctx context.Context, proxies []netip.Prefix) context.Context {
	return context.WithValue(ctx, proxiesKey{}, proxies)
}
