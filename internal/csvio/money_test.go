package csvio_test

import (
	"testing"

	"cxm/internal/csvio"
	"cxm/internal/cx"
)

// The importer follows the money rules ingestion follows: a row with an
// amount beyond 10^12, a quantity beyond 10^6, or a price × quantity or a
// sum beyond 10^12 is a refused row naming the field, and the rest of the
// file goes in.
func TestImportOrdersRefusesAmountsBeyondTheMoneyRules(t *testing.T) {
	e := newEnv(t)
	text := "Mã đơn hàng,Số điện thoại,Ngày đặt,Sản phẩm,Số lượng,Đơn giá,Tổng tiền\n" +
		"DH1,0912345678,2026-03-01,Vàng,1,1000,1.000.000.000.001\n" +
		"DH2,0912345678,2026-03-02,Vàng,1000000,1000000,\n" +
		"DH2,0912345678,2026-03-02,Bạc,1000000,1000000,\n" +
		"DH3,0912345678,2026-03-03,Vàng,999999,9000000000,\n" +
		"DH4,0912345678,2026-03-04,Vàng,1000001,1,\n" +
		"DH5,0912345678,2026-03-05,Vàng,1,99999999999999999999,\n" +
		"DH6,0912345678,2026-03-06,Vàng,1000000,1000000,1.000.000.000.000\n"
	rep := e.importText(csvio.Orders, text, nil)
	if rep.Accepted != 1 || rep.Added != 1 || rep.BadRows != 5 {
		t.Errorf("got %+v, want DH6 added and 5 orders refused", rep)
	}
	for i, w := range []struct {
		line  int
		field string
	}{{2, "total"}, {3, "total"}, {5, "price"}, {6, "quantity"}, {7, "price"}} {
		if i >= len(rep.Bad) || rep.Bad[i].Line != w.line || rep.Bad[i].Field != w.field {
			t.Errorf("bad %d: got %+v, want line %d about %s", i, rep.Bad, w.line, w.field)
		}
	}
	if c := e.customer(cx.IDPhone, "0912345678"); c.Summary.Orders != 1 || c.Summary.RevenueVND != 1_000_000_000_000 {
		t.Errorf("got summary %+v, want one order of 10^12 ₫", c.Summary)
	}
}
