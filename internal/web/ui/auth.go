package ui

import (
	"net/http"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// loginForm is the sign-in form, kept on error so nothing is lost.
type loginForm struct {
	Email string
	Next  string
}

func (h *Handler) Login(w http.ResponseWriter, r *http.Request) {
	if p, err := httpio.SessionPrincipal(r, h.accounts); err == nil && p != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	h.pages.Render(w, r, nil, http.StatusOK, "login", "login.title", loginForm{Next: r.URL.Query().Get("next")}, nil)
}

func (h *Handler) LoginSubmit(w http.ResponseWriter, r *http.Request) {
	f := loginForm{Email: strings.TrimSpace(r.PostFormValue("email")), Next: r.PostFormValue("next")}
	err := httpio.CheckForm(r, h.origin, "")
	var in account.SignedIn
	if err == nil {
		in, err = h.accounts.SignIn(r.Context(), httpio.ClientIP(r), f.Email, r.PostFormValue("password"))
	}
	if err != nil {
		if status, ok := formError(err); ok {
			h.pages.Render(w, r, nil, status, "login", "login.title", f, err)
			return
		}
		h.pages.Error(w, r, nil, err)
		return
	}
	h.setSessionCookie(w, r, in)
	http.Redirect(w, r, localPath(f.Next), http.StatusSeeOther)
}

// localPath returns next when it is a path on this site, else "/": the
// sign-in page must not send people elsewhere.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	return next
}

// Logout ends the session, if any: it works signed in or not.
func (h *Handler) Logout(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.signOut(w, r); err != nil {
		return err
	}
	view.Redirect(w, r, "/login", "signed_out")
	return nil
}

// setupForm creates the first workspace and its owner.
type setupForm struct {
	Token     string
	Business  string
	Template  string
	Language  string
	Name      string
	Email     string
	Templates []string
}

func (h *Handler) Setup(w http.ResponseWriter, r *http.Request) {
	if err := h.accounts.CheckSetup(r.Context(), r.PathValue("token")); err != nil {
		h.pages.Error(w, r, nil, err)
		return
	}
	lang := h.pages.Lang(r, nil)
	f := setupForm{Token: r.PathValue("token"), Template: cx.TemplateLifecycle, Language: lang, Templates: cx.Templates}
	h.pages.Render(w, r, nil, http.StatusOK, "setup", "setup.title", f, nil)
}

func (h *Handler) SetupSubmit(w http.ResponseWriter, r *http.Request) {
	if err := h.accounts.CheckSetup(r.Context(), r.PathValue("token")); err != nil {
		h.pages.Error(w, r, nil, err)
		return
	}
	f := setupForm{
		Token: r.PathValue("token"), Business: r.PostFormValue("business"), Template: r.PostFormValue("template"),
		Language: r.PostFormValue("language"), Name: strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Templates: cx.Templates,
	}
	err := httpio.CheckForm(r, h.origin, "")
	var in account.SignedIn
	if err == nil {
		in, err = h.accounts.SetUp(r.Context(), f.Token, account.Setup{Business: f.Business, Template: f.Template,
			Language: f.Language, Name: f.Name, Email: f.Email,
			Password: r.PostFormValue("password"), Confirm: r.PostFormValue("password2")})
	}
	if err != nil {
		if status, ok := formError(err); ok {
			h.pages.Render(w, r, nil, status, "setup", "setup.title", f, err)
			return
		}
		h.pages.Error(w, r, nil, err)
		return
	}
	h.setSessionCookie(w, r, in)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (h *Handler) Password(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	h.pages.Render(w, r, p, http.StatusOK, "password", "password.title", nil, nil)
	return nil
}

// passwordSubmit changes the signed-in user's password. The current session
// stays; every other session of the user ends.
func (h *Handler) PasswordSubmit(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	err := h.accounts.ChangePassword(r.Context(), p, account.PasswordChange{Current: r.PostFormValue("current"),
		New: r.PostFormValue("password"), Confirm: r.PostFormValue("password2")})
	if status, ok := formError(err); ok {
		h.pages.Render(w, r, p, status, "password", "password.title", nil, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/", "password_changed")
	return nil
}

// switchLanguage is the vi/en switch: it sets the cookie, and remembers the
// choice for a signed-in user.
func (h *Handler) SwitchLanguage(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	lang := r.PostFormValue("lang")
	if err := h.accounts.SetLanguage(r.Context(), p, lang); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: view.LangCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, Secure: h.secure(r)})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

// switchWorkspace moves the session to another of the user's workspaces.
func (h *Handler) SwitchWorkspace(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if err := h.accounts.SwitchWorkspace(r.Context(), p, r.PostFormValue("workspace")); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
