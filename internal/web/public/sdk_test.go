package public_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// get sends a GET with an Origin and returns the response and its body.
func get(t *testing.T, e *webtest.Env, path string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req := e.Request("GET", path, nil)
	req.Header.Set("Origin", "https://shop.example.vn")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// TestSDKSettings checks what the browser SDKs load before they send: the
// Segment settings and the RudderStack source config point at this server
// alone, and an unknown or revoked key is a JSON 404 a browser can read.
func TestSDKSettings(t *testing.T) {
	e := webtest.Start(t)
	_, secretKey := e.Workspace("Cửa hàng Hoa")
	var k account.CreatedKey
	e.MustCall("POST", "/api/v1/api-keys", secretKey, map[string]any{"kind": "write"}, 201, &k)

	res, b := get(t, e, "/v1/projects/"+k.Key+"/settings", nil)
	var settings struct {
		Integrations map[string]map[string]any
		Metrics      struct{ SampleRate *float64 }
	}
	if err := json.Unmarshal(b, &settings); err != nil || res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("settings: got %d %s (CORS %q): %v", res.StatusCode, b, res.Header.Get("Access-Control-Allow-Origin"), err)
	}
	seg := settings.Integrations["Segment.io"]
	host := strings.TrimPrefix(e.URL, "http://")
	if len(settings.Integrations) != 1 || seg["apiKey"] != k.Key || seg["apiHost"] != host+"/v1" || seg["protocol"] != "http" {
		t.Errorf("settings: got integrations %v, want Segment.io alone with apiHost %s/v1", settings.Integrations, host)
	}
	if settings.Metrics.SampleRate == nil || *settings.Metrics.SampleRate != 0 {
		t.Errorf("settings: metrics must be off (sampleRate 0): %s", b)
	}

	res, b = get(t, e, "/sourceConfig/?p=npm&v=3.34.1&build=modern&writeKey="+k.Key+"&lockIntegrationsVersion=true", nil)
	var rudder struct {
		Source struct {
			ID           string
			Enabled      bool
			Destinations []any
			Config       struct {
				StatsCollection map[string]struct{ Enabled bool }
			}
		}
	}
	if err := json.Unmarshal(b, &rudder); err != nil || res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("sourceConfig: got %d %s: %v", res.StatusCode, b, err)
	}
	s := rudder.Source
	if s.ID == "" || !s.Enabled || s.Destinations == nil || len(s.Destinations) != 0 ||
		s.Config.StatsCollection["errors"].Enabled || s.Config.StatsCollection["metrics"].Enabled {
		t.Errorf("sourceConfig: got %s, want an enabled source, no destinations, no reports", b)
	}
	req := e.Request("GET", "/sourceConfig", nil) // the key as the HTTP Basic user only
	req.SetBasicAuth(k.Key, "")
	if status, b := e.Send(req); status != 200 {
		t.Errorf("sourceConfig with Basic auth: got %d %s", status, b)
	}

	e.MustCall("DELETE", "/api/v1/api-keys/"+k.ID, secretKey, nil, 200, nil)
	for _, path := range []string{"/v1/projects/" + k.Key + "/settings", "/v1/projects/cxm_wk_nothing/settings",
		"/sourceConfig/?writeKey=" + k.Key, "/sourceConfig/", "/analytics.js/v1/" + k.Key + "/analytics.min.js"} {
		res, b := get(t, e, path, nil)
		var apiErr webtest.APIError
		if err := json.Unmarshal(b, &apiErr); err != nil || res.StatusCode != 404 || apiErr.Error.Field != "writeKey" ||
			res.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s with a revoked or unknown key: got %d %s %q, want a JSON 404 about writeKey with CORS",
				path, res.StatusCode, res.Header.Get("Content-Type"), b)
		}
	}
}

// TestSDKLibrary checks the Segment snippet's library path and the chunks
// it loads: the vendored build, its type and cache headers, gzip, ETag.
func TestSDKLibrary(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Thư viện")
	wk := e.Key(wsID, cx.KeyWrite)
	res, b := get(t, e, "/analytics.js/v1/"+wk+"/analytics.min.js", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") ||
		res.Header.Get("Cache-Control") != "public, max-age=3600" || !strings.Contains(string(b), "analytics-next/bundles/") {
		t.Fatalf("library: got %d %v (%d bytes)", res.StatusCode, res.Header, len(b))
	}
	res, _ = get(t, e, "/analytics.js/v1/"+wk+"/analytics.min.js", map[string]string{"If-None-Match": res.Header.Get("ETag")})
	if res.StatusCode != 304 {
		t.Errorf("library revalidated: got %d, want 304", res.StatusCode)
	}
	res, b = get(t, e, "/analytics-next/bundles/queryString.bundle.34b193ada8fe288d1bd1.js", map[string]string{"Accept-Encoding": "gzip"})
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || len(b) == 0 {
		t.Errorf("bundle: got %d %v", res.StatusCode, res.Header)
	}
	if res, _ := get(t, e, "/analytics-next/bundles/nothing.js", nil); res.StatusCode != 404 {
		t.Errorf("unknown bundle: got %d, want 404", res.StatusCode)
	}
}

// TestSDKPreflight checks that a preflight allows exactly the headers the
// SDKs send, and echoes nothing else.
func TestSDKPreflight(t *testing.T) {
	e := webtest.Start(t)
	for _, path := range []string{"/v1/t", "/v1/b", "/v1/identify", "/sourceConfig/", "/sourceConfig"} {
		req := e.Request("OPTIONS", path, nil)
		req.Header.Set("Origin", "https://shop.example.vn")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "x-evil, cookie")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		allowed := map[string]bool{}
		for _, h := range strings.Split(res.Header.Get("Access-Control-Allow-Headers"), ",") {
			allowed[strings.ToLower(strings.TrimSpace(h))] = true
		}
		for _, h := range []string{"authorization", "content-type", "x-retry-count", "anonymousid", "sentat",
			"rsa-recovered", "rsa-retry-attempt", "rsa-since-last-attempt", "rsa-since-first-attempt", "rsa-retry-reason"} {
			if !allowed[h] {
				t.Errorf("OPTIONS %s: %s is not allowed: %q", path, h, res.Header.Get("Access-Control-Allow-Headers"))
			}
		}
		if res.StatusCode != 204 || allowed["x-evil"] || allowed["cookie"] || res.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("OPTIONS %s: got %d %v", path, res.StatusCode, res.Header)
		}
	}
}

