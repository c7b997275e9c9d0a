package analytics

import (
	"context"
	"math"
	"strconv"

	"cxm/internal/cx"
)

// LoyaltyDays is the default window of the loyalty measures.
const LoyaltyDays = 365

// Query is what a behaviour measure is asked for: the window as given
// (from, to: YYYY-MM-DD, empty for the default) and the filters.
type Query struct {
	From, To string
	Filter   Filter
	Grain    string // loyalty: the trend of loyal and at-risk customers (day, week, month; "" for none)
	Steps    string // event funnels: the event names of the steps, comma-separated
}

// behaviourWindow reads a query's window in the workspace's time zone;
// every measure reads its window here.
func (s *Service) behaviourWindow(ctx context.Context, wsID string, q Query, defaultDays int) (Window, error) {
	loc, err := s.zone(ctx, wsID)
	if err != nil {
		return Window{}, err
	}
	return ParseWindow(q.From, q.To, loc, s.now(), defaultDays)
}

// onlyFilters refuses the filters a measure cannot apply, naming the first.
func onlyFilters(f Filter, allowed ...string) error {
	set := map[string]string{"journey": f.Journey, "stage": f.Stage, "touchpoint": f.Touchpoint, "survey": f.Survey, "channel": f.Channel, "source": f.Source}
	for _, name := range []string{"journey", "stage", "touchpoint", "survey", "channel", "source"} {
		if set[name] == "" {
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			return cx.FieldErrorf(name, "this measure cannot be filtered by %s", name)
		}
	}
	return nil
}

// Loyalty is the loyalty measures of a window.
type Loyalty struct {
	Definition          string           `json:"definition"`
	From                string           `json:"from"`
	To                  string           `json:"to"`
	CustomersWithOrders int64            `json:"customers_with_orders"`
	RepeatCustomers     int64            `json:"repeat_customers"`
	RepeatPurchaseRate  *float64         `json:"repeat_purchase_rate"` // null without customers
	Low                 *float64         `json:"low"`                  // Wilson 95 % of the repeat-purchase rate
	High                *float64         `json:"high"`
	N                   int64            `json:"n"`
	LowN                bool             `json:"low_n"`
	Orders              int64            `json:"orders"`
	PurchaseFrequency   *float64         `json:"purchase_frequency"`
	AverageOrderValue   *int64           `json:"average_order_value"`
	Revenue             int64            `json:"revenue"`
	RevenueOther        map[string]int64 `json:"revenue_other"`
	RevenuePerCustomer  *int64           `json:"revenue_per_customer"`
	CLV                 *int64           `json:"clv"`
	CLVCustomers        int64            `json:"clv_customers"`
	Trend               []LoyaltyPoint   `json:"trend,omitempty"`
}

// LoyaltyPoint is the number of loyal and at-risk customers at the end of a period.
type LoyaltyPoint struct {
	Period    string `json:"period"`
	Customers int64  `json:"customers"` // who had ordered by then
	Loyal     int64  `json:"loyal"`     // two orders or more, and not at risk
	AtRisk    int64  `json:"at_risk"`
}

const loyaltyDefinition = "Over the orders placed in the window: repeat_purchase_rate = customers with ≥ 2 orders ÷ customers with ≥ 1 (%); " +
	"purchase_frequency = orders ÷ ordering customers; average_order_value = VND revenue ÷ VND orders; revenue_per_customer = VND revenue ÷ ordering customers; " +
	"clv = lifetime VND revenue ÷ customers who ever ordered. n = ordering customers."

