package ingest

import (
	"math"
	"strconv"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/money"
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
// it carries, if any. An order beyond the money rules is an error about
// its field: /v1 refuses such calls at the door (Check), and the other
// sources check their amounts before they send them.
func effects(e *cx.Event, currency string) (store.SummaryDelta, *cx.Order, error) {
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
		o, err := orderOf(e, currency)
		return d, o, err
	}
	return d, nil, nil
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
// in currency (the workspace's when absent), and the products. Amounts,
// quantities, each product's price × quantity and their sum follow the
// money rules, whether a total is given or not; the first that does not is
// an error about its field, such as properties.products[2].price.
func orderOf(e *cx.Event, currency string) (*cx.Order, error) {
	p := e.Properties
	cur := strings.ToUpper(str(p, "currency"))
	if len(cur) != 3 {
		cur = currency
	}
	o := &cx.Order{ID: orderIDOf(e), CustomerID: e.CustomerID, Currency: cur, PlacedAt: e.Timestamp, EventID: e.ID, Items: []cx.OrderItem{}}
	products, _ := p["products"].([]any)
	var sum int64
	for i, x := range products {
		m, _ := x.(map[string]any)
		if m == nil {
			continue
		}
		at := "properties.products[" + strconv.Itoa(i) + "]."
		qty, _ := number(m["quantity"])
		n, err := money.Quantity(qty)
		if err != nil {
			return nil, refield(err, at+"quantity")
		}
		price, _ := number(m["price"])
		item := cx.OrderItem{ProductID: str(m, "product_id"), SKU: str(m, "sku"), Name: str(m, "name"), Category: str(m, "category"), Quantity: n}
		if item.Price, err = money.MinorUnits(price, cur); err != nil {
			return nil, refield(err, at+"price")
		}
		line, err := money.Mul(item.Price, n, cur)
		if err != nil {
			return nil, refield(err, at+"price")
		}
		if sum, err = money.Add(sum, line, cur); err != nil {
			return nil, refield(err, at+"price")
		}
		o.Items = append(o.Items, item)
	}
	o.Total = sum
	for _, k := range []string{"total", "revenue", "value"} {
		if v, ok := number(p[k]); ok {
			total, err := money.MinorUnits(v, cur)
			if err != nil {
				return nil, refield(err, "properties."+k)
			}
			o.Total = total
			break
		}
	}
	return o, nil
}

// orderIDOf is the id of the order an event carries: its order_id, else
// its message id; "" for an event that is not an order.
func orderIDOf(e *cx.Event) string {
	if e.Type != cx.EventTrack || !strings.EqualFold(e.Name, EventOrderCompleted) {
		return ""
	}
	if id := truncate(str(e.Properties, "order_id"), 200); id != "" {
		return id
	}
	return e.MessageID
}

// refield re-addresses a money error to the field of the event it is about.
func refield(err error, field string) error {
	e := *cx.AsError(err)
	e.Field = field
	return &e
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

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
