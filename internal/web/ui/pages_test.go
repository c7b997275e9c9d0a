package ui

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/store"
)

// TestUIEveryPageRenders opens every dashboard page in both languages.
func TestUIEveryPageRenders(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	board := c.url
	for _, lang := range []string{"vi", "en"} {
		c.get(board)
		c.post("/language", url.Values{"lang": {lang}, "next": {board}}).want(200)
		for _, path := range []string{"/model", "/model/standards/new", "/model/goals/new", "/journeys", "/touchpoints",
			"/touchpoints?phase=before&status=active", "/touchpoints/new", "/milestones", "/milestones/new",
			"/settings/users", "/settings/api-keys", "/settings/workspace", "/account/password"} {
			c.get(path).want(200)
			if strings.Contains(c.body, "<no value>") || strings.Contains(c.body, "%!") {
				t.Errorf("%s (%s): template output has a formatting mistake", path, lang)
			}
		}
	}
	c.get("/touchpoints?phase=during").want(200, "6 touchpoints")
}

func TestUIStaticFilesCached(t *testing.T) {
	a := uiStart(t)
	c := a.client()
	c.get("/login").want(200)
	m := regexp.MustCompile(`href="(/static/[0-9a-f]+/app\.css)"`).FindStringSubmatch(c.body)
	if m == nil {
		t.Fatal("no checksummed stylesheet link")
	}
	res, err := http.Get(a.ts.URL + m[1])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: status %d, Cache-Control %q, Content-Type %q", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Type"))
	}
	res, err = http.Get(a.ts.URL + "/static/0000/app.css")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("stale checksum: status %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

func TestUIModelStandardsAndGoals(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	c.get("/model")
	c.post("/model/vision", url.Values{"vision_vi": {"Mỗi khách hàng đều muốn quay lại"}, "vision_en": {"Every customer wants to come back"}})
	c.want(200, "Đã lưu", "Mỗi khách hàng đều muốn quay lại")
	c.get("/model/standards/new")
	c.post("/model/standards", url.Values{"name_vi": {"Trả lời tổng đài"}, "metric": {""}, "comparator": {"<="}, "value": {"60"}, "unit": {"seconds"}, "scope": {"journey:"}})
	c.want(http.StatusBadRequest, "Cần nhập Chỉ số đo")
	if !strings.Contains(c.body, `value="Trả lời tổng đài"`) {
		t.Fatal("the standard's name was lost")
	}
	c.post("/model/standards", url.Values{"name_vi": {"Trả lời tổng đài"}, "metric": {"thời gian chờ"}, "comparator": {"<="}, "value": {"60"}, "unit": {"seconds"}, "scope": {"journey:"}, "owner": {"CSKH"}})
	c.want(200, "Trả lời tổng đài", "thời gian chờ ≤ 60 giây")
	ws := uiWorkspace(t, a)
	js, _ := a.store.Journeys(context.Background(), ws, store.Page{})
	purchase := js.Items[0].Stages[2]
	c.get("/model/goals/new")
	c.post("/model/goals", url.Values{"name_vi": {"NPS khi mua"}, "kpi": {"nps"}, "comparator": {">="}, "value": {"40"}, "scope": {"stage:" + purchase.ID}, "due": {"2026-12-31"}})
	c.want(200, "NPS khi mua", "Giai đoạn: Mua hàng", "2026-12-31")
	m, err := a.store.CXModel(context.Background(), ws)
	if err != nil || len(m.Standards) != 1 || len(m.Goals) != 1 {
		t.Fatalf("model: %+v, %v", m, err)
	}
	c.get("/model/goals/"+m.Goals[0].ID).want(200, "Mục tiêu")
	if !strings.Contains(c.body, `value="NPS khi mua"`) || !strings.Contains(c.body, `<option value="stage:`+purchase.ID+`" selected>`) {
		t.Fatal("the goal's form does not show the goal")
	}
	c.post("/model/goals/"+m.Goals[0].ID, url.Values{"name_vi": {"NPS khi mua"}, "kpi": {"nps"}, "comparator": {">="}, "value": {"bốn mươi"}, "scope": {"journey:"}})
	c.want(http.StatusBadRequest, "Chỉ tiêu phải là một số")
	c.get("/model/standards/" + m.Standards[0].ID)
	c.post("/model/standards/"+m.Standards[0].ID+"/delete", url.Values{}).want(200, "Đã xóa", "Chưa có tiêu chuẩn nào", "NPS khi mua")
}

func TestUIJourneyEditing(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	c.get("/journeys")
	c.post("/journeys", url.Values{"template": {"custom"}, "name_vi": {"Khách sỉ"}})
	c.want(200, "Đã tạo", "Giai đoạn 1")
	ws := uiWorkspace(t, a)
	js, _ := a.store.Journeys(context.Background(), ws, store.Page{})
	j := js.Items[1]
	st := j.Stages[0]
	path := "/journeys/" + j.ID
	form := url.Values{"name_vi": {"Khách sỉ"}, "op": {"save"},
		"stage_id": {st.ID, ""}, "stage_key": {st.Key, ""}, "stage_name_vi": {"Liên hệ", "Đặt hàng"}, "stage_name_en": {"", ""},
		"stage_phase": {"before", "during"}, "stage_emotions": {"Tin tưởng\nAn tâm", ""}, "stage_actions": {"Gọi điện", ""}, "stage_owner": {"", "Kho"}}
	c.post(path, form).want(200, "Đã lưu")
	j, _ = a.store.Journey(context.Background(), ws, j.ID)
	if len(j.Stages) != 2 || j.Stages[1].Name.Vi != "Đặt hàng" || len(j.Stages[0].DesiredEmotions) != 2 {
		t.Fatalf("after adding a stage: %+v", j.Stages)
	}
	form = url.Values{"name_vi": {"Khách sỉ"}, "op": {"down:0"},
		"stage_id": {j.Stages[0].ID, j.Stages[1].ID, ""}, "stage_key": {j.Stages[0].Key, j.Stages[1].Key, ""},
		"stage_name_vi": {"Liên hệ", "Đặt hàng", ""}, "stage_name_en": {"", "", ""}, "stage_phase": {"before", "during", ""},
		"stage_emotions": {"", "", ""}, "stage_actions": {"", "", ""}, "stage_owner": {"", "", ""}}
	c.post(path, form).want(200, "Đã lưu")
	j, _ = a.store.Journey(context.Background(), ws, j.ID)
	if j.Stages[0].Name.Vi != "Đặt hàng" {
		t.Fatalf("move down: got stages %q, %q", j.Stages[0].Name.Vi, j.Stages[1].Name.Vi)
	}
	// A stage that holds a touchpoint cannot go, and the journey neither.
	c.get("/touchpoints/new")
	c.post("/touchpoints", url.Values{"name_vi": {"Gọi sỉ"}, "phase": {"before"}, "stage_id": {j.Stages[0].ID}, "channel": {"phone"}, "mode": {"offline"}, "status": {"active"}}).want(200)
	c.get(path)
	c.post(path+"/delete", url.Values{}).want(http.StatusConflict, "vẫn đang được dùng bởi 1 điểm chạm")
	form.Set("op", "remove:1")
	c.post(path, form).want(http.StatusConflict, "vẫn đang được dùng bởi 1 điểm chạm")
}

func TestUIMilestonesKeysUsersWorkspace(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	ws := uiWorkspace(t, a)
	js, _ := a.store.Journeys(context.Background(), ws, store.Page{})
	stages := js.Items[0].Stages
	c.get("/milestones/new")
	c.post("/milestones", url.Values{"name_vi": {"Đơn thứ hai"}, "stage_id": {stages[2].ID}, "due_days": {"30"}, "type": {"event"}, "event": {""}, "count": {"2"}})
	c.want(http.StatusBadRequest, "Cần nhập Sự kiện")
	c.post("/milestones", url.Values{"name_vi": {"Đơn thứ hai"}, "stage_id": {stages[2].ID}, "due_days": {"30"}, "type": {"event"}, "event": {"Order Completed"}, "count": {"2"}})
	c.want(200, "Đơn thứ hai", "Order Completed", "30 ngày")

	c.get("/settings/api-keys")
	c.post("/settings/api-keys", url.Values{"kind": {"secret"}, "name": {"ERP"}})
	c.want(200, "sẽ không được hiển thị lại")
	key := regexp.MustCompile(`id="new-key" class="secret-value" readonly value="(cxm_sk_[^"]+)"`).FindStringSubmatch(c.body)
	if key == nil {
		t.Fatal("the new key is not shown")
	}
	c.get("/settings/api-keys")
	if strings.Contains(c.body, key[1]) {
		t.Fatal("the key is shown a second time")
	}
	keys, _ := a.store.APIKeys(context.Background(), ws, store.Page{})
	c.post("/settings/api-keys/"+keys.Items[0].ID+"/revoke", url.Values{}).want(200, "Đã thu hồi")

	c.get("/settings/workspace")
	c.post("/settings/workspace", url.Values{"name": {"Cà phê Chiều"}, "timezone": {"Mars/Base"}, "language": {"vi"}, "currency": {"vnd"}})
	c.want(http.StatusBadRequest, "Múi giờ \"Mars/Base\" không tồn tại")
	c.post("/settings/workspace", url.Values{"name": {"Cà phê Chiều"}, "timezone": {"Asia/Bangkok"}, "language": {"vi"}, "currency": {"vnd"}})
	c.want(200, "Cà phê Chiều", "Đã lưu")

	// The last owner can neither be demoted nor removed.
	c.get("/settings/users")
	owner := regexp.MustCompile(`action="/settings/users/(usr_[^/]+)/role"`).FindStringSubmatch(c.body)
	if owner == nil {
		t.Fatal("no role form")
	}
	c.post("/settings/users/"+owner[1]+"/role", url.Values{"role": {"viewer"}}).want(http.StatusConflict, "cần ít nhất một chủ sở hữu")
}