// Loyalty computes the loyalty measures of a window (default: the last 365 days).
func (s *Service) Loyalty(ctx context.Context, wsID string, q Query) (Loyalty, error) {
	if err := onlyFilters(q.Filter, "journey", "stage"); err != nil {
		return Loyalty{}, err
	}
	grain := Grain("")
	if q.Grain != "" {
		g, err := ParseGrain("grain", q.Grain)
		if err != nil {
			return Loyalty{}, err
		}
		grain = g
	}
	w, err := s.behaviourWindow(ctx, wsID, q, LoyaltyDays)
	if err != nil {
		return Loyalty{}, err
	}
	lc, err := s.loyaltyCounts(ctx, wsID, w, q.Filter.Stage)
	if err != nil {
		return Loyalty{}, err
	}
	l := Loyalty{Definition: loyaltyDefinition, From: w.From.Format(DateLayout), To: w.To.Format(DateLayout),
		CustomersWithOrders: lc.Customers, RepeatCustomers: lc.Repeat, N: lc.Customers, LowN: lc.Customers < LowN,
		Orders: lc.Orders, Revenue: lc.RevenueVND, RevenueOther: lc.RevenueOther}
	if lc.Customers > 0 {
		iv := Wilson(int(lc.Repeat), int(lc.Customers))
		l.RepeatPurchaseRate = ptr(100 * float64(lc.Repeat) / float64(lc.Customers))
		l.Low, l.High = ptr(iv.Low), ptr(iv.High)
		l.PurchaseFrequency = ptr(float64(lc.Orders) / float64(lc.Customers))
		l.RevenuePerCustomer = ptr(roundDiv(lc.RevenueVND, lc.Customers))
	}
	if lc.VNDOrders > 0 {
		l.AverageOrderValue = ptr(roundDiv(lc.RevenueVND, lc.VNDOrders))
	}
	n, rev, err := s.lifetime(ctx, wsID, q.Filter.Stage)
	if err != nil {
		return Loyalty{}, err
	}
	l.CLVCustomers = n
	if n > 0 {
		l.CLV = ptr(roundDiv(rev, n))
	}
	if grain != "" {
		l.Trend, err = s.loyaltyTrend(ctx, wsID, w, grain, q.Filter.Stage)
	}
	return l, err
}

// CSV writes the measures one a row, then the trend.
func (l Loyalty) CSV() ([]string, [][]string) {
	rows := [][]string{
		{"customers_with_orders", itoa(l.CustomersWithOrders)}, {"repeat_customers", itoa(l.RepeatCustomers)},
		{"repeat_purchase_rate", fnum(l.RepeatPurchaseRate)}, {"orders", itoa(l.Orders)},
		{"purchase_frequency", fnum(l.PurchaseFrequency)}, {"average_order_value", inum(l.AverageOrderValue)},
		{"revenue", itoa(l.Revenue)}, {"revenue_per_customer", inum(l.RevenuePerCustomer)}, {"clv", inum(l.CLV)},
	}
	for _, p := range l.Trend {
		rows = append(rows, []string{"loyal@" + p.Period, itoa(p.Loyal)}, []string{"at_risk@" + p.Period, itoa(p.AtRisk)})
	}
	return []string{"measure", "value"}, rows
}

// KPIValue is the actual value of a loyalty KPI over a window, and its n
// (ordering customers; for conversion_rate the customers reached, for
// retention_rate the customers of the previous window), for goals. ok is
// false for a KPI that is not a loyalty one.
func (s *Service) KPIValue(ctx context.Context, wsID, kpi string, w Window, f Filter) (value float64, n int, ok bool, err error) {
	switch kpi {
	case "repeat_purchase_rate", "purchase_frequency", "revenue", "orders":
		lc, err := s.loyaltyCounts(ctx, wsID, w, f.Stage)
		if err != nil {
			return 0, 0, true, err
		}
		switch kpi {
		case "repeat_purchase_rate":
			value = 100 * safeDiv(float64(lc.Repeat), float64(lc.Customers))
		case "purchase_frequency":
			value = safeDiv(float64(lc.Orders), float64(lc.Customers))
		case "revenue":
			value = float64(lc.RevenueVND)
		case "orders":
			value = float64(lc.Orders)
		}
		return value, int(lc.Customers), true, nil
	case "retention_rate":
		before, again, err := s.retained(ctx, wsID, w, f.Stage)
		return 100 * safeDiv(float64(again), float64(before)), int(before), true, err
	case "conversion_rate":
		set, err := s.store.AnalyticsSettingsOf(ctx, wsID)
		if err != nil {
			return 0, 0, true, err
		}
		reached, converted, err := s.overallConversion(ctx, wsID, w, set.ConversionDays, f.Touchpoint)
		return 100 * safeDiv(float64(converted), float64(reached)), int(reached), true, err
	}
	return 0, 0, false, nil
}

func ptr[T any](v T) *T { return &v }

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// roundDiv divides money, rounding half away from zero.
func roundDiv(a, b int64) int64 { return int64(math.Round(float64(a) / float64(b))) }

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func fnum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func inum(v *int64) string {
	if v == nil {
		return ""
	}
	return itoa(*v)
}
