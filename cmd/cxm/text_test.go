package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
