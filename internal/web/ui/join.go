package ui

import (
	"net/http"
	"strings"

	"cxm/internal/account"
	"cxm/internal/web/view"
)

// joinView is the page of an invitation link: accept it signed in, or
// choose a name and a password when new.
type joinView struct {
	Invitation account.Invitation
	Token      string
	Name       string
}

// Join shows the invitation of a link; p is the signed-in person, or nil.
func (h *Handler) Join(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	inv, err := h.accounts.InvitationByLink(r.Context(), p, r.PathValue("token"))
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "join", "join.title", joinView{Invitation: inv, Token: r.PathValue("token")}, nil)
	return nil
}

// JoinSubmit accepts an invitation: as the signed-in person (action
// accept), or as a new account with the name and password of the form.
func (h *Handler) JoinSubmit(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	token := r.PathValue("token")
	if r.PostFormValue("action") == "accept" {
		if err := h.accounts.AcceptInvitation(r.Context(), p, token); err != nil {
			return err
		}
		view.Redirect(w, r, "/", "joined")
		return nil
	}
	v := joinView{Token: token, Name: strings.TrimSpace(r.PostFormValue("name"))}
	in, err := h.accounts.JoinAsNewUser(r.Context(), token, account.Joining{Name: v.Name,
		Password: r.PostFormValue("password"), Confirm: r.PostFormValue("password2")})
	if status, ok := formError(err); ok {
		inv, lookErr := h.accounts.InvitationByLink(r.Context(), p, token)
		if lookErr != nil {
			return lookErr
		}
		v.Invitation = inv
		h.pages.Render(w, r, p, status, "join", "join.title", v, err)
		return nil
	}
	if err != nil {
		return err
	}
	h.setSessionCookie(w, r, in)
	view.Redirect(w, r, "/", "joined")
	return nil
}
