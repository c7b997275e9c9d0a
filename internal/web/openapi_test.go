package web_test

import (
	"cxm/internal/web/webtest"
	"encoding/json"
	"strings"
	"testing"
)

// TestOpenAPICoversRoutes fails when a registered API route is missing from
// openapi.json, or the document describes a route that does not exist.
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
		if !ok || !strings.HasPrefix(path, "/api/") {
			continue
		}
		registered[strings.ToLower(method)+" "+path] = true
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("route %s is missing from openapi.json", pattern)
		}
	}
	if len(registered) < 20 {
		t.Fatalf("found only %d API routes: is Routes() still listing them?", len(registered))
	}
	for path, ops := range doc.Paths {
		if !strings.HasPrefix(path, "/api/") {
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
