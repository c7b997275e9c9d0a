package web_test

import (
	"strings"
	"testing"

	"cxm/internal/web/webtest"
)

func TestHealth(t *testing.T) {
	e := webtest.Start(t)
	e.MustCall("GET", "/healthz", "", nil, 200, nil)
	var ready map[string]string
	e.MustCall("GET", "/readyz", "", nil, 200, &ready)
	if ready["status"] != "ready" {
		t.Errorf("got %v", ready)
	}
	_, key := e.Workspace("Đo lường")
	e.MustCall("GET", "/api/v1/journeys", key, nil, 200, nil)
	_, body := e.Call("GET", "/metrics", "", nil)
	for _, want := range []string{
		`cxm_http_requests_total{code="200",route="GET /api/v1/journeys"} 1`,
		`cxm_http_request_duration_seconds_bucket{route="GET /api/v1/journeys"`,
		`go_sql_open_connections{db_name="cxm"}`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	e.Store.DB().Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)`)
	e.MustCall("GET", "/readyz", "", nil, 503, &ready)
}
