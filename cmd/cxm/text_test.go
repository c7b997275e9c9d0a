package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/text"
)

// TestTextAnalyze: one JSON object a line, in the order of the input,
// with every field the issue names; blank lines and bad bytes included.
func TestTextAnalyze(t *testing.T) {
	in := "Đồ uống ngon nhưng chờ lâu quá\n\nThe staff were rude\r\ngọi chị Lan 0912 345 678 nhé\n\xff\x00ok"
	out, errOut, err := runCmd(t, testGetenv(t), in, "text", "analyze")
	if err != nil {
		t.Fatalf("%v: %s", err, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("got %d lines, want 5: %s", len(lines), out)
	}
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		for _, k := range []string{"language", "sentiment", "score", "mixed", "aspects", "redacted"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%q has no %s", l, k)
			}
		}
		got = append(got, m)
	}
	if got[0]["sentiment"] != "negative" || got[0]["mixed"] != true || len(got[0]["aspects"].([]any)) != 2 {
		t.Errorf("line 1: got %v", got[0])
	}
	if got[1]["language"] != "other" || got[1]["sentiment"] != "neutral" {
		t.Errorf("blank line: got %v", got[1])
	}
	if got[2]["language"] != "en" || got[2]["sentiment"] != "negative" || got[2]["redacted"] != "The staff were rude" {
		t.Errorf("line 3: got %v", got[2])
	}
	if got[3]["redacted"] != "gọi chị [NAME] [PHONE] nhé" {
		t.Errorf("line 4: got %v", got[3]["redacted"])
	}
	if _, _, err := runCmd(t, testGetenv(t), strings.Repeat("x", maxTextLine+10), "text", "analyze"); err == nil ||
		!strings.Contains(err.Error(), "line 1") {
		t.Errorf("an over-long line: got %v, want an error naming line 1", err)
	}
}

// TestTextTrain: `cxm text train` writes the model the binary carries.
func TestTextTrain(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model")
	}
	file := filepath.Join(t.TempDir(), "m.bin")
	if _, errOut, err := runCmd(t, testGetenv(t), "", "text", "train", "--out", file); err != nil {
		t.Fatalf("%v: %s", err, errOut)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(text.ShippedModel()) {
		t.Errorf("trained %d bytes, differ from the shipped %d", len(b), len(text.ShippedModel()))
	}
	out, errOut, err := runCmd(t, testGetenv(t), "ngon\n", "text", "analyze", "--model", file)
	if err != nil || !strings.Contains(out, `"sentiment":"positive"`) {
		t.Errorf("with --model: got %q %v %s", out, err, errOut)
	}
}

// TestTextAnalyzeWorkspace: --workspace reads with the workspace's model
// retrained on its corrections and with its own aspects, as its text
// worker does; another workspace's id is refused.
func TestTextAnalyzeWorkspace(t *testing.T) {
	getenv := testGetenv(t)
	out, errOut, err := runCmd(t, getenv, "", "workspace", "create", "Cà phê Sáng")
	if err != nil {
		t.Fatalf("%v: %s", err, errOut)
	}
	wsID := strings.TrimSpace(out)
	ctx := context.Background()
	st, err := store.Open(ctx, getenv("CXM_DATABASE_URL"), getenv("CXM_DATA_DIR"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveTextAspect(ctx, wsID, cx.TextAspect{Key: "parking", Name: cx.Text{Vi: "Gửi xe", En: "Parking"},
		Phrases: []string{"gửi xe"}, UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	m, err := text.TrainWorkspace([]text.Example{{Text: "cũng được", Label: text.Positive}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	m.WriteTo(&b)
	base, _ := text.Shipped()
	if err := st.SaveTextModel(ctx, wsID, store.TextModel{Version: m.Version, BaseVersion: base.Version, Corrections: 1,
		CorrectedUntil: time.Now(), Model: b.Bytes(), TrainedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	analyse := func(args ...string) []text.Analysis {
		t.Helper()
		out, errOut, err := runCmd(t, getenv, "cũng được\nKhông có chỗ gửi xe\n", append([]string{"text", "analyze"}, args...)...)
		if err != nil {
			t.Fatalf("%v: %s", err, errOut)
		}
		var got []text.Analysis
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var a text.Analysis
			if err := json.Unmarshal([]byte(l), &a); err != nil {
				t.Fatal(err)
			}
			got = append(got, a)
		}
		return got
	}
	shipped, own := analyse(), analyse("--workspace", wsID)
	if !(own[0].Score > shipped[0].Score) {
		t.Errorf("the corrected text scores %v with the workspace's model, %v with the shipped one: want higher", own[0].Score, shipped[0].Score)
	}
	if len(own[1].Aspects) != 1 || own[1].Aspects[0].Aspect != "parking" || len(shipped[1].Aspects) != 0 {
		t.Errorf("aspects: workspace %v, shipped %v; want parking with the workspace only", own[1].Aspects, shipped[1].Aspects)
	}
	if _, _, err := runCmd(t, getenv, "x\n", "text", "analyze", "--workspace", "ws_nope"); err == nil {
		t.Error("an unknown workspace was taken")
	}
}
