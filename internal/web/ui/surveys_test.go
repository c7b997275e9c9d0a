package ui_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// cafeForm is the café survey typed into the builder: NPS, a rating matrix
// over five criteria with an overall row, and "what should we improve?".
func cafeForm(storeID string) url.Values {
	f := url.Values{"name_vi": {"Góp ý cho quán"}, "name_en": {"Tell us about the café"}, "touchpoint_id": {storeID}, "status": {"active"}}
	rows := [][]string{
		{"nps", "nps", "Bạn có giới thiệu quán cho bạn bè không?", "How likely are you to recommend us?", "true", "", "false", ""},
		{"criteria", "matrix", "Bạn hài lòng thế nào với…", "How satisfied are you with…", "true",
			"taste | Hương vị | Taste\nservice | Phục vụ | Service\nprice | Giá cả | Price\nspace | Không gian | Space\nwait | Thời gian chờ | Wait time", "true", ""},
		{"improve", "text", "Chúng tôi nên cải thiện điều gì?", "What should we improve?", "false", "", "false", ""},
		{"", "text", "", "", "false", "", "false", ""}, // an empty row is dropped
	}
	for _, r := range rows {
		for i, name := range []string{"q_key", "q_type", "q_title_vi", "q_title_en", "q_required", "q_options", "q_overall", "q_show_if"} {
			f.Add(name, r[i])
		}
	}
	return f
}

func TestUISurveyBuilderAndInbox(t *testing.T) {
	app := webtest.Start(t)
	c := app.Setup("vi")
	ctx := context.Background()
	ws, _ := app.Store.Memberships(ctx, uiOwner(t, app).ID)
	wsID := ws[0].Workspace.ID
	tps, _ := app.Store.Touchpoints(ctx, wsID, store.TouchpointFilter{}, store.Page{Limit: 100})
	storeID := ""
	for _, tp := range tps.Items {
		if tp.Key == "store" {
			storeID = tp.ID
		}
	}

	c.Get("/surveys/new").Want(200, "Khảo sát mới", "Xem trước")
	// A broken branch comes back with the message, nothing stored.
	bad := cafeForm(storeID)
	bad.Set("q_show_if", "nps <= ")
	c.Post("/surveys", bad).Want(400, "Viết điều kiện theo dạng")
	c.Post("/surveys", cafeForm(storeID)).Want(200, "Đã lưu", "Hương vị", "Wait time", "Đánh giá chung", "Overall")
	if !strings.Contains(c.Body, `src="/surveys/`) || !strings.Contains(c.Body, "&lt;iframe") {
		t.Fatal("the survey page lacks its QR code or embed code")
	}
	if !strings.Contains(c.Body, `/js/cxm.js&#34; data-write-key`) || !strings.Contains(c.Body, `data-cxm-survey=&#34;`) {
		t.Error("the survey page lacks the widget's snippet")
	}
	id := regexp.MustCompile(`action="/surveys/(sv_[a-z0-9]+)"`).FindStringSubmatch(c.Body)[1]

	// The live preview answers the posted form in both languages.
	preview := cafeForm(storeID)
	preview.Set("q_title_en", "Would you recommend us?")
	c.Post("/surveys/preview", preview).Want(200, "Would you recommend us?", "Bạn có giới thiệu quán cho bạn bè không?")

	c.Get("/surveys/" + id + "/qr/png")
	if c.Code != 200 || !strings.HasPrefix(c.Body, "\x89PNG") {
		t.Fatalf("QR PNG: got %d", c.Code)
	}

	// Answer it twice through the API of the store, then read the list.
	sv, _ := app.Store.Survey(ctx, wsID, id)
	for _, score := range []float64{9, 3} {
		a := []cx.Answer{{Question: "nps", Score: &score}, {Question: "criteria", Scores: map[string]float64{"taste": 5, "service": 4, "price": 3, "space": 4, "wait": 2, "overall": 4}}}
		if _, err := app.Store.SubmitResponse(ctx, wsID, cx.Response{SurveyID: sv.ID, Channel: "qr", Language: "vi", Answers: a}, secret.RandomToken(10)); err != nil {
			t.Fatal(err)
		}
	}
	c.Get("/surveys").Want(200, "Góp ý cho quán", "Văn phòng, cửa hàng kinh doanh", "Đang chạy", "100 %")

	// The inbox filters by score and exports what it shows.
	c.Get("/feedback?survey_id="+id+"&scale=1-5&max_score=3&min_score=3").Want(200, "Ý kiến khách hàng", "Giá cả")
	if n := strings.Count(c.Body, `<tr id="fb-`); n != 2 { // price 3 in two responses; the NPS of 3 is on another scale
		t.Errorf("got %d responses with a score of 3 on the 1–5 scale, want 2", n)
	}
	c.Get("/feedback.csv?survey_id=" + id + "&scale=1-5&max_score=2&headers=en")
	lines := strings.Split(strings.TrimSpace(c.Body), "\n")
	if c.Code != 200 || len(lines) != 3 || !strings.Contains(lines[0], "question_key") { // header + wait=2 twice
		t.Fatalf("CSV export: got %d, %d lines:\n%s", c.Code, len(lines), c.Body)
	}

	// A call note typed in the inbox, then an invitation rule.
	c.Get("/feedback")
	c.Post("/feedback", url.Values{"source": {"call_centre"}, "text": {"Khách hỏi giờ mở cửa"}, "agent": {"Hà"}}).Want(200, "Khách hỏi giờ mở cửa", "Tổng đài")
	c.Get("/surveys/rules")
	c.Post("/surveys/rules", url.Values{"event_name": {"Order Completed"}, "survey_id": {id}, "delay_minutes": {"120"},
		"channel": {"email"}, "sample_percent": {"50"}, "properties": {"channel=web"}}).Want(200, "Order Completed", "channel=web", "0,5")
	c.Post("/surveys/settings", url.Values{"fatigue_days": {"30"}, "reminder_days": {"3"}, "expiry_days": {"400"}}).Want(400, "365")
}

func uiOwner(t *testing.T, app *webtest.Env) cx.User {
	t.Helper()
	u, err := app.Store.UserByEmail(context.Background(), "lan@example.vn")
	if err != nil {
		t.Fatal(err)
	}
	return u
}
