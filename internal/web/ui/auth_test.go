package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/ui"
	"cxm/internal/web/webtest"
)

var (
	uiCell = regexp.MustCompile(`(?s)<div class="cell" data-stage="([^"]+)" data-phase="[^"]+">(.*?)</div>`)
	uiCard = regexp.MustCompile(`data-touchpoint="([^"]+)"`)
)

// uiBoard maps each stage id of a board page to the touchpoint ids in it.

func TestUISetupLandsOnBoard(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	if !strings.HasSuffix(c.URL, "/") {
		t.Fatalf("after setup: at %s, want the overview", c.URL)
	}
	c.Want(200, "Tổng quan")
	c.Get(firstLink(t, c, "/journeys", "/journeys/") + "/board")
	c.Want(200, "Cà phê Sáng", "Nhận thức", "Cân nhắc", "Mua hàng", "Làm quen", "Giữ chân", "Mở rộng", "Vận động",
		"Truyền thông trên mạng xã hội", "Trước khi mua", "Sau khi mua")
	if n := strings.Count(c.Body, `class="card st-`); n != 18 {
		t.Fatalf("got %d touchpoint cards, want 18", n)
	}
	if n := strings.Count(c.Body, `<th scope="col" class="map-stage`); n != 7 {
		t.Fatalf("got %d stage columns, want 7", n)
	}
	if _, err := a.Server.SetupURL(context.Background()); err != nil {
		t.Fatal(err)
	}
	board := c.URL
	c.Get("/setup/anything").Want(404)

	c.Get(board)
	c.Post("/language", url.Values{"lang": {"en"}, "next": {board}})
	c.Want(200, "Awareness", "Consideration", "Advocacy", "Social media", "Before purchase", "Journey map")
	if strings.Contains(c.Text(), "Nhận thức") {
		t.Fatal("English board still shows Vietnamese stage names")
	}
	// The choice is remembered for the user, not only in this browser.
	fresh := a.Client()
	fresh.Get("/login")
	fresh.Post("/login", url.Values{"email": {"lan@example.vn"}, "password": {webtest.Password}}).Want(200, "Overview", "Latest negative comments")
}

func TestUISignInThrottled(t *testing.T) {
	a := webtest.Start(t)
	a.Setup("vi")
	c := a.Client()
	c.Get("/journeys").Want(200, "Đăng nhập")
	if c.URL != "/login" {
		t.Fatalf("signed out: at %s, want /login", c.URL)
	}
	for i := 1; i <= 5; i++ {
		c.Post("/login", url.Values{"email": {"lan@example.vn"}, "password": {"wrong password"}, "next": {"/journeys"}})
		c.Want(http.StatusUnauthorized, "Sai email hoặc mật khẩu")
		if !strings.Contains(c.Body, `value="lan@example.vn"`) {
			t.Fatal("the email typed was lost")
		}
	}
	c.Post("/login", url.Values{"email": {"lan@example.vn"}, "password": {"wrong password"}})
	c.Want(http.StatusTooManyRequests, "Đăng nhập sai quá nhiều lần")

	// Another address is not blocked, and next only leads to local pages.
	d := a.Client()
	d.Post("/login", url.Values{"email": {"other@example.vn"}, "password": {"x"}, "next": {"https://evil.example/"}}).Want(http.StatusUnauthorized)
	if got := ui.LocalPath("//evil.example/x"); got != "/" {
		t.Fatalf("localPath(//evil.example/x) = %q, want /", got)
	}
}

func TestUISignInNext(t *testing.T) {
	a := webtest.Start(t)
	a.Setup("vi")
	c := a.Client()
	c.Get("/touchpoints")
	c.Post("/login", url.Values{"email": {"lan@example.vn"}, "password": {webtest.Password}, "next": {"/touchpoints"}})
	c.Want(200, "18 điểm chạm")
	if c.URL != "/touchpoints" {
		t.Fatalf("after sign-in: at %s, want /touchpoints", c.URL)
	}
	c.Post("/logout", url.Values{}).Want(200, "Bạn đã đăng xuất")
	c.Get("/touchpoints")
	if c.URL != "/login" {
		t.Fatalf("after sign-out: at %s, want /login", c.URL)
	}
}

func TestUIPostWithoutCSRFRefused(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.PostRaw("/touchpoints", url.Values{"name_vi": {"Zalo OA"}, "phase": {"after"}})
	c.Want(http.StatusForbidden, "Biểu mẫu đã hết hạn")
	c.PostRaw("/touchpoints", url.Values{"name_vi": {"Zalo OA"}, "phase": {"after"}, "csrf": {"forged"}})
	c.Want(http.StatusForbidden)
	tps, err := a.Store.Touchpoints(context.Background(), uiWorkspace(t, a), store.TouchpointFilter{}, store.Page{})
	if err != nil || len(tps.Items) != 18 {
		t.Fatalf("got %d touchpoints (%v), want the 18 defaults only", len(tps.Items), err)
	}
}

func uiWorkspace(t *testing.T, a *webtest.Env) string {
	t.Helper()
	ws, err := a.Store.Workspaces(context.Background())
	if err != nil || len(ws) == 0 {
		t.Fatalf("workspaces: %v", err)
	}
	return ws[0].ID
}

func TestUIViewerCannotManageUsers(t *testing.T) {
	a := webtest.Start(t)
	a.Setup("vi")
	// The operator adds Minh with a one-time password, as `cxm user create` does.
	added, err := account.New(a.Store, time.Now).AddUser(context.Background(), account.Operator(uiWorkspace(t, a)),
		account.NewUser{Email: "minh@example.vn", Name: "Anh Minh", Role: cx.RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	m := []string{"", added.OneTimePassword}
	viewer := a.Client()
	viewer.Get("/login")
	viewer.Post("/login", url.Values{"email": {"minh@example.vn"}, "password": {m[1]}})
	viewer.Want(200, "mật khẩu một lần")
	if viewer.URL != "/account/password" {
		t.Fatalf("with a one-time password: at %s, want /account/password", viewer.URL)
	}
	viewer.Get("/settings/users")
	if viewer.URL != "/account/password" {
		t.Fatalf("before changing the password: at %s, want /account/password", viewer.URL)
	}
	viewer.Post("/account/password", url.Values{"current": {m[1]}, "password": {"mật-khẩu-của-Minh"}, "password2": {"khác"}})
	viewer.Want(http.StatusBadRequest, "Hai mật khẩu không khớp nhau")
	viewer.Post("/account/password", url.Values{"current": {m[1]}, "password": {"mật-khẩu-của-Minh"}, "password2": {"mật-khẩu-của-Minh"}})
	viewer.Want(200, "Đã đổi mật khẩu", "Tổng quan")
	if strings.Contains(viewer.Body, `href="/settings/users"`) || strings.Contains(viewer.Body, `href="/touchpoints/new"`) {
		t.Fatal("a viewer is shown links they may not use")
	}
	viewer.Get("/settings/users").Want(http.StatusForbidden, "Không có quyền truy cập", "Chỉ xem")
	viewer.Get("/touchpoints/new").Want(http.StatusForbidden)
	viewer.Get("/no/such/page").Want(http.StatusNotFound, "Không tìm thấy trang")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
