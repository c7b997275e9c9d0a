package text_test

import (
	"strings"
	"testing"

	"cxm/internal/text"
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
			if got := text.FoldVietnamese(tc.in); got != tc.want {
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
			got := text.Slug(tc.in)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
