// Package csvio imports customers and orders from CSV files and exports
// them again. Files are streamed: a row is read, checked, turned into an
// event and sent to ingestion in batches, so a file of a million rows
// takes no more memory than one of a hundred. Bad rows are reported with
// their line number and reason and never stop the good ones.
package csvio

import (
	"strings"

	"cxm/internal/cx"
	"cxm/internal/text"
)

// Fields a column can be mapped to. Columns mapped to nothing known
// become traits of the customer, under the slug of their header.
const (
	FieldUserID      = "user_id"
	FieldFullName    = "full_name"
	FieldGivenName   = "given_name"
	FieldSalutation  = "salutation"
	FieldEmail       = "email"
	FieldPhone       = "phone"
	FieldBirthday    = "birthday"
	FieldCity        = "city"
	FieldGender      = "gender"
	FieldZalo        = "zalo"
	FieldLoyalty     = "loyalty"
	FieldOrderID     = "order_id"
	FieldPlacedAt    = "placed_at"
	FieldTotal       = "total"
	FieldCurrency    = "currency"
	FieldProductID   = "product_id"
	FieldSKU         = "sku"
	FieldProductName = "product_name"
	FieldCategory    = "category"
	FieldQuantity    = "quantity"
	FieldPrice       = "price"
	FieldTraits      = "traits" // a JSON object of traits, as exported
	FieldIgnore      = "ignore" // --map "Ghi chú=ignore" drops a column
)

// customerFields and orderFields are the fields each kind of file knows.
var (
	customerFields = []string{FieldUserID, FieldFullName, FieldGivenName, FieldSalutation, FieldEmail, FieldPhone,
		FieldBirthday, FieldCity, FieldGender, FieldZalo, FieldLoyalty, FieldTraits}
	orderFields = []string{FieldOrderID, FieldUserID, FieldEmail, FieldPhone, FieldFullName, FieldPlacedAt, FieldTotal,
		FieldCurrency, FieldProductID, FieldSKU, FieldProductName, FieldCategory, FieldQuantity, FieldPrice}
)

// headerAliases maps folded header names, English and Vietnamese, to
// fields. Headers are folded (lower case, no diacritics, punctuation as
// spaces) before the look-up, so "Tỉnh/Thành phố" and "tinh thanh pho"
// are one.
var headerAliases = map[string]string{
	"user id": FieldUserID, "userid": FieldUserID, "user": FieldUserID, "customer id": FieldUserID, "ma khach hang": FieldUserID, "ma kh": FieldUserID,
	"full name": FieldFullName, "fullname": FieldFullName, "name": FieldFullName, "ho va ten": FieldFullName, "ho ten": FieldFullName,
	"ten khach hang": FieldFullName, "khach hang": FieldFullName, "ten": FieldFullName,
	"given name": FieldGivenName, "first name": FieldGivenName, "ten goi": FieldGivenName,
	"salutation": FieldSalutation, "danh xung": FieldSalutation, "xung ho": FieldSalutation,
	"email": FieldEmail, "e mail": FieldEmail, "dia chi email": FieldEmail, "thu dien tu": FieldEmail,
	"phone": FieldPhone, "phone number": FieldPhone, "mobile": FieldPhone, "so dien thoai": FieldPhone, "sdt": FieldPhone,
	"dien thoai": FieldPhone, "di dong": FieldPhone,
	"birthday": FieldBirthday, "date of birth": FieldBirthday, "dob": FieldBirthday, "ngay sinh": FieldBirthday, "sinh nhat": FieldBirthday,
	"city": FieldCity, "province": FieldCity, "tinh thanh pho": FieldCity, "tinh thanh": FieldCity, "thanh pho": FieldCity, "tinh": FieldCity,
	"gender": FieldGender, "gioi tinh": FieldGender,
	"zalo": FieldZalo, "zalo id": FieldZalo,
	"loyalty": FieldLoyalty, "loyalty card": FieldLoyalty, "the thanh vien": FieldLoyalty, "ma the": FieldLoyalty,
	"order id": FieldOrderID, "order": FieldOrderID, "ma don hang": FieldOrderID, "ma don": FieldOrderID, "so don hang": FieldOrderID,
	"placed at": FieldPlacedAt, "order date": FieldPlacedAt, "date": FieldPlacedAt, "ngay dat": FieldPlacedAt, "ngay dat hang": FieldPlacedAt,
	"ngay mua": FieldPlacedAt,
	"total":    FieldTotal, "order total": FieldTotal, "tong tien": FieldTotal, "tong cong": FieldTotal,
	"currency": FieldCurrency, "tien te": FieldCurrency, "don vi tien": FieldCurrency,
	"product id": FieldProductID, "ma san pham": FieldProductID, "ma sp": FieldProductID, "sku": FieldSKU,
	"product": FieldProductName, "product name": FieldProductName, "san pham": FieldProductName, "ten san pham": FieldProductName,
	"category": FieldCategory, "danh muc": FieldCategory, "loai san pham": FieldCategory,
	"quantity": FieldQuantity, "qty": FieldQuantity, "so luong": FieldQuantity, "sl": FieldQuantity,
	"price": FieldPrice, "unit price": FieldPrice, "don gia": FieldPrice, "gia": FieldPrice,
	// cxm's own ids and counters, in exported files: kept by cxm, not imported
	"cxm id": FieldIgnore, "cxm customer id": FieldIgnore, "first seen": FieldIgnore, "last seen": FieldIgnore,
	"events": FieldIgnore, "orders": FieldIgnore, "revenue vnd": FieldIgnore, "created at": FieldIgnore,
	"traits": FieldTraits, "thuoc tinh khac": FieldTraits,
	// the same, as the Vietnamese export writes them
	"ma cxm": FieldIgnore, "ma khach hang cxm": FieldIgnore, "lan dau ghe": FieldIgnore, "lan cuoi ghe": FieldIgnore,
	"so su kien": FieldIgnore, "tong so don": FieldIgnore, "doanh thu vnd": FieldIgnore, "ngay tao": FieldIgnore,
}

