package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cxm/internal/store"
)

// buildCXM builds the cxm binary into a temporary directory. Without a Go
// toolchain the test skips, except under CI.
func buildCXM(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("go is not installed: CI needs it to build cxm")
		}
		t.Skip("go is not installed")
	}
	bin := filepath.Join(t.TempDir(), "cxm")
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startCXM starts `cxm serve` as a child process on the SQLite database in
// dir and returns it with its base URL.
func startCXM(t *testing.T, bin, dir string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			go func() {
				for lines.Scan() {
				}
			}()
			return cmd, m[1]
		}
	}
	t.Fatalf("cxm serve did not start: %v", lines.Err())
	return nil, ""
}

// TestCrashKeepsAcknowledgedEvents sends batches from several clients to a
// real cxm process, kills it with SIGKILL in the middle, restarts it and
// checks that every event answered 200 is in the database.
func TestCrashKeepsAcknowledgedEvents(t *testing.T) {
	bin := buildCXM(t)
	dir := t.TempDir()
	env := func(name string) string {
		if name == "CXM_DATA_DIR" {
			return dir
		}
		return ""
	}
	wsOut, _, err := runCmd(t, env, "", "workspace", "create", "Crash")
	if err != nil {
		t.Fatal(err)
	}
	keyOut, _, err := runCmd(t, env, "", "apikey", "create", "--workspace", strings.TrimSpace(wsOut), "--kind", "write")
	if err != nil {
		t.Fatal(err)
	}
	writeKey := strings.TrimSpace(keyOut)

	cmd, base := startCXM(t, bin, dir)
	var acked sync.Map
	var nAcked, nFailed atomic.Int64
	stop := make(chan struct{})
	var clients sync.WaitGroup
	for c := range 4 {
		clients.Go(func() { sendUntil(stop, base, writeKey, c, &acked, &nAcked, &nFailed) })
	}
	deadline := time.Now().Add(20 * time.Second)
	for nAcked.Load() < 2000 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL, mid-stream
		t.Fatal(err)
	}
	cmd.Wait()
	time.Sleep(50 * time.Millisecond)
	close(stop)
	clients.Wait()
	if nAcked.Load() == 0 {
		t.Fatal("no batch was acknowledged before the kill")
	}

	_, base = startCXM(t, bin, dir)
	if res, err := http.Get(base + "/readyz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("restarted cxm not ready: %v", err)
	}
	stored := storedMessageIDs(t, dir)
	missing := 0
	acked.Range(func(k, _ any) bool {
		if !stored[k.(string)] {
			missing++
		}
		return true
	})
	t.Logf("%d events acknowledged, %d requests failed at the kill, %d events stored", nAcked.Load(), nFailed.Load(), len(stored))
	if missing > 0 {
		t.Errorf("%d acknowledged events are not in the database", missing)
	}
	if counted := countedEvents(t, dir); counted != len(stored) {
		t.Errorf("the customers' summaries count %d events, the database holds %d: a commit was torn", counted, len(stored))
	}
}

// countedEvents adds up the events the customers' summaries count, which
// the writer keeps in the transaction that stores the events.
func countedEvents(t *testing.T, dir string) int {
	t.Helper()
	st, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var n int
	if err := st.DB().QueryRow(`SELECT COALESCE(SUM(events), 0) FROM customers`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sendUntil posts batches of 50 events until stop is closed, recording the
// message ids of every batch answered 200.
func sendUntil(stop chan struct{}, base, writeKey string, client int, acked *sync.Map, nAcked, nFailed *atomic.Int64) {
	hc := &http.Client{Timeout: 5 * time.Second}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		ids := make([]string, 50)
		batch := make([]map[string]any, 50)
		for j := range batch {
			ids[j] = fmt.Sprintf("c%d-b%d-e%d", client, i, j)
			batch[j] = map[string]any{"type": "track", "event": "Product Viewed", "messageId": ids[j],
				"anonymousId": fmt.Sprintf("visitor-%d", j%7), "properties": map[string]any{"product_id": j}}
			if j%2 == 1 { // users new and known, each event of a batch another: the writer's bulk inserts of new customers
				batch[j]["userId"] = fmt.Sprintf("user-%d", (i*50+j)%997)
				batch[j]["anonymousId"] = ids[j]
			}
		}
		body, _ := json.Marshal(map[string]any{"batch": batch})
		req, _ := http.NewRequest("POST", base+"/v1/batch", bytes.NewReader(body))
		req.SetBasicAuth(writeKey, "")
		res, err := hc.Do(req)
		if err != nil {
			nFailed.Add(1)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		res.Body.Close()
		if res.StatusCode == 200 {
			for _, id := range ids {
				acked.Store(id, true)
			}
			nAcked.Add(int64(len(ids)))
		}
	}
}

// storedMessageIDs reads every message id in the SQLite database in dir.
func storedMessageIDs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	st, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.DB().Query(`SELECT message_id FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[id] = true
	}
	return out
}

func TestAnalyticsRebuild(t *testing.T) {
	getenv := testGetenv(t)
	wsOut, _, err := runCmd(t, getenv, "", "workspace", "create", "Rebuild")
	if err != nil {
		t.Fatal(err)
	}
	ws := strings.TrimSpace(wsOut)
	out, _, err := runCmd(t, getenv, "", "analytics", "rebuild", "--workspace", ws)
	if err != nil || !strings.Contains(out, ws+": 0 customers rebuilt") || !strings.Contains(out, ws+": 0 answers and reviews rebuilt into the score rollups") {
		t.Errorf("got %q, %v", out, err)
	}
	if _, _, err := runCmd(t, getenv, "", "analytics", "rebuild", "--workspace", "ws_nope"); err == nil {
		t.Error("an unknown workspace: got no error")
	}
	if _, _, err := runCmd(t, getenv, "", "analytics", "rebuild"); err != nil {
		t.Errorf("every workspace: %v", err)
	}
}
