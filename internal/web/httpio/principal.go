package httpio

import (
	"cxm/internal/account"
	"net/http"
	"strings"
)

// HandlerFunc is a handler that is told who is asking and may fail; the
// server's authentication wrappers turn its error into a response.
type HandlerFunc func(w http.ResponseWriter, r *http.Request, p *account.Principal) error

// ClientIP is the request's remote address without the port.
func ClientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
