package web

import (
	"fmt"
	"net/http"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

// registerRoutes lists every route of cxm. Each /api/v1 route must also be
// described in openapi.json; a test checks it.
func (s *Server) registerRoutes() {
	// Health and metrics.
	s.handle("GET /healthz", s.healthz)
	s.handle("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.handle("GET /api/openapi.json", s.openAPI)
	s.handle("GET /js/cxm.js", s.serveSnippet)

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

	// Ingestion (/v1, Segment-compatible) and the tracking snippet.
	// BEGIN INGEST ROUTES
	for _, kind := range []string{"identify", "track", "page", "screen", "group", "alias", "batch"} {
		s.handle("POST /v1/"+kind, s.track(kind))
	}
	s.handle("OPTIONS /v1/{kind}", s.trackPreflight)
	s.handle("GET /api/v1/mapping-rules", s.api(cx.ActView, s.listMappingRules))
	s.handle("POST /api/v1/mapping-rules", s.api(cx.ActEditModel, s.createMappingRule))
	s.handle("GET /api/v1/mapping-rules/{id}", s.api(cx.ActView, s.getMappingRule))
	s.handle("PUT /api/v1/mapping-rules/{id}", s.api(cx.ActEditModel, s.putMappingRule))
	s.handle("DELETE /api/v1/mapping-rules/{id}", s.api(cx.ActEditModel, s.deleteMappingRule))
	s.handle("GET /api/v1/stage-rules", s.api(cx.ActView, s.listStageRules))
	s.handle("POST /api/v1/stage-rules", s.api(cx.ActEditModel, s.createStageRule))
	s.handle("GET /api/v1/stage-rules/{id}", s.api(cx.ActView, s.getStageRule))
	s.handle("PUT /api/v1/stage-rules/{id}", s.api(cx.ActEditModel, s.putStageRule))
	s.handle("DELETE /api/v1/stage-rules/{id}", s.api(cx.ActEditModel, s.deleteStageRule))
	s.handle("GET /api/v1/identity-conflicts", s.api(cx.ActView, s.listIdentityConflicts))
	s.handle("GET /api/v1/identity-conflicts/{id}", s.api(cx.ActView, s.getIdentityConflict))
	s.handle("POST /api/v1/identity-conflicts/{id}/resolve", s.api(cx.ActEditCustomer, s.resolveIdentityConflict))
	s.handle("GET /api/v1/unmapped-events", s.api(cx.ActView, s.listUnmappedEvents))
	// END INGEST ROUTES

	// Customers API. BEGIN CUSTOMER ROUTES
	s.handle("GET /api/v1/customers", s.api(cx.ActView, s.listCustomers))
	s.handle("GET /api/v1/customers/{id}", s.api(cx.ActView, s.getCustomer))
	s.handle("GET /api/v1/customers/{id}/timeline", s.api(cx.ActView, s.customerTimeline))
	s.handle("PATCH /api/v1/customers/{id}", s.api(cx.ActEditCustomer, s.patchCustomer))
	s.handle("DELETE /api/v1/customers/{id}", s.api(cx.ActEditCustomer, s.deleteCustomer))
	s.handle("PUT /api/v1/customers/{id}/consents", s.api(cx.ActEditCustomer, s.putConsents))
	// END CUSTOMER ROUTES

	// Surveys and feedback: API and public survey pages. BEGIN FEEDBACK ROUTES
	s.handle("GET /api/v1/surveys", s.api(cx.ActView, s.listSurveys))
	s.handle("POST /api/v1/surveys", s.api(cx.ActEditModel, s.createSurvey))
	s.handle("GET /api/v1/surveys/{id}", s.api(cx.ActView, s.getSurvey))
	s.handle("PUT /api/v1/surveys/{id}", s.api(cx.ActEditModel, s.putSurvey))
	s.handle("DELETE /api/v1/surveys/{id}", s.api(cx.ActEditModel, s.deleteSurvey))
	s.handle("GET /api/v1/surveys/{id}/versions", s.api(cx.ActView, s.listSurveyVersions))
	s.handle("GET /api/v1/surveys/{id}/responses", s.api(cx.ActView, s.listResponses))
	s.handle("POST /api/v1/surveys/{id}/responses", s.api(cx.ActAddFeedback, s.createResponse))
	s.handle("GET /api/v1/surveys/{id}/invitations", s.api(cx.ActView, s.listInvitations))
	s.handle("POST /api/v1/surveys/{id}/invitations", s.api(cx.ActEditModel, s.createInvitation))
	s.handle("GET /api/v1/surveys/{id}/qr", s.api(cx.ActView, s.getSurveyQR))
	s.handle("GET /api/v1/feedback", s.api(cx.ActView, s.listFeedback))
	s.handle("POST /api/v1/feedback", s.api(cx.ActAddFeedback, s.addFeedback))
	s.handle("POST /api/v1/feedback/import", s.api(cx.ActAddFeedback, s.importFeedback))
	s.handle("GET /api/v1/feedback/settings", s.api(cx.ActView, s.getFeedbackSettings))
	s.handle("PUT /api/v1/feedback/settings", s.api(cx.ActEditModel, s.putFeedbackSettings))
	s.handle("GET /api/v1/invitation-rules", s.api(cx.ActView, s.listInvitationRules))
	s.handle("POST /api/v1/invitation-rules", s.api(cx.ActEditModel, s.createInvitationRule))
	s.handle("GET /api/v1/invitation-rules/{id}", s.api(cx.ActView, s.getInvitationRule))
	s.handle("PUT /api/v1/invitation-rules/{id}", s.api(cx.ActEditModel, s.putInvitationRule))
	s.handle("DELETE /api/v1/invitation-rules/{id}", s.api(cx.ActEditModel, s.deleteInvitationRule))
	s.handle("GET /v1/surveys/{key}/widget", s.widgetSurvey)
	s.handle("POST /v1/surveys/{key}/widget", s.widgetSubmit)
	s.handle("OPTIONS /v1/surveys/{key}/widget", s.widgetPreflight)
	s.handle("GET /s/{token}", s.surveyPage)
	s.handle("POST /s/{token}", s.surveySubmit)
	s.handle("GET /s/{token}/thanks", s.surveyThanks)
	s.handle("GET /s/{token}/unsubscribe", s.surveyUnsubscribePage)
	s.handle("POST /s/{token}/unsubscribe", s.surveyUnsubscribe)
	// END FEEDBACK ROUTES

	// Dashboard. BEGIN DASHBOARD ROUTES
	s.handle("GET /static/{sum}/{name...}", s.staticFile)
	s.handle("GET /login", s.loginPage)
	s.handle("POST /login", s.loginSubmit)
	s.handle("POST /logout", s.logout)
	s.handle("GET /setup/{token}", s.setupPage)
	s.handle("POST /setup/{token}", s.setupSubmit)
	s.handle("POST /language", s.switchLanguage)
	s.handle("GET /account/password", s.page(cx.ActView, s.passwordPage))
	s.handle("POST /account/password", s.page(cx.ActView, s.passwordSubmit))
	s.handle("POST /workspace", s.page(cx.ActView, s.switchWorkspace))
	s.handle("GET /{$}", s.page(cx.ActView, s.home))
	s.handle("GET /journeys/{id}/board", s.page(cx.ActView, s.boardPage))
	s.handle("GET /model", s.page(cx.ActView, s.modelPage))
	s.handle("POST /model/vision", s.page(cx.ActEditModel, s.saveVision))
	s.handle("GET /model/standards/new", s.page(cx.ActEditModel, s.modelItemPage("standard")))
	s.handle("POST /model/standards", s.page(cx.ActEditModel, s.saveModelItem("standard")))
	s.handle("GET /model/standards/{id}", s.page(cx.ActView, s.modelItemPage("standard")))
	s.handle("POST /model/standards/{id}", s.page(cx.ActEditModel, s.saveModelItem("standard")))
	s.handle("POST /model/standards/{id}/delete", s.page(cx.ActEditModel, s.deleteModelItem("standard")))
	s.handle("GET /model/goals/new", s.page(cx.ActEditModel, s.modelItemPage("goal")))
	s.handle("POST /model/goals", s.page(cx.ActEditModel, s.saveModelItem("goal")))
	s.handle("GET /model/goals/{id}", s.page(cx.ActView, s.modelItemPage("goal")))
	s.handle("POST /model/goals/{id}", s.page(cx.ActEditModel, s.saveModelItem("goal")))
	s.handle("POST /model/goals/{id}/delete", s.page(cx.ActEditModel, s.deleteModelItem("goal")))
	s.handle("GET /journeys", s.page(cx.ActView, s.journeysPage))
	s.handle("POST /journeys", s.page(cx.ActEditModel, s.createJourneyPage))
	s.handle("GET /journeys/{id}", s.page(cx.ActView, s.journeyPage))
	s.handle("POST /journeys/{id}", s.page(cx.ActEditModel, s.saveJourneyPage))
	s.handle("POST /journeys/{id}/delete", s.page(cx.ActEditModel, s.deleteJourneyPage))
	s.handle("GET /touchpoints", s.page(cx.ActView, s.touchpointsPage))
	s.handle("GET /touchpoints/new", s.page(cx.ActEditModel, s.newTouchpointPage))
	s.handle("POST /touchpoints", s.page(cx.ActEditModel, s.saveTouchpoint))
	s.handle("GET /touchpoints/{id}", s.page(cx.ActView, s.editTouchpointPage))
	s.handle("POST /touchpoints/{id}", s.page(cx.ActEditModel, s.saveTouchpoint))
	s.handle("POST /touchpoints/{id}/delete", s.page(cx.ActEditModel, s.deleteTouchpointPage))
	s.handle("GET /milestones", s.page(cx.ActView, s.milestonesPage))
	s.handle("GET /milestones/new", s.page(cx.ActEditModel, s.newMilestonePage))
	s.handle("POST /milestones", s.page(cx.ActEditModel, s.saveMilestone))
	s.handle("GET /milestones/{id}", s.page(cx.ActView, s.editMilestonePage))
	s.handle("POST /milestones/{id}", s.page(cx.ActEditModel, s.saveMilestone))
	s.handle("POST /milestones/{id}/delete", s.page(cx.ActEditModel, s.deleteMilestonePage))
	s.handle("GET /settings/users", s.page(cx.ActManageUsers, s.usersPage))
	s.handle("POST /settings/users", s.page(cx.ActManageUsers, s.addUserPage))
	s.handle("POST /settings/users/{id}/role", s.page(cx.ActManageUsers, s.changeRolePage))
	s.handle("POST /settings/users/{id}/delete", s.page(cx.ActManageUsers, s.removeUserPage))
	s.handle("GET /settings/api-keys", s.page(cx.ActManageKeys, s.apiKeysPage))
	s.handle("POST /settings/api-keys", s.page(cx.ActManageKeys, s.createAPIKeyPage))
	s.handle("POST /settings/api-keys/{id}/revoke", s.page(cx.ActManageKeys, s.revokeAPIKeyPage))
	s.handle("GET /settings/workspace", s.page(cx.ActView, s.workspacePage))
	s.handle("POST /settings/workspace", s.page(cx.ActEditModel, s.saveWorkspacePage))
	s.handle("GET /customers", s.page(cx.ActView, s.customersPage))
	s.handle("GET /customers/transfer", s.page(cx.ActView, s.transferPage))
	s.handle("POST /customers/transfer", s.page(cx.ActEditCustomer, s.importUpload))
	s.handle("GET /customers/export/{file}", s.page(cx.ActExport, s.exportDownload))
	s.handle("GET /customers/{id}", s.page(cx.ActView, s.customerPage))
	s.handle("POST /customers/{id}", s.page(cx.ActEditCustomer, s.saveCustomer))
	s.handle("POST /customers/{id}/consents", s.page(cx.ActEditCustomer, s.saveConsents))
	s.handle("POST /customers/{id}/delete", s.page(cx.ActEditCustomer, s.deleteCustomerPage))
	s.handle("GET /unmapped-events", s.page(cx.ActView, s.unmappedPage))
	s.handle("POST /unmapped-events/map", s.page(cx.ActEditModel, s.mapUnmapped))
	for _, kind := range []string{"mapping", "stage"} {
		s.handle("GET /"+kind+"-rules", s.page(cx.ActView, s.rulesPage(kind)))
		s.handle("POST /"+kind+"-rules", s.page(cx.ActEditModel, s.saveRule(kind)))
		s.handle("GET /"+kind+"-rules/{id}", s.page(cx.ActView, s.editRulePage(kind)))
		s.handle("POST /"+kind+"-rules/{id}", s.page(cx.ActEditModel, s.saveRule(kind)))
		s.handle("POST /"+kind+"-rules/{id}/move", s.page(cx.ActEditModel, s.moveRule(kind)))
		s.handle("POST /"+kind+"-rules/{id}/delete", s.page(cx.ActEditModel, s.deleteRulePage(kind)))
	}
	s.handle("GET /identity-conflicts", s.page(cx.ActView, s.conflictsPage))
	s.handle("POST /identity-conflicts/{id}/resolve", s.page(cx.ActEditCustomer, s.resolveConflictPage))
	s.handle("GET /surveys", s.page(cx.ActView, s.surveysPage))
	s.handle("GET /surveys/new", s.page(cx.ActEditModel, s.newSurveyPage))
	s.handle("POST /surveys", s.page(cx.ActEditModel, s.saveSurvey))
	s.handle("POST /surveys/preview", s.page(cx.ActView, s.previewSurvey))
	s.handle("GET /surveys/rules", s.page(cx.ActView, s.invitationRulesPage))
	s.handle("POST /surveys/rules", s.page(cx.ActEditModel, s.createInvitationRulePage))
	s.handle("POST /surveys/rules/{id}/delete", s.page(cx.ActEditModel, s.deleteInvitationRulePage))
	s.handle("POST /surveys/settings", s.page(cx.ActEditModel, s.saveFeedbackSettingsPage))
	s.handle("GET /surveys/{id}", s.page(cx.ActView, s.editSurveyPage))
	s.handle("POST /surveys/{id}", s.page(cx.ActEditModel, s.saveSurvey))
	s.handle("GET /surveys/{id}/qr/{format}", s.page(cx.ActView, s.surveyQR))
	s.handle("GET /feedback", s.page(cx.ActView, s.feedbackPage))
	s.handle("POST /feedback", s.page(cx.ActAddFeedback, s.addFeedbackPage))
	s.handle("POST /feedback/import", s.page(cx.ActAddFeedback, s.importFeedbackPage))
	s.handle("GET /feedback.csv", s.page(cx.ActView, s.feedbackCSV))
	s.handle("/", s.notFoundPage)
	// END DASHBOARD ROUTES
}

// apiNotFound answers unknown API paths in JSON: 405 with Allow when the
// path exists with other methods, else 404.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/api/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		httpio.WriteJSON(w, http.StatusMethodNotAllowed, httpio.ErrorBody{httpio.ErrorDetail{Code: "method_not_allowed",
			Message: fmt.Sprintf("%s is not allowed here: use %s", r.Method, strings.Join(allowed, ", "))}})
		return
	}
	httpio.WriteError(w, r, s.log, cx.Errorf(cx.NotFound, "no such API route: %s %s", r.Method, r.URL.Path))
}
