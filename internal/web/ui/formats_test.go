package ui_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cxm/internal/web/webtest"
)

var isoMinute = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`)

// TestUIDatesInTheReadersForm: the customer list and profile write times
// as 30/11/2026 17:54 in Vietnamese and Nov 30, 2026 17:54 in English, in
// the workspace's time zone; a goal's day typed 31/12/2026 is kept.
func TestUIDatesInTheReadersForm(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	lan := a.SeedLan(uiWorkspace(t, a))
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	seen := lan.Summary.LastSeen.In(loc)
	for _, lang := range []string{"vi", "en"} {
		c.Post("/language", url.Values{"lang": {lang}, "next": {"/customers"}}).Want(200)
		want := seen.Format("02/01/2006 15:04")
		if lang == "en" {
			want = seen.Format("Jan 2, 2006 15:04")
		}
		c.Want(200, want)
		c.Get("/customers/"+lan.ID).Want(200, want)
		if m := isoMinute.FindString(c.Text()); m != "" {
			t.Errorf("%s profile still shows %q", lang, m)
		}
	}
	c.Post("/language", url.Values{"lang": {"vi"}, "next": {"/model/goals/new"}}).Want(200, "Ngày/tháng/năm")
	c.Post("/model/goals", url.Values{"name_vi": {"NPS cuối năm"}, "kpi": {"nps"}, "comparator": {">="}, "value": {"40"}, "scope": {"journey:"}, "due": {"31/12/2026"}}).Want(200, "NPS cuối năm", "31/12/2026")
	c.Get("/feedback?from=01/11/2026&to=30/11/2026").Want(200)
}

// TestUIExportsHaveVietnameseHeaders: the customer, order and feedback
// files name their columns in Vietnamese, in English when asked.
func TestUIExportsHaveVietnameseHeaders(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	a.SeedLan(uiWorkspace(t, a))
	for path, want := range map[string]string{
		"/customers/export/customers.csv":            "Mã cxm,Mã khách hàng,Họ và tên",
		"/customers/export/customers.csv?headers=en": "cxm_id,user_id,full_name",
		"/customers/export/orders.csv":               "Mã đơn hàng,",
		"/feedback.csv":                              "Mã,Thời gian,Nguồn",
		"/feedback.csv?headers=en":                   "id,occurred_at,source",
	} {
		c.Get(path).Want(200)
		if got := strings.TrimPrefix(c.Body, "\ufeff"); !strings.HasPrefix(got, want) {
			t.Errorf("%s starts %q, want %q", path, strings.SplitN(got, "\n", 2)[0], want)
		}
	}
}
