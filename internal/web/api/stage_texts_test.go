package api_test

import (
	"strings"
	"testing"

	"cxm/internal/web/webtest"
)

// TestAPIStageTextsTakeObjectsAndStrings: desired emotions and actions are
// {vi, en} objects; a plain string is still read, as the Vietnamese text;
// responses write objects.
func TestAPIStageTextsTakeObjectsAndStrings(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Cà phê Sáng")
	status, body := e.Call("POST", "/api/v1/journeys", key, map[string]any{"name": map[string]string{"vi": "Khách sỉ"}, "stages": []map[string]any{
		{"name": map[string]string{"vi": "Đặt hàng"}, "desired_emotions": []any{"Tin tưởng", map[string]string{"vi": "An tâm", "en": "Reassured"}},
			"desired_actions": []any{map[string]string{"en": "Order again"}}},
	}})
	if status != 201 {
		t.Fatalf("got %d %s, want 201", status, body)
	}
	for _, want := range []string{`"desired_emotions":[{"vi":"Tin tưởng","en":""},{"vi":"An tâm","en":"Reassured"}]`, `"desired_actions":[{"vi":"","en":"Order again"}]`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("got %s, want %s", body, want)
		}
	}
	status, body = e.Call("POST", "/api/v1/journeys", key, map[string]any{"name": map[string]string{"vi": "X"}, "stages": []map[string]any{
		{"name": map[string]string{"vi": "A"}, "desired_emotions": []any{map[string]string{"en": strings.Repeat("x", 201)}}}}})
	if status != 400 || !strings.Contains(string(body), `"stages[0].desired_emotions[0].en"`) {
		t.Errorf("got %d %s, want 400 on stages[0].desired_emotions[0].en", status, body)
	}
}
