package store

import (
	"cmp"
	"context"
	"slices"
)

// Day-level rollups of the per-customer analytics state (migration 0017):
// order_days, stage_days, touch_days and credit_days. ReplaceCustomer and ForgetCustomer keep them
// by the difference between a customer's old state and the new one, in
// the worker's transaction, so that a rebuild (every customer from
// nothing) and the worker's steps give the same rows. Days are day
// numbers (days from 1970-01-01 to the local date); the analytics package
// works them out in the workspace's time zone.

// Gaps between orders, in days, as order_days keys them.
const (
	GapCap  = 367 // 367 days or more
	GapNone = 368 // no such earlier order
	// RollupDays is the longest window, in days, the gaps answer exactly:
	// every gap the cap merges is longer than such a window.
	RollupDays = GapCap
)

type orderDayKey struct {
	day  int64
	kind string // p1, p2, life
	gap  int64
}

type orderDayVal struct{ orders, vndOrders, revenue int64 }

type stageDayKey struct {
	journey, stage string
	day            int64
}

// behaviourFacts is what one customer's state adds to the rollups.
type behaviourFacts struct {
	orders map[orderDayKey]orderDayVal
	stages map[stageDayKey]int64
}

func newFacts() behaviourFacts {
	return behaviourFacts{orders: map[orderDayKey]orderDayVal{}, stages: map[stageDayKey]int64{}}
}

// addOrder adds one order (its day, gaps, VND flag and VND total) with sign ±1.
func (f behaviourFacts) addOrder(day, gap1, gap2 int64, vnd bool, totalVND, sign int64) {
	v := b2i(vnd)
	add := func(k orderDayKey, d orderDayVal) {
		o := f.orders[k]
		f.orders[k] = orderDayVal{o.orders + sign*d.orders, o.vndOrders + sign*d.vndOrders, o.revenue + sign*d.revenue}
	}
	add(orderDayKey{day, "p1", gap1}, orderDayVal{1, v, totalVND})
	if gap2 < GapCap {
		add(orderDayKey{day, "p2", gap2}, orderDayVal{1, 0, 0})
	}
	add(orderDayKey{0, "life", 0}, orderDayVal{b2i(gap1 == GapNone), v, totalVND})
}

// rollBehaviour applies to the rollups the difference between a
// customer's stored state and next (nil: the customer is gone). It must run
// before the old state's rows are deleted.
func (tx *AnalyticsTx) rollBehaviour(wsID, id string, next *CustomerState) error {
	f := newFacts()
	type oldOrder struct {
		day, gap1, gap2, vnd, total int64
	}
	olds, err := collect(tx.ctx, tx.c, func(row scanner) (oldOrder, error) {
		var o oldOrder
		return o, row.Scan(&o.day, &o.gap1, &o.gap2, &o.vnd, &o.total)
	}, `SELECT day, gap1, gap2, vnd, total_vnd FROM customer_orders WHERE workspace_id = ? AND customer_id = ?`, wsID, id)
	if err != nil {
		return err
	}
	for _, o := range olds {
		f.addOrder(o.day, o.gap1, o.gap2, o.vnd == 1, o.total, -1)
	}
	type oldStage struct {
		journey, stage string
		day            int64
	}
	stages, err := collect(tx.ctx, tx.c, func(row scanner) (oldStage, error) {
		var s oldStage
		return s, row.Scan(&s.journey, &s.stage, &s.day)
	}, `SELECT journey_id, stage_id, day FROM customer_stage_reached WHERE workspace_id = ? AND customer_id = ?`, wsID, id)
	if err != nil {
		return err
	}
	for _, s := range stages {
		f.stages[stageDayKey{s.journey, s.stage, s.day}]--
	}
	if next != nil {
		for _, o := range next.Orders {
			f.addOrder(o.Day, o.Gap1, o.Gap2, o.VND, o.TotalVND, 1)
		}
		for _, s := range next.Stages {
			f.stages[stageDayKey{s.JourneyID, s.StageID, s.Day}]++
		}
	}
	return tx.applyFacts(wsID, f)
}

