package web

import (
	"net/http"

	"cxm/internal/cx"
)

// registerRoutes lists every route of cxm. Each /api/v1 route must also be
// described in openapi.json; a test checks it.
func (s *Server) registerRoutes() {
	// Health and metrics.
	s.handle("GET /healthz", s.healthz)
	s.handle("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.handle("GET /api/openapi.json", s.openAPI)

	// JSON API: a secret key (Authorization: Bearer) or a session.
	s.handle("GET /api/v1/workspace", s.api(cx.ActView, s.getWorkspace))
	s.handle("PUT /api/v1/workspace", s.api(cx.ActEditModel, s.putWorkspace))
	s.handle("GET /api/v1/cx-model", s.api(cx.ActView, s.getCXModel))
	s.handle("PUT /api/v1/cx-model", s.api(cx.ActEditModel, s.putCXModel))
	s.handle("GET /api/v1/journeys", s.api(cx.ActView, s.listJourneys))
	s.handle("POST /api/v1/journeys", s.api(cx.ActEditModel, s.createJourney))
	s.handle("GET /api/v1/journeys/{id}", s.api(cx.ActView, s.getJourney))
	s.handle("PUT /api/v1/journeys/{id}", s.api(cx.ActEditModel, s.putJourney))
	s.handle("DELETE /api/v1/journeys/{id}", s.api(cx.ActEditModel, s.deleteJourney))
	s.handle("GET /api/v1/touchpoints", s.api(cx.ActView, s.listTouchpoints))
	s.handle("POST /api/v1/touchpoints", s.api(cx.ActEditModel, s.createTouchpoint))
	s.handle("GET /api/v1/touchpoints/{id}", s.api(cx.ActView, s.getTouchpoint))
	s.handle("PUT /api/v1/touchpoints/{id}", s.api(cx.ActEditModel, s.putTouchpoint))
	s.handle("DELETE /api/v1/touchpoints/{id}", s.api(cx.ActEditModel, s.deleteTouchpoint))
	s.handle("GET /api/v1/milestones", s.api(cx.ActView, s.listMilestones))
	s.handle("POST /api/v1/milestones", s.api(cx.ActEditModel, s.createMilestone))
	s.handle("GET /api/v1/milestones/{id}", s.api(cx.ActView, s.getMilestone))
	s.handle("PUT /api/v1/milestones/{id}", s.api(cx.ActEditModel, s.putMilestone))
	s.handle("DELETE /api/v1/milestones/{id}", s.api(cx.ActEditModel, s.deleteMilestone))
	s.handle("GET /api/v1/users", s.api(cx.ActView, s.listUsers))
	s.handle("POST /api/v1/users", s.api(cx.ActManageUsers, s.createUser))
	s.handle("GET /api/v1/users/{id}", s.api(cx.ActView, s.getUser))
	s.handle("PUT /api/v1/users/{id}", s.api(cx.ActManageUsers, s.putUser))
	s.handle("DELETE /api/v1/users/{id}", s.api(cx.ActManageUsers, s.deleteUser))
	s.handle("GET /api/v1/api-keys", s.api(cx.ActManageKeys, s.listAPIKeys))
	s.handle("POST /api/v1/api-keys", s.api(cx.ActManageKeys, s.createAPIKey))
	s.handle("GET /api/v1/api-keys/{id}", s.api(cx.ActManageKeys, s.getAPIKey))
	s.handle("DELETE /api/v1/api-keys/{id}", s.api(cx.ActManageKeys, s.revokeAPIKey))
	s.handle("/api/", s.apiNotFound)

	// Dashboard. BEGIN DASHBOARD ROUTES
	s.registerPages()
	// END DASHBOARD ROUTES
}

// apiNotFound answers unknown API paths in JSON.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, cx.Errorf(cx.NotFound, "no such API route: %s %s", r.Method, r.URL.Path))
}
