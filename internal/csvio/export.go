package csvio

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"cxm/internal/cx"
	"cxm/internal/money"
	"cxm/internal/store"
)

// exportPage is how many rows an export reads at a time: a page of the
// store's keyset list, so that no read is held open for the whole file.
const exportPage = 500

// customerHeader is the header of an exported customer file, in
// Vietnamese (the default) and English. The import reads both back.
var customerHeader = map[string][]string{
	cx.LangVi: {"Mã cxm", "Mã khách hàng", "Họ và tên", "Tên gọi", "Danh xưng", "Email", "Số điện thoại", "Ngày sinh", "Tỉnh/Thành phố",
		"Thuộc tính khác", "Lần đầu ghé", "Lần cuối ghé", "Số sự kiện", "Tổng số đơn", "Doanh thu (VND)", "Ngày tạo"},
	cx.LangEn: {"cxm_id", "user_id", "full_name", "given_name", "salutation", "email", "phone", "birthday", "city",
		"traits", "first_seen", "last_seen", "events", "orders", "revenue_vnd", "created_at"},
}

// header is the header of an export in lang: Vietnamese unless English
// is asked for.
func header(headers map[string][]string, lang string) []string {
	if lang == cx.LangEn {
		return headers[cx.LangEn]
	}
	return headers[cx.LangVi]
}

// ExportCustomers writes every customer of a workspace as CSV, newest
// first, with the header in lang (vi or en). Traits other than the
// profile's own are one JSON column.
func ExportCustomers(ctx context.Context, st *store.Store, wsID string, w io.Writer, lang string) (int, error) {
	cw := NewWriter(w)
	if err := cw.Write(header(customerHeader, lang)); err != nil {
		return 0, err
	}
	n := 0
	p := store.Page{Limit: exportPage}
	for {
		l, err := st.Customers(ctx, wsID, store.CustomerFilter{}, p)
		if err != nil {
			return n, err
		}
		for _, c := range l.Items {
			if err := cw.Write(customerRow(c)); err != nil {
				return n, err
			}
			n++
		}
		if l.Next == "" {
			return n, cw.Flush()
		}
		p.After = l.Next
	}
}

func customerRow(c cx.Customer) []string {
	traits, _ := json.Marshal(c.Traits)
	return []string{c.ID, c.UserID, c.FullName, c.GivenName, c.Salutation, c.Email, c.Phone, c.Birthday, c.City,
		string(traits), timeText(c.Summary.FirstSeen), timeText(c.Summary.LastSeen), itoa(c.Summary.Events),
		itoa(c.Summary.Orders), itoa(c.Summary.RevenueVND), c.CreatedAt.Format(time.RFC3339)}
}

// orderHeader is the header of an exported order file: one row per item,
// the order's own columns repeated.
var orderHeader = map[string][]string{
	cx.LangVi: {"Mã đơn hàng", "Mã khách hàng cxm", "Mã khách hàng", "Email", "Số điện thoại", "Ngày đặt hàng", "Tổng tiền", "Tiền tệ",
		"Mã sản phẩm", "SKU", "Tên sản phẩm", "Danh mục", "Số lượng", "Đơn giá"},
	cx.LangEn: {"order_id", "cxm_customer_id", "user_id", "email", "phone", "placed_at", "total", "currency",
		"product_id", "sku", "product_name", "category", "quantity", "price"},
}

// ExportOrders writes every order of a workspace as CSV, one row per item,
// with the customer's user id, email and phone so that the file can be
// imported elsewhere; the header in lang (vi or en).
func ExportOrders(ctx context.Context, st *store.Store, wsID string, w io.Writer, lang string) (int, error) {
	cw := NewWriter(w)
	if err := cw.Write(header(orderHeader, lang)); err != nil {
		return 0, err
	}
	who := map[string]cx.Customer{} // customers of the current page
	n := 0
	p := store.Page{Limit: exportPage}
	for {
		l, err := st.Orders(ctx, wsID, p)
		if err != nil {
			return n, err
		}
		clear(who)
		for _, o := range l.Items {
			c, err := customerOf(ctx, st, wsID, o.CustomerID, who)
			if err != nil {
				return n, err
			}
			for _, row := range orderRows(o, c) {
				if err := cw.Write(row); err != nil {
					return n, err
				}
			}
			n++
		}
		if l.Next == "" {
			return n, cw.Flush()
		}
		p.After = l.Next
	}
}

func customerOf(ctx context.Context, st *store.Store, wsID, id string, cache map[string]cx.Customer) (cx.Customer, error) {
	if c, ok := cache[id]; ok {
		return c, nil
	}
	c, err := st.Customer(ctx, wsID, id)
	if cx.ErrorCode(err) == cx.NotFound {
		c, err = cx.Customer{ID: id}, nil
	}
	cache[id] = c
	return c, err
}

func orderRows(o cx.Order, c cx.Customer) [][]string {
	head := []string{o.ID, o.CustomerID, c.UserID, c.Email, c.Phone, o.PlacedAt.Format(time.RFC3339), money.Format(o.Total, o.Currency), o.Currency}
	if len(o.Items) == 0 {
		return [][]string{append(head, "", "", "", "", "", "")}
	}
	rows := make([][]string, 0, len(o.Items))
	for _, it := range o.Items {
		row := append(append([]string{}, head...), it.ProductID, it.SKU, it.Name, it.Category, itoa(it.Quantity), money.Format(it.Price, o.Currency))
		rows = append(rows, row)
	}
	return rows
}

func timeText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
