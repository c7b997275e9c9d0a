package web

import (
	"net/http"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// usersView is the users page. Added holds the person just added, with
// their one-time password: shown once, never stored in clear.
type usersView struct {
	Members []cx.Member
	Roles   []cx.Role
	Added   *newUserResponse
	Form    newUserRequest
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.renderUsers(w, r, p, usersView{Form: newUserRequest{Role: cx.RoleViewer}}, http.StatusOK, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, p *principal, v usersView, status int, formErr error) error {
	l, err := s.store.Members(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	v.Members = l.Items
	v.Roles = p.GrantableRoles()
	s.render(w, r, p, status, "users", "users.title", v, formErr)
	return nil
}

// addUserPage adds a person and shows their one-time password once.
func (s *Server) addUserPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	req := newUserRequest{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: cx.Role(r.PostFormValue("role")), Language: r.PostFormValue("language")}
	res, err := s.accounts.AddUser(r.Context(), p, req)
	if e := cx.AsError(err); e != nil && e.Code != cx.Internal {
		return s.renderUsers(w, r, p, usersView{Form: req}, statusOf(e.Code), err)
	}
	if err != nil {
		return err
	}
	return s.renderUsers(w, r, p, usersView{Added: &res, Form: newUserRequest{Role: cx.RoleViewer}}, http.StatusOK, nil)
}

func (s *Server) changeRolePage(w http.ResponseWriter, r *http.Request, p *principal) error {
	_, err := s.accounts.ChangeRole(r.Context(), p, r.PathValue("id"), cx.Role(r.PostFormValue("role")))
	if e := cx.AsError(err); e != nil && e.Code != cx.Internal {
		return s.renderUsers(w, r, p, usersView{Form: newUserRequest{Role: cx.RoleViewer}}, statusOf(e.Code), err)
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/settings/users", "saved")
	return nil
}

func (s *Server) removeUserPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	err := s.accounts.RemoveUser(r.Context(), p, r.PathValue("id"))
	if e := cx.AsError(err); e != nil && e.Code != cx.Internal {
		return s.renderUsers(w, r, p, usersView{Form: newUserRequest{Role: cx.RoleViewer}}, statusOf(e.Code), err)
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/settings/users", "deleted")
	return nil
}

// keysView is the API keys page. Created holds the key just made: shown
// once, never again.
type keysView struct {
	Keys    []cx.APIKey
	Created *newKeyResponse
	Form    newKeyRequest
}

func (s *Server) apiKeysPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.renderKeys(w, r, p, keysView{Form: newKeyRequest{Kind: cx.KeySecret}}, http.StatusOK, nil)
}

func (s *Server) renderKeys(w http.ResponseWriter, r *http.Request, p *principal, v keysView, status int, formErr error) error {
	l, err := s.store.APIKeys(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	v.Keys = l.Items
	s.render(w, r, p, status, "api_keys", "keys.title", v, formErr)
	return nil
}

func (s *Server) createAPIKeyPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	req := newKeyRequest{Kind: r.PostFormValue("kind"), Name: strings.TrimSpace(r.PostFormValue("name"))}
	res, err := s.accounts.CreateAPIKey(r.Context(), p, req)
	if e := cx.AsError(err); e != nil && e.Code != cx.Internal {
		return s.renderKeys(w, r, p, keysView{Form: req}, statusOf(e.Code), err)
	}
	if err != nil {
		return err
	}
	return s.renderKeys(w, r, p, keysView{Created: &res, Form: newKeyRequest{Kind: cx.KeySecret}}, http.StatusOK, nil)
}

func (s *Server) revokeAPIKeyPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	_, err := s.accounts.RevokeAPIKey(r.Context(), p, r.PathValue("id"))
	s.writeKeys.forget() // the key stops working on /v1 at once
	if err != nil {
		return err
	}
	redirect(w, r, "/settings/api-keys", "revoked")
	return nil
}

// workspaceView is the workspace settings form.
type workspaceView struct {
	Workspace cx.Workspace
	Timezones []string
}

// commonTimezones are suggested in the time zone field; any IANA zone works.
var commonTimezones = []string{"Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "America/New_York", "UTC"}

func (s *Server) workspacePage(w http.ResponseWriter, r *http.Request, p *principal) error {
	ws, err := s.store.Workspace(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	s.render(w, r, p, http.StatusOK, "workspace", "workspace.title", workspaceView{ws, commonTimezones}, nil)
	return nil
}

func (s *Server) saveWorkspacePage(w http.ResponseWriter, r *http.Request, p *principal) error {
	ws := cx.Workspace{ID: p.WorkspaceID, Name: r.PostFormValue("name"), Timezone: strings.TrimSpace(r.PostFormValue("timezone")),
		Language: r.PostFormValue("language"), Currency: strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency")))}
	if _, err := s.store.UpdateWorkspace(r.Context(), ws); err != nil {
		if e := cx.AsError(err); e != nil && e.Code == cx.Invalid {
			s.render(w, r, p, http.StatusBadRequest, "workspace", "workspace.title", workspaceView{ws, commonTimezones}, err)
			return nil
		}
		return err
	}
	redirect(w, r, "/settings/workspace", "saved")
	return nil
}
