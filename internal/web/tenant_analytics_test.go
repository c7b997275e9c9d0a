package web_test

// analyticsTenantCases are the isolation cases of the score measures: B
// filters by A's touchpoint, survey and journey and sees none of A's data.
func analyticsTenantCases(a tenantA) map[string]tenantCase {
	return map[string]tenantCase{
		"GET /api/v1/analytics/scores":        {"/api/v1/analytics/scores?measure=nps&by=touchpoint&touchpoint=" + a.touchpoint, nil, 200},
		"GET /api/v1/analytics/goals":         {"/api/v1/analytics/goals", nil, 200},
		"GET /api/v1/analytics/drivers":       {"/api/v1/analytics/drivers?survey=" + a.survey + "&question=nps", nil, 400},
		"GET /api/v1/analytics/emotion-curve": {"/api/v1/analytics/emotion-curve?journey=" + a.journey, nil, 400},
	}
}
