package csvio_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/store"
)

// manyCustomers is n good rows from line first on, for files that cross a
// batch of ingestion.
func manyCustomers(first, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "u%d,Khách %d\n", first+i, first+i)
	}
	return b.String()
}

// TestImportRefusesBadText: NUL characters and bytes that are not UTF-8
// (a Latin-1 file) refuse their row with its line and column, past a full
// batch and on both engines; nothing invalid is stored.
func TestImportRefusesBadText(t *testing.T) {
	e := newEnv(t)
	file := "user_id,full_name\n" + manyCustomers(2, 600) +
		"latin,Nguy\xean Th\xe0nh\n" + // line 602
		"nul,Lan\x00\n" + // line 603
		"json,x\n" + // line 604: good
		manyCustomers(605, 10)
	rep := e.importText(csvio.Customers, file, nil)
	if rep.Rows != 613 || rep.Added != 611 || rep.BadRows != 2 {
		t.Fatalf("got %d rows, %d added, %d refused (%+v), want 613, 611, 2", rep.Rows, rep.Added, rep.BadRows, rep.Bad)
	}
	for i, want := range []struct {
		line  int
		field string
		text  string
	}{{602, "full_name", "not UTF-8"}, {603, "full_name", "NUL"}} {
		if b := rep.Bad[i]; b.Line != want.line || b.Field != want.field || !strings.Contains(b.Reason, want.text) ||
			!strings.Contains(b.Reason, `"full_name"`) {
			t.Errorf("refused row %d: got %+v, want line %d, %s, %q", i, b, want.line, want.field, want.text)
		}
	}
	l, err := e.st.Customers(context.Background(), e.ws, store.CustomerFilter{}, store.Page{Limit: store.MaxLimit})
	for _, c := range l.Items {
		if !utf8.ValidString(c.FullName) || strings.ContainsRune(c.FullName, 0) || c.UserID == "latin" || c.UserID == "nul" {
			t.Errorf("stored %+v", c)
		}
	}
	if err != nil {
		t.Fatal(err)
	}

	for name, tc := range map[string]struct{ kind, text, field string }{
		"NUL in JSON traits": {csvio.Customers, "user_id,traits\nu1,\"{\"\"a\"\":\"\"x\\u0000\"\"}\"\n", "traits"},
		"Latin-1 trait":      {csvio.Customers, "user_id,Ghi chú\nu1,caf\xe9\n", "traits"},
		"Latin-1 order item": {csvio.Orders, "order_id,user_id,placed_at,product_name,quantity,price\nDH1,u1,2026-03-05,B\xe1nh,1,35000\n", "product_name"},
	} {
		rep := e.importText(tc.kind, tc.text, nil)
		if rep.Accepted != 0 || rep.BadRows != 1 || rep.Bad[0].Line != 2 || rep.Bad[0].Field != tc.field {
			t.Errorf("%s: got %+v, want line 2 refused about %s", name, rep, tc.field)
		}
	}
	_, err = csvio.Import(context.Background(), strings.NewReader("user_id,Ng\xe0y\nu1,x\n"), e.ws, csvio.Customers, csvio.Options{}, csvio.Into(e.p))
	if cx.AsError(err) == nil || cx.AsError(err).Field != "header" {
		t.Errorf("a Latin-1 header: got %v, want an error about the header", err)
	}
}

// TestImportUnclosedQuote: a quote never closed takes the rest of the
// file; the report says on which line, and counts the lines not read. A
// quote misplaced within a row refuses that row only.
func TestImportUnclosedQuote(t *testing.T) {
	e := newEnv(t)
	rep := e.importText(csvio.Customers, "user_id,full_name\nu1,Lan\nu2,\"Bình\n"+manyCustomers(4, 99), nil)
	if rep.Added != 1 || rep.BadRows != 1 || rep.NotRead != 99 || rep.Bad[0].Line != 3 || rep.Bad[0].Field != "file" ||
		!strings.Contains(rep.Bad[0].Reason, "line 3 is never closed") || !strings.Contains(rep.Bad[0].Reason, "99 lines") {
		t.Errorf("got %+v, want u1 in, line 3 reported and 99 lines not read", rep)
	}

	for name, text := range map[string]string{
		"extraneous quote":            "user_id,full_name\nu1,\"Lan\"x\nu2,Bình\n",
		"extraneous quote over lines": "user_id,full_name\nu1,\"Lan\nThị\"x\nu2,Bình\n",
		"bare quote":                  "user_id,full_name\nu1,La\"n\nu2,Bình\n",
	} {
		rep := e.importText(csvio.Customers, text, nil)
		if rep.BadRows != 1 || rep.NotRead != 0 || rep.Bad[0].Line != 2 || rep.Accepted != 1 {
			t.Errorf("%s: got %+v, want line 2 refused and u2 accepted", name, rep)
		}
	}
}

// TestImportEncodings: UTF-8 with or without a byte-order mark and UTF-16
// with one are read; UTF-16 without one and UTF-32 are refused at once,
// named.
func TestImportEncodings(t *testing.T) {
	const text = "Mã khách hàng;Họ và tên\nenc-%s;Nguyễn Thị Lan\n"
	utf16le := func(s string, bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xff, 0xfe)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	utf16be := func(s string) string {
		b := []byte{0xfe, 0xff}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return string(b)
	}
	e := newEnv(t)
	for name, file := range map[string]string{
		"utf8":      fmt.Sprintf(text, "utf8"),
		"utf8bom":   "\xef\xbb\xbf" + fmt.Sprintf(text, "utf8bom"),
		"utf16le":   utf16le(fmt.Sprintf(text, "utf16le"), true),
		"utf16be":   utf16be(fmt.Sprintf(text, "utf16be")),
		"utf16crlf": utf16le(strings.ReplaceAll(fmt.Sprintf(text, "utf16crlf"), "\n", "\r\n"), true),
	} {
		rep := e.importText(csvio.Customers, file, nil)
		if rep.Added != 1 || rep.BadRows != 0 {
			t.Errorf("%s: got %+v, want one customer", name, rep)
			continue
		}
		if c := e.customer(cx.IDUser, "enc-"+name); c.FullName != "Nguyễn Thị Lan" {
			t.Errorf("%s: got %q, want Nguyễn Thị Lan", name, c.FullName)
		}
	}
	for name, tc := range map[string]struct{ file, names string }{
		"utf16 without a byte-order mark": {utf16le(fmt.Sprintf(text, "x"), false), "UTF-16 without a byte-order mark"},
		"utf32":                           {"\xff\xfe\x00\x00M\x00\x00\x00", "UTF-32"},
	} {
		_, err := csvio.Import(context.Background(), strings.NewReader(tc.file), e.ws, csvio.Customers, csvio.Options{}, csvio.Into(e.p))
		if ce := cx.AsError(err); ce == nil || ce.Field != "file" || !strings.Contains(ce.Message, tc.names) {
			t.Errorf("%s: got %v, want the file refused, naming %s", name, err, tc.names)
		}
	}
}
