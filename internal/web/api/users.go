package api

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

func (s *Handler) ListUsers(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Members(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (s *Handler) GetUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	m, err := s.store.Member(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, m, err)
}

func (s *Handler) CreateUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req account.NewUser
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.accounts.AddUser(r.Context(), p, req)
	return httpio.Respond(w, http.StatusCreated, res, err)
}

type roleRequest struct {
	Role cx.Role `json:"role"`
}

func (s *Handler) PutUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req roleRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	m, err := s.accounts.ChangeRole(r.Context(), p, r.PathValue("id"), req.Role)
	return httpio.Respond(w, http.StatusOK, m, err)
}

func (s *Handler) DeleteUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, s.accounts.RemoveUser(r.Context(), p, r.PathValue("id")))
}

func (s *Handler) ListAPIKeys(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.APIKeys(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (s *Handler) GetAPIKey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	k, err := s.store.APIKey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, k, err)
}

func (s *Handler) CreateAPIKey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req account.NewKey
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.accounts.CreateAPIKey(r.Context(), p, req)
	return httpio.Respond(w, http.StatusCreated, res, err)
}

func (s *Handler) RevokeAPIKey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	k, err := s.accounts.RevokeAPIKey(r.Context(), p, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, k, err)
}
