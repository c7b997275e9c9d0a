package analytics

import (
	"context"
	"math"

	"cxm/internal/cx"
)

// ChurnRisk says whether a customer is at risk of not coming back: no
// order for longer than twice their usual gap between orders, or, for a
// one-time buyer, than the workspace's churn_days.
type ChurnRisk struct {
	AtRisk             bool     `json:"at_risk"`
	DaysSinceLastOrder *int64   `json:"days_since_last_order"` // null without orders
	UsualGapDays       *float64 `json:"usual_gap_days"`        // null with fewer than two orders
}

// churnOf works out the churn risk at ref (Unix ms) of a customer with
// orders orders, the first and last at first and last.
func churnOf(orders int64, first, last, ref int64, churnDays int) ChurnRisk {
	var c ChurnRisk
	if orders == 0 || last > ref {
		return c
	}
	days := (ref - last) / dayMS
	c.DaysSinceLastOrder = &days
	if orders == 1 {
		c.AtRisk = days > int64(churnDays)
		return c
	}
	gap := float64(last-first) / float64(orders-1) / float64(dayMS)
	gap = math.Round(gap*100) / 100
	c.UsualGapDays = &gap
	// Compared before rounding, as the customer list's filter does in SQL
	// (store.ChurnFilter): days > 2 × (last − first) ÷ (orders − 1).
	c.AtRisk = float64(days)*float64(orders-1)*float64(dayMS) > 2*float64(last-first)
	return c
}

// CustomerChurn is a customer's churn risk now, from their summary.
func (s *Service) CustomerChurn(ctx context.Context, wsID string, c cx.Customer) (ChurnRisk, error) {
	set, err := s.store.AnalyticsSettingsOf(ctx, wsID)
	if err != nil || c.Summary.Orders == 0 || c.Summary.FirstOrderAt == nil || c.Summary.LastOrderAt == nil {
		return ChurnRisk{}, err
	}
	return churnOf(c.Summary.Orders, c.Summary.FirstOrderAt.UnixMilli(), c.Summary.LastOrderAt.UnixMilli(), s.now().UnixMilli(), set.ChurnDays), nil
}

// loyaltyTrend counts, at the end of each period of the window (or now,
// for the period under way), the customers who had ordered, the loyal ones
// (two orders or more and not at risk) and those at risk.
func (s *Service) loyaltyTrend(ctx context.Context, wsID string, w Window, g Grain, stageID string) ([]LoyaltyPoint, error) {
	set, err := s.store.AnalyticsSettingsOf(ctx, wsID)
	if err != nil {
		return nil, err
	}
	now := s.now().UnixMilli()
	keys := w.Periods(g)
	refs := make([]int64, len(keys))
	points := make([]LoyaltyPoint, len(keys))
	p := PeriodStart(w.From, g)
	for i, k := range keys {
		p = next(p, g)
		end := p
		if end.After(w.End()) {
			end = w.End()
		}
		refs[i] = min(end.UnixMilli(), now)
		points[i].Period = k
	}
	err = s.store.EachCustomerOrders(ctx, wsID, w.End().UnixMilli(), stageID, func(times []int64) {
		for i, ref := range refs {
			n := int64(0)
			for n < int64(len(times)) && times[n] < ref {
				n++
			}
			if n == 0 {
				continue
			}
			c := churnOf(n, times[0], times[n-1], ref, set.ChurnDays)
			points[i].Customers++
			switch {
			case c.AtRisk:
				points[i].AtRisk++
			case n >= 2:
				points[i].Loyal++
			}
		}
	})
	return points, err
}

// CustomerMeasures are what a customer's profile shows of the measures.
type CustomerMeasures struct {
	RFM       *CustomerRFM `json:"rfm"` // null without orders
	ChurnRisk ChurnRisk    `json:"churn_risk"`
}

// CustomerMeasuresOf is a customer's RFM scores and churn risk now.
func (s *Service) CustomerMeasuresOf(ctx context.Context, wsID string, c cx.Customer) (CustomerMeasures, error) {
	rfm, err := s.CustomerRFMOf(ctx, wsID, c)
	if err != nil {
		return CustomerMeasures{}, err
	}
	churn, err := s.CustomerChurn(ctx, wsID, c)
	return CustomerMeasures{RFM: rfm, ChurnRisk: churn}, err
}
