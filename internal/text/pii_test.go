package text_test

import (
	"testing"

	"cxm/internal/text"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"gọi 0912345678 nhé", "gọi [PHONE] nhé"},
		{"sđt 0912 345 678", "sđt [PHONE]"},
		{"sđt 0912.345.678.", "sđt [PHONE]."},
		{"sđt 091-234-5678", "sđt [PHONE]"},
		{"+84 912 345 678", "[PHONE]"},
		{"+84912345678", "[PHONE]"},
		{"84912345678", "[PHONE]"},
		{"(028) 3823 4567", "[PHONE]"},
		{"028 3823 4567", "[PHONE]"},
		{"hotline 1900 1234", "hotline [PHONE]"},
		{"hotline 1800.123.456", "hotline [PHONE]"},
		{"mail lan.nguyen+shop@example.com.vn ạ", "mail [EMAIL] ạ"},
		{"CCCD 079123456789", "CCCD [ID]"},
		{"CMND 123456789", "CMND [ID]"},
		{"stk 0011004123456 Vietcombank", "stk [ACCOUNT] Vietcombank"},
		{"thẻ 4111 1111 1111 1111", "thẻ [ACCOUNT]"},
		{"chị Lan rất dễ thương", "chị [NAME] rất dễ thương"},
		{"Anh Tuấn giao hàng nhanh", "Anh [NAME] giao hàng nhanh"},
		{"cảm ơn em Nguyễn Thị Hoa", "cảm ơn em [NAME]"},
		{"Mr. Smith was kind", "Mr. [NAME] was kind"},
		{"anh ấy rất tốt", "anh ấy rất tốt"},
		{"chị nhân viên", "chị nhân viên"},
		{"giá 1.250.000 ₫, 65.000đ", "giá 1.250.000 ₫, 65.000đ"},
		{"ngày 15/07/2017 lúc 7:30, 2 ly", "ngày 15/07/2017 lúc 7:30, 2 ly"},
		{"tổng 12.500.000đ", "tổng 12.500.000đ"},
		{"đơn ORD12345678", "đơn ORD12345678"},
	} {
		if got := text.Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
