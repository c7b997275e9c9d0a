package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/web/ui"
	"cxm/internal/web/webtest"
)

func TestUICustomerListAndProfile(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	lan := a.SeedLan(ws)

	c.Get("/customers").Want(200, "Khách hàng", "Nguyễn Thị Lan", "93.000 ₫")
	c.Get("/customers?q=nguyen+thi+lan").Want(200, "Nguyễn Thị Lan")
	c.Get("/customers?q=ai+khac")
	if strings.Contains(c.Text(), "Nguyễn Thị Lan") {
		t.Error("a search for someone else lists Lan")
	}
	c.Get("/customers?city=ha+noi&seen=30").Want(200, "Nguyễn Thị Lan")

	c.Get("/customers/"+lan.ID).Want(200, "Nguyễn Thị Lan", "Định danh", "lan@example.vn", "+84912345678",
		"Đồng ý nhận liên lạc", "Chưa hỏi", "DH-1", "2 × Cà phê sữa đá", "93.000 ₫", "Dòng thời gian", "Thực đơn", "plan", "gold")
	rating := 4.0
	if _, _, err := a.Store.AddFeedback(t.Context(), ws, cx.ExternalFeedback{Source: "google_maps", Kind: "review", Rating: &rating,
		ScaleMax: 5, Text: "Cà phê ngon, phục vụ nhanh.", Phone: "0912345678"}); err != nil {
		t.Fatal(err)
	}
	c.Get("/customers/"+lan.ID).Want(200, "Google Maps", "Cà phê ngon, phục vụ nhanh.")
	c.Post("/customers/"+lan.ID, url.Values{"full_name": {"Nguyễn Thị Lan"}, "phone": {"12"}, "email": {"lan@example.vn"}, "city": {"Huế"}})
	c.Want(http.StatusBadRequest, "không phải là số điện thoại")
	if !strings.Contains(c.Body, `id="f-phone" name="phone" type="tel" value="12"`) {
		t.Error("the form lost what was typed")
	}
	c.Post("/customers/"+lan.ID, url.Values{"full_name": {"Nguyễn Thị Lan"}, "phone": {"0912345678"}, "email": {"lan@example.vn"},
		"city": {"Huế"}, "birthday": {"05/03/1990"}})
	c.Want(200, "Đã lưu", "Huế", "1990-03-05")

	c.Post("/language", url.Values{"lang": {"en"}, "next": {"/customers/" + lan.ID}})
	c.Want(200, "Customer profile", "Identities", "Not asked", "Timeline", "Orders")
	c.Post("/customers/"+lan.ID+"/consents", url.Values{"consent.marketing.zalo": {"granted"}, "consent.surveys.email": {"refused"}, "consent.service.sms": {""}})
	c.Want(200, "Saved", "Granted", "Refused")
	got, err := a.Store.Customer(t.Context(), ws, lan.ID)
	if err != nil || len(got.Consents) != 2 || got.Consents[0].Purpose != "marketing" || !got.Consents[0].Granted ||
		got.Consents[1].Purpose != "surveys" || got.Consents[1].Granted || got.Consents[0].Source != "dashboard" {
		t.Errorf("got consents %+v, %v", got.Consents, err)
	}
	c.Post("/customers/"+lan.ID+"/delete", url.Values{})
	c.Want(200, "Deleted")
	c.Get("/customers/" + lan.ID).Want(http.StatusNotFound)
}

func TestUICustomerTimelinePages(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	var events []cx.Event
	for i := 0; i < 30; i++ {
		events = append(events, webtest.TestEvent(cx.EventTrack, "Product Viewed", "u-tam", 100-i, map[string]any{"product_id": "p"}))
	}
	a.IngestEvents(ws, events...)
	cust, err := a.Store.CustomerByIdentity(t.Context(), ws, cx.IDUser, "u-tam")
	if err != nil {
		t.Fatal(err)
	}
	c.Get("/customers/"+cust.ID).Want(200, "Cũ hơn")
	if n := strings.Count(c.Body, `class="tl-event"`); n != ui.CustomerPageSize {
		t.Errorf("first page: got %d items, want %d", n, ui.CustomerPageSize)
	}
	next := uiNextLink(t, c.Body, "Cũ hơn")
	c.Get(next).Want(200)
	if n := strings.Count(c.Body, `class="tl-event"`); n != 30-ui.CustomerPageSize {
		t.Errorf("second page: got %d items, want %d", n, 30-ui.CustomerPageSize)
	}
}

// uiNextLink returns the href of the link whose text is label.
func uiNextLink(t *testing.T, body, label string) string {
	t.Helper()
	i := strings.Index(body, ">"+label+"</a>")
	j := strings.LastIndex(body[:max(i, 0)], `href="`)
	if i < 0 || j < 0 {
		t.Fatalf("no link %q", label)
	}
	href := body[j+6:]
	return strings.ReplaceAll(href[:strings.IndexByte(href, '"')], "&amp;", "&")
}

