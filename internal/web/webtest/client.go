package webtest

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"cxm/internal/secret"
	"cxm/internal/web/httpio"
)

// Client is a browser without JavaScript: it keeps cookies and remembers
// the last page it was answered.
type Client struct {
	env    *Env
	c      *http.Client
	Body   string      // the last page
	Code   int         // its status
	URL    string      // its path, after redirects
	Header http.Header // its headers
}

// Client returns a new client with an empty cookie jar.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{env: e, c: &http.Client{Jar: jar}}
}

// Do sends a request and keeps the page it is answered.
func (c *Client) Do(req *http.Request) *Client {
	c.env.T.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.env.T.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	c.Body, c.Code, c.URL, c.Header = string(b), res.StatusCode, res.Request.URL.Path, res.Header
	return c
}

// Get loads a page; path may also be an absolute URL on the server.
func (c *Client) Get(path string) *Client {
	c.env.T.Helper()
	req, _ := http.NewRequest("GET", c.abs(path), nil)
	return c.Do(req)
}

// Post sends a form, with the CSRF token of the last page unless the form
// has one already.
func (c *Client) Post(path string, form url.Values) *Client {
	c.env.T.Helper()
	if form.Get("csrf") == "" {
		if tok := c.CSRF(); tok != "" {
			form.Set("csrf", tok)
		}
	}
	return c.PostRaw(path, form)
}

// PostRaw sends a form as it is.
func (c *Client) PostRaw(path string, form url.Values) *Client {
	c.env.T.Helper()
	req, _ := http.NewRequest("POST", c.abs(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Upload posts a file to an import form, as a browser does (the CSRF
// token in the form's address, the file streamed), and, when the server
// answers with the import's page, waits until the import has ended.
func (c *Client) Upload(path, kind, name, content, mapping string) *Client {
	c.env.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.CSRF())
	mw.WriteField("kind", kind)
	mw.WriteField("map", mapping)
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.abs(path)+"?csrf="+url.QueryEscape(c.CSRF()), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req).WaitImport()
}

// WaitImport reloads an import's page until the import has ended (the
// page stops asking to be refreshed), for at most a minute.
func (c *Client) WaitImport() *Client {
	c.env.T.Helper()
	for deadline := time.Now().Add(time.Minute); strings.HasPrefix(c.URL, "/imports/") && strings.Contains(c.Body, `hx-trigger="every`); {
		if time.Now().After(deadline) {
			c.env.T.Fatalf("%s: the import has not ended after a minute; page text:\n%s", c.URL, Squash(c.Text()))
		}
		time.Sleep(20 * time.Millisecond)
		c.Get(c.URL)
	}
	return c
}

func (c *Client) abs(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return c.env.URL + path
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// CSRF is the token of the last page's forms, or "".
func (c *Client) CSRF() string {
	if m := csrfField.FindStringSubmatch(c.Body); m != nil {
		return m[1]
	}
	return ""
}

// Text is the last page's text with tags removed and entities decoded.
func (c *Client) Text() string { return HTMLText(c.Body) }

// HTMLText is an HTML document's text with tags removed and entities decoded.
func HTMLText(s string) string {
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, " "))
}

// Want fails the test unless the last page has the status and every text.
func (c *Client) Want(code int, texts ...string) {
	c.env.T.Helper()
	if c.Code != code {
		c.env.T.Fatalf("%s: got status %d, want %d; page text:\n%s", c.URL, c.Code, code, Squash(c.Text()))
	}
	page := c.Text()
	for _, s := range texts {
		if !strings.Contains(page, s) {
			c.env.T.Fatalf("%s: page lacks %q; page text:\n%s", c.URL, s, Squash(page))
		}
	}
}

// Squash folds runs of white space into one space.
func Squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// Password is the owner's password that Setup chooses.
const Password = "mật-khẩu-rất-dài"

// Setup creates the owner "Chị Lan" (lan@example.vn) of "Cà phê Sáng"
// through the setup page and returns their signed-in client.
func (e *Env) Setup(lang string) *Client {
	e.T.Helper()
	link, err := e.Server.SetupURL(context.Background())
	if err != nil || link == "" {
		e.T.Fatalf("setup link: %q, %v", link, err)
	}
	c := e.Client()
	c.Get(link).Want(200, "Thiết lập cxm")
	c.Post(link, url.Values{"business": {"Cà phê Sáng"}, "template": {"lifecycle"}, "language": {lang},
		"name": {"Chị Lan"}, "email": {"lan@example.vn"}, "password": {Password}, "password2": {Password}})
	return c
}

var invitationLink = regexp.MustCompile(`<code class="secret-value">([^<]*/join/[^<]+)</code>`)

// Invite has the signed-in admin c invite email with role on the users
// page and returns the one-time link the page shows.
func (c *Client) Invite(email, role string) string {
	c.env.T.Helper()
	c.Get("/settings/users")
	c.Post("/settings/users", url.Values{"email": {email}, "role": {role}, "language": {"vi"}})
	m := invitationLink.FindStringSubmatch(c.Body)
	if m == nil {
		c.env.T.Fatalf("inviting %s: no invitation link shown (status %d): %s", email, c.Code, Squash(c.Text()))
	}
	return html.UnescapeString(m[1])
}

// Join opens an invitation link as a new person, chooses name and the
// password Password, and returns their signed-in client.
func (e *Env) Join(link, name string) *Client {
	e.T.Helper()
	c := e.Client()
	c.Get(link)
	c.Post(link, url.Values{"name": {name}, "password": {Password}, "password2": {Password}})
	if c.Code != http.StatusOK || c.URL == "/login" || strings.Contains(c.URL, "/join/") {
		e.T.Fatalf("joining through %s: at %s with %d: %s", link, c.URL, c.Code, Squash(c.Text()))
	}
	return c
}

// UserID is the id of the person signed in with c, read from the store.
func (c *Client) UserID() string {
	c.env.T.Helper()
	for _, ck := range c.c.Jar.Cookies(mustURL(c.env.URL)) {
		if ck.Name == httpio.SessionCookie {
			sess, err := c.env.Store.Session(context.Background(), secret.Hash(ck.Value))
			if err != nil {
				c.env.T.Fatal(err)
			}
			return sess.UserID
		}
	}
	c.env.T.Fatal("the client is not signed in")
	return ""
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
