package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cxm/internal/web/webtest"
)

// TestServeChecksSMTPCAFile: a CA file that is missing, unreadable or holds
// no certificate, or one given without --smtp-url, refuses to start with
// the flag named; a good one (flag or CXM_SMTP_CA_FILE) is taken.
func TestServeChecksSMTPCAFile(t *testing.T) {
	dir := t.TempDir()
	noCert := filepath.Join(dir, "empty.pem")
	if err := os.WriteFile(noCert, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// serve stops after 5 s if it wrongly starts, so the test fails
	// instead of waiting.
	serve := func(getenv func(string) string, args ...string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, strings.NewReader(""), io.Discard, io.Discard)
	}
	mb, caFile := webtest.StartTLSMailbox(t, false)
	url := "smtp://" + mb.Addr
	for _, tc := range []struct {
		name, want string
		args       []string
	}{
		{"missing", "no such file", []string{"--smtp-url", url, "--smtp-ca-file", filepath.Join(dir, "nope.pem")}},
		{"unreadable", "is a directory", []string{"--smtp-url", url, "--smtp-ca-file", dir}},
		{"no certificate", "no PEM certificate", []string{"--smtp-url", url, "--smtp-ca-file", noCert}},
		{"no SMTP", "without --smtp-url", []string{"--smtp-ca-file", caFile}},
	} {
		err := serve(testGetenv(t), tc.args...)
		if err == nil || !strings.HasPrefix(err.Error(), "--smtp-ca-file: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want a refusal naming --smtp-ca-file and %q", tc.name, err, tc.want)
		}
	}
	getenv := testGetenv(t)
	env := func(name string) string {
		switch name {
		case "CXM_SMTP_URL":
			return url
		case "CXM_SMTP_CA_FILE":
			return noCert
		}
		return getenv(name)
	}
	if err := serve(env); err == nil || !strings.Contains(err.Error(), "--smtp-ca-file") {
		t.Errorf("CXM_SMTP_CA_FILE with no certificate: got %v, want a refusal", err)
	}
}
