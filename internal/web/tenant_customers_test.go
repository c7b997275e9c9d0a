package web_test

// customerTenantCases are TestTenantIsolation's cases for the customer
// routes: workspace B aims at A's customer Lan by id and by identity.
func customerTenantCases(a tenantA) map[string]tenantCase {
	return map[string]tenantCase{
		"GET /api/v1/customers":               {"/api/v1/customers?q=lan&stage_id=" + a.stage, nil, 200},
		"GET /api/v1/customers/{id}":          {"/api/v1/customers/email:lan@example.vn", nil, 404},
		"GET /api/v1/customers/{id}/timeline": {"/api/v1/customers/" + a.customer + "/timeline", nil, 404},
		"PATCH /api/v1/customers/{id}":        {"/api/v1/customers/" + a.customer, map[string]any{"traits": map[string]any{"city": "B"}}, 404},
		"DELETE /api/v1/customers/{id}":       {"/api/v1/customers/user:u-lan", nil, 404},
		"PUT /api/v1/customers/{id}/consents": {"/api/v1/customers/" + a.customer + "/consents",
			map[string]any{"consents": []map[string]any{{"purpose": "marketing", "channel": "email", "granted": true}}}, 404},
	}
}
