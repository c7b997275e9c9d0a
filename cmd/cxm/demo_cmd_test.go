package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// TestDemoCommand: cxm demo makes a new workspace each time, prints its id
// alone on standard output, and reports its progress and counts on
// standard error; sizes beyond the limits are refused.
func TestDemoCommand(t *testing.T) {
	getenv := testGetenv(t)
	var ids []string
	for run := 0; run < 2; run++ {
		out, errs, err := runCmd(t, getenv, "", "demo", "--workspace-name", "Chuỗi thử", "--customers", "30", "--events", "400", "--feedback", "40", "--seed", "9")
		if err != nil {
			t.Fatalf("demo: %v\n%s", err, errs)
		}
		id := strings.TrimSpace(out)
		if !regexp.MustCompile(`^ws_[0-9a-z]+$`).MatchString(id) || !strings.Contains(errs, "30 customers, 400 events") {
			t.Fatalf("got stdout %q, stderr %q; want the workspace id, and the counts on stderr", out, errs)
		}
		ids = append(ids, id)
	}
	list, _, err := runCmd(t, getenv, "", "workspace", "list")
	if err != nil {
		t.Fatal(err)
	}
	if ids[0] == ids[1] || !strings.Contains(list, ids[0]) || !strings.Contains(list, ids[1]) || !strings.Contains(list, "Chuỗi thử") {
		t.Errorf("got ids %v and workspaces\n%s; want two new workspaces", ids, list)
	}
	for _, bad := range [][]string{{"--customers", "0"}, {"--customers", "10", "--events", "5"}, {"--events", "10000001"}, {"--feedback", "200001"}} {
		if _, _, err := runCmd(t, getenv, "", append([]string{"demo"}, bad...)...); err == nil {
			t.Errorf("demo %v: got no error, want it refused", bad)
		}
	}
}

// TestImportResponsesCommand: cxm import responses reads a Google Forms
// export into a survey of a demo workspace and prints the refused rows.
func TestImportResponsesCommand(t *testing.T) {
	getenv := testGetenv(t)
	out, _, err := runCmd(t, getenv, "", "demo", "--customers", "5", "--events", "20", "--feedback", "0")
	if err != nil {
		t.Fatal(err)
	}
	wsID := strings.TrimSpace(out)
	st := openTestStore(t, getenv)
	l, err := st.Surveys(context.Background(), wsID, store.Page{Limit: 10})
	if err != nil || len(l.Items) == 0 {
		t.Fatalf("got %v, %v; want the demo's surveys", l.Items, err)
	}
	var sv cx.Survey
	for _, s := range l.Items {
		if s.Name.Vi == "Trải nghiệm app thành viên" {
			sv = s
		}
	}
	file := filepath.Join(t.TempDir(), "forms.csv")
	os.WriteFile(file, []byte("Timestamp,How likely are you to recommend us to a friend?,How easy is ordering in the app?,What should we improve?\n"+
		"11/30/2026 17:54:03,10,7,Love it\n2/1/2026 8:05:00,3,8,Crashes\n"), 0o600)
	out, _, err = runCmd(t, getenv, "", "import", "responses", file, "--workspace", wsID, "--survey", sv.ID, "--date-order", "mdy")
	if err != nil || !strings.Contains(out, "2 rows read; 1 responses accepted: 1 new") || !strings.Contains(out, "line 3 (ces): the score must be a whole number from 1 to 7") {
		t.Errorf("got %v\n%s; want one response in and line 3 refused for its CES", err, out)
	}
}
