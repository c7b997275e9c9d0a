package ui_test

import (
	"net/url"
	"regexp"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// seedCase has Lan answer the café survey with a 3 and waits for the case
// it opens; it returns the case.
func seedCase(t *testing.T, env *webtest.Env, key string) cx.Case {
	t.Helper()
	return seedCaseFor(t, env, key, env.CafeSurvey(key))
}

// seedCaseFor is seedCase with the café survey made already.
func seedCaseFor(t *testing.T, env *webtest.Env, key string, sv cx.Survey) cx.Case {
	t.Helper()
	lan := env.SeedLan(uiWorkspace(t, env))
	env.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/responses", key, map[string]any{"customer_id": lan.ID, "answers": []map[string]any{
		{"question": "nps", "score": 3}, {"question": "improve", "text": "Chờ lâu quá"},
		{"question": "criteria", "scores": map[string]int{"taste": 2, "service": 1, "price": 3, "space": 2, "wait": 1, "overall": 2}}}}, 201, nil)
	return waitCase(t, env, key, lan.ID)
}

// waitCase waits for the first case of a customer, for 10 seconds.
func waitCase(t *testing.T, env *webtest.Env, key, customerID string) cx.Case {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		var l httpio.ListBody[cx.Case]
		env.MustCall("GET", "/api/v1/cases?customer_id="+customerID, key, nil, 200, &l)
		if len(l.Items) == 1 {
			return l.Items[0]
		}
		if time.Now().After(deadline) {
			t.Fatal("no case opened within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestUICaseWork(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	ws := uiWorkspace(t, env)
	key := env.Key(ws, cx.KeySecret)
	k := seedCase(t, env, key)

	// No touchpoint owner and no agent: the workspace's owner takes it.
	if k.OwnerID != c.UserID() {
		t.Errorf("the case went to %q, want the workspace's owner %q", k.OwnerID, c.UserID())
	}
	c.Get("/cases").Want(200, "Yêu cầu chăm sóc", "Nguyễn Thị Lan")
	c.Get("/cases?scope=team").Want(200, "Nguyễn Thị Lan", "Mới")
	c.Get("/cases?scope=all").Want(200, "Nguyễn Thị Lan", "Câu trả lời NPS ≤ 6")
	c.Get("/cases/"+k.ID).Want(200, "Nguyễn Thị Lan", "Hạn tiếp theo", "Lịch sử", "Dòng thời gian")

	c.Post("/cases/"+k.ID+"/edit", url.Values{"owner": {c.UserID()}, "priority": {"urgent"}}).Want(200, "Đã lưu")
	c.Get("/cases").Want(200, "Nguyễn Thị Lan", "Khẩn")
	c.Get("/cases/" + k.ID)
	c.Post("/cases/"+k.ID+"/entries", url.Values{"kind": {"call"}, "text": {"Đã gọi, khách đồng ý quay lại"}}).Want(200, "Đã gọi, khách đồng ý quay lại", "Đã liên hệ")
	c.Post("/cases/"+k.ID+"/status", url.Values{"status": {"resolved"}}).Want(400, "Cách giải quyết")
	c.Post("/cases/"+k.ID+"/status", url.Values{"status": {"resolved"}, "resurvey": {"1"}, "resolution": {"Tặng phiếu"}}).Want(400, "Hãy chọn khảo sát lại")
	c.Post("/cases/"+k.ID+"/status", url.Values{"status": {"resolved"}, "resolution": {"Tặng phiếu giảm giá"}}).Want(200, "Đã xử lý", "Tặng phiếu giảm giá")

	// The settings page: the two default rules and Vietnam's holidays.
	c.Get("/settings/cases").Want(200, "Câu trả lời NPS ≤ 6", "Đánh giá ≤ 2 sao", "2027-02-06 Tết Nguyên đán")
	c.Post("/settings/cases/rules", url.Values{"kind": {"csat"}, "max_score": {"9"}, "priority": {"normal"}, "enabled": {"1"}}).Want(400, "Điểm tối đa phải từ 1 đến 5")
	c.Post("/settings/cases/rules", url.Values{"kind": {"aspect"}, "aspect": {"wait_time"}, "priority": {"high"}, "enabled": {"1"}}).Want(200, "Bình luận tiêu cực về wait_time")
	c.Post("/settings/cases/sla", url.Values{"first_contact_hours": {"2"}, "resolve_days": {"1"}, "remind_minutes": {"30"}, "work_start": {"07:00"},
		"work_end": {"22:00"}, "work_days": {"0", "6"}, "holidays": {"2027-02-06 Tết\n2027-02-07 Tết"}}).Want(200, "2027-02-07 Tết")
	c.Post("/settings/cases/sla", url.Values{"first_contact_hours": {"2"}, "resolve_days": {"1"}, "remind_minutes": {"30"}, "work_start": {"07:00"},
		"work_end": {"22:00"}, "work_days": {"0"}, "holidays": {"06/02/2027 Tết"}}).Want(400, "Ngày phải có dạng 2027-02-06")

	// A case opened by hand from a customer.
	c.Post("/cases", url.Values{"customer_id": {k.CustomerID}, "title": {"Khách gọi phàn nàn"}}).Want(200, "Đã mở yêu cầu chăm sóc", "Khách gọi phàn nàn")
	first := c.URL
	c.Post("/cases", url.Values{"customer_id": {k.CustomerID}})
	if c.URL != first || !regexp.MustCompile(`/cases/case_`).MatchString(c.URL) {
		t.Fatalf("a second manual case went to %s, want the open one %s", c.URL, first)
	}
}

func TestUIViewerReadsCases(t *testing.T) {
	env := webtest.Start(t)
	owner := env.Setup("en")
	ws := uiWorkspace(t, env)
	key := env.Key(ws, cx.KeySecret)
	k := seedCase(t, env, key)
	viewer := env.Join(owner.Invite("xem@example.vn", "viewer"), "Viewer")
	viewer.Get("/cases/"+k.ID).Want(200, "Yêu cầu: Nguyễn Thị Lan")
	if regexp.MustCompile(`action="/cases/[^"]+/status"`).MatchString(viewer.Body) {
		t.Fatal("a viewer is shown the status form")
	}
	viewer.Post("/cases/"+k.ID+"/entries", url.Values{"kind": {"note"}, "text": {"x"}}).Want(403)
}
