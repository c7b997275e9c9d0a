package web

import (
	"net/http"

	"cxm/internal/account"
	"cxm/internal/cx"
)

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Members(r.Context(), p.WorkspaceID, page)
	return respondList(w, l, err)
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	m, err := s.store.Member(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, m, err)
}

// newUserRequest adds a person to the workspace. Without a password, a
// one-time password is made and returned once; it must be changed at the
// first sign-in.
type newUserRequest = account.NewUser

// newUserResponse is the person added, with their one-time password if one
// was made.
type newUserResponse = account.AddedUser

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req newUserRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.accounts.AddUser(r.Context(), p, req)
	return respond(w, http.StatusCreated, res, err)
}

type roleRequest struct {
	Role cx.Role `json:"role"`
}

func (s *Server) putUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req roleRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	m, err := s.accounts.ChangeRole(r.Context(), p, r.PathValue("id"), req.Role)
	return respond(w, http.StatusOK, m, err)
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, p *principal) error {
	return noContent(w, s.accounts.RemoveUser(r.Context(), p, r.PathValue("id")))
}

func (s *Server) listAPIKeys(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.APIKeys(r.Context(), p.WorkspaceID, page)
	return respondList(w, l, err)
}

func (s *Server) getAPIKey(w http.ResponseWriter, r *http.Request, p *principal) error {
	k, err := s.store.APIKey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, k, err)
}

// newKeyRequest is the kind and name of a key to make.
type newKeyRequest = account.NewKey

// newKeyResponse shows the key itself: the only time anyone sees it.
type newKeyResponse = account.CreatedKey

func (s *Server) createAPIKey(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req newKeyRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.accounts.CreateAPIKey(r.Context(), p, req)
	return respond(w, http.StatusCreated, res, err)
}

func (s *Server) revokeAPIKey(w http.ResponseWriter, r *http.Request, p *principal) error {
	k, err := s.accounts.RevokeAPIKey(r.Context(), p, r.PathValue("id"))
	s.writeKeys.forget() // the key stops working on /v1 at once
	return respond(w, http.StatusOK, k, err)
}