// applyFacts adds the non-zero differences to the rollup rows, in key
// order (so that two transactions never lock rows in opposite orders), and
// removes the rows they bring to nothing.
func (tx *AnalyticsTx) applyFacts(wsID string, f behaviourFacts) error {
	okeys := make([]orderDayKey, 0, len(f.orders))
	for k, v := range f.orders {
		if v != (orderDayVal{}) {
			okeys = append(okeys, k)
		}
	}
	slices.SortFunc(okeys, func(a, b orderDayKey) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.kind, b.kind), cmp.Compare(a.gap, b.gap))
	})
	for _, k := range okeys {
		v := f.orders[k]
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO order_days (workspace_id, day, kind, gap, orders, vnd_orders, revenue_vnd) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, day, kind, gap) DO UPDATE SET orders = order_days.orders + excluded.orders,
			vnd_orders = order_days.vnd_orders + excluded.vnd_orders, revenue_vnd = order_days.revenue_vnd + excluded.revenue_vnd`,
			wsID, k.day, k.kind, k.gap, v.orders, v.vndOrders, v.revenue); err != nil {
			return err
		}
		if _, err := tx.c.exec(tx.ctx, `DELETE FROM order_days WHERE workspace_id = ? AND day = ? AND kind = ? AND gap = ?
			AND orders = 0 AND vnd_orders = 0 AND revenue_vnd = 0`, wsID, k.day, k.kind, k.gap); err != nil {
			return err
		}
	}
	skeys := make([]stageDayKey, 0, len(f.stages))
	for k, n := range f.stages {
		if n != 0 {
			skeys = append(skeys, k)
		}
	}
	slices.SortFunc(skeys, func(a, b stageDayKey) int {
		return cmp.Or(cmp.Compare(a.journey, b.journey), cmp.Compare(a.stage, b.stage), cmp.Compare(a.day, b.day))
	})
	for _, k := range skeys {
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO stage_days (workspace_id, journey_id, stage_id, day, customers) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, journey_id, stage_id, day) DO UPDATE SET customers = stage_days.customers + excluded.customers`,
			wsID, k.journey, k.stage, k.day, f.stages[k]); err != nil {
			return err
		}
		if _, err := tx.c.exec(tx.ctx, `DELETE FROM stage_days WHERE workspace_id = ? AND journey_id = ? AND stage_id = ? AND day = ? AND customers = 0`,
			wsID, k.journey, k.stage, k.day); err != nil {
			return err
		}
	}
	return nil
}

type touchDayKey struct {
	touchpoint string
	day        int64
	kind       string // all, conv
	gap        int64
}

