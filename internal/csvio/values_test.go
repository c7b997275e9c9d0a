package csvio

import "testing"

func TestFoldHeaderAndAliases(t *testing.T) {
	for h, want := range map[string]string{
		"Họ và tên": FieldFullName, "Ho va ten": FieldFullName, "Số điện thoại": FieldPhone, "SDT": FieldPhone,
		"Ngày sinh": FieldBirthday, "Tỉnh/Thành phố": FieldCity, "tinh thanh pho": FieldCity, "Mã đơn hàng": FieldOrderID,
		"Ngày đặt": FieldPlacedAt, "Tổng tiền": FieldTotal, "Sản phẩm": FieldProductName, "Số lượng": FieldQuantity,
		"Đơn giá": FieldPrice, " E-mail ": FieldEmail, "Giới tính": FieldGender,
	} {
		if got := headerAliases[foldHeader(h)]; got != want {
			t.Errorf("header %q maps to %q, want %q", h, got, want)
		}
	}
}

func TestMapColumns(t *testing.T) {
	cols, err := mapColumns([]string{"Họ và tên", "SĐT", "Hạng thẻ", "Ghi chú", "Mã KH nội bộ"}, customerFields,
		map[string]string{"Ghi chú": "ignore", "ma kh noi bo": "user_id", "Hạng thẻ": "trait:tier"})
	if err != nil {
		t.Fatal(err)
	}
	want := []column{{"Họ và tên", FieldFullName, ""}, {"SĐT", FieldPhone, ""}, {"Hạng thẻ", "", "tier"}, {"Ghi chú", FieldIgnore, ""}, {"Mã KH nội bộ", FieldUserID, ""}}
	for i := range want {
		if cols[i] != want[i] {
			t.Errorf("column %d: got %+v, want %+v", i, cols[i], want[i])
		}
	}
	if _, err := mapColumns([]string{"Email", "E-mail"}, customerFields, nil); err == nil {
		t.Error("two email columns: got no error")
	}
	if _, err := mapColumns([]string{"x"}, customerFields, map[string]string{"x": "total"}); err == nil {
		t.Error("mapping to an order field in a customer file: got no error")
	}
	cols, _ = mapColumns([]string{"Hạng thẻ"}, customerFields, nil)
	if cols[0].trait != "hang_the" {
		t.Errorf("unknown header becomes trait %q, want hang_the", cols[0].trait)
	}
}
