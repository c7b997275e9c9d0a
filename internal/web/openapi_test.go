package web_test

import (
	"cxm/internal/web/webtest"
	"encoding/json"
	"strings"
	"testing"
)

// TestOpenAPICoversRoutes fails when a registered route of a documented
// surface (/api/, the /v1 ingestion and widget API, the /s/ survey pages)
// is missing from openapi.json, or the document describes a route of those
// surfaces that does not exist.
func TestOpenAPICoversRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	e := webtest.Start(t)
	status, document := e.Call("GET", "/api/openapi.json", "", nil)
	if status != 200 {
		t.Fatalf("GET /api/openapi.json: got %d", status)
	}
	if err := json.Unmarshal(document, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("got openapi %q, want 3.x", doc.OpenAPI)
	}
	registered := map[string]bool{}
	for _, pattern := range e.Server.Routes() {
		method, path, ok := strings.Cut(pattern, " ")
		if !ok || !documented(path) {
			continue
		}
		registered[strings.ToLower(method)+" "+path] = true
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("route %s is missing from openapi.json", pattern)
		}
	}
	for _, prefix := range []string{"/api/", "/v1/", "/s/"} {
		n := 0
		for route := range registered {
			if strings.Contains(route, " "+prefix) {
				n++
			}
		}
		if n < 5 {
			t.Fatalf("found only %d routes under %s: is Routes() still listing them?", n, prefix)
		}
	}
	for path, ops := range doc.Paths {
		if !documented(path) {
			continue
		}
		for method := range ops {
			if method == "parameters" {
				continue
			}
			if !registered[method+" "+path] {
				t.Errorf("openapi.json describes %s %s, which no route serves", strings.ToUpper(method), path)
			}
		}
	}
}

// documented reports whether routes under path must be in openapi.json.
func documented(path string) bool {
	return strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/v1/") || strings.HasPrefix(path, "/s/")
}
