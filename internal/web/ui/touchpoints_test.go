package ui_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

func uiBoard(page string) map[string][]string {
	out := map[string][]string{}
	for _, m := range uiCell.FindAllStringSubmatch(page, -1) {
		for _, c := range uiCard.FindAllStringSubmatch(m[2], -1) {
			out[m[1]] = append(out[m[1]], c[1])
		}
	}
	return out
}

func TestUITouchpointFieldError(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.Get("/touchpoints/new").Want(200, "Thêm điểm chạm")
	c.Post("/touchpoints", url.Values{"name_vi": {""}, "name_en": {""}, "owner": {"Chị Hoa, CSKH"}, "phase": {"after"},
		"channel": {"zalo"}, "mode": {"online"}, "status": {"ideal"},
		"target_kpi": {"csat", ""}, "target_comparator": {">=", ">="}, "target_value": {"85", ""}})
	c.Want(http.StatusBadRequest, "Cần nhập Tên, bằng tiếng Việt hoặc tiếng Anh")
	if !regexp.MustCompile(`(?s)id="f-name_vi"[^>]*aria-invalid="true".*?<p class="field-error" id="e-name_vi">`).MatchString(c.Body) {
		t.Fatal("the error is not shown next to the name field")
	}
	for _, kept := range []string{`value="Chị Hoa, CSKH"`, `<option value="zalo" selected>`, `<option value="ideal" selected>`, `<option value="csat" selected>`, `value="85"`} {
		if !strings.Contains(html.UnescapeString(c.Body), kept) {
			t.Fatalf("the form lost %s", kept)
		}
	}
	c.Post("/touchpoints", url.Values{"name_vi": {"Zalo OA"}, "owner": {"Chị Hoa"}, "phase": {"after"}, "channel": {"zalo"},
		"mode": {"online"}, "status": {"ideal"}, "target_kpi": {"csat"}, "target_comparator": {">="}, "target_value": {"85,5"}})
	c.Want(200, "Đã lưu", "Zalo OA")
	c.Get(firstLink(t, c, "/journeys", "/journeys/")+"/board").Want(200, "Chưa gán giai đoạn", "Zalo OA")
}

func TestUITouchpointMovesOnBoard(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	board := firstLink(t, c, "/journeys", "/journeys/") + "/board"
	c.Get(board).Want(200)
	ctx := context.Background()
	ws := uiWorkspace(t, a)
	js, err := a.Store.Journeys(ctx, ws, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	stages := map[string]string{}
	for _, st := range js.Items[0].Stages {
		stages[st.Key] = st.ID
	}
	tps, err := a.Store.Touchpoints(ctx, ws, store.TouchpointFilter{}, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	var tp cx.Touchpoint
	for _, x := range tps.Items {
		if x.Key == "thank_you_letter" {
			tp = x
		}
	}
	if !contains(uiBoard(c.Body)[stages["retention"]], tp.ID) {
		t.Fatalf("thank-you letter not in the retention column: %v", uiBoard(c.Body))
	}
	c.Get("/touchpoints/"+tp.ID).Want(200, "Sửa điểm chạm", "Thư cảm ơn")
	c.Post("/touchpoints/"+tp.ID, url.Values{"name_vi": {"Thư cảm ơn viết tay"}, "name_en": {tp.Name.En}, "key": {tp.Key},
		"phase": {"after"}, "stage_id": {stages["advocacy"]}, "channel": {tp.Channel}, "mode": {tp.Mode}, "status": {"missing"}, "owner": {"Cửa hàng trưởng"}})
	c.Want(200, "Đã lưu")
	c.Get(board).Want(200, "Thư cảm ơn viết tay", "Cửa hàng trưởng")
	cells := uiBoard(c.Body)
	if contains(cells[stages["retention"]], tp.ID) || !contains(cells[stages["advocacy"]], tp.ID) {
		t.Fatalf("the touchpoint did not move from retention to advocacy: %v", cells)
	}
	if !regexp.MustCompile(`class="card st-missing tone-[a-z]+[^"]*" data-touchpoint="` + tp.ID + `"`).MatchString(c.Body) {
		t.Fatal("the card does not show its new status")
	}
}
