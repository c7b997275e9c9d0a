package cx_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cxm/internal/cx"
)

func TestIsSlug(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"awareness", true},
		{"after-sales_2", true},
		{strings.Repeat("a", 40), true},
		{strings.Repeat("a", 41), false},
		{"", false},
		{"Upper", false},
		{"with space", false},
		{"đ", false},
		{"dot.ted", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := cx.IsSlug(tc.in); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTextIn(t *testing.T) {
	for _, tc := range []struct {
		text cx.Text
		lang string
		want string
	}{
		{cx.Text{Vi: "Mua hàng", En: "Purchase"}, cx.LangVi, "Mua hàng"},
		{cx.Text{Vi: "Mua hàng", En: "Purchase"}, cx.LangEn, "Purchase"},
		{cx.Text{Vi: "Mua hàng"}, cx.LangEn, "Mua hàng"},
		{cx.Text{En: "Purchase"}, cx.LangVi, "Purchase"},
		{cx.Text{Vi: "Mua hàng", En: "Purchase"}, "fr", "Mua hàng"},
		{cx.Text{}, cx.LangEn, ""},
	} {
		t.Run(tc.lang+" "+tc.want, func(t *testing.T) {
			if got := tc.text.In(tc.lang); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTextsReadStringsAsVietnamese(t *testing.T) {
	var got cx.Texts
	if err := json.Unmarshal([]byte(`["Tò mò", {"vi": "Hài lòng", "en": "Satisfied"}, {"en": "Calm"}]`), &got); err != nil {
		t.Fatal(err)
	}
	want := cx.Texts{{Vi: "Tò mò"}, {Vi: "Hài lòng", En: "Satisfied"}, {En: "Calm"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if out, _ := json.Marshal(got[:1]); string(out) != `[{"vi":"Tò mò","en":""}]` {
		t.Errorf("got %s, want objects written", out)
	}
	for _, bad := range []string{`"Tò mò"`, `[1]`, `[{"vi": 2}]`} {
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s: got no error, want one", bad)
		}
	}
	if got := (cx.Texts{{Vi: "Tò mò", En: "Curious"}, {Vi: "Vui"}}).In(cx.LangEn); fmt.Sprint(got) != "[Curious Vui]" {
		t.Errorf("got %v, want English with the Vietnamese fallback", got)
	}
}

func TestPairTexts(t *testing.T) {
	got := cx.PairTexts([]string{" Tò mò ", "", "Vui", ""}, []string{"Curious", "", "", "Calm"})
	want := cx.Texts{{Vi: "Tò mò", En: "Curious"}, {Vi: "Vui"}, {En: "Calm"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
