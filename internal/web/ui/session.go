package ui

import (
	"cxm/internal/account"
	"cxm/internal/web/httpio"
	"net/http"
	"strings"
)

// setSessionCookie gives the browser the cookie of a session account has
// started.
func (h *Handler) setSessionCookie(w http.ResponseWriter, r *http.Request, in account.SignedIn) {
	http.SetCookie(w, &http.Cookie{
		Name: httpio.SessionCookie, Value: in.Token, Path: "/", Expires: in.ExpiresAt,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.secure(r),
	})
}

// signOut ends the request's session, if any, and clears its cookie.
func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(httpio.SessionCookie); err == nil {
		if err := h.accounts.SignOut(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: httpio.SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.secure(r)})
	return nil
}

// secure reports whether cookies must be Secure: behind TLS, directly or
// as the configured base URL says.
func (h *Handler) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(h.baseURL, "https://")
}
