package httpio

import (
	"net/http"
	"strings"

	"cxm/internal/cx"
)

// Principal is who makes a request, in which workspace, with which role.
type Principal struct {
	WorkspaceID string
	Role        cx.Role
	Member      *cx.Member  // set for a signed-in person
	Session     *cx.Session // set for a signed-in person
	Key         *cx.APIKey  // set for a secret key
	CSRF        string      // set for a signed-in person: the token their forms carry
}

// Can reports whether the principal may do act.
func (p *Principal) Can(act cx.Action) bool { return p.Role.Can(act) }

// HandlerFunc is a handler that is told who is asking and may fail; the
// server's authentication wrappers turn its error into a response.
type HandlerFunc func(w http.ResponseWriter, r *http.Request, p *Principal) error

// ClientIP is the request's remote address without the port.
func ClientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
