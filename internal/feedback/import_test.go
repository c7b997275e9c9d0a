package feedback_test

import (
	"bytes"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// TestImportCSV: the rows are stored with their touchpoints named by key;
// the same file again adds nothing; a bad row names itself and stores
// nothing.
func TestImportCSV(t *testing.T) {
	e := newEnv(t)
	const reviews = "source,rating,text,author,date,touchpoint_key,external_id\n" +
		"google_maps,5,Cà phê ngon,Minh,2026-11-01,store,gm-001\n" +
		"shopee,2,Giao hàng chậm,shop_fan,2026-11-02,marketplace,\n"
	res, err := e.fb.ImportCSV(e.ctx, e.wsID, strings.NewReader(reviews))
	if err != nil || res.Added != 2 {
		t.Fatalf("got %+v, %v, want 2 added", res, err)
	}
	res, err = e.fb.ImportCSV(e.ctx, e.wsID, strings.NewReader(reviews))
	if err != nil || res.Added != 0 || res.Unchanged != 2 {
		t.Fatalf("re-import got %+v, %v, want nothing added", res, err)
	}
	l, err := e.st.Feedback(e.ctx, e.wsID, store.FeedbackFilter{Source: "google_maps"}, store.Page{})
	if err != nil || len(l.Items) != 1 || l.Items[0].TouchpointID == "" || l.Items[0].Phase != cx.PhaseDuring {
		t.Errorf("got %+v, %v, want the review at the store touchpoint", l.Items, err)
	}

	for _, tc := range []struct{ name, csv, field string }{
		{"unknown touchpoint key", "source,text,touchpoint_key\nshopee,hi,stall\n", "rows[2].touchpoint_key"},
		{"rating not a number", "source,rating\nshopee,five\n", "rows[2].rating"},
		{"rating out of scale", "source,rating\nshopee,4\nshopee,7\n", "rows[3].rating"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(e.feedback(""))
			_, err := e.fb.ImportCSV(e.ctx, e.wsID, strings.NewReader(tc.csv))
			storetest.WantErr(t, err, cx.Invalid, tc.field)
			if after := len(e.feedback("")); after != before {
				t.Errorf("a refused file stored %d rows", after-before)
			}
		})
	}
	_, err = e.fb.ImportCSV(e.ctx, e.wsID, bytes.NewReader(nil))
	storetest.WantErr(t, err, cx.Invalid, "")
}

// TestImportCSVRefusesBadText: a NUL character or bytes that are not
// UTF-8 refuse the file with the row and column named, on both engines,
// and store nothing; a quote never closed says on which line the file
// stopped; UTF-16 with a byte-order mark is read; the quote an export
// puts before a formula-like cell is taken off.
func TestImportCSVRefusesBadText(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ name, csv, field, text string }{
		{"Latin-1 text", "source,text\nshopee,ngon\nshopee,C\xe0 ph\xea ngon\n", "rows[3].text", "UTF-8"},
		{"NUL in the author", "source,text,author\nshopee,ngon,Minh\x00\n", "rows[2].author", "NUL"},
		{"quote never closed", "source,text\nshopee,\"ngon\nshopee,chậm\nshopee,ok\n", "file", "line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(e.feedback(""))
			_, err := e.fb.ImportCSV(e.ctx, e.wsID, strings.NewReader(tc.csv))
			storetest.WantErr(t, err, cx.Invalid, tc.field)
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("got %v, want it to say %s", err, tc.text)
			}
			if after := len(e.feedback("")); after != before {
				t.Errorf("a refused file stored %d rows", after-before)
			}
		})
	}
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "source,text,author\nshopee,'=1+1 quá ngon,'@Minh\n" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	if res, err := e.fb.ImportCSV(e.ctx, e.wsID, bytes.NewReader(utf16)); err != nil || res.Added != 1 {
		t.Fatalf("UTF-16: got %+v, %v, want 1 added", res, err)
	}
	l := e.feedback("")
	if len(l) == 0 || l[0].Text != "=1+1 quá ngon" || l[0].Author != "@Minh" {
		t.Errorf("got %+v, want the UTF-16 row without the export's quotes", l)
	}
}
