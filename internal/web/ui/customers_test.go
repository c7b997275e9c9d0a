package ui

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cxm/internal/cx"
)

func TestUICustomerListAndProfile(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	ws := uiWorkspace(t, a)
	lan := seedLanInto(t, a.srv, ws)

	c.get("/customers").want(200, "Khách hàng", "Nguyễn Thị Lan", "93.000 ₫")
	c.get("/customers?q=nguyen+thi+lan").want(200, "Nguyễn Thị Lan")
	c.get("/customers?q=ai+khac")
	if strings.Contains(c.text(), "Nguyễn Thị Lan") {
		t.Error("a search for someone else lists Lan")
	}
	c.get("/customers?city=ha+noi&seen=30").want(200, "Nguyễn Thị Lan")

	c.get("/customers/"+lan.ID).want(200, "Nguyễn Thị Lan", "Định danh", "lan@example.vn", "+84912345678",
		"Đồng ý nhận liên lạc", "Chưa hỏi", "DH-1", "2 × Cà phê sữa đá", "93.000 ₫", "Dòng thời gian", "Thực đơn", "plan", "gold")
	rating := 4.0
	if _, _, err := a.store.AddFeedback(t.Context(), ws, cx.ExternalFeedback{Source: "google_maps", Kind: "review", Rating: &rating,
		ScaleMax: 5, Text: "Cà phê ngon, phục vụ nhanh.", Phone: "0912345678"}); err != nil {
		t.Fatal(err)
	}
	c.get("/customers/"+lan.ID).want(200, "Google Maps", "Cà phê ngon, phục vụ nhanh.")
	c.post("/customers/"+lan.ID, url.Values{"full_name": {"Nguyễn Thị Lan"}, "phone": {"12"}, "email": {"lan@example.vn"}, "city": {"Huế"}})
	c.want(http.StatusBadRequest, "không phải là số điện thoại")
	if !strings.Contains(c.body, `id="f-phone" name="phone" type="tel" value="12"`) {
		t.Error("the form lost what was typed")
	}
	c.post("/customers/"+lan.ID, url.Values{"full_name": {"Nguyễn Thị Lan"}, "phone": {"0912345678"}, "email": {"lan@example.vn"},
		"city": {"Huế"}, "birthday": {"05/03/1990"}})
	c.want(200, "Đã lưu", "Huế", "1990-03-05")

	c.post("/language", url.Values{"lang": {"en"}, "next": {"/customers/" + lan.ID}})
	c.want(200, "Customer profile", "Identities", "Not asked", "Timeline", "Orders")
	c.post("/customers/"+lan.ID+"/consents", url.Values{"consent.marketing.zalo": {"granted"}, "consent.surveys.email": {"refused"}, "consent.service.sms": {""}})
	c.want(200, "Saved", "Granted", "Refused")
	got, err := a.store.Customer(t.Context(), ws, lan.ID)
	if err != nil || len(got.Consents) != 2 || got.Consents[0].Purpose != "marketing" || !got.Consents[0].Granted ||
		got.Consents[1].Purpose != "surveys" || got.Consents[1].Granted || got.Consents[0].Source != "dashboard" {
		t.Errorf("got consents %+v, %v", got.Consents, err)
	}
	c.post("/customers/"+lan.ID+"/delete", url.Values{})
	c.want(200, "Deleted")
	c.get("/customers/" + lan.ID).want(http.StatusNotFound)
}

