package feedback_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cxm/internal/cx"
	"cxm/internal/feedback"
)

// FuzzParseCSV feeds any file to the external-feedback importer. It never
// panics; a refused file is refused with a code; every record that then
// validates, as the import checks it, holds only what a database stores.
func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"source,kind,rating,text,author,date\ngoogle_maps,review,5,Cà phê ngon,Lan,2026-11-30\n",
		"source;rating;text\nfacebook;1;Chờ lâu quá\n",
		"source,rating,scale_max,text\nshopee,1e400,5,x\n",
		"source,rating,text\nzalo,NaN,x\n",
		"source,text,touchpoint_key\ngoogle_maps,=cmd|' /C calc'!A0,store\n",
		"source,text\ngoogle_maps,a\x00b\n",
		"source,text\ngoogle_maps,caf\xe9\n",
		"\xff\xfes\x00o\x00u\x00r\x00c\x00e\x00\n\x00",
		"source,text\n\"google_maps,unclosed\n",
	} {
		f.Add([]byte(s))
	}
	tps := map[string]string{"store": "tp-store"}
	f.Fuzz(func(t *testing.T, file []byte) {
		records, err := feedback.ParseCSV(bytes.NewReader(file), tps)
		if err != nil {
			if cx.AsError(err) == nil {
				t.Fatalf("refused without a code: %v", err)
			}
			return
		}
		for i, x := range records {
			if _, err := x.Validate(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)); err != nil {
				continue // the import refuses it, naming the field
			}
			if x.Rating != nil && (math.IsNaN(*x.Rating) || math.IsInf(*x.Rating, 0)) {
				t.Fatalf("record %d: rating %v", i, *x.Rating)
			}
			b, err := json.Marshal(x)
			if err != nil || !utf8.Valid(b) || strings.Contains(string(b), `\u0000`) {
				t.Fatalf("record %d holds what a database refuses: %s %v", i, b, err)
			}
		}
	})
}
