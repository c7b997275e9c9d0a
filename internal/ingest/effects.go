package ingest

import (
	"math"
	"strconv"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Event names with a meaning of their own (the Segment e-commerce spec and
// the tracking snippet).
const (
	EventOrderCompleted = "Order Completed"
	EventProductViewed  = "Product Viewed"
	// EventPageLeft is what the snippet sends when a visitor leaves or hides
	// a page, with PropTimeOnPage.
	EventPageLeft = "Page Left"
	// PropTimeOnPage is the time in milliseconds a page was visible, on a
	// "Page Left" track call or on a page call.
	PropTimeOnPage = "time_on_page_ms"
)

// maxTimeOnPage caps what one event adds to time on page: a tab left open
// for days says nothing about attention.
const maxTimeOnPage = 4 * 60 * 60 * 1000

// effects is what one event adds to its customer's summary, and the order
// it carries, if any.
func effects(e *cx.Event, currency string) (store.SummaryDelta, *cx.Order) {
	at := e.Timestamp.UnixMilli()
	d := store.SummaryDelta{Events: 1, FirstSeen: at, LastSeen: at}
	switch {
	case e.Type == cx.EventPage || e.Type == cx.EventScreen:
		d.PageViews = 1
		d.TimeOnPageMS = timeOnPage(e)
	case e.Type != cx.EventTrack:
	case strings.EqualFold(e.Name, EventPageLeft):
		d.TimeOnPageMS = timeOnPage(e)
	case strings.EqualFold(e.Name, EventProductViewed):
		d.ProductsViewed = 1
	case strings.EqualFold(e.Name, EventOrderCompleted):
		return d, orderOf(e, currency)
	}
	return d, nil
}

// addOrder counts a stored order in a delta.
func addOrder(d *store.SummaryDelta, o *cx.Order) {
	at := o.PlacedAt.UnixMilli()
	d.Orders++
	d.FirstOrder, d.LastOrder = at, at
	if o.Currency == "VND" {
		d.RevenueVND += o.Total
		return
	}
	d.RevenueOther = map[string]int64{o.Currency: o.Total}
}

func timeOnPage(e *cx.Event) int64 {
	v, ok := number(e.Properties[PropTimeOnPage])
	if !ok || v <= 0 {
		return 0
	}
	return int64(math.Min(math.Round(v), maxTimeOnPage))
}

// orderOf reads an "Order Completed" call: order_id (the message id when
// absent), total (else revenue, else value, else the sum of the products)
// in currency (the workspace's when absent), and the products.
func orderOf(e *cx.Event, currency string) *cx.Order {
	p := e.Properties
	cur := strings.ToUpper(str(p, "currency"))
	if len(cur) != 3 {
		cur = currency
	}
	o := &cx.Order{ID: truncate(str(p, "order_id"), 200), CustomerID: e.CustomerID, Currency: cur, PlacedAt: e.Timestamp, EventID: e.ID, Items: []cx.OrderItem{}}
	if o.ID == "" {
		o.ID = e.MessageID
	}
	products, _ := p["products"].([]any)
	var sum int64
	for _, x := range products {
		m, _ := x.(map[string]any)
		if m == nil {
			continue
		}
		qty, ok := number(m["quantity"])
		if !ok || qty < 1 {
			qty = 1
		}
		price, _ := number(m["price"])
		item := cx.OrderItem{ProductID: str(m, "product_id"), SKU: str(m, "sku"), Name: str(m, "name"), Category: str(m, "category"),
			Quantity: int64(qty), Price: minorUnits(price, cur)}
		sum += item.Price * item.Quantity
		o.Items = append(o.Items, item)
	}
	o.Total = sum
	for _, k := range []string{"total", "revenue", "value"} {
		if v, ok := number(p[k]); ok {
			o.Total = minorUnits(v, cur)
			break
		}
	}
	return o
}

// number reads a JSON number (or a numeric string).
func number(v any) (float64, bool) {
	var f float64
	var err error
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case interface{ Float64() (float64, error) }: // json.Number
		f, err = x.Float64()
	case string:
		f, err = strconv.ParseFloat(strings.TrimSpace(x), 64)
	default:
		return 0, false
	}
	return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// zeroDecimal are the currencies without minor units (ISO 4217).
var zeroDecimal = map[string]bool{"VND": true, "JPY": true, "KRW": true, "CLP": true, "ISK": true, "PYG": true, "UGX": true, "XAF": true, "XOF": true}

// threeDecimal are the currencies with three decimals.
var threeDecimal = map[string]bool{"BHD": true, "IQD": true, "JOD": true, "KWD": true, "LYD": true, "OMR": true, "TND": true}

// minorUnits turns an amount into whole VND, or the minor units of another
// currency (cents for USD).
func minorUnits(v float64, currency string) int64 {
	switch {
	case zeroDecimal[currency]:
	case threeDecimal[currency]:
		v *= 1000
	default:
		v *= 100
	}
	return int64(math.Round(v))
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
