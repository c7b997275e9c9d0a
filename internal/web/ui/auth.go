package ui

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// loginForm is the sign-in form, kept on error so nothing is lost.
type loginForm struct {
	Email string
	Next  string
}

func (s *Handler) Login(w http.ResponseWriter, r *http.Request) {
	if p, err := httpio.SessionPrincipal(r, s.store); err == nil && p != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.pages.Render(w, r, nil, http.StatusOK, "login", "login.title", loginForm{Next: r.URL.Query().Get("next")}, nil)
}

func (s *Handler) LoginSubmit(w http.ResponseWriter, r *http.Request) {
	f := loginForm{Email: strings.TrimSpace(r.PostFormValue("email")), Next: r.PostFormValue("next")}
	err := httpio.CheckForm(r, s.origin, "")
	var u cx.User
	var wsID string
	if err == nil {
		u, wsID, err = s.authenticate(r, f.Email, r.PostFormValue("password"))
	}
	if err == nil {
		err = s.signIn(w, r, u.ID, wsID)
	}
	if err != nil {
		if e := cx.AsError(err); e != nil {
			s.pages.Render(w, r, nil, httpio.StatusOf(e.Code), "login", "login.title", f, err)
			return
		}
		s.pages.Error(w, r, nil, err)
		return
	}
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

func (s *Handler) Logout(w http.ResponseWriter, r *http.Request) {
	p, _ := httpio.SessionPrincipal(r, s.store)
	token := ""
	if p != nil {
		token = p.CSRF
	}
	if err := httpio.CheckForm(r, s.origin, token); err != nil {
		s.pages.Error(w, r, p, err)
		return
	}
	if err := s.signOut(w, r); err != nil {
		s.pages.Error(w, r, nil, err)
		return
	}
	view.Redirect(w, r, "/login", "signed_out")
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

// setupAllowed checks the one-time setup token, in constant time, and that
// the server still has no user.
func (s *Handler) setupAllowed(r *http.Request) error {
	s.mu.Lock()
	want := s.setupToken
	s.mu.Unlock()
	got := r.PathValue("token")
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return cx.Errorf(cx.NotFound, "this setup link is not valid any more")
	}
	n, err := s.store.CountUsers(r.Context())
	if err != nil {
		return err
	}
	if n > 0 {
		return cx.Errorf(cx.NotFound, "this setup link is not valid any more")
	}
	return nil
}

func (s *Handler) Setup(w http.ResponseWriter, r *http.Request) {
	if err := s.setupAllowed(r); err != nil {
		s.pages.Error(w, r, nil, err)
		return
	}
	lang := s.pages.Lang(r, nil)
	f := setupForm{Token: r.PathValue("token"), Template: cx.TemplateLifecycle, Language: lang, Templates: cx.Templates}
	s.pages.Render(w, r, nil, http.StatusOK, "setup", "setup.title", f, nil)
}

func (s *Handler) SetupSubmit(w http.ResponseWriter, r *http.Request) {
	if err := s.setupAllowed(r); err != nil {
		s.pages.Error(w, r, nil, err)
		return
	}
	f := setupForm{
		Token: r.PathValue("token"), Business: r.PostFormValue("business"), Template: r.PostFormValue("template"),
		Language: r.PostFormValue("language"), Name: strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Templates: cx.Templates,
	}
	err := httpio.CheckForm(r, s.origin, "")
	if err == nil {
		err = s.setup(w, r, f, r.PostFormValue("password"), r.PostFormValue("password2"))
	}
	if err != nil {
		if e := cx.AsError(err); e != nil && e.Code != cx.Internal {
			s.pages.Render(w, r, nil, httpio.StatusOf(e.Code), "setup", "setup.title", f, err)
			return
		}
		s.pages.Error(w, r, nil, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// setup creates the workspace (seeded from the template) and its owner,
// closes the setup link and signs the owner in.
func (s *Handler) setup(w http.ResponseWriter, r *http.Request, f setupForm, password, confirm string) error {
	if !cx.IsSlug(f.Template) {
		f.Template = cx.TemplateLifecycle
	}
	if f.Name == "" {
		return cx.FieldErrorf("name", "%s is required", "name")
	}
	if _, err := cx.NormalizeEmail(f.Email); err != nil {
		return err
	}
	if err := cx.ValidatePassword(password); err != nil {
		return err
	}
	if password != confirm {
		return cx.FieldErrorf("password2", "the two passwords differ")
	}
	hash, err := secret.HashPassword(password)
	if err != nil {
		return err
	}
	ws, err := s.store.CreateWorkspace(r.Context(), cx.Workspace{Name: f.Business, Language: f.Language}, f.Template)
	if err != nil {
		if e := cx.AsError(err); e != nil && e.Field == "name" {
			e.Field = "business"
		}
		return err
	}
	m, _, err := s.store.AddUser(r.Context(), ws.ID, cx.User{Email: f.Email, Name: f.Name, Language: ws.Language, PasswordHash: hash}, cx.RoleOwner)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.setupToken = ""
	s.mu.Unlock()
	return s.signIn(w, r, m.ID, ws.ID)
}

func (s *Handler) Password(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	s.pages.Render(w, r, p, http.StatusOK, "password", "password.title", nil, nil)
	return nil
}

// passwordSubmit changes the signed-in user's password. The current session
// stays; every other session of the user ends.
func (s *Handler) PasswordSubmit(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	err := s.changePassword(r, p)
	if e := cx.AsError(err); e != nil && e.Code != cx.Internal {
		s.pages.Render(w, r, p, httpio.StatusOf(e.Code), "password", "password.title", nil, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/", "password_changed")
	return nil
}

func (s *Handler) changePassword(r *http.Request, p *httpio.Principal) error {
	current, password := r.PostFormValue("current"), r.PostFormValue("password")
	u, err := s.store.User(r.Context(), p.Member.ID)
	if err != nil {
		return err
	}
	ok, err := secret.CheckPassword(u.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		return cx.FieldErrorf("current", "the current password is wrong")
	}
	if err := cx.ValidatePassword(password); err != nil {
		return err
	}
	if password != r.PostFormValue("password2") {
		return cx.FieldErrorf("password2", "the two passwords differ")
	}
	hash, err := secret.HashPassword(password)
	if err != nil {
		return err
	}
	return s.store.SetPassword(r.Context(), u.ID, hash, false, p.Session.TokenHash)
}

// switchLanguage is the vi/en switch: it sets the cookie, and remembers the
// choice for a signed-in user.
func (s *Handler) SwitchLanguage(w http.ResponseWriter, r *http.Request) {
	p, _ := httpio.SessionPrincipal(r, s.store)
	token := ""
	if p != nil {
		token = p.CSRF
	}
	if err := httpio.CheckForm(r, s.origin, token); err != nil {
		s.pages.Error(w, r, p, err)
		return
	}
	lang := r.PostFormValue("lang")
	if lang != cx.LangVi && lang != cx.LangEn {
		s.pages.Error(w, r, p, cx.FieldErrorf("lang", "language must be vi or en"))
		return
	}
	if p != nil && p.Member.Language != lang {
		u := p.Member.User
		u.Language = lang
		if err := s.store.UpdateUser(r.Context(), u); err != nil {
			s.pages.Error(w, r, p, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: view.LangCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// switchWorkspace moves the session to another of the user's workspaces.
func (s *Handler) SwitchWorkspace(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	if err := s.store.SwitchWorkspace(r.Context(), p.Session.TokenHash, r.PostFormValue("workspace")); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// home shows the board of the first journey.
func (s *Handler) Home(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	l, err := s.store.Journeys(r.Context(), p.WorkspaceID, store.Page{Limit: 1})
	if err != nil {
		return err
	}
	if len(l.Items) == 0 {
		http.Redirect(w, r, "/journeys", http.StatusSeeOther)
		return nil
	}
	to := "/journeys/" + l.Items[0].ID + "/board"
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// SetupURL returns the one-time link that creates the first owner account,
// or "" once the server has a user.
func (s *Handler) SetupURL(ctx context.Context) (string, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.setupToken == "" {
		s.setupToken, _ = secret.NewToken()
	}
	return s.baseURL + "/setup/" + s.setupToken, nil
}
