package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
	"cxm/internal/web/webtest"
)

// TestUIInvitation: adding a person on the users page invites them. They
// are pending until they accept: someone with an account after signing
// in, someone new by choosing a name and a password.
func TestUIInvitation(t *testing.T) {
	a := webtest.Start(t)
	owner := a.Setup("vi")
	ctx := context.Background()
	wsA := uiWorkspace(t, a)
	wsB := storetest.Workspace(t, a.Store, "Tiệm B").ID
	if _, err := account.New(a.Store, time.Now).AddUser(ctx, account.Operator(wsB),
		account.NewUser{Email: "chu@b.vn", Name: "Chủ B", Role: cx.RoleOwner, Password: webtest.Password}); err != nil {
		t.Fatal(err)
	}

	// Inviting the owner of another workspace shows a link, no name, and
	// lists them as pending.
	link := owner.Invite("chu@b.vn", "admin")
	owner.Want(200, "Đã mời chu@b.vn", "chỉ hiển thị một lần", "Lời mời đang chờ", "Đang chờ")
	if strings.Contains(owner.Body, "Chủ B") {
		t.Fatal("the users page shows the name of an account outside the workspace")
	}
	if ms, _ := a.Store.Members(ctx, wsA, store.Page{}); len(ms.Items) != 1 {
		t.Fatalf("got %d members of A before accepting, want the owner only", len(ms.Items))
	}

	// Pending, chu signs in to their own workspace; the link asks them to
	// sign in, and brings them back to accept.
	chu := a.Client()
	chu.Get(link).Want(200, "Bạn được mời vào Cà phê Sáng", "Đăng nhập để nhận lời")
	chu.Get("/login?next=" + url.QueryEscape(strings.TrimPrefix(link, a.URL)))
	chu.Post("/login", url.Values{"email": {"chu@b.vn"}, "password": {webtest.Password}, "next": {strings.TrimPrefix(link, a.URL)}})
	chu.Want(200, "Nhận lời")
	chu.Post(link, url.Values{"action": {"accept"}}).Want(200, "Bạn đã tham gia không gian làm việc", "Cà phê Sáng")
	if m, err := a.Store.Member(ctx, wsA, mustUserID(t, a, "chu@b.vn")); err != nil || m.Role != cx.RoleAdmin {
		t.Fatalf("after accepting: got %+v, %v, want chu as admin of A", m, err)
	}
	chu.Get(link).Want(http.StatusNotFound)

	// Someone new chooses a name and a password, and lands in the
	// workspace with the role given.
	minhLink := owner.Invite("minh@example.vn", "viewer")
	minh := a.Client()
	minh.Get(minhLink).Want(200, "Chưa có tài khoản?")
	for _, lang := range []string{"en", "vi"} {
		minh.Post("/language", url.Values{"lang": {lang}, "next": {strings.TrimPrefix(minhLink, a.URL)}}).Want(200)
		owner.Post("/language", url.Values{"lang": {lang}, "next": {"/settings/users"}}).Want(200)
		for _, body := range []string{minh.Body, owner.Body} {
			if strings.Contains(body, "<no value>") || strings.Contains(body, "%!") {
				t.Errorf("%s: the invitation pages have a formatting mistake", lang)
			}
		}
	}
	minh.Want(200, "Chưa có tài khoản?")
	minh.Post(minhLink, url.Values{"name": {"Anh Minh"}, "password": {"ngắn"}, "password2": {"ngắn"}}).Want(http.StatusBadRequest)
	minh = a.Join(minhLink, "Anh Minh")
	minh.Get("/settings/users").Want(http.StatusForbidden)

	// A revoked invitation's link stops working.
	hoaLink := owner.Invite("hoa@example.vn", "agent")
	invs, err := a.Store.UserInvitations(ctx, wsA, store.Page{})
	if err != nil || len(invs.Items) != 1 {
		t.Fatalf("pending: got %+v, %v, want hoa only", invs.Items, err)
	}
	owner.Post("/settings/users/invitations/"+invs.Items[0].ID+"/revoke", url.Values{}).Want(200, "Đã thu hồi lời mời")
	a.Client().Get(hoaLink).Want(http.StatusNotFound)
}

func mustUserID(t *testing.T, a *webtest.Env, email string) string {
	t.Helper()
	u, err := a.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
