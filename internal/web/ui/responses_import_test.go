package ui_test

import (
	"context"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"
)

// TestUIImportResponses: the survey page takes a Google Forms export in
// the background; the import's page ends with the refused rows, the
// column named as the file names it.
func TestUIImportResponses(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws, err := a.Store.Workspaces(context.Background())
	if err != nil || len(ws) != 1 {
		t.Fatalf("got %v, %v; want the workspace of the setup", ws, err)
	}
	sv := a.CafeSurvey(a.Key(ws[0].ID, cx.KeySecret))
	c.Get("/surveys/"+sv.ID).Want(200, "Nhập câu trả lời từ CSV")
	file := "Dấu thời gian,Bạn có giới thiệu quán cho bạn bè không?,Chúng tôi nên cải thiện điều gì?,criteria.taste,criteria.service,criteria.price,criteria.space,criteria.wait,criteria.overall\n" +
		"30/11/2026 17:54:03,9,Ngon,5,5,4,4,4,5\n" +
		"01/12/2099 08:00:00,9,,5,5,4,4,4,5\n" +
		"15/06/2026 12:10:00,12,,5,5,4,4,4,5\n"
	c.Upload("/surveys/"+sv.ID+"/import", "", "google-forms.csv", file, "")
	c.Want(200, "Câu trả lời khảo sát · Đã xong", "Đã đọc 3 dòng; nhận 1 (mới 1, đã nhập trước đó 0); từ chối 2 dòng.", "submitted_at", "nằm ở tương lai")
}
