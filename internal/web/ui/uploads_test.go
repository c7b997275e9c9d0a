package ui_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// TestUIUploadTooLarge: a file over the configured cap is refused with 413
// while it arrives, on the form, and nothing of it stays on disk.
func TestUIUploadTooLarge(t *testing.T) {
	a := webtest.Start(t, webtest.MaxUpload(1<<20))
	c := a.Setup("vi")
	c.Get("/customers/transfer").Want(200, "Tệp tối đa 1 MB")
	big := "Họ và tên,Số điện thoại\n" + strings.Repeat("Nguyễn Thị Lan,0912345678\n", 50_000)
	c.Upload("/customers/transfer", "customers", "khach.csv", big, "")
	c.Want(http.StatusRequestEntityTooLarge, "Tệp lớn hơn 1 MB", "Nhập từ tệp CSV")
	c.Get("/feedback")
	c.Upload("/feedback/import", "", "phan-hoi.csv", "source,text\n"+strings.Repeat("google_maps,ngon\n", 100_000), "")
	c.Want(http.StatusRequestEntityTooLarge, "Tệp lớn hơn 1 MB")
	if left, _ := os.ReadDir(a.UploadDir); len(left) != 0 {
		t.Errorf("got %d files left in the upload directory, want none", len(left))
	}
}

// TestUIUploadLongCells: a cell over 10,000 characters refuses its row
// with the column named, and a long bad value is quoted cut short in the
// report, never whole.
func TestUIUploadLongCells(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.Get("/customers/transfer")
	long := strings.Repeat("9", 20_000)
	bad := "x" + strings.Repeat("0", 5000)
	file := "Họ và tên,Số điện thoại\nNguyễn Thị Lan,0912345678\nTrần Bình," + long + "\nLê Chi," + bad + "\n"
	c.Upload("/customers/transfer", "customers", "khach.csv", file, "")
	c.Want(200, "Đã xong", "Đã đọc 3 dòng; nhận 1", `Cột "Số điện thoại" có ô dài hơn 10000 ký tự`, bad[:79]+"…")
	if strings.Contains(c.Body, bad[:81]) {
		t.Errorf("the report quotes more than 80 characters of the bad value")
	}
	if len(c.Body) > 40_000 {
		t.Errorf("the report page has %d bytes, want it short: values quoted cut", len(c.Body))
	}
}

// TestUIFeedbackImportInBackground: the inbox's import goes to the
// import's page, which ends with its report.
func TestUIFeedbackImportInBackground(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.Get("/feedback")
	c.Upload("/feedback/import", "", "phan-hoi.csv", "source,text\ngoogle_maps,Cà phê ngon\nshopee,Giao chậm\n", "")
	c.Want(200, "Phản hồi · Đã xong", "Đã thêm 2 phản hồi; 0 đã có từ lần nhập trước.")
	other, _ := a.Workspace("Tiệm khác")
	req, _ := http.NewRequest("GET", a.URL+c.URL, nil)
	req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: a.Session(other, cx.RoleOwner)})
	if status, _ := a.Send(req); status != http.StatusNotFound {
		t.Errorf("another workspace's owner opening %s: got %d, want 404", c.URL, status)
	}
	c.Get("/feedback")
	c.Upload("/feedback/import", "", "phan-hoi.csv", "source,text\ngoogle_maps,Cà phê ngon\nshopee,Giao chậm\n", "")
	c.Want(200, "Đã thêm 0 phản hồi; 2 đã có từ lần nhập trước.")
}