func TestUICustomerTimelinePages(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	ws := uiWorkspace(t, a)
	var events []cx.Event
	for i := 0; i < 30; i++ {
		events = append(events, testEvent(cx.EventTrack, "Product Viewed", "u-tam", 100-i, map[string]any{"product_id": "p"}))
	}
	ingestInto(t, a.srv, ws, events...)
	cust, err := a.store.CustomerByIdentity(t.Context(), ws, cx.IDUser, "u-tam")
	if err != nil {
		t.Fatal(err)
	}
	c.get("/customers/"+cust.ID).want(200, "Cũ hơn")
	if n := strings.Count(c.body, `class="tl-event"`); n != customerPageSize {
		t.Errorf("first page: got %d items, want %d", n, customerPageSize)
	}
	next := uiNextLink(t, c.body, "Cũ hơn")
	c.get(next).want(200)
	if n := strings.Count(c.body, `class="tl-event"`); n != 30-customerPageSize {
		t.Errorf("second page: got %d items, want %d", n, 30-customerPageSize)
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

// upload posts a file to the import form, as a browser does.
func (c *uiClient) upload(path, kind, name, content, mapping string) *uiClient {
	c.app.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf())
	mw.WriteField("kind", kind)
	mw.WriteField("map", mapping)
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.app.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestUIImportAndExport(t *testing.T) {
	a := uiStart(t)
	c := a.setup("vi")
	c.get("/customers/transfer").want(200, "Nhập từ tệp CSV", "Tải khách hàng")
	file := "Họ và tên,Số điện thoại,Email,Ngày sinh,Ghi chú nội bộ\n" +
		"Nguyễn Thị Lan,0912 345 678,lan@example.vn,05/03/1990,x\n" +
		"Trần Bình,0912,binh@example.vn,,\n"
	c.upload("/customers/transfer", "customers", "khach.csv", file, "Ghi chú nội bộ=ignore")
	c.want(200, "Kết quả nhập", "Đã đọc 2 dòng; nhận 1 (mới 1, đã nhập trước đó 0); từ chối 1 dòng.", "Số điện thoại", "không phải là số điện thoại")
	c.upload("/customers/transfer", "customers", "khach.csv", file, "Ghi chú nội bộ=ignore")
	c.want(200, "nhận 1 (mới 0, đã nhập trước đó 1)")
	c.upload("/customers/transfer", "customers", "", "", "")
	c.want(http.StatusBadRequest, "Hãy chọn một tệp CSV")
	c.upload("/customers/transfer", "orders", "don.csv", "Số điện thoại\n0912345678\n", "")
	c.want(http.StatusBadRequest, "Tệp đơn hàng cần một cột mã đơn")
	orders := "Mã đơn hàng,Số điện thoại,Ngày đặt,Sản phẩm,Số lượng,Đơn giá\nDH1,0912345678,2026-03-05,Bạc xỉu,2,35.000\n"
	c.upload("/customers/transfer", "orders", "don.csv", orders, "").want(200, "nhận 1 (mới 1")

	c.get("/customers/export/customers.csv").want(200, "Nguyễn Thị Lan", "+84912345678", "1990-03-05")
	c.get("/customers/export/orders.csv").want(200, "DH1", "70000", "Bạc xỉu")
	c.get("/customers/export/secrets.csv").want(http.StatusNotFound)
}

func TestUICustomerRoles(t *testing.T) {
	a := uiStart(t)
	owner := a.setup("vi")
	ws := uiWorkspace(t, a)
	lan := seedLanInto(t, a.srv, ws)
	var clients = map[cx.Role]*uiClient{}
	for _, role := range []cx.Role{cx.RoleViewer, cx.RoleAgent, cx.RoleAnalyst} {
		owner.get("/settings/users")
		owner.post("/settings/users", url.Values{"email": {string(role) + "@example.vn"}, "role": {string(role)}, "language": {"vi"}})
		m := uiOneTime.FindStringSubmatch(owner.body)
		if m == nil {
			t.Fatal("no one-time password shown")
		}
		c := a.client()
		c.get("/login")
		c.post("/login", url.Values{"email": {string(role) + "@example.vn"}, "password": {m[1]}})
		c.post("/account/password", url.Values{"current": {m[1]}, "password": {uiPassword}, "password2": {uiPassword}})
		clients[role] = c
	}
	viewer, agent, analyst := clients[cx.RoleViewer], clients[cx.RoleAgent], clients[cx.RoleAnalyst]
	viewer.get("/customers/"+lan.ID).want(200, "Nguyễn Thị Lan")
	if strings.Contains(viewer.body, "Xóa khách hàng") {
		t.Error("a viewer is offered to delete a customer")
	}
	viewer.post("/customers/"+lan.ID, url.Values{"city": {"Huế"}}).want(http.StatusForbidden)
	viewer.get("/customers/export/customers.csv").want(http.StatusForbidden)
	agent.get("/customers/" + lan.ID)
	agent.post("/customers/"+lan.ID, url.Values{"full_name": {"Nguyễn Thị Lan"}, "city": {"Vinh"}}).want(200, "Vinh")
	agent.get("/customers/export/orders.csv").want(http.StatusForbidden)
	analyst.get("/customers/export/customers.csv").want(200, "Nguyễn Thị Lan")
	analyst.get("/customers/transfer").want(200, "Tải đơn hàng")
	if strings.Contains(analyst.body, "Nhập từ tệp CSV") {
		t.Error("an analyst is offered the import form")
	}
}
