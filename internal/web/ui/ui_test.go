package ui

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// uiApp is a running server with its store, for dashboard tests.
type uiApp struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	store *store.Store
}

func uiStart(t *testing.T) *uiApp {
	t.Helper()
	st := storetest.Open(t)
	srv, err := New(Config{}, st, startPipeline(t, st), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &uiApp{t: t, srv: srv, ts: ts, store: st}
}

// uiClient is a browser: it keeps cookies and remembers the last page.
type uiClient struct {
	app  *uiApp
	c    *http.Client
	body string
	code int
	url  string
}

func (a *uiApp) client() *uiClient {
	jar, _ := cookiejar.New(nil)
	return &uiClient{app: a, c: &http.Client{Jar: jar}}
}

func (c *uiClient) do(req *http.Request) *uiClient {
	c.app.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.app.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	c.body, c.code, c.url = string(b), res.StatusCode, res.Request.URL.Path
	return c
}

func (c *uiClient) get(path string) *uiClient {
	c.app.t.Helper()
	req, _ := http.NewRequest("GET", c.app.ts.URL+path, nil)
	return c.do(req)
}

// post sends a form, with the CSRF token of the last page unless the form
// has one already.
func (c *uiClient) post(path string, form url.Values) *uiClient {
	c.app.t.Helper()
	if form.Get("csrf") == "" {
		if tok := c.csrf(); tok != "" {
			form.Set("csrf", tok)
		}
	}
	return c.postRaw(path, form)
}

func (c *uiClient) postRaw(path string, form url.Values) *uiClient {
	c.app.t.Helper()
	req, _ := http.NewRequest("POST", c.app.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

var uiCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *uiClient) csrf() string {
	if m := uiCSRF.FindStringSubmatch(c.body); m != nil {
		return m[1]
	}
	return ""
}

// text is the page's text with tags removed and entities decoded.
func (c *uiClient) text() string {
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(c.body, " "))
}

func (c *uiClient) want(code int, texts ...string) {
	c.app.t.Helper()
	if c.code != code {
		c.app.t.Fatalf("%s: got status %d, want %d; page text:\n%s", c.url, c.code, code, uiSquash(c.text()))
	}
	page := c.text()
	for _, s := range texts {
		if !strings.Contains(page, s) {
			c.app.t.Fatalf("%s: page lacks %q; page text:\n%s", c.url, s, uiSquash(page))
		}
	}
}

func uiSquash(s string) string { return strings.Join(strings.Fields(s), " ") }

const uiPassword = "mật-khẩu-rất-dài"

// setup creates the owner through the setup page and returns their browser.
func (a *uiApp) setup(lang string) *uiClient {
	a.t.Helper()
	link, err := a.srv.SetupURL(context.Background())
	if err != nil || link == "" {
		a.t.Fatalf("setup link: %q, %v", link, err)
	}
	c := a.client()
	c.get(link).want(200, "Thiết lập cxm")
	c.post(link, url.Values{"business": {"Cà phê Sáng"}, "template": {"lifecycle"}, "language": {lang},
		"name": {"Chị Lan"}, "email": {"lan@example.vn"}, "password": {uiPassword}, "password2": {uiPassword}})
	return c
}

var (
	uiCell = regexp.MustCompile(`(?s)<div class="cell" data-stage="([^"]+)" data-phase="[^"]+">(.*?)</div>`)
	uiCard = regexp.MustCompile(`data-touchpoint="([^"]+)"`)
)

// uiBoard maps each stage id of a board page to the touchpoint ids in it.
func uiBoard(page string) map[string][]string {
	out := map[string][]string{}
	for _, m := range uiCell.FindAllStringSubmatch(page, -1) {
		for _, c := range uiCard.FindAllStringSubmatch(m[2], -1) {
			out[m[1]] = append(out[m[1]], c[1])
		}
	}
	return out
}

func TestUISetupLandsOnBoard(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	if !strings.HasSuffix(c.url, "/board") {
		t.Fatalf("after setup: at %s, want the journey board", c.url)
	}
	c.want(200, "Cà phê Sáng", "Nhận thức", "Cân nhắc", "Mua hàng", "Làm quen", "Giữ chân", "Mở rộng", "Vận động",
		"Truyền thông trên mạng xã hội", "Trước khi mua", "Sau khi mua")
	if n := strings.Count(c.body, `class="card st-`); n != 18 {
		t.Fatalf("got %d touchpoint cards, want 18", n)
	}
	if n := strings.Count(c.body, `<section class="stage"`); n != 7 {
		t.Fatalf("got %d stage columns, want 7", n)
	}
	if _, err := a.srv.SetupURL(context.Background()); err != nil {
		t.Fatal(err)
	}
	board := c.url
	c.get("/setup/anything").want(404)

	c.get(board)
	c.post("/language", url.Values{"lang": {"en"}, "next": {board}})
	c.want(200, "Awareness", "Consideration", "Advocacy", "Social media", "Before purchase", "Journey board")
	if strings.Contains(c.text(), "Nhận thức") {
		t.Fatal("English board still shows Vietnamese stage names")
	}
	// The choice is remembered for the user, not only in this browser.
	fresh := a.client()
	fresh.get("/login")
	fresh.post("/login", url.Values{"email": {"lan@example.vn"}, "password": {uiPassword}}).want(200, "Awareness")
}

func TestUISignInThrottled(t *testing.T) {
	a := uiStart(t)
	a.setup("vi")
	c := a.client()
	c.get("/journeys").want(200, "Đăng nhập")
	if c.url != "/login" {
		t.Fatalf("signed out: at %s, want /login", c.url)
	}
	for i := 1; i <= 5; i++ {
		c.post("/login", url.Values{"email": {"lan@example.vn"}, "password": {"wrong password"}, "next": {"/journeys"}})
		c.want(http.StatusUnauthorized, "Sai email hoặc mật khẩu")
		if !strings.Contains(c.body, `value="lan@example.vn"`) {
			t.Fatal("the email typed was lost")
		}
	}
	c.post("/login", url.Values{"email": {"lan@example.vn"}, "password": {"wrong password"}})
	c.want(http.StatusTooManyRequests, "Đăng nhập sai quá nhiều lần")

	// Another address is not blocked, and next only leads to local pages.
	d := a.client()
	d.post("/login", url.Values{"email": {"other@example.vn"}, "password": {"x"}, "next": {"https://evil.example/"}}).want(http.StatusUnauthorized)
	if got := localPath("//evil.example/x"); got != "/" {
		t.Fatalf("localPath(//evil.example/x) = %q, want /", got)
	}
}

func TestUISignInNext(t *testing.T) {
	a := uiStart(t)
	a.setup("vi")
	c := a.client()
	c.get("/touchpoints")
	c.post("/login", url.Values{"email": {"lan@example.vn"}, "password": {uiPassword}, "next": {"/touchpoints"}})
	c.want(200, "18 điểm chạm")
	if c.url != "/touchpoints" {
		t.Fatalf("after sign-in: at %s, want /touchpoints", c.url)
	}
	c.post("/logout", url.Values{}).want(200, "Bạn đã đăng xuất")
	c.get("/touchpoints")
	if c.url != "/login" {
		t.Fatalf("after sign-out: at %s, want /login", c.url)
	}
}

func TestUIPostWithoutCSRFRefused(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	c.postRaw("/touchpoints", url.Values{"name_vi": {"Zalo OA"}, "phase": {"after"}})
	c.want(http.StatusForbidden, "Biểu mẫu đã hết hạn")
	c.postRaw("/touchpoints", url.Values{"name_vi": {"Zalo OA"}, "phase": {"after"}, "csrf": {"forged"}})
	c.want(http.StatusForbidden)
	tps, err := a.store.Touchpoints(context.Background(), uiWorkspace(t, a), store.TouchpointFilter{}, store.Page{})
	if err != nil || len(tps.Items) != 18 {
		t.Fatalf("got %d touchpoints (%v), want the 18 defaults only", len(tps.Items), err)
	}
}

func uiWorkspace(t *testing.T, a *uiApp) string {
	t.Helper()
	ws, err := a.store.Workspaces(context.Background())
	if err != nil || len(ws) == 0 {
		t.Fatalf("workspaces: %v", err)
	}
	return ws[0].ID
}

var uiOneTime = regexp.MustCompile(`<code class="secret-value">([^<]+)</code>`)

func TestUIViewerCannotManageUsers(t *testing.T) {
	a := uiStart(t)
	owner := a.setup("vi")
	owner.get("/settings/users").want(200, "Thêm người dùng")
	owner.post("/settings/users", url.Values{"email": {"minh@example.vn"}, "name": {"Anh Minh"}, "role": {"viewer"}, "language": {"vi"}})
	owner.want(200, "Đã thêm minh@example.vn", "chỉ hiển thị một lần")
	m := uiOneTime.FindStringSubmatch(owner.body)
	if m == nil {
		t.Fatal("no one-time password shown")
	}
	viewer := a.client()
	viewer.get("/login")
	viewer.post("/login", url.Values{"email": {"minh@example.vn"}, "password": {m[1]}})
	viewer.want(200, "mật khẩu một lần")
	if viewer.url != "/account/password" {
		t.Fatalf("with a one-time password: at %s, want /account/password", viewer.url)
	}
	viewer.get("/settings/users")
	if viewer.url != "/account/password" {
		t.Fatalf("before changing the password: at %s, want /account/password", viewer.url)
	}
	viewer.post("/account/password", url.Values{"current": {m[1]}, "password": {"mật-khẩu-của-Minh"}, "password2": {"khác"}})
	viewer.want(http.StatusBadRequest, "Hai mật khẩu không khớp nhau")
	viewer.post("/account/password", url.Values{"current": {m[1]}, "password": {"mật-khẩu-của-Minh"}, "password2": {"mật-khẩu-của-Minh"}})
	viewer.want(200, "Đã đổi mật khẩu", "Nhận thức")
	if strings.Contains(viewer.body, `href="/settings/users"`) || strings.Contains(viewer.body, `href="/touchpoints/new"`) {
		t.Fatal("a viewer is shown links they may not use")
	}
	viewer.get("/settings/users").want(http.StatusForbidden, "Không có quyền truy cập", "Chỉ xem")
	viewer.get("/touchpoints/new").want(http.StatusForbidden)
	viewer.get("/no/such/page").want(http.StatusNotFound, "Không tìm thấy trang")
}

func TestUITouchpointFieldError(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	c.get("/touchpoints/new").want(200, "Thêm điểm chạm")
	c.post("/touchpoints", url.Values{"name_vi": {""}, "name_en": {""}, "owner": {"Chị Hoa, CSKH"}, "phase": {"after"},
		"channel": {"zalo"}, "mode": {"online"}, "status": {"ideal"},
		"target_kpi": {"csat", ""}, "target_comparator": {">=", ">="}, "target_value": {"85", ""}})
	c.want(http.StatusBadRequest, "Cần nhập Tên, bằng tiếng Việt hoặc tiếng Anh")
	if !regexp.MustCompile(`(?s)id="f-name_vi"[^>]*aria-invalid="true".*?<p class="field-error" id="e-name_vi">`).MatchString(c.body) {
		t.Fatal("the error is not shown next to the name field")
	}
	for _, kept := range []string{`value="Chị Hoa, CSKH"`, `<option value="zalo" selected>`, `<option value="ideal" selected>`, `<option value="csat" selected>`, `value="85"`} {
		if !strings.Contains(html.UnescapeString(c.body), kept) {
			t.Fatalf("the form lost %s", kept)
		}
	}
	c.post("/touchpoints", url.Values{"name_vi": {"Zalo OA"}, "owner": {"Chị Hoa"}, "phase": {"after"}, "channel": {"zalo"},
		"mode": {"online"}, "status": {"ideal"}, "target_kpi": {"csat"}, "target_comparator": {">="}, "target_value": {"85,5"}})
	c.want(200, "Đã lưu", "Zalo OA")
	c.get("/").want(200, "Chưa gán giai đoạn", "Zalo OA")
}

func TestUITouchpointMovesOnBoard(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	board := c.url
	ctx := context.Background()
	ws := uiWorkspace(t, a)
	js, err := a.store.Journeys(ctx, ws, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	stages := map[string]string{}
	for _, st := range js.Items[0].Stages {
		stages[st.Key] = st.ID
	}
	tps, err := a.store.Touchpoints(ctx, ws, store.TouchpointFilter{}, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	var tp cx.Touchpoint
	for _, x := range tps.Items {
		if x.Key == "thank_you_letter" {
			tp = x
		}
	}
	if !contains(uiBoard(c.body)[stages["retention"]], tp.ID) {
		t.Fatalf("thank-you letter not in the retention column: %v", uiBoard(c.body))
	}
	c.get("/touchpoints/"+tp.ID).want(200, "Sửa điểm chạm", "Thư cảm ơn")
	c.post("/touchpoints/"+tp.ID, url.Values{"name_vi": {"Thư cảm ơn viết tay"}, "name_en": {tp.Name.En}, "key": {tp.Key},
		"phase": {"after"}, "stage_id": {stages["advocacy"]}, "channel": {tp.Channel}, "mode": {tp.Mode}, "status": {"missing"}, "owner": {"Cửa hàng trưởng"}})
	c.want(200, "Đã lưu")
	c.get(board).want(200, "Thư cảm ơn viết tay", "Cửa hàng trưởng")
	cells := uiBoard(c.body)
	if contains(cells[stages["retention"]], tp.ID) || !contains(cells[stages["advocacy"]], tp.ID) {
		t.Fatalf("the touchpoint did not move from retention to advocacy: %v", cells)
	}
	if !strings.Contains(c.body, `class="card st-missing" href="/touchpoints/`+tp.ID) {
		t.Fatal("the card does not show its new status")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
