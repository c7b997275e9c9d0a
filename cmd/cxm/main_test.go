package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// testGetenv gives run a database of the test's own and nothing else of the
// environment.
func testGetenv(t *testing.T) func(string) string {
	url := storetest.URL(t)
	dir := t.TempDir()
	return func(name string) string {
		switch name {
		case "CXM_DATABASE_URL":
			return url
		case "CXM_DATA_DIR":
			return dir
		}
		return ""
	}
}

// runCmd runs one command to completion and returns its output.
func runCmd(t *testing.T, getenv func(string) string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut strings.Builder
	err = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestServe(t *testing.T) {
	getenv := testGetenv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, getenv, strings.NewReader(""), outW, io.Discard)
		outW.Close()
	}()

	lines := bufio.NewScanner(outR)
	var base, setup string
	for setup == "" && lines.Scan() {
		line := lines.Text()
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(line); m != nil {
			base = m[1]
		}
		if strings.Contains(line, "/setup/") {
			setup = strings.TrimSpace(line)
		}
	}
	go io.Copy(io.Discard, outR)
	if base == "" || !strings.HasPrefix(setup, base+"/setup/") {
		t.Fatalf("got base %q and setup link %q", base, setup)
	}
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("/readyz: got %d, want 200", res.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of its context ending")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

func TestServeRefusesNewerSchema(t *testing.T) {
	getenv := testGetenv(t)
	ctx := context.Background()
	st, err := store.Open(ctx, getenv("CXM_DATABASE_URL"), getenv("CXM_DATA_DIR"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, _, err = runCmd(t, getenv, "", "serve", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "newer cxm") {
		t.Errorf("got %v, want a refusal naming a newer cxm", err)
	}
}

func TestAdminCommands(t *testing.T) {
	getenv := testGetenv(t)
	out, _, err := runCmd(t, getenv, "", "workspace", "create", "Tiệm bánh Mai", "--template", "discovery")
	if err != nil {
		t.Fatal(err)
	}
	wsID := strings.TrimSpace(out)
	if !regexp.MustCompile(`^ws_[0-9a-z]{26}$`).MatchString(wsID) {
		t.Fatalf("workspace create printed %q, want only the id", out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"workspace", "create"}, "usage"},
		{[]string{"workspace", "create", "X", "--template", "funnel"}, "template"},
		{[]string{"user", "create", "--workspace", wsID, "--email", "a@b.vn"}, "missing --role"},
		{[]string{"user", "create", "--workspace", "ws_missing", "--email", "a@b.vn", "--role", "owner"}, "workspace not found"},
		{[]string{"user", "create", "--workspace", wsID, "--email", "a@b.vn", "--role", "king"}, "role"},
		{[]string{"apikey", "create", "--workspace", wsID, "--kind", "root"}, "--kind"},
		{[]string{"apikey", "revoke", "--workspace", wsID}, "usage"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"serve", "--addr", "nonsense"}, "--addr"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--trusted-proxies", "10.0.0.0/8,proxy.lan"}, "--trusted-proxies"},
	} {
		if _, _, err := runCmd(t, getenv, "", tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("cxm %s: got error %v, want one mentioning %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}

	// A password from standard input, and a one-time one.
	if out, _, err := runCmd(t, getenv, "mật khẩu rất dài\n", "user", "create", "--workspace", wsID, "--email", "Mai@Banh.vn", "--role", "owner"); err != nil || out != "" {
		t.Fatalf("user create with stdin: got %q, %v", out, err)
	}
	out, _, err = runCmd(t, getenv, "", "user", "create", "--workspace", wsID, "--email", "thu@banh.vn", "--role", "agent", "--name", "Thu")
	if err != nil {
		t.Fatal(err)
	}
	oneTime := strings.TrimSpace(out)
	st := openTestStore(t, getenv)
	for email, password := range map[string]string{"mai@banh.vn": "mật khẩu rất dài", "thu@banh.vn": oneTime} {
		u, err := st.UserByEmail(context.Background(), email)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := secret.CheckPassword(u.PasswordHash, password); !ok {
			t.Errorf("%s: the password does not match", email)
		}
		if u.MustChangePassword != (email == "thu@banh.vn") {
			t.Errorf("%s: must change password = %v", email, u.MustChangePassword)
		}
	}
	out, _, err = runCmd(t, getenv, "", "user", "reset-password", "--email", "MAI@banh.vn")
	if err != nil || len(strings.TrimSpace(out)) < 16 {
		t.Fatalf("reset-password: got %q, %v", out, err)
	}

	// API keys: printed once, listed by prefix, revoked.
	out, _, err = runCmd(t, getenv, "", "apikey", "create", "--workspace", wsID, "--kind", "secret", "--name", "CRM")
	if err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(out)
	k, err := st.APIKeyByHash(context.Background(), secret.Hash(key))
	if err != nil || k.WorkspaceID != wsID || k.Kind != "secret" || k.Name != "CRM" {
		t.Fatalf("got key %+v, %v", k, err)
	}
	list, _, err := runCmd(t, getenv, "", "apikey", "list", "--workspace", wsID)
	if err != nil || !strings.Contains(list, k.ID) || strings.Contains(list, key) {
		t.Fatalf("apikey list: got %q, %v; want the id and never the key", list, err)
	}
	if _, _, err := runCmd(t, getenv, "", "apikey", "revoke", "--workspace", wsID, k.ID); err != nil {
		t.Fatal(err)
	}
	if k, _ := st.APIKey(context.Background(), wsID, k.ID); k.RevokedAt == nil {
		t.Error("the key is not revoked")
	}
}

func openTestStore(t *testing.T, getenv func(string) string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), getenv("CXM_DATABASE_URL"), getenv("CXM_DATA_DIR"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestHelp(t *testing.T) {
	getenv := testGetenv(t)
	for _, args := range [][]string{
		{"help"}, {"serve", "--help"}, {"migrate", "--help"}, {"workspace", "create", "--help"}, {"workspace", "list", "--help"},
		{"user", "create", "--help"}, {"user", "reset-password", "--help"}, {"apikey", "create", "--help"},
		{"apikey", "list", "--help"}, {"apikey", "revoke", "--help"},
	} {
		out, errOut, err := runCmd(t, getenv, "", args...)
		if err != nil || !strings.Contains(out+errOut, "Usage") {
			t.Errorf("cxm %s: got %v and %q, want usage", strings.Join(args, " "), err, out+errOut)
		}
	}
	if out, _, _ := runCmd(t, getenv, "", "version"); !strings.HasPrefix(out, "cxm ") {
		t.Errorf("version printed %q", out)
	}
}
