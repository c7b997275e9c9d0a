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

// TestUIInboxOneRowPerResponse: the inbox shows each response once, with
// its questions' titles, its scores on their scales and its customer,
// newest first; the score filter keeps one scale.
func TestUIInboxOneRowPerResponse(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	key := a.Key(ws, cx.KeySecret)
	lan := a.SeedLan(ws)
	sv := a.CafeSurvey(key)
	review := func(text, date string) {
		a.MustCall("POST", "/api/v1/feedback", key, map[string]any{"source": "google_maps", "rating": 4, "text": text, "date": date}, 201, nil)
	}
	answer := func(nps int, text string) {
		a.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/responses", key, map[string]any{"customer_id": lan.ID, "answers": []map[string]any{
			{"question": "nps", "score": nps},
			{"question": "criteria", "scores": map[string]int{"taste": 5, "service": 4, "price": 2, "space": 3, "wait": 4, "overall": 4}},
			{"question": "improve", "text": text},
		}}, 201, nil)
	}
	// Stored in this order, shown newest first: the response, then the
	// review of the 29th, then the one of the 20th entered last.
	review("Quán xinh", "2026-11-29")
	answer(10, "Cà phê rất ngon")
	review("Chờ quá lâu", "2026-11-20")

	c.Get("/feedback").Want(200, "Bạn có giới thiệu quán cho bạn bè không?", "10 / 10", "Nguyễn Thị Lan", "Hương vị", "Xem đầy đủ")
	rows := regexp.MustCompile(`<tr id="fb-`).FindAllStringIndex(c.Body, -1)
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want 3: a response and two reviews", len(rows))
	}
	text := c.Text()
	first, second, third := strings.Index(text, "Cà phê rất ngon"), strings.Index(text, "Quán xinh"), strings.Index(text, "Chờ quá lâu")
	if !(first < second && second < third) {
		t.Errorf("not newest first: %d, %d, %d", first, second, third)
	}
	for _, internal := range []string{"criteria · space", ">improve<", ">nps<"} {
		if strings.Contains(c.Body, internal) {
			t.Errorf("the inbox shows the internal key %q", internal)
		}
	}
	if !strings.Contains(c.Body, `href="/customers/`+lan.ID+`"`) {
		t.Error("the response does not link to its customer")
	}
	if !strings.Contains(text, "29/11/2026") {
		t.Error("the review's day is not in the Vietnamese form")
	}

	// Scores 1 to 4: on the 0–10 scale only the NPS would count, and it
	// is 10; on the 1–5 scale the reviews and the matrix rows count.
	c.Get("/feedback?scale=0-10&min_score=1&max_score=4").Want(200, "Chưa có ý kiến nào khớp")
	c.Get("/feedback?scale=1-5&min_score=1&max_score=4").Want(200, "Quán xinh", "Chờ quá lâu", "Giá cả")
	c.Get("/feedback?min_score=0&max_score=6").Want(http.StatusBadRequest, "Hãy chọn thang điểm")
}

// TestUIAddFeedbackKeepsTheForm: a refused piece of feedback comes back on
// its form with the field marked and the text kept.
func TestUIAddFeedbackKeepsTheForm(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.Get("/feedback")
	c.Post("/feedback", url.Values{"source": {"shopee"}, "rating": {"9"}, "text": {"Giao hàng chậm nhưng cà phê ngon"}, "author": {"Anh Tuấn"}})
	if c.Code != http.StatusBadRequest {
		t.Fatalf("got %d, want 400: %s", c.Code, webtest.Squash(c.Text()))
	}
	for _, kept := range []string{"Giao hàng chậm nhưng cà phê ngon", `value="Anh Tuấn"`, `<option value="shopee" selected>`, `id="a-rating" name="rating" type="text" value="9" inputmode="decimal" aria-invalid="true"`} {
		if !strings.Contains(c.Body, kept) {
			t.Errorf("the form lost %s", kept)
		}
	}
	if !strings.Contains(c.Text(), "Kiểm tra lại") && !strings.Contains(c.Body, `class="field-error"`) {
		t.Error("no message next to the field")
	}
}
