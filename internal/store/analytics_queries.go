package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"cxm/internal/cx"
)

// The read side of the behaviour measures: loyalty, RFM, funnels,
// cohorts, touchpoints, browsing and milestones. Times are Unix ms,
// windows [start, end). The formulas are in docs/metrics.md.

// AnalyticsSettingsOf returns a workspace's analytics settings, the
// defaults when it never set them.
func (s *Store) AnalyticsSettingsOf(ctx context.Context, wsID string) (cx.AnalyticsSettings, error) {
	set := cx.DefaultAnalyticsSettings
	err := s.reader().queryRow(ctx, `SELECT conversion_days, churn_days FROM analytics_settings WHERE workspace_id = ?`, wsID).
		Scan(&set.ConversionDays, &set.ChurnDays)
	if errors.Is(err, sql.ErrNoRows) {
		return cx.DefaultAnalyticsSettings, nil
	}
	return set, err
}

// SetAnalyticsSettings validates and stores a workspace's analytics settings.
func (s *Store) SetAnalyticsSettings(ctx context.Context, wsID string, set cx.AnalyticsSettings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	_, err := s.writer().exec(ctx, `INSERT INTO analytics_settings (workspace_id, conversion_days, churn_days) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET conversion_days = excluded.conversion_days, churn_days = excluded.churn_days`,
		wsID, set.ConversionDays, set.ChurnDays)
	return err
}

// inStage narrows a query on a table with customer_id to the customers
// standing in a stage now; "" narrows nothing.
func inStage(wsID, stageID string) (string, []any) {
	if stageID == "" {
		return "", nil
	}
	return ` AND customer_id IN (SELECT customer_id FROM customer_stages WHERE workspace_id = ? AND stage_id = ?)`, []any{wsID, stageID}
}

// LoyaltyCounts are the order counts of a window.
type LoyaltyCounts struct {
	Customers, Repeat, Orders, VNDOrders, RevenueVND int64
	RevenueOther                                     map[string]int64
}

// Loyalty counts the orders placed in [start, end), the customers who
// placed them and those who placed two or more, in one pass over the
// window's orders: a customer's first order in the window is one whose
// previous order is before it (or none), their second one whose previous
// order is in the window and the one before that is not.
func (s *Store) Loyalty(ctx context.Context, wsID string, start, end int64, stageID string) (LoyaltyCounts, error) {
	cond, args := inStage(wsID, stageID)
	all := append([]any{start, start, start, wsID, start, end}, args...)
	var lc LoyaltyCounts
	err := s.reader().queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN prev_at IS NULL OR prev_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN prev_at >= ? AND (prev2_at IS NULL OR prev2_at < ?) THEN 1 ELSE 0 END), 0),
		COUNT(*), COALESCE(SUM(vnd), 0), CAST(COALESCE(SUM(total_vnd), 0) AS BIGINT)
		FROM customer_orders WHERE workspace_id = ? AND placed_at >= ? AND placed_at < ?`+cond, all...).
		Scan(&lc.Customers, &lc.Repeat, &lc.Orders, &lc.VNDOrders, &lc.RevenueVND)
	lc.RevenueOther = map[string]int64{}
	if err != nil || lc.VNDOrders == lc.Orders {
		return lc, err
	}
	lc.RevenueOther, err = s.RevenueOther(ctx, wsID, start, end, stageID)
	return lc, err
}

// RevenueOther sums the orders placed in [start, end) by currency, VND
// apart (of the customers in a stage now, when stageID is not "").
func (s *Store) RevenueOther(ctx context.Context, wsID string, start, end int64, stageID string) (map[string]int64, error) {
	cond, args := inStage(wsID, stageID)
	out := map[string]int64{}
	rows, err := s.reader().query(ctx, `SELECT currency, CAST(SUM(total) AS BIGINT) FROM orders
		WHERE workspace_id = ? AND placed_at >= ? AND placed_at < ? AND currency <> 'VND'`+cond+` GROUP BY currency`, append([]any{wsID, start, end}, args...)...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var cur string
		var v int64
		if err := rows.Scan(&cur, &v); err != nil {
			return out, err
		}
		out[cur] = v
	}
	return out, rows.Err()
}

// LifetimeRevenue is the number of customers who ever ordered and their
// VND revenue, from the customer summaries.
func (s *Store) LifetimeRevenue(ctx context.Context, wsID, stageID string) (customers, revenueVND int64, err error) {
	cond, args := inStage(wsID, stageID)
	err = s.reader().queryRow(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(CAST(revenue_vnd AS BIGINT)), 0) AS BIGINT) FROM customers WHERE workspace_id = ? AND orders > 0`+cond,
		append([]any{wsID}, args...)...).Scan(&customers, &revenueVND)
	return customers, revenueVND, err
}

