package webtest

import (
	"net/http"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

// SessionClient returns a page client signed into a workspace as a new
// user with role, for workspaces made without the setup page (such as
// the demo café).
func (e *Env) SessionClient(wsID string, role cx.Role) *Client {
	e.T.Helper()
	c := e.Client()
	c.c.Jar.SetCookies(mustURL(e.URL), []*http.Cookie{{Name: httpio.SessionCookie, Value: e.Session(wsID, role), Path: "/"}})
	return c
}
