package api_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
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

	added := e.Join(invite(t, e, key, "Lan@Hoa.VN", "agent").Link, "Lan").UserID()
	var member cx.Member
	e.MustCall("PUT", "/api/v1/users/"+added, key, map[string]string{"role": "analyst"}, 200, &member)
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
	e.MustCall("DELETE", "/api/v1/users/"+added, key, nil, 204, nil)
	e.MustCall("GET", "/api/v1/users/"+added, key, nil, 404, nil)

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

// invite invites email with role through the API and returns the answer.
func invite(t *testing.T, e *webtest.Env, key, email, role string) account.Invited {
	t.Helper()
	var inv account.Invited
	e.MustCall("POST", "/api/v1/users", key, map[string]any{"email": email, "role": role}, 201, &inv)
	return inv
}

// TestAPIAddUserIsInvitation: with one workspace's secret key, adding the
// owner of another workspace answers exactly as adding a new address, and
// adds nobody; they stay where they were until they accept.
func TestAPIAddUserIsInvitation(t *testing.T) {
	e := webtest.Start(t)
	ctx := context.Background()
	wsA, keyA := e.Workspace("Tiệm A")
	wsB, _ := e.Workspace("Tiệm B")
	if _, err := account.New(e.Store, time.Now).AddUser(ctx, account.Operator(wsB),
		account.NewUser{Email: "chu@b.vn", Name: "Chủ tiệm B", Role: cx.RoleOwner, Password: webtest.Password}); err != nil {
		t.Fatal(err)
	}
	answers := map[string]map[string]any{}
	for _, email := range []string{"chu@b.vn", "moi@x.vn"} {
		status, body := e.Call("POST", "/api/v1/users", keyA, map[string]any{"email": email, "role": "admin"})
		if status != 201 || strings.Contains(string(body), "Chủ tiệm B") {
			t.Fatalf("inviting %s: got %d %s, want 201 without the name", email, status, body)
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		answers[email] = m
	}
	if k1, k2 := slices.Sorted(maps.Keys(answers["chu@b.vn"])), slices.Sorted(maps.Keys(answers["moi@x.vn"])); !slices.Equal(k1, k2) {
		t.Fatalf("the answers differ in shape: %v and %v", k1, k2)
	}
	if a := answers["chu@b.vn"]; a["status"] != "pending" || !strings.HasPrefix(a["link"].(string), e.URL+"/join/") || a["emailed"] != false {
		t.Fatalf("got %v, want a pending invitation with its link, not emailed (no SMTP)", a)
	}
	ms, _ := e.Store.Members(ctx, wsA, store.Page{})
	if len(ms.Items) != 0 {
		t.Fatalf("A has %d members, want none before anyone accepts", len(ms.Items))
	}
	var pending struct{ Items []cx.UserInvitation }
	e.MustCall("GET", "/api/v1/user-invitations", keyA, nil, 200, &pending)
	if len(pending.Items) != 2 || pending.Items[0].Status != "pending" {
		t.Fatalf("pending: got %+v, want two", pending.Items)
	}
	c := e.Client()
	c.Get("/login")
	c.Post("/login", url.Values{"email": {"chu@b.vn"}, "password": {webtest.Password}}).Want(200, "Tiệm B")

	// Revoking an invitation through the API spends its link.
	e.MustCall("DELETE", "/api/v1/user-invitations/"+pending.Items[0].ID, keyA, nil, 204, nil)
	e.MustCall("DELETE", "/api/v1/user-invitations/"+pending.Items[0].ID, keyA, nil, 404, nil)
}
