// Package view renders cxm's HTML: the templates (parsed once per language),
// the vi/en translation catalogue and the static files, shared by the
// dashboard (web/ui) and the public respondent pages (web/public).
package view

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Pages renders the dashboard: the templates, parsed once per language at
// start, the translation catalogue and the static files.
type Pages struct {
	store  *store.Store // the workspace and memberships shown in the layout
	log    *slog.Logger
	cat    *catalogue
	tpl    map[string]map[string]*template.Template // language → page → template
	static map[string]staticFile                    // name → file
}

// staticFile is an embedded file served under a URL holding its checksum,
// so that browsers may cache it for a year.
type staticFile struct {
	data  []byte
	sum   string
	ctype string
}

// New parses the templates and the catalogue and loads the static files.
func New(st *store.Store, log *slog.Logger) (*Pages, error) {
	cat, err := loadCatalogue()
	if err != nil {
		return nil, err
	}
	p := &Pages{store: st, log: log, cat: cat, tpl: map[string]map[string]*template.Template{}, static: map[string]staticFile{}}
	if err := p.loadStatic(); err != nil {
		return nil, err
	}
	for _, lang := range []string{cx.LangVi, cx.LangEn} {
		set, err := p.parse(lang)
		if err != nil {
			return nil, err
		}
		p.tpl[lang] = set
	}
	return p, nil
}

// parse parses the layout and partials, then each page on a clone of them.
func (p *Pages) parse(lang string) (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(p.funcs(lang)).ParseFS(templateFS, "templates/*.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	set := map[string]*template.Template{}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", f, err)
		}
		set[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return set, nil
}

func (p *Pages) loadStatic() error {
	return fs.WalkDir(staticFS, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		p.static[strings.TrimPrefix(name, "static/")] = staticFile{data: data, sum: hex.EncodeToString(sum[:6]), ctype: ctype}
		return nil
	})
}

// staticURL returns the checksummed URL of a static file.
func (p *Pages) staticURL(name string) string {
	f, ok := p.static[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + f.sum + "/" + name
}

// StaticFile serves GET /static/{sum}/{name...}. A stale checksum (a page
// cached from before an upgrade) still gets the file, but not cached long.
func (s *Pages) StaticFile(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static[r.PathValue("name")]
	if !ok {
		s.Error(w, r, nil, cx.Errorf(cx.NotFound, "page not found"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.PathValue("sum") == f.sum {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

// View is what every page template gets: the page's own data in Data, and
// what the layout needs around it.
type View struct {
	Lang        string
	Page        string // template name, also marks the active navigation item
	Title       string // catalogue key of the page title
	Path        string // this page's URL, to come back to after switching language
	Principal   *account.Principal
	Workspace   cx.Workspace
	Memberships []cx.Membership
	Notice      string    // catalogue key of a success message
	Err         *cx.Error // the error to show, if any
	Data        any
}

// Can reports whether the signed-in person may do act; the templates use it
// to hide what a role cannot use.
func (v *View) Can(act string) bool {
	return v.Principal != nil && v.Principal.Can(cx.Action(act))
}

// CSRF is the token forms carry.
func (v *View) CSRF() string {
	if v.Principal == nil {
		return ""
	}
	return v.Principal.CSRF
}

// User is the signed-in person, or nil.
func (v *View) User() *cx.Member {
	if v.Principal == nil {
		return nil
	}
	return v.Principal.Member
}

// Render writes a page with the layout around it.
func (s *Pages) Render(w http.ResponseWriter, r *http.Request, p *account.Principal, status int, page, title string, data any, formErr error) {
	lang := s.Lang(r, p)
	v := &View{Lang: lang, Page: page, Title: title, Path: r.URL.RequestURI(), Principal: p, Data: data}
	if formErr != nil {
		v.Err = cx.AsError(formErr)
		if v.Err == nil {
			s.Error(w, r, p, formErr)
			return
		}
	}
	if n := r.URL.Query().Get("notice"); n != "" && slices.Contains(notices, n) {
		v.Notice = "notice." + n
	}
	if p != nil && p.Member != nil {
		ws, err := s.store.Workspace(r.Context(), p.WorkspaceID)
		if err == nil {
			v.Workspace = ws
			v.Memberships, err = s.store.Memberships(r.Context(), p.Member.ID)
		}
		if err != nil {
			s.log.Error("page layout", "path", r.URL.Path, "err", err)
		}
	}
	t := s.tpl[lang][page]
	if t == nil {
		panic("web: no template " + page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render page", "page", page, "err", err)
		http.Error(w, s.cat.t(lang, "error.internal"), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// notices are the success messages a redirect may ask for with ?notice=.
var notices = []string{"saved", "created", "deleted", "revoked", "password_changed", "signed_out", "joined", "invitation_revoked",
	"case_sent", "case_opened", "case_already_open"}

// Redirect answers a successful form post: see the result page, with a notice.
func Redirect(w http.ResponseWriter, r *http.Request, to, notice string) {
	if notice != "" {
		path, fragment, hasFragment := strings.Cut(to, "#")
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		to = path + sep + "notice=" + notice
		if hasFragment {
			to += "#" + fragment
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// Error shows an error page in the layout, in the reader's language.
// Internal details are logged, never shown.
func (s *Pages) Error(w http.ResponseWriter, r *http.Request, p *account.Principal, err error) {
	e := cx.AsError(err)
	if e == nil {
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = cx.Errorf(cx.Internal, "internal error")
	}
	if e.Code == cx.Unauthorized {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	status := httpio.StatusOf(e.Code)
	s.Render(w, r, p, status, "error", "error.title."+errorKind(status), e, nil)
}

// errorKind names the error page to show for a status.
func errorKind(status int) string {
	switch status {
	case http.StatusNotFound, http.StatusForbidden, http.StatusBadRequest, http.StatusConflict, http.StatusTooManyRequests:
		return fmt.Sprint(status)
	}
	return "500"
}

// Template returns a parsed page of one language, for the few handlers that
// render a fragment of it (previews, the public pages).
func (s *Pages) Template(lang, page string) *template.Template {
	t := s.tpl[lang][page]
	if t == nil {
		panic("view: no template " + page)
	}
	return t
}

// T translates a catalogue key in lang.
func (s *Pages) T(lang, key string, args ...any) string { return s.cat.t(lang, key, args...) }

// Day writes a calendar day kept as YYYY-MM-DD in lang, as the day
// template function does, for labels made in Go (chart labels).
func (s *Pages) Day(lang, d string) string { return formatDay(lang, d) }
