package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// TestUIEveryPageRenders opens every dashboard page in both languages.
func TestUIEveryPageRenders(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	board := c.URL
	for _, lang := range []string{"vi", "en"} {
		c.Get(board)
		c.Post("/language", url.Values{"lang": {lang}, "next": {board}}).Want(200)
		for _, path := range []string{"/model", "/model/standards/new", "/model/goals/new", "/journeys", "/touchpoints",
			"/touchpoints?phase=before&status=active", "/touchpoints/new", "/milestones", "/milestones/new",
			"/settings/users", "/settings/api-keys", "/settings/workspace", "/account/password"} {
			c.Get(path).Want(200)
			if strings.Contains(c.Body, "<no value>") || strings.Contains(c.Body, "%!") {
				t.Errorf("%s (%s): template output has a formatting mistake", path, lang)
			}
		}
	}
	c.Get("/touchpoints?phase=during").Want(200, "6 touchpoints")
}

func TestUIStaticFilesCached(t *testing.T) {
	a := webtest.Start(t)
	c := a.Client()
	c.Get("/login").Want(200)
	m := regexp.MustCompile(`href="(/static/[0-9a-f]+/app\.css)"`).FindStringSubmatch(c.Body)
	if m == nil {
		t.Fatal("no checksummed stylesheet link")
	}
	res, err := http.Get(a.URL + m[1])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: status %d, Cache-Control %q, Content-Type %q", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Type"))
	}
	res, err = http.Get(a.URL + "/static/0000/app.css")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("stale checksum: status %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

func TestUIModelStandardsAndGoals(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.Get("/model")
	c.Post("/model/vision", url.Values{"vision_vi": {"Mỗi khách hàng đều muốn quay lại"}, "vision_en": {"Every customer wants to come back"}})
	c.Want(200, "Đã lưu", "Mỗi khách hàng đều muốn quay lại")
	c.Get("/model/standards/new")
	c.Post("/model/standards", url.Values{"name_vi": {"Trả lời tổng đài"}, "metric": {""}, "comparator": {"<="}, "value": {"60"}, "unit": {"seconds"}, "scope": {"journey:"}})
	c.Want(http.StatusBadRequest, "Cần nhập Chỉ số đo")
	if !strings.Contains(c.Body, `value="Trả lời tổng đài"`) {
		t.Fatal("the standard's name was lost")
	}
	c.Post("/model/standards", url.Values{"name_vi": {"Trả lời tổng đài"}, "metric": {"thời gian chờ"}, "comparator": {"<="}, "value": {"60"}, "unit": {"seconds"}, "scope": {"journey:"}, "owner": {"CSKH"}})
	c.Want(200, "Trả lời tổng đài", "thời gian chờ ≤ 60 giây")
	ws := uiWorkspace(t, a)
	js, _ := a.Store.Journeys(context.Background(), ws, store.Page{})
	purchase := js.Items[0].Stages[2]
	c.Get("/model/goals/new")
	c.Post("/model/goals", url.Values{"name_vi": {"NPS khi mua"}, "kpi": {"nps"}, "comparator": {">="}, "value": {"40"}, "scope": {"stage:" + purchase.ID}, "due": {"2026-12-31"}, "window": {"quarter"}})
	c.Want(200, "NPS khi mua", "Giai đoạn: Mua hàng", "31/12/2026")
	m, err := a.Store.CXModel(context.Background(), ws)
	if err != nil || len(m.Standards) != 1 || len(m.Goals) != 1 || m.Goals[0].Window != "quarter" {
		t.Fatalf("model: %+v, %v", m, err)
	}
	c.Get("/model/goals/"+m.Goals[0].ID).Want(200, "Mục tiêu")
	if !strings.Contains(c.Body, `value="NPS khi mua"`) || !strings.Contains(c.Body, `<option value="stage:`+purchase.ID+`" selected>`) ||
		!strings.Contains(c.Body, `<option value="quarter" selected>Quý này</option>`) {
		t.Fatal("the goal's form does not show the goal")
	}
	c.Post("/model/goals/"+m.Goals[0].ID, url.Values{"name_vi": {"NPS khi mua"}, "kpi": {"nps"}, "comparator": {">="}, "value": {"bốn mươi"}, "scope": {"journey:"}})
	c.Want(http.StatusBadRequest, "Chỉ tiêu phải là một số")
	c.Get("/model/standards/" + m.Standards[0].ID)
	c.Post("/model/standards/"+m.Standards[0].ID+"/delete", url.Values{}).Want(200, "Đã xóa", "Chưa có tiêu chuẩn nào", "NPS khi mua")
}

func TestUIJourneyEditing(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.Get("/journeys")
	c.Post("/journeys", url.Values{"template": {"custom"}, "name_vi": {"Khách sỉ"}})
	c.Want(200, "Đã tạo", "Giai đoạn 1")
	ws := uiWorkspace(t, a)
	js, _ := a.Store.Journeys(context.Background(), ws, store.Page{})
	j := js.Items[1]
	st := j.Stages[0]
	path := "/journeys/" + j.ID
	form := url.Values{"name_vi": {"Khách sỉ"}, "op": {"save"},
		"stage_id": {st.ID, ""}, "stage_key": {st.Key, ""}, "stage_name_vi": {"Liên hệ", "Đặt hàng"}, "stage_name_en": {"", ""},
		"stage_phase": {"before", "during"}, "stage_emotions": {"Tin tưởng\nAn tâm", ""}, "stage_actions": {"Gọi điện", ""}, "stage_owner": {"", "Kho"}}
	c.Post(path, form).Want(200, "Đã lưu")
	j, _ = a.Store.Journey(context.Background(), ws, j.ID)
	if len(j.Stages) != 2 || j.Stages[1].Name.Vi != "Đặt hàng" || len(j.Stages[0].DesiredEmotions) != 2 {
		t.Fatalf("after adding a stage: %+v", j.Stages)
	}
	form = url.Values{"name_vi": {"Khách sỉ"}, "op": {"down:0"},
		"stage_id": {j.Stages[0].ID, j.Stages[1].ID, ""}, "stage_key": {j.Stages[0].Key, j.Stages[1].Key, ""},
		"stage_name_vi": {"Liên hệ", "Đặt hàng", ""}, "stage_name_en": {"", "", ""}, "stage_phase": {"before", "during", ""},
		"stage_emotions": {"", "", ""}, "stage_actions": {"", "", ""}, "stage_owner": {"", "", ""}}
	c.Post(path, form).Want(200, "Đã lưu")
	j, _ = a.Store.Journey(context.Background(), ws, j.ID)
	if j.Stages[0].Name.Vi != "Đặt hàng" {
		t.Fatalf("move down: got stages %q, %q", j.Stages[0].Name.Vi, j.Stages[1].Name.Vi)
	}
	// A stage that holds a touchpoint cannot go, and the journey neither.
	c.Get("/touchpoints/new")
	c.Post("/touchpoints", url.Values{"name_vi": {"Gọi sỉ"}, "phase": {"before"}, "stage_id": {j.Stages[0].ID}, "channel": {"phone"}, "mode": {"offline"}, "status": {"active"}}).Want(200)
	c.Get(path)
	c.Post(path+"/delete", url.Values{}).Want(http.StatusConflict, "vẫn đang được dùng bởi 1 điểm chạm")
	form.Set("op", "remove:1")
	c.Post(path, form).Want(http.StatusConflict, "vẫn đang được dùng bởi 1 điểm chạm")
}

func TestUIMilestonesKeysUsersWorkspace(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	js, _ := a.Store.Journeys(context.Background(), ws, store.Page{})
	stages := js.Items[0].Stages
	c.Get("/milestones/new")
	c.Post("/milestones", url.Values{"name_vi": {"Đơn thứ hai"}, "stage_id": {stages[2].ID}, "due_days": {"30"}, "type": {"event"}, "event": {""}, "count": {"2"}})
	c.Want(http.StatusBadRequest, "Cần nhập Sự kiện")
	c.Post("/milestones", url.Values{"name_vi": {"Đơn thứ hai"}, "stage_id": {stages[2].ID}, "due_days": {"30"}, "type": {"event"}, "event": {"Order Completed"}, "count": {"2"}})
	c.Want(200, "Đơn thứ hai", "Order Completed", "30 ngày")

	c.Get("/settings/api-keys")
	c.Post("/settings/api-keys", url.Values{"kind": {"secret"}, "name": {"ERP"}})
	c.Want(200, "sẽ không được hiển thị lại")
	key := regexp.MustCompile(`id="new-key" class="secret-value" readonly value="(cxm_sk_[^"]+)"`).FindStringSubmatch(c.Body)
	if key == nil {
		t.Fatal("the new key is not shown")
	}
	c.Get("/settings/api-keys")
	if strings.Contains(c.Body, key[1]) {
		t.Fatal("the key is shown a second time")
	}
	keys, _ := a.Store.APIKeys(context.Background(), ws, store.Page{})
	c.Post("/settings/api-keys/"+keys.Items[0].ID+"/revoke", url.Values{}).Want(200, "Đã thu hồi")

	c.Get("/settings/workspace")
	c.Post("/settings/workspace", url.Values{"name": {"Cà phê Chiều"}, "timezone": {"Mars/Base"}, "language": {"vi"}, "currency": {"vnd"}})
	c.Want(http.StatusBadRequest, "Múi giờ \"Mars/Base\" không tồn tại")
	c.Post("/settings/workspace", url.Values{"name": {"Cà phê Chiều"}, "timezone": {"Asia/Bangkok"}, "language": {"vi"}, "currency": {"vnd"}})
	c.Want(200, "Cà phê Chiều", "Đã lưu")

	// The last owner can neither be demoted nor removed.
	c.Get("/settings/users")
	owner := regexp.MustCompile(`action="/settings/users/(usr_[^/]+)/role"`).FindStringSubmatch(c.Body)
	if owner == nil {
		t.Fatal("no role form")
	}
	c.Post("/settings/users/"+owner[1]+"/role", url.Values{"role": {"viewer"}}).Want(http.StatusConflict, "cần ít nhất một chủ sở hữu")
}
