package csvio

import (
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/money"
)

// order collects the lines of one order: a file has one row per item, and
// an order's rows follow each other.
type order struct {
	id       string
	line     int // the first row's line
	who      profile
	placedAt time.Time
	total    *money.Amount
	currency string
	items    []item
	err      error // the first bad value of any of its rows
	errLine  int
}

type item struct {
	productID, sku, name, category string
	quantity                       int64
	price                          *money.Amount
}

// addRow reads one row into the order. A bad value marks the whole order
// bad: half an order would give wrong totals.
func (o *order) addRow(cols []column, rec []string, line int) {
	if o.err != nil {
		return
	}
	if err := o.readRow(cols, rec); err != nil {
		o.err, o.errLine = err, line
	}
}

func (o *order) readRow(cols []column, rec []string) error {
	who, err := readProfile(cols, rec)
	if err != nil {
		return err
	}
	mergeProfile(&o.who, who)
	var it item
	values := map[string]string{}
	for i, c := range cols {
		if i < len(rec) && c.field != "" {
			values[c.field] = strings.TrimSpace(rec[i])
		}
	}
	if err := o.readOrderFields(values); err != nil {
		return err
	}
	it.productID, it.sku, it.name, it.category = values[FieldProductID], values[FieldSKU], values[FieldProductName], values[FieldCategory]
	if it.productID == "" && it.sku == "" && it.name == "" {
		return nil // an order-level row without an item
	}
	if it.quantity, err = money.ParseQuantity(values[FieldQuantity]); err != nil {
		return fieldError(FieldQuantity, err)
	}
	if v := values[FieldPrice]; v != "" {
		a, err := money.ParseAmount(v, o.currency)
		if err != nil {
			return fieldError(FieldPrice, err)
		}
		it.price = &a
	}
	o.items = append(o.items, it)
	return nil
}

// readOrderFields reads the date, currency and total, which the first row
// that has them gives for the whole order.
func (o *order) readOrderFields(v map[string]string) error {
	if o.currency == "" && v[FieldCurrency] != "" {
		c, err := money.ParseCurrency(v[FieldCurrency])
		if err != nil {
			return fieldError(FieldCurrency, err)
		}
		o.currency = c
	}
	if o.placedAt.IsZero() && v[FieldPlacedAt] != "" {
		t, err := cx.ParseDate(v[FieldPlacedAt])
		if err != nil {
			return fieldError(FieldPlacedAt, err)
		}
		o.placedAt = t
	}
	if o.total == nil && v[FieldTotal] != "" {
		a, err := money.ParseAmount(v[FieldTotal], o.currency)
		if err != nil {
			return fieldError(FieldTotal, err)
		}
		o.total = &a
	}
	return nil
}

// fieldError re-addresses a value error to the column's field.
func fieldError(field string, err error) error {
	if e := cx.AsError(err); e != nil && e.Code == cx.Invalid {
		c := *e
		c.Field = field
		return &c
	}
	return err
}

// mergeProfile fills what p lacks from q.
func mergeProfile(p *profile, q profile) {
	if p.traits == nil {
		p.traits = map[string]any{}
	}
	if p.userID == "" {
		p.userID = q.userID
	}
	for k, v := range q.traits {
		if _, ok := p.traits[k]; !ok {
			p.traits[k] = v
		}
	}
}

// event turns a complete order into an "Order Completed" track event. The
// message id is the order id's, so an order is imported once.
func (o *order) event(received time.Time) (cx.Event, error) {
	if err := o.check(); err != nil {
		return cx.Event{}, err
	}
	currency, total, err := o.amounts()
	if err != nil {
		return cx.Event{}, err
	}
	products := make([]any, 0, len(o.items))
	for _, it := range o.items {
		p := map[string]any{"quantity": float64(it.quantity)} // numbers as JSON decodes them
		for k, v := range map[string]string{"product_id": it.productID, "sku": it.sku, "name": it.name, "category": it.category} {
			if v != "" {
				p[k] = v
			}
		}
		if it.price != nil {
			p["price"] = it.price.Major()
		}
		products = append(products, p)
	}
	props := map[string]any{"order_id": o.id, "total": total.Major(), "revenue": total.Major(), "currency": currency, "products": products}
	ctx := importContext()
	ctx["traits"] = o.who.traits
	return cx.Event{
		MessageID: "csv-o-" + o.id, Type: cx.EventTrack, Name: OrderCompleted, UserID: o.who.userID,
		Properties: props, Context: ctx, Timestamp: o.placedAt, ReceivedAt: received,
	}, nil
}

// check says what keeps an order from being imported.
func (o *order) check() error {
	switch {
	case o.err != nil:
		return o.err
	case !o.who.identified():
		return errNoIdentity
	case o.placedAt.IsZero():
		return cx.FieldErrorf(FieldPlacedAt, "the order has no date")
	case o.total == nil && len(o.items) == 0:
		return cx.FieldErrorf(FieldTotal, "the order has no total and no items")
	}
	for _, it := range o.items {
		if o.total == nil && it.price == nil {
			return cx.FieldErrorf(FieldPrice, "the order has no total, and an item has no price")
		}
	}
	return nil
}

// amounts returns the order's currency and total: the total column when
// given, else the sum of the items. The items are summed either way, with
// the money rules' checks, so that no line or sum is beyond what
// ingestion takes.
func (o *order) amounts() (string, money.Amount, error) {
	sum := money.Amount{Currency: o.currency}
	if sum.Currency == "" {
		sum.Currency = "VND"
	}
	for _, it := range o.items {
		if it.price == nil {
			continue
		}
		line, err := money.Mul(it.price.Minor, it.quantity, it.price.Currency)
		if err != nil {
			return "", sum, fieldError(FieldPrice, err)
		}
		if sum.Minor, err = money.Add(sum.Minor, line, it.price.Currency); err != nil {
			return "", sum, fieldError(FieldTotal, err)
		}
		sum.Currency = it.price.Currency
	}
	if o.total != nil {
		return o.total.Currency, *o.total, nil
	}
	return sum.Currency, sum, nil
}
