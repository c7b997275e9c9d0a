package web

import (
	"fmt"
	"net/http"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

// registerRoutes lists every route of cxm. Each route under /api/, /v1/ and
// /s/ must also be described in openapi.json; a test checks it.
func (s *Server) registerRoutes() {
	// Health and metrics.
	s.handle("GET /healthz", s.healthz)
	s.handle("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.handle("GET /api/openapi.json", s.openAPI)
	s.handle("GET /js/cxm.js", s.public.Snippet)

	// JSON API: a secret key (Authorization: Bearer) or a session.
	s.handle("GET /api/v1/workspace", s.api(cx.ActView, s.jsonAPI.GetWorkspace))
	s.handle("PUT /api/v1/workspace", s.api(cx.ActEditModel, s.jsonAPI.PutWorkspace))
	s.handle("GET /api/v1/cx-model", s.api(cx.ActView, s.jsonAPI.GetCXModel))
	s.handle("PUT /api/v1/cx-model", s.api(cx.ActEditModel, s.jsonAPI.PutCXModel))
	s.handle("GET /api/v1/journeys", s.api(cx.ActView, s.jsonAPI.ListJourneys))
	s.handle("POST /api/v1/journeys", s.api(cx.ActEditModel, s.jsonAPI.CreateJourney))
	s.handle("GET /api/v1/journeys/{id}", s.api(cx.ActView, s.jsonAPI.GetJourney))
	s.handle("PUT /api/v1/journeys/{id}", s.api(cx.ActEditModel, s.jsonAPI.PutJourney))
	s.handle("DELETE /api/v1/journeys/{id}", s.api(cx.ActEditModel, s.jsonAPI.DeleteJourney))
	s.handle("GET /api/v1/touchpoints", s.api(cx.ActView, s.jsonAPI.ListTouchpoints))
	s.handle("POST /api/v1/touchpoints", s.api(cx.ActEditModel, s.jsonAPI.CreateTouchpoint))
	s.handle("GET /api/v1/touchpoints/{id}", s.api(cx.ActView, s.jsonAPI.GetTouchpoint))
	s.handle("PUT /api/v1/touchpoints/{id}", s.api(cx.ActEditModel, s.jsonAPI.PutTouchpoint))
	s.handle("DELETE /api/v1/touchpoints/{id}", s.api(cx.ActEditModel, s.jsonAPI.DeleteTouchpoint))
	s.handle("GET /api/v1/milestones", s.api(cx.ActView, s.jsonAPI.ListMilestones))
	s.handle("POST /api/v1/milestones", s.api(cx.ActEditModel, s.jsonAPI.CreateMilestone))
	s.handle("GET /api/v1/milestones/{id}", s.api(cx.ActView, s.jsonAPI.GetMilestone))
	s.handle("PUT /api/v1/milestones/{id}", s.api(cx.ActEditModel, s.jsonAPI.PutMilestone))
	s.handle("DELETE /api/v1/milestones/{id}", s.api(cx.ActEditModel, s.jsonAPI.DeleteMilestone))
	s.handle("GET /api/v1/users", s.api(cx.ActView, s.jsonAPI.ListUsers))
	s.handle("POST /api/v1/users", s.api(cx.ActManageUsers, s.jsonAPI.CreateUser))
	s.handle("GET /api/v1/users/{id}", s.api(cx.ActView, s.jsonAPI.GetUser))
	s.handle("PUT /api/v1/users/{id}", s.api(cx.ActManageUsers, s.jsonAPI.PutUser))
	s.handle("DELETE /api/v1/users/{id}", s.api(cx.ActManageUsers, s.jsonAPI.DeleteUser))
	s.handle("GET /api/v1/user-invitations", s.api(cx.ActManageUsers, s.jsonAPI.ListUserInvitations))
	s.handle("DELETE /api/v1/user-invitations/{id}", s.api(cx.ActManageUsers, s.jsonAPI.DeleteUserInvitation))
	s.handle("GET /api/v1/api-keys", s.api(cx.ActManageKeys, s.jsonAPI.ListAPIKeys))
	s.handle("POST /api/v1/api-keys", s.api(cx.ActManageKeys, s.jsonAPI.CreateAPIKey))
	s.handle("GET /api/v1/api-keys/{id}", s.api(cx.ActManageKeys, s.jsonAPI.GetAPIKey))
	s.handle("DELETE /api/v1/api-keys/{id}", s.api(cx.ActManageKeys, s.jsonAPI.RevokeAPIKey))
	s.handle("/api/", s.apiNotFound)

	// Ingestion (/v1, Segment-compatible) and the tracking snippet.
	// BEGIN INGEST ROUTES
	for _, kind := range []string{"identify", "track", "page", "screen", "group", "alias", "batch"} {
		s.handle("POST /v1/"+kind, s.public.Track(kind))
	}
	s.handle("OPTIONS /v1/{kind}", s.public.TrackPreflight)
	// The browser SDKs: analytics-next's short paths and settings, the
	// Segment snippet's library, RudderStack's source config and beacon path.
	for _, short := range [][2]string{{"i", "identify"}, {"t", "track"}, {"p", "page"}, {"s", "screen"},
		{"g", "group"}, {"a", "alias"}, {"b", "batch"}} {
		s.handle("POST /v1/"+short[0], s.public.Track(short[1]))
	}
	s.handle("POST /beacon/v1/batch", s.public.Track("batch"))
	s.handle("GET /v1/projects/{writeKey}/settings", s.public.SegmentSettings)
	s.handle("GET /analytics.js/v1/{writeKey}/analytics.min.js", s.public.SegmentLibrary)
	s.handle("GET /analytics-next/bundles/{file}", s.public.SegmentBundle)
	s.handle("GET /sourceConfig", s.public.RudderSourceConfig)
	s.handle("GET /sourceConfig/{$}", s.public.RudderSourceConfig)
	s.handle("OPTIONS /sourceConfig", s.public.TrackPreflight)
	s.handle("OPTIONS /sourceConfig/{$}", s.public.TrackPreflight)
	s.handle("GET /api/v1/mapping-rules", s.api(cx.ActView, s.jsonAPI.ListMappingRules))
	s.handle("POST /api/v1/mapping-rules", s.api(cx.ActEditModel, s.jsonAPI.CreateMappingRule))
	s.handle("GET /api/v1/mapping-rules/{id}", s.api(cx.ActView, s.jsonAPI.GetMappingRule))
	s.handle("PUT /api/v1/mapping-rules/{id}", s.api(cx.ActEditModel, s.jsonAPI.PutMappingRule))
	s.handle("DELETE /api/v1/mapping-rules/{id}", s.api(cx.ActEditModel, s.jsonAPI.DeleteMappingRule))
	s.handle("GET /api/v1/stage-rules", s.api(cx.ActView, s.jsonAPI.ListStageRules))
	s.handle("POST /api/v1/stage-rules", s.api(cx.ActEditModel, s.jsonAPI.CreateStageRule))
	s.handle("GET /api/v1/stage-rules/{id}", s.api(cx.ActView, s.jsonAPI.GetStageRule))
	s.handle("PUT /api/v1/stage-rules/{id}", s.api(cx.ActEditModel, s.jsonAPI.PutStageRule))
	s.handle("DELETE /api/v1/stage-rules/{id}", s.api(cx.ActEditModel, s.jsonAPI.DeleteStageRule))
	s.handle("GET /api/v1/identity-conflicts", s.api(cx.ActView, s.jsonAPI.ListIdentityConflicts))
	s.handle("GET /api/v1/identity-conflicts/{id}", s.api(cx.ActView, s.jsonAPI.GetIdentityConflict))
	s.handle("POST /api/v1/identity-conflicts/{id}/resolve", s.api(cx.ActEditCustomer, s.jsonAPI.ResolveIdentityConflict))
	s.handle("GET /api/v1/unmapped-events", s.api(cx.ActView, s.jsonAPI.ListUnmappedEvents))
	// END INGEST ROUTES

	// Customers API. BEGIN CUSTOMER ROUTES
	s.handle("GET /api/v1/customers", s.api(cx.ActView, s.jsonAPI.ListCustomers))
	s.handle("GET /api/v1/customers/{id}", s.api(cx.ActView, s.jsonAPI.GetCustomer))
	s.handle("GET /api/v1/customers/{id}/timeline", s.api(cx.ActView, s.jsonAPI.CustomerTimeline))
	s.handle("PATCH /api/v1/customers/{id}", s.api(cx.ActEditCustomer, s.jsonAPI.PatchCustomer))
	s.handle("DELETE /api/v1/customers/{id}", s.api(cx.ActEditCustomer, s.jsonAPI.DeleteCustomer))
	s.handle("PUT /api/v1/customers/{id}/consents", s.api(cx.ActEditCustomer, s.jsonAPI.PutConsents))
	// END CUSTOMER ROUTES

	// Surveys and feedback: API and public survey pages. BEGIN FEEDBACK ROUTES
	s.handle("GET /api/v1/surveys", s.api(cx.ActView, s.jsonAPI.ListSurveys))
	s.handle("POST /api/v1/surveys", s.api(cx.ActEditModel, s.jsonAPI.CreateSurvey))
	s.handle("GET /api/v1/surveys/{id}", s.api(cx.ActView, s.jsonAPI.GetSurvey))
	s.handle("PUT /api/v1/surveys/{id}", s.api(cx.ActEditModel, s.jsonAPI.PutSurvey))
	s.handle("DELETE /api/v1/surveys/{id}", s.api(cx.ActEditModel, s.jsonAPI.DeleteSurvey))
	s.handle("GET /api/v1/surveys/{id}/versions", s.api(cx.ActView, s.jsonAPI.ListSurveyVersions))
	s.handle("GET /api/v1/surveys/{id}/responses", s.api(cx.ActView, s.jsonAPI.ListResponses))
	s.handle("POST /api/v1/surveys/{id}/responses", s.api(cx.ActAddFeedback, s.jsonAPI.CreateResponse))
	s.handle("POST /api/v1/surveys/{id}/responses/import", s.api(cx.ActAddFeedback, s.jsonAPI.ImportResponses))
	s.handle("GET /api/v1/surveys/{id}/invitations", s.api(cx.ActView, s.jsonAPI.ListInvitations))
	s.handle("POST /api/v1/surveys/{id}/invitations", s.api(cx.ActEditModel, s.jsonAPI.CreateInvitation))
	s.handle("GET /api/v1/surveys/{id}/qr", s.api(cx.ActView, s.jsonAPI.GetSurveyQR))
	s.handle("GET /api/v1/feedback", s.api(cx.ActView, s.jsonAPI.ListFeedback))
	s.handle("POST /api/v1/feedback", s.api(cx.ActAddFeedback, s.jsonAPI.AddFeedback))
	s.handle("POST /api/v1/feedback/import", s.api(cx.ActAddFeedback, s.jsonAPI.ImportFeedback))
	s.handle("GET /api/v1/analytics/scores", s.api(cx.ActView, s.jsonAPI.AnalyticsScores))
	s.handle("GET /api/v1/analytics/goals", s.api(cx.ActView, s.jsonAPI.AnalyticsGoals))
	s.handle("GET /api/v1/analytics/drivers", s.api(cx.ActView, s.jsonAPI.AnalyticsDrivers))
	s.handle("GET /api/v1/analytics/emotion-curve", s.api(cx.ActView, s.jsonAPI.AnalyticsEmotionCurve))
	s.handle("GET /api/v1/feedback/settings", s.api(cx.ActView, s.jsonAPI.GetFeedbackSettings))
	s.handle("PUT /api/v1/feedback/settings", s.api(cx.ActEditModel, s.jsonAPI.PutFeedbackSettings))
	s.handle("GET /api/v1/invitation-rules", s.api(cx.ActView, s.jsonAPI.ListInvitationRules))
	s.handle("POST /api/v1/invitation-rules", s.api(cx.ActEditModel, s.jsonAPI.CreateInvitationRule))
	s.handle("GET /api/v1/invitation-rules/{id}", s.api(cx.ActView, s.jsonAPI.GetInvitationRule))
	s.handle("PUT /api/v1/invitation-rules/{id}", s.api(cx.ActEditModel, s.jsonAPI.PutInvitationRule))
	s.handle("DELETE /api/v1/invitation-rules/{id}", s.api(cx.ActEditModel, s.jsonAPI.DeleteInvitationRule))
	s.handle("GET /api/v1/analytics/loyalty", s.api(cx.ActView, s.jsonAPI.AnalyticsLoyalty))
	s.handle("GET /api/v1/analytics/rfm", s.api(cx.ActView, s.jsonAPI.AnalyticsRFM))
	s.handle("GET /api/v1/analytics/funnel", s.api(cx.ActView, s.jsonAPI.AnalyticsFunnel))
	s.handle("GET /api/v1/analytics/cohorts", s.api(cx.ActView, s.jsonAPI.AnalyticsCohorts))
	s.handle("GET /api/v1/analytics/touchpoints", s.api(cx.ActView, s.jsonAPI.AnalyticsTouchpoints))
	s.handle("GET /api/v1/analytics/browsing", s.api(cx.ActView, s.jsonAPI.AnalyticsBrowsing))
	s.handle("GET /api/v1/analytics/milestones", s.api(cx.ActView, s.jsonAPI.AnalyticsMilestones))
	s.handle("GET /api/v1/analytics/barriers", s.api(cx.ActView, s.jsonAPI.AnalyticsBarriers))
	s.handle("GET /api/v1/analytics/event-funnel", s.api(cx.ActView, s.jsonAPI.AnalyticsEventFunnel))
	s.handle("GET /api/v1/analytics/settings", s.api(cx.ActView, s.jsonAPI.GetAnalyticsSettings))
	s.handle("PUT /api/v1/analytics/settings", s.api(cx.ActEditModel, s.jsonAPI.PutAnalyticsSettings))
	s.handle("GET /v1/surveys/{key}/widget", s.public.WidgetSurvey)
	s.handle("POST /v1/surveys/{key}/widget", s.public.WidgetAnswer)
	s.handle("OPTIONS /v1/surveys/{key}/widget", s.public.WidgetPreflight)
	s.handle("GET /s/{token}", s.public.Survey)
	s.handle("POST /s/{token}", s.public.AnswerSurvey)
	s.handle("GET /s/{token}/thanks", s.public.SurveyThanks)
	s.handle("GET /s/{token}/unsubscribe", s.public.UnsubscribeForm)
	s.handle("POST /s/{token}/unsubscribe", s.public.Unsubscribe)
	// END FEEDBACK ROUTES

	// Dashboard. BEGIN DASHBOARD ROUTES
	s.handle("GET /static/{sum}/{name...}", s.pages.StaticFile)
	s.handle("GET /login", s.dashboard.Login)
	s.handle("POST /login", s.dashboard.LoginSubmit)
	s.handle("POST /logout", s.guest(s.dashboard.Logout))
	s.handle("GET /setup/{token}", s.dashboard.Setup)
	s.handle("POST /setup/{token}", s.dashboard.SetupSubmit)
	s.handle("GET /join/{token}", s.guest(s.dashboard.Join))
	s.handle("POST /join/{token}", s.guest(s.dashboard.JoinSubmit))
	s.handle("POST /language", s.guest(s.dashboard.SwitchLanguage))
	s.handle("GET /account/password", s.page(cx.ActView, s.dashboard.Password))
	s.handle("POST /account/password", s.page(cx.ActView, s.dashboard.PasswordSubmit))
	s.handle("POST /workspace", s.page(cx.ActView, s.dashboard.SwitchWorkspace))
	s.handle("GET /{$}", s.page(cx.ActView, s.dashboard.Home))
	s.handle("GET /journeys/{id}/board", s.page(cx.ActView, s.dashboard.Board))
	s.handle("GET /model", s.page(cx.ActView, s.dashboard.Model))
	s.handle("POST /model/vision", s.page(cx.ActEditModel, s.dashboard.SaveVision))
	s.handle("GET /model/standards/new", s.page(cx.ActEditModel, s.dashboard.ModelItem("standard")))
	s.handle("POST /model/standards", s.page(cx.ActEditModel, s.dashboard.SaveModelItem("standard")))
	s.handle("GET /model/standards/{id}", s.page(cx.ActView, s.dashboard.ModelItem("standard")))
	s.handle("POST /model/standards/{id}", s.page(cx.ActEditModel, s.dashboard.SaveModelItem("standard")))
	s.handle("POST /model/standards/{id}/delete", s.page(cx.ActEditModel, s.dashboard.DeleteModelItem("standard")))
	s.handle("GET /model/goals/new", s.page(cx.ActEditModel, s.dashboard.ModelItem("goal")))
	s.handle("POST /model/goals", s.page(cx.ActEditModel, s.dashboard.SaveModelItem("goal")))
	s.handle("GET /model/goals/{id}", s.page(cx.ActView, s.dashboard.ModelItem("goal")))
	s.handle("POST /model/goals/{id}", s.page(cx.ActEditModel, s.dashboard.SaveModelItem("goal")))
	s.handle("POST /model/goals/{id}/delete", s.page(cx.ActEditModel, s.dashboard.DeleteModelItem("goal")))
	s.handle("GET /journeys", s.page(cx.ActView, s.dashboard.Journeys))
	s.handle("POST /journeys", s.page(cx.ActEditModel, s.dashboard.CreateJourney))
	s.handle("GET /journeys/{id}", s.page(cx.ActView, s.dashboard.Journey))
	s.handle("POST /journeys/{id}", s.page(cx.ActEditModel, s.dashboard.SaveJourney))
	s.handle("POST /journeys/{id}/delete", s.page(cx.ActEditModel, s.dashboard.DeleteJourney))
	s.handle("GET /touchpoints", s.page(cx.ActView, s.dashboard.Touchpoints))
	s.handle("GET /touchpoints/new", s.page(cx.ActEditModel, s.dashboard.NewTouchpoint))
	s.handle("POST /touchpoints", s.page(cx.ActEditModel, s.dashboard.SaveTouchpoint))
	s.handle("GET /touchpoints/{id}", s.page(cx.ActView, s.dashboard.EditTouchpoint))
	s.handle("POST /touchpoints/{id}", s.page(cx.ActEditModel, s.dashboard.SaveTouchpoint))
	s.handle("POST /touchpoints/{id}/delete", s.page(cx.ActEditModel, s.dashboard.DeleteTouchpoint))
	s.handle("GET /milestones", s.page(cx.ActView, s.dashboard.Milestones))
	s.handle("GET /milestones/new", s.page(cx.ActEditModel, s.dashboard.NewMilestone))
	s.handle("POST /milestones", s.page(cx.ActEditModel, s.dashboard.SaveMilestone))
	s.handle("GET /milestones/{id}", s.page(cx.ActView, s.dashboard.EditMilestone))
	s.handle("POST /milestones/{id}", s.page(cx.ActEditModel, s.dashboard.SaveMilestone))
	s.handle("POST /milestones/{id}/delete", s.page(cx.ActEditModel, s.dashboard.DeleteMilestone))
	s.handle("GET /settings/users", s.page(cx.ActManageUsers, s.dashboard.Users))
	s.handle("POST /settings/users", s.page(cx.ActManageUsers, s.dashboard.AddUser))
	s.handle("POST /settings/users/{id}/role", s.page(cx.ActManageUsers, s.dashboard.ChangeRole))
	s.handle("POST /settings/users/{id}/delete", s.page(cx.ActManageUsers, s.dashboard.RemoveUser))
	s.handle("POST /settings/users/invitations/{id}/revoke", s.page(cx.ActManageUsers, s.dashboard.RevokeInvitation))
	s.handle("GET /settings/api-keys", s.page(cx.ActManageKeys, s.dashboard.APIKeys))
	s.handle("POST /settings/api-keys", s.page(cx.ActManageKeys, s.dashboard.CreateAPIKey))
	s.handle("POST /settings/api-keys/{id}/revoke", s.page(cx.ActManageKeys, s.dashboard.RevokeAPIKey))
	s.handle("GET /settings/workspace", s.page(cx.ActView, s.dashboard.Workspace))
	s.handle("POST /settings/workspace", s.page(cx.ActEditModel, s.dashboard.SaveWorkspace))
	s.handle("GET /customers", s.page(cx.ActView, s.dashboard.Customers))
	s.handle("GET /customers/transfer", s.page(cx.ActView, s.dashboard.Transfer))
	s.handle("POST /customers/transfer", s.page(cx.ActEditCustomer, s.dashboard.ImportUpload))
	s.handle("GET /imports/{id}", s.page(cx.ActView, s.dashboard.Import))
	s.handle("GET /customers/export/{file}", s.page(cx.ActExport, s.dashboard.ExportDownload))
	s.handle("GET /customers/{id}", s.page(cx.ActView, s.dashboard.Customer))
	s.handle("POST /customers/{id}", s.page(cx.ActEditCustomer, s.dashboard.SaveCustomer))
	s.handle("POST /customers/{id}/consents", s.page(cx.ActEditCustomer, s.dashboard.SaveConsents))
	s.handle("POST /customers/{id}/delete", s.page(cx.ActEditCustomer, s.dashboard.DeleteCustomer))
	s.handle("GET /unmapped-events", s.page(cx.ActView, s.dashboard.Unmapped))
	s.handle("POST /unmapped-events/map", s.page(cx.ActEditModel, s.dashboard.MapUnmapped))
	for _, kind := range []string{"mapping", "stage"} {
		s.handle("GET /"+kind+"-rules", s.page(cx.ActView, s.dashboard.Rules(kind)))
		s.handle("POST /"+kind+"-rules", s.page(cx.ActEditModel, s.dashboard.SaveRule(kind)))
		s.handle("GET /"+kind+"-rules/{id}", s.page(cx.ActView, s.dashboard.EditRule(kind)))
		s.handle("POST /"+kind+"-rules/{id}", s.page(cx.ActEditModel, s.dashboard.SaveRule(kind)))
		s.handle("POST /"+kind+"-rules/{id}/move", s.page(cx.ActEditModel, s.dashboard.MoveRule(kind)))
		s.handle("POST /"+kind+"-rules/{id}/delete", s.page(cx.ActEditModel, s.dashboard.DeleteRule(kind)))
	}
	s.handle("GET /identity-conflicts", s.page(cx.ActView, s.dashboard.Conflicts))
	s.handle("POST /identity-conflicts/{id}/resolve", s.page(cx.ActEditCustomer, s.dashboard.ResolveConflict))
	s.handle("GET /surveys", s.page(cx.ActView, s.dashboard.Surveys))
	s.handle("GET /surveys/new", s.page(cx.ActEditModel, s.dashboard.NewSurvey))
	s.handle("POST /surveys", s.page(cx.ActEditModel, s.dashboard.SaveSurvey))
	s.handle("POST /surveys/preview", s.page(cx.ActView, s.dashboard.PreviewSurvey))
	s.handle("GET /surveys/rules", s.page(cx.ActView, s.dashboard.InvitationRules))
	s.handle("POST /surveys/rules", s.page(cx.ActEditModel, s.dashboard.CreateInvitationRule))
	s.handle("POST /surveys/rules/{id}/delete", s.page(cx.ActEditModel, s.dashboard.DeleteInvitationRule))
	s.handle("POST /surveys/settings", s.page(cx.ActEditModel, s.dashboard.SaveFeedbackSettings))
	s.handle("GET /surveys/{id}", s.page(cx.ActView, s.dashboard.EditSurvey))
	s.handle("POST /surveys/{id}", s.page(cx.ActEditModel, s.dashboard.SaveSurvey))
	s.handle("GET /surveys/{id}/qr/{format}", s.page(cx.ActView, s.dashboard.SurveyQR))
	s.handle("POST /surveys/{id}/import", s.page(cx.ActAddFeedback, s.dashboard.ImportResponses))
	s.handle("GET /surveys/{id}/card", s.page(cx.ActView, s.dashboard.SurveyCard))
	s.handle("GET /feedback", s.page(cx.ActView, s.dashboard.Feedback))
	s.handle("POST /feedback", s.page(cx.ActAddFeedback, s.dashboard.AddFeedback))
	s.handle("POST /feedback/import", s.page(cx.ActAddFeedback, s.dashboard.ImportFeedback))
	s.handle("GET /feedback.csv", s.page(cx.ActView, s.dashboard.FeedbackCSV))
	s.handle("/", s.notFound)
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
		httpio.WriteJSON(w, http.StatusMethodNotAllowed, httpio.ErrorBody{Error: httpio.ErrorDetail{Code: "method_not_allowed",
			Message: fmt.Sprintf("%s is not allowed here: use %s", r.Method, strings.Join(allowed, ", "))}})
		return
	}
	httpio.WriteError(w, r, s.log, cx.Errorf(cx.NotFound, "no such API route: %s %s", r.Method, r.URL.Path))
}