// TestSDKPathsAreTheV1Door sends the same calls, good and bad, to the short
// paths and the beacon path and to the /v1 path they stand for: the answers
// are the same, and what is accepted lands.
func TestSDKPathsAreTheV1Door(t *testing.T) {
	e := webtest.Start(t)
	wsID, secretKey := e.Workspace("Cửa")
	wk := e.Key(wsID, cx.KeyWrite)
	var revoked account.CreatedKey
	e.MustCall("POST", "/api/v1/api-keys", secretKey, map[string]any{"kind": "write"}, 201, &revoked)
	e.MustCall("DELETE", "/api/v1/api-keys/"+revoked.ID, secretKey, nil, 200, nil)
	huge := `{"userId":"u","event":"X","properties":{"note":"` + strings.Repeat("x", 600<<10) + `"}}`
	cases := []struct{ name, key, body string }{
		{"revoked key", revoked.Key, `{"userId":"u","event":"X"}`},
		{"wrong key", "cxm_wk_nothing", `{"userId":"u","event":"X"}`},
		{"no key", "", `{"userId":"u","event":"X"}`},
		{"bad JSON", wk, `{"userId":"u",`},
		{"oversized", wk, huge},
		{"NUL", wk, `{"userId":"u\u0000","event":"X"}`},
	}
	send := func(path, key, body string) (int, string) {
		req := e.Request("POST", path, body)
		req.Header.Set("Content-Type", "text/plain")
		if key != "" {
			req.SetBasicAuth(key, "")
		}
		status, b := e.Send(req)
		return status, string(b)
	}
	for _, pair := range [][2]string{{"/v1/t", "/v1/track"}, {"/v1/b", "/v1/batch"}, {"/beacon/v1/batch", "/v1/batch"}} {
		for _, c := range cases {
			body := c.body
			if strings.HasSuffix(pair[1], "batch") {
				body = `{"batch":[` + c.body + `]}`
			}
			gotStatus, got := send(pair[0], c.key, body)
			wantStatus, want := send(pair[1], c.key, body)
			if gotStatus != wantStatus || got != want || gotStatus < 400 {
				t.Errorf("%s, %s: got %d %s, want what %s answers: %d %s", pair[0], c.name, gotStatus, got, pair[1], wantStatus, want)
			}
		}
	}
	// Accepted: the short paths, and the beacon path with the key in the
	// query, as sendBeacon sends it.
	for path, body := range map[string]string{
		"/v1/i": `{"userId":"u-short","traits":{"name":"Đỗ Minh Thư"}}`,
		"/v1/p": `{"userId":"u-short","name":"Trang chủ"}`,
		"/v1/b": `{"batch":[{"type":"track","userId":"u-short","event":"Product Viewed"}]}`,
	} {
		if status, b := send(path, wk, body); status != 200 {
			t.Errorf("%s: got %d %s", path, status, b)
		}
	}
	if status, b := send("/beacon/v1/batch?writeKey="+wk, "", `{"batch":[{"type":"track","userId":"u-short","event":"Page Left"}]}`); status != 200 {
		t.Errorf("beacon: got %d %s", status, b)
	}
	c := e.Customer(wsID, cx.IDUser, "u-short")
	if c.FullName != "Đỗ Minh Thư" || c.Summary.Events != 4 || c.Summary.PageViews != 1 || c.Summary.ProductsViewed != 1 {
		t.Errorf("got %q with %+v, want 4 events", c.FullName, c.Summary)
	}
}

// TestIdentifyContextTraits checks an identify as RudderStack's browser
// SDK sends it, with the traits in context.traits only: the profile gets
// them, and the call's own traits win where both say something.
func TestIdentifyContextTraits(t *testing.T) {
	e := webtest.Start(t)
	wsID, _ := e.Workspace("Ngữ cảnh")
	wk := e.Key(wsID, cx.KeyWrite)
	e.Track(wk, "identify", map[string]any{"userId": "rs-1", "anonymousId": "rs-a1", "context": map[string]any{
		"traits": map[string]any{"name": "Vũ Thị Lan", "email": "Lan@Example.vn", "phone": "0912 345 678", "tier": "bạc"}}})
	c := e.Customer(wsID, cx.IDUser, "rs-1")
	if c.FullName != "Vũ Thị Lan" || c.Email != "lan@example.vn" || c.Phone != "+84912345678" || c.Traits["tier"] != "bạc" {
		t.Errorf("context.traits only: got name %q email %q phone %q traits %v", c.FullName, c.Email, c.Phone, c.Traits)
	}
	e.Track(wk, "identify", map[string]any{"userId": "rs-1", "traits": map[string]any{"tier": "vàng"},
		"context": map[string]any{"traits": map[string]any{"tier": "bạc", "city": "Huế"}}})
	c = e.Customer(wsID, cx.IDUser, "rs-1")
	if c.Traits["tier"] != "vàng" || c.City != "Huế" {
		t.Errorf("both: got tier %v city %q, want vàng (the call's own) and Huế", c.Traits["tier"], c.City)
	}
}
