package ui

import (
	"net/http"
	"slices"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// usersView is the users page: the members, the pending invitations, and
// Invited, the invitation just made, whose link is shown this once.
type usersView struct {
	Members []cx.Member
	Pending []cx.UserInvitation
	Roles   []cx.Role
	Invited *account.Invited
	Form    account.Invite
}

func (h *Handler) Users(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.renderUsers(w, r, p, usersView{Form: account.Invite{Role: cx.RoleViewer}}, http.StatusOK, nil)
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, p *account.Principal, v usersView, status int, formErr error) error {
	l, err := h.store.Members(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	pending, err := h.store.UserInvitations(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	v.Members, v.Pending = l.Items, pending.Items
	v.Roles = p.GrantableRoles()
	h.pages.Render(w, r, p, status, "users", "users.title", v, formErr)
	return nil
}

// AddUser invites a person and shows the invitation's link once.
func (h *Handler) AddUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	req := account.Invite{Email: strings.TrimSpace(r.PostFormValue("email")), Role: cx.Role(r.PostFormValue("role")),
		Language: r.PostFormValue("language")}
	res, err := h.accounts.InviteUser(r.Context(), p, req)
	if status, ok := formError(err); ok {
		return h.renderUsers(w, r, p, usersView{Form: req}, status, err)
	}
	if err != nil {
		return err
	}
	return h.renderUsers(w, r, p, usersView{Invited: &res, Form: account.Invite{Role: cx.RoleViewer}}, http.StatusOK, nil)
}

// RevokeInvitation deletes a pending invitation: its link stops working.
func (h *Handler) RevokeInvitation(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.accounts.RevokeInvitation(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/users", "invitation_revoked")
	return nil
}

func (h *Handler) ChangeRole(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	_, err := h.accounts.ChangeRole(r.Context(), p, r.PathValue("id"), cx.Role(r.PostFormValue("role")))
	if status, ok := formError(err); ok {
		return h.renderUsers(w, r, p, usersView{Form: account.Invite{Role: cx.RoleViewer}}, status, err)
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/users", "saved")
	return nil
}

func (h *Handler) RemoveUser(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	err := h.accounts.RemoveUser(r.Context(), p, r.PathValue("id"))
	if status, ok := formError(err); ok {
		return h.renderUsers(w, r, p, usersView{Form: account.Invite{Role: cx.RoleViewer}}, status, err)
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/users", "deleted")
	return nil
}

// keysView is the API keys page. Created holds the key just made: shown
// once, never again.
type keysView struct {
	Keys    []cx.APIKey
	Created *account.CreatedKey
	Form    account.NewKey
}

func (h *Handler) APIKeys(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return h.renderKeys(w, r, p, keysView{Form: account.NewKey{Kind: cx.KeySecret}}, http.StatusOK, nil)
}

func (h *Handler) renderKeys(w http.ResponseWriter, r *http.Request, p *account.Principal, v keysView, status int, formErr error) error {
	l, err := h.store.APIKeys(r.Context(), p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	v.Keys = l.Items
	h.pages.Render(w, r, p, status, "api_keys", "keys.title", v, formErr)
	return nil
}

func (h *Handler) CreateAPIKey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	req := account.NewKey{Kind: r.PostFormValue("kind"), Name: strings.TrimSpace(r.PostFormValue("name"))}
	res, err := h.accounts.CreateAPIKey(r.Context(), p, req)
	if status, ok := formError(err); ok {
		return h.renderKeys(w, r, p, keysView{Form: req}, status, err)
	}
	if err != nil {
		return err
	}
	return h.renderKeys(w, r, p, keysView{Created: &res, Form: account.NewKey{Kind: cx.KeySecret}}, http.StatusOK, nil)
}

func (h *Handler) RevokeAPIKey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	_, err := h.accounts.RevokeAPIKey(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/settings/api-keys", "revoked")
	return nil
}

// workspaceView is the workspace settings form.
type workspaceView struct {
	Workspace  cx.Workspace
	Timezones  []string
	Currencies []string
}

// commonTimezones are the time zones the settings offer, the business's
// own first; a zone set through the API that is not listed is kept.
var commonTimezones = []string{"Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Jakarta", "Asia/Kuala_Lumpur", "Asia/Singapore",
	"Asia/Manila", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Seoul", "Asia/Tokyo", "Australia/Sydney",
	"Asia/Kolkata", "Asia/Dubai", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
	"America/Los_Angeles", "UTC"}

// commonCurrencies are the currencies the settings offer.
var commonCurrencies = []string{"VND", "USD", "EUR", "JPY", "KRW", "CNY", "THB", "SGD", "MYR", "IDR", "PHP", "AUD", "GBP"}

// workspaceViewOf is the settings page of ws, with the lists to choose from.
func workspaceViewOf(ws cx.Workspace) workspaceView {
	return workspaceView{ws, withValue(commonTimezones, ws.Timezone), withValue(commonCurrencies, ws.Currency)}
}

// withValue is the list with v added when it is set and missing.
func withValue(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	return append([]string{v}, list...)
}

func (h *Handler) Workspace(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ws, err := h.store.Workspace(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "workspace", "workspace.title", workspaceViewOf(ws), nil)
	return nil
}

func (h *Handler) SaveWorkspace(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ws := cx.Workspace{ID: p.WorkspaceID, Name: r.PostFormValue("name"), Timezone: strings.TrimSpace(r.PostFormValue("timezone")),
		Language: r.PostFormValue("language"), Currency: strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency")))}
	if _, err := h.store.UpdateWorkspace(r.Context(), ws); err != nil {
		if status, ok := formError(err); ok {
			h.pages.Render(w, r, p, status, "workspace", "workspace.title", workspaceViewOf(ws), err)
			return nil
		}
		return err
	}
	view.Redirect(w, r, "/settings/workspace", "saved")
	return nil
}
