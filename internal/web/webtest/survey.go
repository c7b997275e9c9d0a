package webtest

import (
	"cxm/internal/cx"
	"cxm/internal/web/httpio"
)

// CafeSurvey creates, with a secret key, the café owner's survey of the issue: NPS, a branch for
// detractors and one for promoters, a rating matrix over five criteria with
// an overall row, and "what should we improve?". It belongs to the store
// touchpoint.
func (e *Env) CafeSurvey(key string) cx.Survey {
	e.T.Helper()
	var tps httpio.ListBody[cx.Touchpoint]
	e.MustCall("GET", "/api/v1/touchpoints?limit=500", key, nil, 200, &tps)
	store := ""
	for _, tp := range tps.Items {
		if tp.Key == "store" {
			store = tp.ID
		}
	}
	crit := func(k, vi, en string) map[string]any {
		return map[string]any{"key": k, "label": map[string]string{"vi": vi, "en": en}}
	}
	var sv cx.Survey
	e.MustCall("POST", "/api/v1/surveys", key, map[string]any{
		"name": map[string]string{"vi": "Góp ý cho quán", "en": "Tell us about the café"}, "touchpoint_id": store, "status": "active",
		"thanks": map[string]string{"vi": "Cảm ơn bạn đã góp ý!", "en": "Thanks for your feedback!"},
		"questions": []map[string]any{
			{"key": "nps", "type": "nps", "required": true, "title": map[string]string{"vi": "Bạn có giới thiệu quán cho bạn bè không?", "en": "How likely are you to recommend us to a friend?"}},
			{"key": "wrong", "type": "text", "title": map[string]string{"vi": "Điều gì chưa tốt?", "en": "What went wrong?"}, "show_if": map[string]any{"question": "nps", "op": "<=", "value": 6}},
			{"key": "quote", "type": "consent", "title": map[string]string{"vi": "Chúng tôi có thể trích lời bạn không?", "en": "May we quote you?"}, "show_if": map[string]any{"question": "nps", "op": ">=", "value": 9}},
			{"key": "criteria", "type": "matrix", "required": true, "overall": true, "title": map[string]string{"vi": "Bạn hài lòng thế nào với…", "en": "How satisfied are you with…"},
				"options": []any{crit("taste", "Hương vị", "Taste"), crit("service", "Phục vụ", "Service"), crit("price", "Giá cả", "Price"), crit("space", "Không gian", "Space"), crit("wait", "Thời gian chờ", "Wait time")}},
			{"key": "improve", "type": "text", "title": map[string]string{"vi": "Chúng tôi nên cải thiện điều gì?", "en": "What should we improve?"}},
		},
	}, 201, &sv)
	return sv
}
