package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// serveLines starts `cxm serve` with args and returns its output lines as
// they come, and a function that stops it.
func serveLines(t *testing.T, getenv func(string) string, args ...string) (*bufio.Scanner, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, strings.NewReader(""), outW, io.Discard)
		outW.Close()
	}()
	return bufio.NewScanner(outR), func() {
		cancel()
		go io.Copy(io.Discard, outR)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	}
}

func TestServeDemo(t *testing.T) {
	getenv := testGetenv(t)
	env := func(k string) string {
		if k == "CXM_DEMO" {
			return "true"
		}
		return getenv(k)
	}
	lines, stop := serveLines(t, env)
	var base, email, password string
	for password == "" && lines.Scan() {
		line := lines.Text()
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(line); m != nil {
			base = m[1]
		}
		if m := regexp.MustCompile(`email:\s+(\S+)`).FindStringSubmatch(line); m != nil {
			email = m[1]
		}
		if m := regexp.MustCompile(`password:\s+(\S+)`).FindStringSubmatch(line); m != nil {
			password = m[1]
		}
	}
	if base == "" || email != "demo@cxm.local" || password == "" {
		stop()
		t.Fatalf("got base %q, email %q, password %q; want the demo login", base, email, password)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err := client.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/account/password" {
		t.Errorf("after signing in with the printed password: at %s, want /account/password", res.Request.URL.Path)
	}
	stop()

	lines, stop = serveLines(t, getenv, "--demo")
	var said string
	for lines.Scan() {
		if said = lines.Text(); strings.Contains(said, "Demo not created") {
			break
		}
	}
	stop()
	if !strings.Contains(said, "already has a workspace") {
		t.Errorf("second start with --demo: got %q, want it to leave the data alone", said)
	}
}