// foldHeader puts a header in the form headerAliases uses.
func foldHeader(h string) string {
	h = strings.ToLower(text.FoldVietnamese(strings.TrimSpace(h)))
	var b strings.Builder
	space := false
	for _, r := range h {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}

// column is what one column of a file holds: a field, or a trait.
type column struct {
	header string
	field  string // one of the Field constants, or "" for a trait
	trait  string // the trait name when field is ""
}

// mapColumns decides what each header holds: an override from --map
// first (by header as written or folded), then the aliases, else a trait.
// Fields the kind of file does not know are errors, as are two columns
// for one field.
func mapColumns(header []string, known []string, overrides map[string]string) ([]column, error) {
	folded := map[string]string{}
	for k, v := range overrides {
		folded[foldHeader(k)] = v
	}
	cols := make([]column, len(header))
	taken := map[string]string{}
	for i, h := range header {
		field, ok := overrides[h]
		if !ok {
			field, ok = folded[foldHeader(h)]
		}
		if !ok {
			field = headerAliases[foldHeader(h)]
		}
		c, err := columnFor(h, field, known, ok)
		if err != nil {
			return nil, err
		}
		if c.field != "" && c.field != FieldIgnore {
			if prev, dup := taken[c.field]; dup {
				return nil, cx.FieldErrorf("header", "columns %q and %q are both %s: map one elsewhere with --map", prev, h, c.field)
			}
			taken[c.field] = h
		}
		cols[i] = c
	}
	return cols, nil
}

// columnFor builds one column; explicit says the field came from --map.
func columnFor(header, field string, known []string, explicit bool) (column, error) {
	if trait, ok := strings.CutPrefix(field, "trait:"); ok && trait != "" {
		return column{header: header, trait: trait}, nil
	}
	if field == FieldIgnore || field != "" && contains(known, field) {
		return column{header: header, field: field}, nil
	}
	if explicit {
		return column{}, cx.FieldErrorf("map", "%q is not a field here: use one of %s, trait:NAME or ignore", field, strings.Join(known, ", "))
	}
	slug := text.Slug(header)
	if slug == "stage" && foldHeader(header) == "" {
		return column{header: header, field: FieldIgnore}, nil
	}
	return column{header: header, trait: slug}, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ParseMap reads --map flags, each "column=field".
func ParseMap(flags []string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range flags {
		col, field, ok := strings.Cut(f, "=")
		if !ok || strings.TrimSpace(col) == "" || strings.TrimSpace(field) == "" {
			return nil, cx.FieldErrorf("map", "%q is not column=field", f)
		}
		out[strings.TrimSpace(col)] = strings.TrimSpace(field)
	}
	return out, nil
}

// Fields lists the fields a column can be mapped to, for each kind of
// file, for the dashboard's help.
func Fields() map[string][]string {
	return map[string][]string{Customers: customerFields, Orders: orderFields}
}
