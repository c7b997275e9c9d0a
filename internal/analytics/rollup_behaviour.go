package analytics

import (
	"context"

	"cxm/internal/store"
)

// The behaviour measures read the day rollups the worker keeps with the
// per-customer state (store/behaviour_rollups.go): O(days) rows, not the
// window's orders or stage entries. What the rollups cannot answer exactly
// — a filter by the stage customers stand in now, or a window longer than
// store.RollupDays for the distinct-customer counts — reads the
// per-customer state as before.

// rollupDays is a window's first and last day numbers.
func rollupDays(w Window) (first, last int64) { return DayNumberOf(w.From), DayNumberOf(w.To) }

// loyaltyCounts counts the orders of a window, their customers and the
// repeat customers.
func (s *Service) loyaltyCounts(ctx context.Context, wsID string, w Window, stageID string) (store.LoyaltyCounts, error) {
	if stageID != "" || w.Days() > store.RollupDays {
		return s.store.Loyalty(ctx, wsID, w.Start().UnixMilli(), w.End().UnixMilli(), stageID)
	}
	first, last := rollupDays(w)
	lc, err := s.store.LoyaltyDays(ctx, wsID, first, last)
	lc.RevenueOther = map[string]int64{}
	if err != nil || lc.VNDOrders == lc.Orders {
		return lc, err
	}
	lc.RevenueOther, err = s.store.RevenueOther(ctx, wsID, w.Start().UnixMilli(), w.End().UnixMilli(), "")
	return lc, err
}

// lifetime is the customers who ever ordered and their VND revenue.
func (s *Service) lifetime(ctx context.Context, wsID, stageID string) (customers, revenueVND int64, err error) {
	if stageID != "" {
		return s.store.LifetimeRevenue(ctx, wsID, stageID)
	}
	return s.store.LifetimeDays(ctx, wsID)
}

// retained counts the customers who ordered in the window before w and,
// of them, those who ordered again in w.
func (s *Service) retained(ctx context.Context, wsID string, w Window, stageID string) (before, again int64, err error) {
	prev := w.Previous()
	if stageID != "" || w.Days()+prev.Days() > store.RollupDays {
		return s.store.Retained(ctx, wsID, prev.Start().UnixMilli(), w.Start().UnixMilli(), w.End().UnixMilli(), stageID)
	}
	prevFirst, _ := rollupDays(prev)
	first, last := rollupDays(w)
	return s.store.RetainedDays(ctx, wsID, prevFirst, first, last)
}

// orderTotals counts the orders of a window and their VND revenue: plain
// sums of days, for a window of any length.
func (s *Service) orderTotals(ctx context.Context, wsID string, w Window) (orders, revenueVND int64, err error) {
	first, last := rollupDays(w)
	lc, err := s.store.LoyaltyDays(ctx, wsID, first, last)
	return lc.Orders, lc.RevenueVND, err
}

// stageReached counts the customers who passed each stage of a journey in
// the window (ever when all).
func (s *Service) stageReached(ctx context.Context, wsID, journeyID string, w Window, all bool) (store.CountByKey, error) {
	first, last := rollupDays(w)
	return s.store.StageReachedDays(ctx, wsID, journeyID, first, last, all)
}

// rollupN reports whether the touch rollups answer for a window with the
// conversion days asked for: the state was worked out with them (not while
// the worker rebuilds it after a change) and the window is short enough
// for the gaps.
func (s *Service) rollupN(ctx context.Context, wsID string, w Window, conversionDays int) (bool, error) {
	cur, ok, err := s.store.AnalyticsCursorOf(ctx, wsID)
	return ok && cur.ConversionDays == conversionDays && w.Days() <= store.RollupDays, err
}

// credits attributes the orders of a window to the touches before them.
func (s *Service) credits(ctx context.Context, wsID string, w Window, conversionDays int) ([]store.Credit, error) {
	if ok, err := s.rollupN(ctx, wsID, w, conversionDays); err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return s.store.Credits(ctx, wsID, w.Start().UnixMilli(), w.End().UnixMilli(), int64(conversionDays)*dayMS)
	}
	first, last := rollupDays(w)
	return s.store.CreditsDays(ctx, wsID, first, last)
}

// touchStats counts each touchpoint's reach, interactions and converted
// customers over a window.
func (s *Service) touchStats(ctx context.Context, wsID string, ids []string, w Window, conversionDays int) ([]store.TouchStats, error) {
	if ok, err := s.rollupN(ctx, wsID, w, conversionDays); err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return s.store.TouchpointStats(ctx, wsID, ids, w.Start().UnixMilli(), w.End().UnixMilli(), int64(conversionDays)*dayMS)
	}
	first, last := rollupDays(w)
	return s.store.TouchpointStatsDays(ctx, wsID, ids, first, last)
}
