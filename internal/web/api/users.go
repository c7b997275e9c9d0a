package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

func (h *Handler) ListUsers(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.Members(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) GetUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	m, err := h.store.Member(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, m, err)
}

// CreateUser invites a person: the answer is an invitation with its
// one-time link, the same whether or not the address has an account.
func (h *Handler) CreateUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req account.Invite
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := h.accounts.InviteUser(r.Context(), p, req)
	return httpio.Respond(w, http.StatusCreated, res, err)
}

func (h *Handler) ListUserInvitations(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.UserInvitations(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) DeleteUserInvitation(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.accounts.RevokeInvitation(r.Context(), p, r.PathValue("id")))
}

type roleRequest struct {
	Role cx.Role `json:"role"`
}

func (h *Handler) PutUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req roleRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	m, err := h.accounts.ChangeRole(r.Context(), p, r.PathValue("id"), req.Role)
	return httpio.Respond(w, http.StatusOK, m, err)
}

func (h *Handler) DeleteUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.accounts.RemoveUser(r.Context(), p, r.PathValue("id")))
}

func (h *Handler) ListAPIKeys(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.APIKeys(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (h *Handler) GetAPIKey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	k, err := h.store.APIKey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, k, err)
}

func (h *Handler) CreateAPIKey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req account.NewKey
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := h.accounts.CreateAPIKey(r.Context(), p, req)
	return httpio.Respond(w, http.StatusCreated, res, err)
}

func (h *Handler) RevokeAPIKey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	k, err := h.accounts.RevokeAPIKey(r.Context(), p, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, k, err)
}