// rollTouches adds to touch_days the difference between a customer's old
// touches and the new ones, in key order.
func (tx *AnalyticsTx) rollTouches(wsID string, old, next []Touch) error {
	d := map[touchDayKey]int64{}
	for _, list := range []struct {
		ts   []Touch
		sign int64
	}{{old, -1}, {next, 1}} {
		for _, t := range list.ts {
			d[touchDayKey{t.TouchpointID, t.Day, "all", t.Gap}] += list.sign
			if t.ConvGap >= 0 {
				d[touchDayKey{t.TouchpointID, t.Day, "conv", t.ConvGap}] += list.sign
			}
		}
	}
	keys := make([]touchDayKey, 0, len(d))
	for k, n := range d {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b touchDayKey) int {
		return cmp.Or(cmp.Compare(a.touchpoint, b.touchpoint), cmp.Compare(a.day, b.day), cmp.Compare(a.kind, b.kind), cmp.Compare(a.gap, b.gap))
	})
	if err := tx.rollCredits(wsID, old, next); err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO touch_days (workspace_id, touchpoint_id, day, kind, gap, touches) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, touchpoint_id, day, kind, gap) DO UPDATE SET touches = touch_days.touches + excluded.touches`,
			wsID, k.touchpoint, k.day, k.kind, k.gap, d[k]); err != nil {
			return err
		}
		if _, err := tx.c.exec(tx.ctx, `DELETE FROM touch_days WHERE workspace_id = ? AND touchpoint_id = ? AND day = ? AND kind = ? AND gap = ? AND touches = 0`,
			wsID, k.touchpoint, k.day, k.kind, k.gap); err != nil {
			return err
		}
	}
	return nil
}

type creditKey struct {
	day        int64
	touchpoint string
	k          int64
}

type creditVal struct{ firstOrders, lastOrders, firstVND, lastVND, touches, touchesVND int64 }

// rollCredits adds to credit_days the difference between the credits of a
// customer's old touches and of the new ones, in key order.
func (tx *AnalyticsTx) rollCredits(wsID string, old, next []Touch) error {
	d := map[creditKey]creditVal{}
	for _, list := range []struct {
		ts   []Touch
		sign int64
	}{{old, -1}, {next, 1}} {
		for _, t := range list.ts {
			if t.CreditK == 0 {
				continue
			}
			k := creditKey{t.OrderDay, t.TouchpointID, t.CreditK}
			v, f, l := d[k], b2i(t.CreditFirst), b2i(t.CreditLast)
			sg := list.sign
			d[k] = creditVal{v.firstOrders + sg*f, v.lastOrders + sg*l, v.firstVND + sg*f*t.OrderVND, v.lastVND + sg*l*t.OrderVND,
				v.touches + sg, v.touchesVND + sg*t.OrderVND}
		}
	}
	keys := make([]creditKey, 0, len(d))
	for k, v := range d {
		if v != (creditVal{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b creditKey) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.touchpoint, b.touchpoint), cmp.Compare(a.k, b.k))
	})
	for _, k := range keys {
		v := d[k]
		if _, err := tx.c.exec(tx.ctx, `INSERT INTO credit_days (workspace_id, day, touchpoint_id, k, first_orders, last_orders, first_vnd, last_vnd, touches, touches_vnd)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, day, touchpoint_id, k) DO UPDATE SET
			first_orders = credit_days.first_orders + excluded.first_orders, last_orders = credit_days.last_orders + excluded.last_orders,
			first_vnd = credit_days.first_vnd + excluded.first_vnd, last_vnd = credit_days.last_vnd + excluded.last_vnd,
			touches = credit_days.touches + excluded.touches, touches_vnd = credit_days.touches_vnd + excluded.touches_vnd`,
			wsID, k.day, k.touchpoint, k.k, v.firstOrders, v.lastOrders, v.firstVND, v.lastVND, v.touches, v.touchesVND); err != nil {
			return err
		}
		if _, err := tx.c.exec(tx.ctx, `DELETE FROM credit_days WHERE workspace_id = ? AND day = ? AND touchpoint_id = ? AND k = ? AND touches = 0`,
			wsID, k.day, k.touchpoint, k.k); err != nil {
			return err
		}
	}
	return nil
}

// CreditsDays attributes, from credit_days, the orders placed from day
// first to day last as Credits does, with the conversion days the touches
// were worked out with.
func (s *Store) CreditsDays(ctx context.Context, wsID string, first, last int64) ([]Credit, error) {
	return collect(ctx, s.reader(), func(row scanner) (Credit, error) {
		var c Credit
		return c, row.Scan(&c.TouchpointID, &c.FirstOrders, &c.LastOrders, &c.LinearOrders, &c.FirstVND, &c.LastVND, &c.LinearVND)
	}, `SELECT touchpoint_id, CAST(SUM(first_orders) AS BIGINT), CAST(SUM(last_orders) AS BIGINT), SUM(touches * 1.0 / k),
		CAST(SUM(first_vnd) AS BIGINT), CAST(SUM(last_vnd) AS BIGINT), SUM(touches_vnd * 1.0 / k)
		FROM credit_days WHERE workspace_id = ? AND day >= ? AND day <= ? GROUP BY touchpoint_id`, wsID, first, last)
}

// TouchpointStatsDays counts, from touch_days, what TouchpointStats counts
// from day first to day last (last − first < RollupDays), with the
// conversion days the touches were worked out with: a touch is a
// customer's first at the touchpoint in the window when its gap is more
// than its day − first, and so for the converting ones.
func (s *Store) TouchpointStatsDays(ctx context.Context, wsID string, touchpointIDs []string, first, last int64) ([]TouchStats, error) {
	if len(touchpointIDs) == 0 {
		return nil, nil
	}
	args := append([]any{first, first, wsID}, anys(touchpointIDs)...)
	return collect(ctx, s.reader(), func(row scanner) (TouchStats, error) {
		var t TouchStats
		return t, row.Scan(&t.TouchpointID, &t.Reach, &t.Interactions, &t.Converted)
	}, `SELECT touchpoint_id, CAST(SUM(CASE WHEN kind = 'all' AND gap > day - ? THEN touches ELSE 0 END) AS BIGINT),
		CAST(SUM(CASE WHEN kind = 'all' THEN touches ELSE 0 END) AS BIGINT),
		CAST(SUM(CASE WHEN kind = 'conv' AND gap > day - ? THEN touches ELSE 0 END) AS BIGINT)
		FROM touch_days WHERE workspace_id = ? AND touchpoint_id IN (`+placeholders(len(touchpointIDs))+`) AND day >= ? AND day <= ?
		GROUP BY touchpoint_id`, append(args, first, last)...)
}

// LoyaltyDays counts, from order_days, what Loyalty counts over the orders
// placed from day first to day last (both included, last − first <
// RollupDays): an order is a customer's first in the window when its gap
// to the previous order is more than its day − first, and a customer's
// orders in the window with the previous one inside, minus those with the
// one before that inside too, count each repeat customer once.
func (s *Store) LoyaltyDays(ctx context.Context, wsID string, first, last int64) (LoyaltyCounts, error) {
	var lc LoyaltyCounts
	err := s.reader().queryRow(ctx, `SELECT
		CAST(COALESCE(SUM(CASE WHEN kind = 'p1' AND gap > day - ? THEN orders ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN gap <= day - ? THEN (CASE WHEN kind = 'p1' THEN orders ELSE -orders END) ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN kind = 'p1' THEN orders ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN kind = 'p1' THEN vnd_orders ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN kind = 'p1' THEN revenue_vnd ELSE 0 END), 0) AS BIGINT)
		FROM order_days WHERE workspace_id = ? AND day >= ? AND day <= ? AND kind IN ('p1', 'p2')`, first, first, wsID, first, last).
		Scan(&lc.Customers, &lc.Repeat, &lc.Orders, &lc.VNDOrders, &lc.RevenueVND)
	return lc, err
}

// RetainedDays counts, from order_days, what Retained counts for the
// windows [prevFirst, first) and [first, last] (days; last − prevFirst <
// RollupDays).
func (s *Store) RetainedDays(ctx context.Context, wsID string, prevFirst, first, last int64) (before, again int64, err error) {
	err = s.reader().queryRow(ctx, `SELECT
		CAST(COALESCE(SUM(CASE WHEN day < ? AND gap > day - ? THEN orders ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN day >= ? AND gap > day - ? AND gap <= day - ? THEN orders ELSE 0 END), 0) AS BIGINT)
		FROM order_days WHERE workspace_id = ? AND day >= ? AND day <= ? AND kind = 'p1'`, first, prevFirst, first, first, prevFirst, wsID, prevFirst, last).
		Scan(&before, &again)
	return before, again, err
}

// LifetimeDays is the customers who ever ordered and their VND revenue, from
// the rollups' lifetime row.
func (s *Store) LifetimeDays(ctx context.Context, wsID string) (customers, revenueVND int64, err error) {
	err = s.reader().queryRow(ctx, `SELECT CAST(COALESCE(SUM(orders), 0) AS BIGINT), CAST(COALESCE(SUM(revenue_vnd), 0) AS BIGINT)
		FROM order_days WHERE workspace_id = ? AND day = 0 AND kind = 'life'`, wsID).Scan(&customers, &revenueVND)
	return customers, revenueVND, err
}

// StageReachedDays counts, per stage of a journey, the customers who
// passed it from day first to day last (both included; every day when all).
func (s *Store) StageReachedDays(ctx context.Context, wsID, journeyID string, first, last int64, all bool) (CountByKey, error) {
	q := `SELECT stage_id, CAST(SUM(customers) AS BIGINT) FROM stage_days WHERE workspace_id = ? AND journey_id = ?`
	args := []any{wsID, journeyID}
	if !all {
		q += ` AND day >= ? AND day <= ?`
		args = append(args, first, last)
	}
	return s.countBy(ctx, q+` GROUP BY stage_id`, args...)
}

// RebuildBehaviourRollups works a workspace's day rollups out again from
// its per-customer state, in one transaction. The worker never needs it
// (it keeps them with the state); `cxm bench analytics behaviour`, which
// writes the state directly, does, and it checks the worker's rows.
func (s *Store) RebuildBehaviourRollups(ctx context.Context, wsID string) error {
	return s.inTx(ctx, func(c conn) error {
		for _, q := range []string{
			`DELETE FROM order_days WHERE workspace_id = ?`,
			`DELETE FROM stage_days WHERE workspace_id = ?`,
			`DELETE FROM touch_days WHERE workspace_id = ?`,
			`DELETE FROM credit_days WHERE workspace_id = ?`,
			`INSERT INTO credit_days (workspace_id, day, touchpoint_id, k, first_orders, last_orders, first_vnd, last_vnd, touches, touches_vnd)
				SELECT workspace_id, order_day, touchpoint_id, credit_k, SUM(credit_first), SUM(credit_last), SUM(credit_first * next_order_vnd),
				SUM(credit_last * next_order_vnd), COUNT(*), SUM(next_order_vnd) FROM customer_touches WHERE workspace_id = ? AND credit_k > 0
				GROUP BY workspace_id, order_day, touchpoint_id, credit_k`,
			`INSERT INTO order_days (workspace_id, day, kind, gap, orders, vnd_orders, revenue_vnd)
				SELECT workspace_id, day, 'p1', gap1, COUNT(*), SUM(vnd), SUM(total_vnd) FROM customer_orders WHERE workspace_id = ? GROUP BY workspace_id, day, gap1`,
			`INSERT INTO order_days (workspace_id, day, kind, gap, orders, vnd_orders, revenue_vnd)
				SELECT workspace_id, day, 'p2', gap2, COUNT(*), 0, 0 FROM customer_orders WHERE workspace_id = ? AND gap2 < ` + itoa(GapCap) + ` GROUP BY workspace_id, day, gap2`,
			`INSERT INTO order_days (workspace_id, day, kind, gap, orders, vnd_orders, revenue_vnd)
				SELECT workspace_id, 0, 'life', 0, SUM(CASE WHEN gap1 = ` + itoa(GapNone) + ` THEN 1 ELSE 0 END), SUM(vnd), SUM(total_vnd)
				FROM customer_orders WHERE workspace_id = ? GROUP BY workspace_id`,
			`INSERT INTO touch_days (workspace_id, touchpoint_id, day, kind, gap, touches)
				SELECT workspace_id, touchpoint_id, day, 'all', gap, COUNT(*) FROM customer_touches WHERE workspace_id = ? GROUP BY workspace_id, touchpoint_id, day, gap`,
			`INSERT INTO touch_days (workspace_id, touchpoint_id, day, kind, gap, touches)
				SELECT workspace_id, touchpoint_id, day, 'conv', conv_gap, COUNT(*) FROM customer_touches WHERE workspace_id = ? AND conv_gap >= 0
				GROUP BY workspace_id, touchpoint_id, day, conv_gap`,
			`INSERT INTO stage_days (workspace_id, journey_id, stage_id, day, customers)
				SELECT workspace_id, journey_id, stage_id, day, COUNT(*) FROM customer_stage_reached WHERE workspace_id = ? GROUP BY workspace_id, journey_id, stage_id, day`,
		} {
			if _, err := c.exec(ctx, q, wsID); err != nil {
				return err
			}
		}
		return nil
	})
}
