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
)

// TestCLIRevokeStopsRunningServer: a write key revoked with `cxm apikey
// revoke` is refused by the very next /v1 call to a server that is running
// and has just accepted it.
func TestCLIRevokeStopsRunningServer(t *testing.T) {
	getenv := testGetenv(t)
	out, _, err := runCmd(t, getenv, "", "workspace", "create", "Tiệm thu hồi")
	if err != nil {
		t.Fatal(err)
	}
	wsID := strings.TrimSpace(out)
	out, _, err = runCmd(t, getenv, "", "apikey", "create", "--workspace", wsID, "--kind", "write")
	if err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(out)
	base := startServe(t, getenv)

	track := func() int {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/v1/track", strings.NewReader(`{"userId":"u1","event":"Order Completed"}`))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(key, "")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	if got := track(); got != 200 {
		t.Fatalf("before revoking: got %d, want 200", got)
	}
	list, _, err := runCmd(t, getenv, "", "apikey", "list", "--workspace", wsID)
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`key_[0-9a-z]+`).FindString(list)
	if _, _, err := runCmd(t, getenv, "", "apikey", "revoke", "--workspace", wsID, id); err != nil {
		t.Fatal(err)
	}
	if got := track(); got != 401 {
		t.Fatalf("right after `cxm apikey revoke`: got %d, want 401", got)
	}
}

// startServe runs `cxm serve` on a free port until the test ends and
// returns its base URL.
func startServe(t *testing.T, getenv func(string) string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, getenv, strings.NewReader(""), outW, io.Discard)
		outW.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("cxm serve did not stop")
		}
	})
	lines := bufio.NewScanner(outR)
	for lines.Scan() {
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			go io.Copy(io.Discard, outR)
			return m[1]
		}
	}
	t.Fatal("serve printed no address")
	return ""
}
