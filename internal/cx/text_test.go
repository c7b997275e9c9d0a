package cx_test

import (
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
