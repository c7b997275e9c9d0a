package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// TestUIKPIRangesRefused: a goal of NPS 250, a negative time standard and
// a touchpoint NPS target of 150 are refused with the field marked and
// the form kept, on the pages and in the API.
func TestUIKPIRangesRefused(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	key := a.Key(ws, cx.KeySecret)

	c.Get("/model/goals/new").Want(200, "CES từ 1 đến 7")
	c.Post("/model/goals", url.Values{"name_vi": {"NPS thật cao"}, "kpi": {"nps"}, "comparator": {">="}, "value": {"250"}, "scope": {"journey:"}})
	c.Want(http.StatusBadRequest, "Chỉ tiêu phải nằm trong khoảng từ -100 đến 100")
	marked(t, c, "value", `value="NPS thật cao"`)

	c.Get("/model/standards/new")
	c.Post("/model/standards", url.Values{"name_vi": {"Trả lời nhanh"}, "metric": {"thời gian chờ"}, "comparator": {"<="}, "value": {"-5"}, "unit": {"seconds"}, "scope": {"journey:"}})
	c.Want(http.StatusBadRequest, "Ngưỡng không được là số âm")
	marked(t, c, "value", `value="Trả lời nhanh"`)

	c.Get("/touchpoints/new")
	c.Post("/touchpoints", url.Values{"name_vi": {"Zalo OA"}, "phase": {"after"}, "channel": {"zalo"}, "mode": {"online"}, "status": {"ideal"},
		"target_kpi": {"nps"}, "target_comparator": {">="}, "target_value": {"150"}})
	c.Want(http.StatusBadRequest, "Giá trị phải nằm trong khoảng từ -100 đến 100")
	if !strings.Contains(c.Body, `value="Zalo OA"`) {
		t.Error("the touchpoint form lost its name")
	}

	status, body := a.Call("PUT", "/api/v1/cx-model", key, map[string]any{"goals": []map[string]any{{"name": map[string]string{"vi": "G"}, "kpi": "ces", "comparator": ">=", "target": 9}}})
	if status != http.StatusBadRequest || !strings.Contains(string(body), `"goals[0].target"`) {
		t.Errorf("API goal CES 9: got %d %s", status, body)
	}
	status, body = a.Call("POST", "/api/v1/touchpoints", key, map[string]any{"key": "zalo", "name": map[string]string{"vi": "Zalo"}, "phase": "after",
		"targets": []map[string]any{{"kpi": "stars", "comparator": ">=", "value": 6}}})
	if status != http.StatusBadRequest || !strings.Contains(string(body), `"targets[0].value"`) {
		t.Errorf("API touchpoint stars 6: got %d %s", status, body)
	}
}

// marked fails unless the last page marks the input name as invalid and
// still holds kept.
func marked(t *testing.T, c *webtest.Client, name, kept string) {
	t.Helper()
	if !regexp.MustCompile(`id="f-` + regexp.QuoteMeta(name) + `"[^>]*aria-invalid="true"`).MatchString(c.Body) {
		t.Errorf("%s: the field %s is not marked", c.URL, name)
	}
	if !strings.Contains(c.Body, kept) {
		t.Errorf("%s: the form lost %s", c.URL, kept)
	}
}