// Retained counts the customers who ordered in [prevStart, start) and,
// of them, those who ordered again in [start, end): the first order of the
// later window whose previous order lies in the earlier one.
func (s *Store) Retained(ctx context.Context, wsID string, prevStart, start, end int64, stageID string) (before, again int64, err error) {
	cond, args := inStage(wsID, stageID)
	err = s.reader().queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN placed_at < ? AND (prev_at IS NULL OR prev_at < ?) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN placed_at >= ? AND prev_at >= ? AND prev_at < ? THEN 1 ELSE 0 END), 0)
		FROM customer_orders WHERE workspace_id = ? AND placed_at >= ? AND placed_at < ?`+cond,
		append([]any{start, prevStart, start, prevStart, start, wsID, prevStart, end}, args...)...).Scan(&before, &again)
	return before, again, err
}

// EachCustomerOrders calls fn with each customer's order times before
// end, in time order, customer by customer.
func (s *Store) EachCustomerOrders(ctx context.Context, wsID string, end int64, stageID string, fn func(times []int64)) error {
	cond, args := inStage(wsID, stageID)
	rows, err := s.reader().query(ctx, `SELECT customer_id, placed_at FROM orders WHERE workspace_id = ? AND placed_at < ?`+cond+`
		ORDER BY customer_id, placed_at`, append([]any{wsID, end}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur string
	var times []int64
	for rows.Next() {
		var id string
		var at int64
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		if id != cur && len(times) > 0 {
			fn(times)
			times = times[:0]
		}
		cur = id
		times = append(times, at)
	}
	if len(times) > 0 {
		fn(times)
	}
	return rows.Err()
}

// RFMSource chooses what RFM is computed over: the customer summaries
// (every order stored) when asOfEnd is 0, else the orders placed before
// asOfEnd.
func rfmSource(wsID string, asOfEnd int64, stageID string) (string, []any) {
	cond, args := inStage(wsID, stageID)
	if asOfEnd == 0 {
		// The casts read an odd stored value (a REAL beyond int64 in SQLite) as
		// the nearest integer, so that one row cannot fail the whole measure.
		return `SELECT CAST(last_order_at AS BIGINT) AS last_at, CAST(orders AS BIGINT) AS n, CAST(revenue_vnd AS BIGINT) AS rev
			FROM customers WHERE workspace_id = ? AND orders > 0 AND last_order_at IS NOT NULL` + cond,
			append([]any{wsID}, args...)
	}
	return `SELECT MAX(placed_at) AS last_at, COUNT(*) AS n, CAST(SUM(CASE WHEN currency = 'VND' THEN total ELSE 0 END) AS BIGINT) AS rev
		FROM orders WHERE workspace_id = ? AND placed_at < ?` + cond + ` GROUP BY customer_id`, append([]any{wsID, asOfEnd}, args...)
}

// ValueCount is how many customers have a value.
type ValueCount struct{ Value, Count int64 }

// RFMDistributions returns, for recency (whole days before ref), frequency
// (orders) and monetary value (VND), how many customers have each value,
// in one pass over the customers (or their orders).
func (s *Store) RFMDistributions(ctx context.Context, wsID string, asOfEnd, ref int64, stageID string) (r, f, m []ValueCount, err error) {
	src, args := rfmSource(wsID, asOfEnd, stageID)
	rows, err := s.reader().query(ctx, `WITH src AS (`+src+`)
		SELECT 'r', (CAST(? AS BIGINT) - last_at) / 86400000 AS v, COUNT(*) FROM src GROUP BY v
		UNION ALL SELECT 'f', n, COUNT(*) FROM src GROUP BY n
		UNION ALL SELECT 'm', rev, COUNT(*) FROM src GROUP BY rev`, append(args, ref)...)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var v ValueCount
		if err := rows.Scan(&kind, &v.Value, &v.Count); err != nil {
			return nil, nil, nil, err
		}
		switch kind {
		case "r":
			r = append(r, v)
		case "f":
			f = append(f, v)
		default:
			m = append(m, v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}
	for _, d := range [][]ValueCount{r, f, m} {
		slices.SortFunc(d, func(a, b ValueCount) int { return cmp.Compare(a.Value, b.Value) })
	}
	return r, f, m, nil
}

// RFMCuts are the values at which each score starts: R[k] is the largest
// number of days that still scores k+2 (recent is better), F[k] and M[k]
// the smallest value that scores k+2.
type RFMCuts struct{ R, F, M [4]int64 }

// RFMCount is how many customers have an R, F, M score triple.
type RFMCount struct{ R, F, M, Count int }

// RFMScores counts the customers of each R, F, M score triple.
func (s *Store) RFMScores(ctx context.Context, wsID string, asOfEnd, ref int64, stageID string, cuts RFMCuts) ([]RFMCount, error) {
	src, args := rfmSource(wsID, asOfEnd, stageID)
	rc, ra := rfmCase("(CAST(? AS BIGINT) - last_at) / 86400000", "<=", cuts.R, ref)
	fc, fa := rfmCase("n", ">=", cuts.F, nil)
	mc, ma := rfmCase("rev", ">=", cuts.M, nil)
	q := `SELECT r, f, m, COUNT(*) FROM (SELECT ` + rc + ` AS r, ` + fc + ` AS f, ` + mc + ` AS m FROM (` + src + `) AS x) AS y GROUP BY r, f, m`
	params := append(append(append(ra, fa...), ma...), args...)
	return collect(ctx, s.reader(), func(row scanner) (RFMCount, error) {
		var c RFMCount
		return c, row.Scan(&c.R, &c.F, &c.M, &c.Count)
	}, q, params...)
}

// CountByKey is a count per key.
type CountByKey map[string]int64

func (s *Store) countBy(ctx context.Context, q string, args ...any) (CountByKey, error) {
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := CountByKey{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// StageReachedCounts counts, per stage of a journey, the customers who
// passed it in [start, end) (ever when end is 0).
func (s *Store) StageReachedCounts(ctx context.Context, wsID, journeyID string, start, end int64) (CountByKey, error) {
	q := `SELECT stage_id, COUNT(*) FROM customer_stage_reached WHERE workspace_id = ? AND journey_id = ?`
	args := []any{wsID, journeyID}
	if end != 0 {
		q += ` AND reached_at >= ? AND reached_at < ?`
		args = append(args, start, end)
	}
	return s.countBy(ctx, q+` GROUP BY stage_id`, args...)
}

// MedianGapMS is the median time between passing the stage before and
// passing this one, over the n customers who passed it in [start, end)
// (ever when end is 0).
func (s *Store) MedianGapMS(ctx context.Context, wsID, journeyID, stageID string, start, end, n int64) (float64, error) {
	if n <= 0 {
		return 0, nil
	}
	q := `SELECT gap_ms FROM customer_stage_reached WHERE workspace_id = ? AND journey_id = ? AND stage_id = ? AND gap_ms IS NOT NULL`
	args := []any{wsID, journeyID, stageID}
	if end != 0 {
		q += ` AND reached_at >= ? AND reached_at < ?`
		args = append(args, start, end)
	}
	take, skip := int64(1), (n-1)/2
	if n%2 == 0 {
		take = 2
	}
	gaps, err := collect(ctx, s.reader(), scanInt64, q+` ORDER BY gap_ms LIMIT ? OFFSET ?`, append(args, take, skip)...)
	if err != nil || len(gaps) == 0 {
		return 0, err
	}
	var sum float64
	for _, g := range gaps {
		sum += float64(g)
	}
	return sum / float64(len(gaps)), nil
}

func scanInt64(row scanner) (int64, error) {
	var v int64
	return v, row.Scan(&v)
}

// CurrentStageCounts counts the customers standing in each stage of a journey now.
func (s *Store) CurrentStageCounts(ctx context.Context, wsID, journeyID string) (CountByKey, error) {
	return s.countBy(ctx, `SELECT stage_id, COUNT(*) FROM customer_stages WHERE workspace_id = ? AND journey_id = ? GROUP BY stage_id`, wsID, journeyID)
}

// CohortCell is how many customers of a cohort (the month of their first
// order) ordered in a month.
type CohortCell struct {
	Cohort, Month string
	Customers     int64
}

// CohortCells returns the cells of the cohorts from fromMonth to toMonth (YYYY-MM).
func (s *Store) CohortCells(ctx context.Context, wsID, fromMonth, toMonth string) ([]CohortCell, error) {
	return collect(ctx, s.reader(), func(row scanner) (CohortCell, error) {
		var c CohortCell
		return c, row.Scan(&c.Cohort, &c.Month, &c.Customers)
	}, `SELECT cohort, month, COUNT(*) FROM customer_order_months WHERE workspace_id = ? AND cohort >= ? AND cohort <= ?
		GROUP BY cohort, month ORDER BY cohort, month`, wsID, fromMonth, toMonth)
}

// TouchStats are a touchpoint's reach, interactions and conversions in a window.
type TouchStats struct {
	TouchpointID                   string
	Reach, Interactions, Converted int64
}

// TouchpointStats counts, per touchpoint, the customers touched in
// [start, end), the touches, and the customers who placed an order within
// withinMS after one of those touches.
//
// The touchpoints are named, so that the index is searched by touchpoint
// and time instead of read whole.
func (s *Store) TouchpointStats(ctx context.Context, wsID string, touchpointIDs []string, start, end, withinMS int64) ([]TouchStats, error) {
	if len(touchpointIDs) == 0 {
		return nil, nil
	}
	args := []any{withinMS, wsID}
	for _, id := range touchpointIDs {
		args = append(args, id)
	}
	return collect(ctx, s.reader(), func(row scanner) (TouchStats, error) {
		var t TouchStats
		return t, row.Scan(&t.TouchpointID, &t.Reach, &t.Interactions, &t.Converted)
	}, `SELECT touchpoint_id, COUNT(DISTINCT customer_id), COUNT(*),
		COUNT(DISTINCT CASE WHEN next_order_at IS NOT NULL AND next_order_at <= touched_at + ? THEN customer_id END)
		FROM customer_touches WHERE workspace_id = ? AND touchpoint_id IN (`+placeholders(len(touchpointIDs))+`) AND touched_at >= ? AND touched_at < ?
		GROUP BY touchpoint_id`, append(args, start, end)...)
}

// Credit is what the orders of a window credit to one touchpoint, under
// first-touch, last-touch and linear attribution.
type Credit struct {
	TouchpointID            string
	FirstOrders, LastOrders int64
	LinearOrders            float64
	FirstVND, LastVND       int64
	LinearVND               float64
}

// Credits attributes the orders placed in [start, end) to the touches of
// the lookbackMS before each, since the customer's previous order.
func (s *Store) Credits(ctx context.Context, wsID string, start, end, lookbackMS int64) ([]Credit, error) {
	return collect(ctx, s.reader(), func(row scanner) (Credit, error) {
		var c Credit
		return c, row.Scan(&c.TouchpointID, &c.FirstOrders, &c.LastOrders, &c.LinearOrders, &c.FirstVND, &c.LastVND, &c.LinearVND)
	}, `SELECT touchpoint_id, SUM(CASE WHEN rf = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN rl = 1 THEN 1 ELSE 0 END), SUM(1.0 / k),
		CAST(SUM(CASE WHEN rf = 1 THEN vnd ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN rl = 1 THEN vnd ELSE 0 END) AS BIGINT), SUM(vnd * 1.0 / k)
		FROM (SELECT touchpoint_id, next_order_vnd AS vnd,
			ROW_NUMBER() OVER (PARTITION BY next_order_id ORDER BY touched_at, event_id) AS rf,
			ROW_NUMBER() OVER (PARTITION BY next_order_id ORDER BY touched_at DESC, event_id DESC) AS rl,
			COUNT(*) OVER (PARTITION BY next_order_id) AS k
			FROM customer_touches WHERE workspace_id = ? AND next_order_at >= ? AND next_order_at < ? AND touched_at >= next_order_at - ?) AS x
		GROUP BY touchpoint_id`, wsID, start, end, lookbackMS)
}

// FeedbackCounts counts the feedback given at each touchpoint in [start, end).
func (s *Store) FeedbackCounts(ctx context.Context, wsID string, start, end int64) (CountByKey, error) {
	return s.countBy(ctx, `SELECT touchpoint_id, COUNT(*) FROM feedback WHERE workspace_id = ? AND touchpoint_id IS NOT NULL
		AND occurred_at >= ? AND occurred_at < ? GROUP BY touchpoint_id`, wsID, start, end)
}

// BrowsingRow is one page, product or entry page of the rollup over a window.
type BrowsingRow struct {
	Item          string
	Views, TimeMS int64
}

// BrowsingTop returns the most viewed items of a kind (page, product,
// entry) between two days (YYYY-MM-DD), at most limit of them.
func (s *Store) BrowsingTop(ctx context.Context, wsID, kind, fromDay, toDay string, limit int) ([]BrowsingRow, error) {
	return collect(ctx, s.reader(), scanBrowsing, `SELECT item, CAST(SUM(views) AS BIGINT) AS v, CAST(SUM(time_on_page_ms) AS BIGINT) FROM browsing_daily
		WHERE workspace_id = ? AND kind = ? AND day >= ? AND day <= ? GROUP BY item ORDER BY v DESC, item LIMIT ?`, wsID, kind, fromDay, toDay, limit)
}

// BrowsingTotal sums the views and time on page of a kind between two days.
func (s *Store) BrowsingTotal(ctx context.Context, wsID, kind, fromDay, toDay string) (BrowsingRow, error) {
	return scanBrowsing(s.reader().queryRow(ctx, `SELECT '', CAST(COALESCE(SUM(views), 0) AS BIGINT), CAST(COALESCE(SUM(time_on_page_ms), 0) AS BIGINT)
		FROM browsing_daily WHERE workspace_id = ? AND kind = ? AND day >= ? AND day <= ?`, wsID, kind, fromDay, toDay))
}

func scanBrowsing(row scanner) (BrowsingRow, error) {
	var b BrowsingRow
	return b, row.Scan(&b.Item, &b.Views, &b.TimeMS)
}

// Milestone statuses.
const (
	MilestoneAchieved = "achieved" // the condition held by the due time
	MilestonePending  = "pending"  // not yet, and the due time is ahead
	MilestoneOverdue  = "overdue"  // the due time passed without it
)

// milestoneStatus is the SQL of a customer's status on a milestone at a time (the one parameter).
const milestoneStatus = `CASE WHEN achieved_at IS NOT NULL AND achieved_at <= due_at THEN 'achieved'
	WHEN due_at < CAST(? AS BIGINT) THEN 'overdue' ELSE 'pending' END`

// MilestoneCounts counts the customers of each milestone by status at a time.
func (s *Store) MilestoneCounts(ctx context.Context, wsID string, at int64) (map[string]CountByKey, error) {
	rows, err := s.reader().query(ctx, `SELECT milestone_id, `+milestoneStatus+` AS st, COUNT(*) FROM customer_milestones
		WHERE workspace_id = ? GROUP BY milestone_id, st`, at, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]CountByKey{}
	for rows.Next() {
		var id, st string
		var n int64
		if err := rows.Scan(&id, &st, &n); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = CountByKey{}
		}
		out[id][st] = n
	}
	return out, rows.Err()
}

// MilestoneCustomer is one customer behind a milestone's count.
type MilestoneCustomer struct {
	CustomerID string `json:"customer_id"`
	FullName   string `json:"full_name"`
	StartedAt  int64  `json:"-"`
	DueAt      int64  `json:"-"`
	AchievedAt int64  `json:"-"`
}

// MilestoneCustomers lists, by customer id, the customers of a milestone
// with a status at a time.
func (s *Store) MilestoneCustomers(ctx context.Context, wsID, milestoneID, status string, at int64, p Page) (List[MilestoneCustomer], error) {
	out, err := collect(ctx, s.reader(), func(row scanner) (MilestoneCustomer, error) {
		var c MilestoneCustomer
		var achieved sql.NullInt64
		err := row.Scan(&c.CustomerID, &c.FullName, &c.StartedAt, &c.DueAt, &achieved)
		c.AchievedAt = achieved.Int64
		return c, err
	}, `SELECT m.customer_id, c.full_name, m.started_at, m.due_at, m.achieved_at FROM customer_milestones AS m
		JOIN customers AS c ON c.workspace_id = m.workspace_id AND c.customer_id = m.customer_id
		WHERE m.workspace_id = ? AND m.milestone_id = ? AND `+strings.ReplaceAll(strings.ReplaceAll(milestoneStatus, "achieved_at", "m.achieved_at"), "due_at", "m.due_at")+` = ?
		AND m.customer_id > ? ORDER BY m.customer_id LIMIT ?`, wsID, milestoneID, at, status, p.After, p.limit())
	if err != nil {
		return List[MilestoneCustomer]{}, err
	}
	return cut(out, p, func(c MilestoneCustomer) string { return c.CustomerID }), nil
}

// Conversion counts the customers touched in [start, end) (at one
// touchpoint, or any) and those who ordered within withinMS after one of
// those touches.
func (s *Store) Conversion(ctx context.Context, wsID string, start, end, withinMS int64, touchpointID string) (reached, converted int64, err error) {
	q := `SELECT COUNT(DISTINCT customer_id), COUNT(DISTINCT CASE WHEN next_order_at IS NOT NULL AND next_order_at <= touched_at + ? THEN customer_id END)
		FROM customer_touches WHERE workspace_id = ? AND touched_at >= ? AND touched_at < ?`
	args := []any{withinMS, wsID, start, end}
	if touchpointID != "" {
		q += ` AND touchpoint_id = ?`
		args = append(args, touchpointID)
	}
	err = s.reader().queryRow(ctx, q, args...).Scan(&reached, &converted)
	return reached, converted, err
}

// OrderTotals counts the orders placed in [start, end) and their VND revenue.
func (s *Store) OrderTotals(ctx context.Context, wsID string, start, end int64) (orders, revenueVND int64, err error) {
	err = s.reader().queryRow(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(total_vnd), 0) AS BIGINT)
		FROM customer_orders WHERE workspace_id = ? AND placed_at >= ? AND placed_at < ?`, wsID, start, end).Scan(&orders, &revenueVND)
	return orders, revenueVND, err
}
