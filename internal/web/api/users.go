package api

import (
	"net/http"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/web/httpio"
)

func (s *Handler) ListUsers(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Members(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (s *Handler) GetUser(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	m, err := s.store.Member(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, m, err)
}

// newUserRequest adds a person to the workspace. Without a password, a
// one-time password is made and returned once; it must be changed at the
// first sign-in.
type newUserRequest struct {
	Email    string  `json:"email"`
	Name     string  `json:"name"`
	Role     cx.Role `json:"role"`
	Language string  `json:"language"`
	Password string  `json:"password"`
}

type newUserResponse struct {
	cx.Member
	Created         bool   `json:"created"`
	OneTimePassword string `json:"one_time_password,omitempty"`
}

func (s *Handler) CreateUser(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	var req newUserRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.addUser(r, p, req)
	return httpio.Respond(w, http.StatusCreated, res, err)
}

// addUser is shared by the API and the dashboard's users page.
func (s *Handler) addUser(r *http.Request, p *httpio.Principal, req newUserRequest) (newUserResponse, error) {
	if req.Role == cx.RoleOwner && !p.Can(cx.ActManageOwners) {
		return newUserResponse{}, cx.Errorf(cx.Forbidden, "only an owner may add an owner")
	}
	if _, err := cx.ParseRole(string(req.Role)); err != nil {
		return newUserResponse{}, err
	}
	u := cx.User{Email: req.Email, Name: req.Name, Language: req.Language}
	password := req.Password
	if password == "" {
		password = secret.NewPassword()
		u.MustChangePassword = true
	}
	hash, err := secret.HashPassword(password)
	if err != nil {
		return newUserResponse{}, err
	}
	u.PasswordHash = hash
	m, created, err := s.store.AddUser(r.Context(), p.WorkspaceID, u, req.Role)
	if err != nil {
		return newUserResponse{}, err
	}
	res := newUserResponse{Member: m, Created: created}
	if created && req.Password == "" {
		res.OneTimePassword = password
	}
	return res, nil
}

type roleRequest struct {
	Role cx.Role `json:"role"`
}

func (s *Handler) PutUser(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	var req roleRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.changeRole(r, p, id, req.Role); err != nil {
		return err
	}
	m, err := s.store.Member(r.Context(), p.WorkspaceID, id)
	return httpio.Respond(w, http.StatusOK, m, err)
}

// changeRole is shared by the API and the dashboard. Only owners make or
// unmake owners.
func (s *Handler) changeRole(r *http.Request, p *httpio.Principal, userID string, role cx.Role) error {
	m, err := s.store.Member(r.Context(), p.WorkspaceID, userID)
	if err != nil {
		return err
	}
	if (role == cx.RoleOwner || m.Role == cx.RoleOwner) && !p.Can(cx.ActManageOwners) {
		return cx.Errorf(cx.Forbidden, "only an owner may make or unmake an owner")
	}
	return s.store.SetRole(r.Context(), p.WorkspaceID, userID, role)
}

func (s *Handler) DeleteUser(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	return httpio.NoContent(w, s.removeUser(r, p, r.PathValue("id")))
}

// removeUser is shared by the API and the dashboard.
func (s *Handler) removeUser(r *http.Request, p *httpio.Principal, userID string) error {
	m, err := s.store.Member(r.Context(), p.WorkspaceID, userID)
	if err != nil {
		return err
	}
	if m.Role == cx.RoleOwner && !p.Can(cx.ActManageOwners) {
		return cx.Errorf(cx.Forbidden, "only an owner may remove an owner")
	}
	return s.store.RemoveMember(r.Context(), p.WorkspaceID, userID)
}

func (s *Handler) ListAPIKeys(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.APIKeys(r.Context(), p.WorkspaceID, page)
	return httpio.RespondList(w, l, err)
}

func (s *Handler) GetAPIKey(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	k, err := s.store.APIKey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, k, err)
}

type newKeyRequest struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// newKeyResponse shows the key itself: the only time anyone sees it.
type newKeyResponse struct {
	cx.APIKey
	Key string `json:"key"`
}

func (s *Handler) CreateAPIKey(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	var req newKeyRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.newAPIKey(r, p.WorkspaceID, req)
	return httpio.Respond(w, http.StatusCreated, res, err)
}

// newAPIKey is shared by the API and the dashboard.
func (s *Handler) newAPIKey(r *http.Request, wsID string, req newKeyRequest) (newKeyResponse, error) {
	key, hash, prefix := secret.NewAPIKey(req.Kind)
	k, err := s.store.CreateAPIKey(r.Context(), cx.APIKey{WorkspaceID: wsID, Kind: req.Kind, Name: req.Name, Hash: hash, Prefix: prefix})
	return newKeyResponse{APIKey: k, Key: key}, err
}

func (s *Handler) RevokeAPIKey(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	k, err := s.store.RevokeAPIKey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	s.writeKeys.Forget() // the key stops working on /v1 at once
	return httpio.Respond(w, http.StatusOK, k, err)
}
