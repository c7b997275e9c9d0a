package cx_test

import (
	"strings"
	"testing"

	"cxm/internal/cx"
)

func TestFoldVietnamese(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Đánh giá và cân nhắc", "Danh gia va can nhac"},
		{"Trải nghiệm khách hàng", "Trai nghiem khach hang"},
		{"ĂÂÊÔƠƯĐ ăâêôơưđ", "AAEOOUD aaeooud"},
		{"Ỷ Ỹ ỵ ữ Ợ", "Y Y y u O"},
		{"plain ASCII 123", "plain ASCII 123"},
		{"", ""},
		{"café ñ 日本", "cafe ñ 日本"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := cx.FoldVietnamese(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Đánh giá và cân nhắc", "danh_gia_va_can_nhac"},
		{"Word of mouth", "word_of_mouth"},
		{"  --Hello,   World!!  ", "hello_world"},
		{"After-sales support", "after_sales_support"},
		{"Bước 2: Mua hàng", "buoc_2_mua_hang"},
		{"", "stage"},
		{"!!!", "stage"},
		{"日本", "stage"},
		{strings.Repeat("abcdefghij ", 10), "abcdefghij_abcdefghij_abcdefghij_abcdefg"},
		{strings.Repeat("a", 39) + " b", strings.Repeat("a", 39)},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := cx.Slug(tc.in)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if !cx.IsSlug(got) {
				t.Errorf("got %q, which IsSlug refuses", got)
			}
		})
	}
}

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