func TestUIImportAndExport(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	c.Get("/customers/transfer").Want(200, "Nhập từ tệp CSV", "Tải khách hàng")
	file := "Họ và tên,Số điện thoại,Email,Ngày sinh,Ghi chú nội bộ\n" +
		"Nguyễn Thị Lan,0912 345 678,lan@example.vn,05/03/1990,x\n" +
		"Trần Bình,0912,binh@example.vn,,\n"
	c.Upload("/customers/transfer", "customers", "khach.csv", file, "Ghi chú nội bộ=ignore")
	c.Want(200, "Kết quả nhập", "Đã đọc 2 dòng; nhận 1 (mới 1, đã nhập trước đó 0); từ chối 1 dòng.", "Số điện thoại", "không phải là số điện thoại")
	c.Upload("/customers/transfer", "customers", "khach.csv", file, "Ghi chú nội bộ=ignore")
	c.Want(200, "nhận 1 (mới 0, đã nhập trước đó 1)")
	c.Upload("/customers/transfer", "customers", "", "", "")
	c.Want(http.StatusBadRequest, "Hãy chọn một tệp CSV")
	c.Upload("/customers/transfer", "orders", "don.csv", "Số điện thoại\n0912345678\n", "")
	c.Want(200, "Không nhập được", "Tệp đơn hàng cần một cột mã đơn")
	orders := "Mã đơn hàng,Số điện thoại,Ngày đặt,Sản phẩm,Số lượng,Đơn giá\nDH1,0912345678,2026-03-05,Bạc xỉu,2,35.000\n"
	c.Upload("/customers/transfer", "orders", "don.csv", orders, "").Want(200, "nhận 1 (mới 1")

	c.Get("/customers/export/customers.csv").Want(200, "Nguyễn Thị Lan", "+84912345678", "1990-03-05")
	c.Get("/customers/export/orders.csv").Want(200, "DH1", "70000", "Bạc xỉu")
	c.Get("/customers/export/secrets.csv").Want(http.StatusNotFound)
}

func TestUICustomerRoles(t *testing.T) {
	a := webtest.Start(t)
	owner := a.Setup("vi")
	ws := uiWorkspace(t, a)
	lan := a.SeedLan(ws)
	var clients = map[cx.Role]*webtest.Client{}
	for _, role := range []cx.Role{cx.RoleViewer, cx.RoleAgent, cx.RoleAnalyst} {
		clients[role] = a.Join(owner.Invite(string(role)+"@example.vn", string(role)), string(role))
	}
	viewer, agent, analyst := clients[cx.RoleViewer], clients[cx.RoleAgent], clients[cx.RoleAnalyst]
	viewer.Get("/customers/"+lan.ID).Want(200, "Nguyễn Thị Lan")
	if strings.Contains(viewer.Body, "Xóa khách hàng") {
		t.Error("a viewer is offered to delete a customer")
	}
	viewer.Post("/customers/"+lan.ID, url.Values{"city": {"Huế"}}).Want(http.StatusForbidden)
	viewer.Get("/customers/export/customers.csv").Want(http.StatusForbidden)
	agent.Get("/customers/" + lan.ID)
	agent.Post("/customers/"+lan.ID, url.Values{"full_name": {"Nguyễn Thị Lan"}, "city": {"Vinh"}}).Want(200, "Vinh")
	agent.Get("/customers/export/orders.csv").Want(http.StatusForbidden)
	analyst.Get("/customers/export/customers.csv").Want(200, "Nguyễn Thị Lan")
	analyst.Get("/customers/transfer").Want(200, "Tải đơn hàng")
	if strings.Contains(analyst.Body, "Nhập từ tệp CSV") {
		t.Error("an analyst is offered the import form")
	}
}

// TestUICSVFilesAreSafe: what a write key sends comes out of every
// dashboard export with formula cells neutralised, and goes back in with
// the same values; a file that is not UTF-8 or has a quote never closed
// gets a report that says so.
func TestUICSVFilesAreSafe(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	const evil = `=HYPERLINK("http://evil.example","bấm")`
	a.Track(a.Key(ws, cx.KeyWrite), "identify", map[string]any{"userId": "u1",
		"traits": map[string]any{"name": evil, "phone": "0912345678", "city": "@SUM(1)"}})
	c.Get("/feedback")
	c.Post("/feedback", url.Values{"source": {"call_centre"}, "text": {"-2+3 gọi lại"}, "agent": {"+Hà"}}).Want(200)

	c.Get("/customers/export/customers.csv")
	exported := c.Body
	for _, want := range []string{`"'=HYPERLINK(""http://evil.example"",""bấm"")"`, ",+84912345678,", ",'@SUM(1),"} {
		if !strings.Contains(exported, want) {
			t.Errorf("customers.csv lacks %s:\n%s", want, exported)
		}
	}
	c.Get("/feedback.csv")
	if !strings.Contains(c.Body, ",'-2+3 gọi lại,") || !strings.Contains(c.Body, ",'+Hà,") {
		t.Errorf("feedback.csv has formula cells:\n%s", c.Body)
	}

	c.Get("/customers/transfer")
	c.Upload("/customers/transfer", "customers", "cxm-customers.csv", exported, "").Want(200, "từ chối 0 dòng")
	if u1 := a.Customer(ws, cx.IDUser, "u1"); u1.FullName != evil || u1.City != "@SUM(1)" {
		t.Errorf("after importing the export: got %q, %q, want the values sent", u1.FullName, u1.City)
	}

	file := "user_id,full_name\nu2,Nguy\xean\nu3,\"Lan\n" + strings.Repeat("u4,Bình\n", 99)
	c.Upload("/customers/transfer", "customers", "khach.csv", file, "")
	c.Want(200, "Đã đọc 2 dòng; nhận 0", "từ chối 2 dòng", "không phải văn bản UTF-8",
		"bắt đầu ở dòng 3 không được đóng lại", "99 dòng sau nó không được đọc")
}
