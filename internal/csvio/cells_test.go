package csvio_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"cxm/internal/csvio"
	"cxm/internal/cx"
)

// TestSafeCell: formula-like text gets a leading quote, numbers and E.164
// phones do not, and UnescapeCell gives every value back.
func TestSafeCell(t *testing.T) {
	for v, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")", "+cmd|'/c calc'!A1": "'+cmd|'/c calc'!A1",
		"-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)", "\t=1": "'\t=1", "\r=1": "'\r=1",
		"'=1": "''=1", "''-x": "'''-x", "'-20": "''-20",
		"-20": "-20", "1.5": "1.5", "-0.25": "-0.25", "+84912345678": "+84912345678", "0912345678": "0912345678",
		"+8491234567890123": "'+8491234567890123", "-": "'-", "-1.": "'-1.", "+": "'+",
		"Nguyễn Thị Lan": "Nguyễn Thị Lan", "'quoted'": "'quoted'", "": "", "a=b": "a=b",
	} {
		if got := csvio.SafeCell(v); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", v, got, want)
		}
		if back := csvio.UnescapeCell(csvio.SafeCell(v)); back != v {
			t.Errorf("UnescapeCell(SafeCell(%q)) = %q, want the value back", v, back)
		}
	}
}

// formulaCustomers holds values a public source (the write key, the
// widget) could send, and values that must stay as they are.
const formulaCustomers = "user_id,full_name,city,phone,Ghi chú,Điểm\n" +
	"u1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"bấm\"\")\",@SUM(1+1),+84912345678,+cmd|'/c calc'!A1,-20\n"

// TestExportsNeutraliseFormulas: no exported cell starts a formula, and
// importing the exports into another workspace gives the same values.
func TestExportsNeutraliseFormulas(t *testing.T) {
	e := newEnv(t)
	e.importText(csvio.Customers, formulaCustomers, nil)
	// what the write key can send: values that already start with quotes
	at := time.Now()
	if _, err := e.p.Ingest(context.Background(), e.ws, []cx.Event{{MessageID: "m-u2", Type: cx.EventIdentify, UserID: "u2",
		Traits:    map[string]any{"full_name": "'=đã có dấu nháy", "city": "-Hà Nội", "ghi_chu": "'-20", "diem": "1.5", "tab": "\t=1"},
		Timestamp: at, ReceivedAt: at}}); err != nil {
		t.Fatal(err)
	}
	e.importText(csvio.Orders, "order_id,user_id,placed_at,product_name,category,quantity,price\n"+
		"-DH1,u1,2026-03-05,=1+1,@cat,1,35000\n", nil)
	var customers, orders strings.Builder
	if _, err := csvio.ExportCustomers(context.Background(), e.st, e.ws, &customers, "vi"); err != nil {
		t.Fatal(err)
	}
	if _, err := csvio.ExportOrders(context.Background(), e.st, e.ws, &orders, "vi"); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{customers.String(), orders.String()} {
		rows, err := csv.NewReader(strings.NewReader(file)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) && cell != "+84912345678" && cell != "-20" {
					t.Errorf("exported cell %q starts a formula:\n%s", cell, file)
				}
			}
		}
	}

	other := newEnv(t)
	other.importText(csvio.Customers, customers.String(), nil)
	ro := other.importText(csvio.Orders, orders.String(), nil)
	u1, u2 := other.customer(cx.IDUser, "u1"), other.customer(cx.IDUser, "u2")
	if u1.FullName != `=HYPERLINK("http://evil.example","bấm")` || u1.City != "@SUM(1+1)" || u1.Phone != "+84912345678" ||
		u1.Traits["ghi_chu"] != "+cmd|'/c calc'!A1" || u1.Traits["diem"] != "-20" {
		t.Errorf("u1 after the round trip: got %+v", u1)
	}
	if u2.FullName != "'=đã có dấu nháy" || u2.City != "-Hà Nội" || u2.Traits["ghi_chu"] != "'-20" || u2.Traits["diem"] != "1.5" ||
		u2.Traits["tab"] != "\t=1" {
		t.Errorf("u2 after the round trip: got %+v", u2)
	}
	o, err := other.st.CustomerOrders(context.Background(), other.ws, u1.ID, 10)
	if ro.Added != 1 || err != nil || len(o) != 1 || o[0].ID != "-DH1" || o[0].Items[0].Name != "=1+1" || o[0].Items[0].Category != "@cat" {
		t.Errorf("orders after the round trip: got %+v, %v (%+v)", o, err, ro)
	}
}
