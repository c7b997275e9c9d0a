package view

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRedirectKeepsFragmentAfterNotice(t *testing.T) {
	for _, c := range []struct{ to, notice, want string }{
		{"/touchpoints", "saved", "/touchpoints?notice=saved"},
		{"/customers?q=lan", "deleted", "/customers?q=lan&notice=deleted"},
		{"/customers/c1#h-consent", "saved", "/customers/c1?notice=saved#h-consent"},
		{"/login", "", "/login"},
	} {
		w := httptest.NewRecorder()
		Redirect(w, httptest.NewRequest("POST", "/x", nil), c.to, c.notice)
		if got := w.Header().Get("Location"); got != c.want || w.Code != http.StatusSeeOther {
			t.Errorf("Redirect(%q, %q): got %d %q, want 303 %q", c.to, c.notice, w.Code, got, c.want)
		}
	}
}
