package ui_test

import (
	"net/http"
	"strings"
	"testing"

	"cxm/internal/web/webtest"
)

// TestUILoginFollowsTheWorkspace: before anyone signs in, the login page
// of a fresh install is Vietnamese whatever the browser asks, and once the
// business chose English it is English.
func TestUILoginFollowsTheWorkspace(t *testing.T) {
	a := webtest.Start(t)
	login := func() string {
		t.Helper()
		req, _ := http.NewRequest("GET", a.URL+"/login", nil)
		req.Header.Set("Accept-Language", "en-US,en;q=0.9")
		status, body := a.Send(req)
		if status != 200 {
			t.Fatalf("login: %d", status)
		}
		return string(body)
	}
	if b := login(); !strings.Contains(b, `<html lang="vi">`) {
		t.Error("the login page of a fresh install is not in Vietnamese")
	}
	a.Setup("en")
	if b := login(); !strings.Contains(b, `<html lang="en">`) {
		t.Error("the login page does not follow the workspace's English")
	}
}

// TestUISettingsPickFromLists: the time zone and the currency are chosen
// from lists, the workspace's own selected.
func TestUISettingsPickFromLists(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.Get("/settings/workspace").Want(200)
	for _, want := range []string{`<select id="f-timezone" name="timezone"`, `<option value="Asia/Ho_Chi_Minh" selected>`, `<select id="f-currency" name="currency"`, `<option value="VND" selected>`, `<option value="Europe/Paris">`} {
		if !strings.Contains(c.Body, want) {
			t.Errorf("the settings page lacks %s", want)
		}
	}
}
