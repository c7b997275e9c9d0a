package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

func TestAPIRoles(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Vai trò")
	model := `{"vision":{"vi":"Phục vụ tận tâm"}}`
	for _, tc := range []struct {
		role        cx.Role
		readModel   int
		writeModel  int
		listUsers   int
		addUser     int
		listAPIKeys int
	}{
		{cx.RoleOwner, 200, 200, 200, 201, 200},
		{cx.RoleAdmin, 200, 200, 200, 201, 200},
		{cx.RoleAnalyst, 200, 403, 200, 403, 403},
		{cx.RoleAgent, 200, 403, 200, 403, 403},
		{cx.RoleViewer, 200, 403, 200, 403, 403},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			cookie := e.Session(wsID, tc.role)
			do := func(method, path string, body any) int {
				req := e.Request(method, path, body)
				req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: cookie})
				status, _ := e.Send(req)
				return status
			}
			got := []int{
				do("GET", "/api/v1/cx-model", nil),
				do("PUT", "/api/v1/cx-model", model),
				do("GET", "/api/v1/users", nil),
				do("POST", "/api/v1/users", `{"email":"`+string(tc.role)+`@moi.vn","role":"viewer"}`),
				do("GET", "/api/v1/api-keys", nil),
			}
			want := []int{tc.readModel, tc.writeModel, tc.listUsers, tc.addUser, tc.listAPIKeys}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("got statuses %v, want %v", got, want)
					break
				}
			}
		})
	}
}

func TestAPIOneTimePasswordSession(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Mật khẩu")
	cookie := e.Session(wsID, cx.RoleAdmin)
	sess, _ := e.Store.Session(context.Background(), secret.Hash(cookie))
	if err := e.Store.SetPassword(context.Background(), sess.UserID, "x", true, sess.TokenHash); err != nil {
		t.Fatal(err)
	}
	req := e.Request("GET", "/api/v1/cx-model", nil)
	req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: cookie})
	if status, body := e.Send(req); status != 403 {
		t.Errorf("a session that must change its one-time password: got %d %s, want 403", status, body)
	}
}

func TestAPISessionCrossOrigin(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Nguồn gốc")
	cookie := e.Session(wsID, cx.RoleOwner)
	req := e.Request("PUT", "/api/v1/cx-model", `{"vision":{"vi":"x"}}`)
	req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: cookie})
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if status, body := e.Send(req); status != 403 {
		t.Errorf("cross-site PUT with a session: got %d %s, want 403", status, body)
	}
}

func TestAPIUsersAndKeys(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Người dùng")
	owner := e.Session(wsID, cx.RoleOwner)

	var added account.AddedUser
	e.MustCall("POST", "/api/v1/users", key, map[string]any{"email": "Lan@Hoa.VN", "name": "Lan", "role": "agent"}, 201, &added)
	if !added.Created || added.Email != "lan@hoa.vn" || len(added.OneTimePassword) < 16 || !added.MustChangePassword {
		t.Fatalf("got %+v, want a new user with a one-time password", added)
	}
	ok, _ := secret.CheckPassword(mustUser(t, e, added.ID).PasswordHash, added.OneTimePassword)
	if !ok {
		t.Error("the one-time password does not match the stored hash")
	}
	var member cx.Member
	e.MustCall("PUT", "/api/v1/users/"+added.ID, key, map[string]string{"role": "analyst"}, 200, &member)
	if member.Role != cx.RoleAnalyst {
		t.Errorf("got role %s, want analyst", member.Role)
	}
	// The only owner cannot be demoted, even by themselves.
	sess, _ := e.Store.Session(context.Background(), secret.Hash(owner))
	req := e.Request("PUT", "/api/v1/users/"+sess.UserID, `{"role":"admin"}`)
	req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: owner})
	if status, body := e.Send(req); status != 409 {
		t.Errorf("demoting the last owner: got %d %s, want 409", status, body)
	}
	e.MustCall("DELETE", "/api/v1/users/"+added.ID, key, nil, 204, nil)
	e.MustCall("GET", "/api/v1/users/"+added.ID, key, nil, 404, nil)

	var created account.CreatedKey
	e.MustCall("POST", "/api/v1/api-keys", key, map[string]string{"kind": "secret", "name": "CRM sync"}, 201, &created)
	if !strings.HasPrefix(created.Key, "cxm_sk_") || created.Name != "CRM sync" {
		t.Fatalf("got %+v", created)
	}
	e.MustCall("GET", "/api/v1/cx-model", created.Key, nil, 200, nil)
	status, body := e.Call("GET", "/api/v1/api-keys/"+created.ID, key, nil)
	if status != 200 || strings.Contains(string(body), created.Key) {
		t.Errorf("got %d %s: a stored key must never be shown again", status, body)
	}
	e.MustCall("DELETE", "/api/v1/api-keys/"+created.ID, key, nil, 200, nil)
	e.MustCall("GET", "/api/v1/cx-model", created.Key, nil, 401, nil)
}

func mustUser(t *testing.T, e *webtest.Env, id string) cx.User {
	t.Helper()
	u, err := e.Store.User(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
