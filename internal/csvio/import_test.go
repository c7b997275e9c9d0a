package csvio_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// env is a store with one workspace and a started ingestion pipeline.
type env struct {
	t  testing.TB
	st *store.Store
	p  *ingest.Pipeline
	ws string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	st := storetest.Open(t)
	p := ingest.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	p.Start(context.Background())
	t.Cleanup(p.Close)
	return &env{t: t, st: st, p: p, ws: storetest.Workspace(t, st, "Cà phê Sáng").ID}
}

func (e *env) importText(kind, text string, overrides map[string]string) csvio.Report {
	e.t.Helper()
	rep, err := csvio.Import(context.Background(), strings.NewReader(text), e.ws, kind, csvio.Options{Map: overrides}, csvio.Into(e.p))
	if err != nil {
		e.t.Fatalf("import: %v", err)
	}
	return rep
}

func (e *env) customer(kind, value string) cx.Customer {
	e.t.Helper()
	c, err := e.st.CustomerByIdentity(context.Background(), e.ws, kind, value)
	if err != nil {
		e.t.Fatalf("customer %s=%s: %v", kind, value, err)
	}
	return c
}

const vietnameseCustomers = "\xef\xbb\xbfHọ và tên;Số điện thoại;Email;Ngày sinh;Tỉnh/Thành phố;Giới tính;Hạng thẻ\n" +
	"Nguyễn Thị Lan;0912 345 678;LAN@example.vn;05/03/1990;Hà Nội;Nữ;Vàng\n" +
	"Trần Văn Bình;01623456789;;1985-12-01;Đà Nẵng;nam;\n" +
	"Lê Hoa;12345;hoa@example.vn;;Huế;;\n" +
	"Phạm Minh;;not-an-email;;;;\n" +
	"Võ Thu;0987654321;thu@example.vn;31/02/1990;;;\n" +
	"Đỗ Nam;0977000111;;;;robot;\n" +
	"Không Ai;;;;Cần Thơ;;\n"

func TestImportCustomers(t *testing.T) {
	e := newEnv(t)
	rep := e.importText(csvio.Customers, vietnameseCustomers, nil)
	if rep.Rows != 7 || rep.Accepted != 2 || rep.Added != 2 || rep.BadRows != 5 {
		t.Errorf("got %+v, want 7 rows, 2 accepted and added, 5 refused", rep)
	}
	wantBad := []struct {
		line  int
		field string
	}{{4, "phone"}, {5, "email"}, {6, "birthday"}, {7, "gender"}, {8, "user_id"}}
	for i, w := range wantBad {
		if i >= len(rep.Bad) || rep.Bad[i].Line != w.line || rep.Bad[i].Field != w.field {
			t.Errorf("bad line %d: got %+v, want line %d about %s", i, rep.Bad, w.line, w.field)
		}
	}
	lan := e.customer(cx.IDPhone, "+84912345678")
	if lan.FullName != "Nguyễn Thị Lan" || lan.Email != "lan@example.vn" || lan.Birthday != "1990-03-05" || lan.City != "Hà Nội" ||
		lan.Traits["gender"] != "female" || lan.Traits["hang_the"] != "Vàng" {
		t.Errorf("got %+v, want Lan's row", lan)
	}
	if binh := e.customer(cx.IDPhone, "0323456789"); binh.FullName != "Trần Văn Bình" {
		t.Errorf("old 11-digit number: got %q, want Bình", binh.FullName)
	}

	again := e.importText(csvio.Customers, vietnameseCustomers, nil)
	if again.Added != 0 || again.Duplicates != 2 {
		t.Errorf("re-import: got %+v, want nothing new and 2 duplicates", again)
	}
	l, err := e.st.Customers(context.Background(), e.ws, store.CustomerFilter{}, store.Page{})
	if err != nil || len(l.Items) != 2 {
		t.Errorf("got %d customers (%v), want 2", len(l.Items), err)
	}
}

func TestImportMapFlag(t *testing.T) {
	e := newEnv(t)
	text := "Mã KH nội bộ,Tên,Ghi chú,Điện thoại bàn\nA-01,Lan,khách quen,0243 822 1234\n"
	rep := e.importText(csvio.Customers, text, map[string]string{"Mã KH nội bộ": "user_id", "Ghi chú": "ignore", "dien thoai ban": "phone"})
	if rep.Added != 1 || rep.BadRows != 0 {
		t.Fatalf("got %+v, want 1 added", rep)
	}
	c := e.customer(cx.IDUser, "A-01")
	if c.FullName != "Lan" || c.Phone != "+842438221234" || c.Traits["ghi_chu"] != nil {
		t.Errorf("got %+v, want user A-01 named Lan with the desk phone and no note", c)
	}
	_, err := csvio.Import(context.Background(), strings.NewReader(text), e.ws, csvio.Customers,
		csvio.Options{Map: map[string]string{"Ghi chú": "total"}}, csvio.Into(e.p))
	if cx.AsError(err) == nil || cx.AsError(err).Field != "map" {
		t.Errorf("mapping to an order field: got %v, want an error about map", err)
	}
}

const vietnameseOrders = "Mã đơn hàng,Số điện thoại,Ngày đặt,Sản phẩm,Số lượng,Đơn giá,Tổng tiền\n" +
	"DH001,0912345678,05/03/2026,Cà phê sữa đá,2,29.000,\"93.000\"\n" +
	"DH001,0912345678,05/03/2026,Bánh mì,1,\"35,000 ₫\",\n" +
	"DH002,0912345678,2026-03-20,Bạc xỉu,1,35000,\n" +
	"DH003,0987000111,hôm qua,Trà đào,1,45000,\n" +
	"DH004,,2026-03-21,Trà sen,1,45000,\n" +
	"DH005,0911111111,2026-03-22,Trà sen,không,45000,\n" +
	"DH006,0911111111,2026-03-22,Trà sen,1,45k,\n"

