package text_test

import (
	"testing"

	"cxm/internal/text"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"hòa", "hoà"}, {"Hòa Bình", "Hoà Bình"}, {"thủy", "thuỷ"}, {"khỏe", "khoẻ"},
		{"hoà", "hoà"}, {"quý", "quý"}, {"giá", "giá"}, {"hoàng", "hoàng"}, {"mùa", "mùa"},
		{"của", "của"}, {"người", "người"}, {"ngòai", "ngoài"}, {"tuỳ", "tuỳ"}, {"tùy", "tuỳ"},
		{"hóa đơn", "hoá đơn"}, {"THỦY", "THUỶ"}, {"khuỷu", "khuỷu"}, {"thuở", "thuở"},
		{"ho\u0300a", "hoà"}, // decomposed: NFC first
		{"  nhiều   khoảng\ttrắng ", "nhiều khoảng trắng"},
		{"café ñ", "café ñ"}, {"Hello, world!", "Hello, world!"}, {"", ""},
	} {
		if got := text.Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Đánh Giá", "danh gia"}, {"ho\u0300a", "hoa"}, {"Nhân viên", "nhan vien"},
	} {
		if got := text.Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExpand(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"nv ko nhiệt tình", "nhân viên không nhiệt tình"},
		{"sp dc lắm, k có j chê", "sản phẩm được lắm không có gì chê"},
		{"đc ship nhanh", "được giao hàng nhanh"},
		{"ngonnnnn quáaaa", "ngon quá"},
		{"giá 65k", "giá"},
		{"The staff", "the staff"},
	} {
		if got := text.Expand(tc.in); got != tc.want {
			t.Errorf("Expand(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