func TestImportOrders(t *testing.T) {
	e := newEnv(t)
	rep := e.importText(csvio.Orders, vietnameseOrders, nil)
	if rep.Rows != 7 || rep.Accepted != 2 || rep.Added != 2 || rep.BadRows != 4 {
		t.Errorf("got %+v, want 7 rows, 2 orders added, 4 refused", rep)
	}
	for i, w := range []struct {
		line  int
		field string
	}{{5, "placed_at"}, {6, "user_id"}, {7, "quantity"}, {8, "price"}} {
		if i >= len(rep.Bad) || rep.Bad[i].Line != w.line || rep.Bad[i].Field != w.field {
			t.Errorf("bad %d: got %+v, want line %d about %s", i, rep.Bad, w.line, w.field)
		}
	}
	c := e.customer(cx.IDPhone, "0912345678")
	if c.Summary.Orders != 2 || c.Summary.RevenueVND != 93000+35000 {
		t.Errorf("got summary %+v, want 2 orders and 128.000 ₫", c.Summary)
	}
	orders, err := e.st.CustomerOrders(context.Background(), e.ws, c.ID, 10)
	if err != nil || len(orders) != 2 {
		t.Fatalf("got %v, %v; want 2 orders", orders, err)
	}
	first := orders[1]
	if first.ID != "DH001" || first.Total != 93000 || len(first.Items) != 2 || first.Items[1].Price != 35000 || first.Items[0].Quantity != 2 {
		t.Errorf("got %+v, want DH001 with two items and its total", first)
	}
	if want := time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC); !first.PlacedAt.Equal(want) {
		t.Errorf("placed at %v, want %v (midnight in Vietnam)", first.PlacedAt, want)
	}
	again := e.importText(csvio.Orders, vietnameseOrders, nil)
	if again.Added != 0 || again.Duplicates != 2 {
		t.Errorf("re-import: got %+v, want no new orders", again)
	}
	if c2 := e.customer(cx.IDPhone, "0912345678"); c2.Summary.Orders != 2 || c2.Summary.RevenueVND != c.Summary.RevenueVND {
		t.Errorf("re-import changed the summary to %+v", c2.Summary)
	}
}

func TestExportRoundTrip(t *testing.T) {
	e := newEnv(t)
	e.importText(csvio.Customers, vietnameseCustomers, nil)
	e.importText(csvio.Orders, vietnameseOrders, nil)
	for lang, first := range map[string][2]string{"vi": {"Mã cxm,Mã khách hàng,Họ và tên", "Mã đơn hàng,"}, "en": {"cxm_id,user_id,full_name", "order_id,"}} {
		var customers, orders strings.Builder
		n, err := csvio.ExportCustomers(context.Background(), e.st, e.ws, &customers, lang)
		if err != nil || n != 2 {
			t.Fatalf("export customers: %d, %v; want 2", n, err)
		}
		m, err := csvio.ExportOrders(context.Background(), e.st, e.ws, &orders, lang)
		if err != nil || m != 2 {
			t.Fatalf("export orders: %d, %v; want 2", m, err)
		}
		if !strings.HasPrefix(customers.String(), first[0]) || !strings.HasPrefix(orders.String(), first[1]) {
			t.Errorf("%s headers: %q, %q", lang, strings.SplitN(customers.String(), "\n", 2)[0], strings.SplitN(orders.String(), "\n", 2)[0])
		}
		if !strings.Contains(customers.String(), "Nguyễn Thị Lan") || !strings.Contains(orders.String(), "DH001") {
			t.Errorf("exports miss rows:\n%s\n%s", customers.String(), orders.String())
		}

		other := newEnv(t)
		rc := other.importText(csvio.Customers, customers.String(), nil)
		ro := other.importText(csvio.Orders, orders.String(), nil)
		if rc.Added != 2 || rc.BadRows != 0 || ro.Added != 2 || ro.BadRows != 0 {
			t.Fatalf("re-importing the %s exports: got %+v and %+v, want everything in", lang, rc, ro)
		}
		lan := other.customer(cx.IDEmail, "lan@example.vn")
		if lan.Birthday != "1990-03-05" || lan.Traits["hang_the"] != "Vàng" || lan.Summary.Orders != 2 || lan.Summary.RevenueVND != 128000 {
			t.Errorf("%s: got %+v, want Lan as exported", lang, lan)
		}
		if len(lan.Traits) != 2 { // hang_the and gender, as in the file imported first
			t.Errorf("%s: the re-import made traits of cxm's own columns: %v", lang, lan.Traits)
		}
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		kind, text, field string
	}{
		{csvio.Customers, "", "file"},
		{csvio.Orders, "Số điện thoại,Tổng tiền\n0912345678,100000\n", "header"},
		{csvio.Customers, "Email,E-mail\na@b.vn,a@b.vn\n", "header"},
		{"products", "a\n1\n", "kind"},
	} {
		_, err := csvio.Import(context.Background(), strings.NewReader(tc.text), e.ws, tc.kind, csvio.Options{}, csvio.Into(e.p))
		if cx.AsError(err) == nil || cx.AsError(err).Field != tc.field {
			t.Errorf("%s %q: got %v, want an error about %s", tc.kind, tc.text, err, tc.field)
		}
	}
	rep := e.importText(csvio.Customers, "Email,Họ và tên\n\"broken,Lan\nok@example.vn,Ok\n", nil)
	if rep.Added != 0 && rep.BadRows == 0 {
		t.Errorf("got %+v, want the broken quote reported", rep)
	}
	_ = fmt.Sprint
}
