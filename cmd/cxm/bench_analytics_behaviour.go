package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
)

// benchBehaviour measures the behaviour queries (loyalty, RFM, funnel,
// cohorts, touchpoints with attribution, browsing, milestones) on a
// generated workspace: `cxm bench analytics` calls it for its behaviour
// cases. The data is written straight into the tables these queries read
// (customer summaries, orders, current stages, and the analytics worker's
// state: stages passed, touches, order months, milestones, browsing
// rollups), as the worker would leave it, because sending ten million
// events through the writer does not fit a benchmark run; the raw events
// themselves are not generated, as no query here reads them.
func benchBehaviour(ctx context.Context, env environment, args []string) error {
	var db dbFlags
	fs := newFlagSet("bench analytics", "cxm bench analytics [--customers N] [--touches T] [--runs R]", env)
	db.register(fs, env.getenv)
	customers := fs.Int("customers", 100000, "customers to generate")
	touches := fs.Int("touches", 7, "touches (events at a touchpoint) per customer, on average")
	runs := fs.Int("runs", 20, "times each query runs")
	seed := fs.Uint64("seed", 1, "random seed")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *customers < 1 || *touches < 0 || *runs < 1 {
		return fmt.Errorf("--customers and --runs must be positive, --touches not negative")
	}
	if db.databaseURL == "" {
		dir, err := os.MkdirTemp("", "cxm-bench-analytics-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		db.dataDir = dir
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	g, err := newBehaviourData(ctx, st, *seed)
	if err != nil {
		return err
	}
	if err := g.generate(ctx, *customers, *touches); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "cxm bench analytics (behaviour): %s, %d cores, %d customers, %d orders, %d touches, %d stage rows; generated in %s\n",
		st.Engine(), runtime.NumCPU(), *customers, g.orders, g.touches, g.stagesCount, time.Since(start).Round(time.Second))
	svc := analytics.New(st, time.Now)
	month := time.Now().AddDate(0, -1, 0).Format(analytics.DateLayout)
	past := time.Now().AddDate(0, -3, 0).Format(analytics.DateLayout)
	cases := []struct {
		name string
		run  func() error
	}{
		{"loyalty (365 days)", func() error { _, err := svc.Loyalty(ctx, g.ws, analytics.Query{}); return err }},
		{"loyalty (30 days)", func() error { _, err := svc.Loyalty(ctx, g.ws, analytics.Query{From: month}); return err }},
		{"rfm (today)", func() error { _, err := svc.RFM(ctx, g.ws, analytics.Query{}); return err }},
		{"rfm (3 months ago)", func() error { _, err := svc.RFM(ctx, g.ws, analytics.Query{To: past}); return err }},
		{"funnel (ever)", func() error {
			_, err := svc.Funnel(ctx, g.ws, analytics.Query{Filter: analytics.Filter{Journey: g.journey}})
			return err
		}},
		{"funnel (30 days)", func() error {
			_, err := svc.Funnel(ctx, g.ws, analytics.Query{From: month, Filter: analytics.Filter{Journey: g.journey}})
			return err
		}},
		{"cohorts (12 months)", func() error { _, err := svc.Cohorts(ctx, g.ws, analytics.Query{}); return err }},
		{"touchpoints + attribution (30 days)", func() error { _, err := svc.Touchpoints(ctx, g.ws, analytics.Query{}); return err }},
		{"browsing (30 days)", func() error { _, err := svc.Browsing(ctx, g.ws, analytics.Query{}); return err }},
		{"milestones", func() error { _, err := svc.Milestones(ctx, g.ws, analytics.Query{}); return err }},
		{"customer rfm + churn", func() error {
			c, err := st.Customer(ctx, g.ws, g.someCustomer)
			if err == nil {
				_, err = svc.CustomerMeasuresOf(ctx, g.ws, c)
			}
			return err
		}},
	}
	// On a shared machine the wall time waits for the CPU; the process's
	// CPU time per query (user + system) says what the query itself cost.
	fmt.Fprintf(env.stdout, "%-38s %10s %10s %10s %10s\n", "query", "p50", "p95", "max", "cpu/query")
	for _, c := range cases {
		times := make([]time.Duration, 0, *runs)
		cpu0 := cpuTime()
		for range *runs {
			t0 := time.Now()
			if err := c.run(); err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			times = append(times, time.Since(t0))
		}
		cpu := (cpuTime() - cpu0) / time.Duration(*runs)
		slices.Sort(times)
		p := func(q float64) time.Duration {
			return times[min(len(times)-1, int(q*float64(len(times))))].Round(10 * time.Microsecond)
		}
		fmt.Fprintf(env.stdout, "%-38s %10s %10s %10s %10s\n", c.name, p(0.5), p(0.95), times[len(times)-1].Round(10*time.Microsecond), cpu.Round(10*time.Microsecond))
	}
	return nil
}

// cpuTime is the user and system CPU time the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// behaviourData writes a generated café into a workspace.
type behaviourData struct {
	st                           *store.Store
	db                           *sql.DB
	postgres                     bool
	rnd                          *rand.Rand
	ws, journey, milestone       string
	stages, touchpointIDs        []string
	someCustomer                 string
	orders, touches, stagesCount int64
	rows                         map[string]*bulk
}

func newBehaviourData(ctx context.Context, st *store.Store, seed uint64) (*behaviourData, error) {
	w, err := st.CreateWorkspace(ctx, cx.Workspace{Name: "Bench analytics " + time.Now().Format(time.RFC3339)}, cx.TemplateLifecycle)
	if err != nil {
		return nil, err
	}
	g := &behaviourData{st: st, db: st.DB(), postgres: st.Engine() == "postgres", rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), ws: w.ID}
	js, err := st.Journeys(ctx, w.ID, store.Page{})
	if err != nil || len(js.Items) == 0 {
		return nil, fmt.Errorf("journey: %v", err)
	}
	j := js.Items[0]
	g.journey = j.ID
	for _, s := range j.Stages {
		g.stages = append(g.stages, s.ID)
	}
	tps, err := st.AllTouchpoints(ctx, w.ID, store.TouchpointFilter{})
	if err != nil {
		return nil, err
	}
	for _, tp := range tps {
		g.touchpointIDs = append(g.touchpointIDs, tp.ID)
	}
	m, err := st.CreateMilestone(ctx, w.ID, cx.Milestone{Name: cx.Text{Vi: "Đơn thứ hai trong 30 ngày"}, JourneyID: j.ID, StageID: j.Stages[2].ID, DueDays: 30,
		Condition: cx.Condition{Type: "event", Event: "Order Completed", Count: 2}})
	if err != nil {
		return nil, err
	}
	g.milestone = m.ID
	return g, nil
}

// bulk is a multi-row INSERT being filled.
type bulk struct {
	head string
	cols int
	args []any
	n    int
}

const bulkRows = 200

func (g *behaviourData) add(ctx context.Context, tx *sql.Tx, table, cols string, vals ...any) error {
	b := g.rows[table]
	if b == nil {
		b = &bulk{head: "INSERT INTO " + table + " (" + cols + ") VALUES ", cols: len(vals)}
		g.rows[table] = b
	}
	b.args = append(b.args, vals...)
	if b.n++; b.n < bulkRows {
		return nil
	}
	if c := g.rows["customers"]; table != "customers" && c != nil {
		if err := g.flush(ctx, tx, c); err != nil { // the rows that refer to customers come after them
			return err
		}
	}
	return g.flush(ctx, tx, b)
}

// flushAll writes what is left, customers first.
func (g *behaviourData) flushAll(ctx context.Context, tx *sql.Tx) error {
	if c := g.rows["customers"]; c != nil {
		if err := g.flush(ctx, tx, c); err != nil {
			return err
		}
	}
	for _, b := range g.rows {
		if err := g.flush(ctx, tx, b); err != nil {
			return err
		}
	}
	return nil
}

func (g *behaviourData) flush(ctx context.Context, tx *sql.Tx, b *bulk) error {
	if b.n == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(b.head)
	k := 0
	for i := range b.n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(")
		for c := range b.cols {
			if c > 0 {
				q.WriteString(", ")
			}
			k++
			if g.postgres {
				q.WriteString("$" + strconv.Itoa(k))
			} else {
				q.WriteString("?")
			}
		}
		q.WriteString(")")
	}
	_, err := tx.ExecContext(ctx, q.String(), b.args...)
	b.args, b.n = b.args[:0], 0
	return err
}

// generate writes customers in transactions of 5 000.
func (g *behaviourData) generate(ctx context.Context, customers, touches int) error {
	now := time.Now()
	for first := 0; first < customers; first += 5000 {
		tx, err := g.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		g.rows = map[string]*bulk{}
		for i := first; i < min(customers, first+5000); i++ {
			if err := g.customer(ctx, tx, i, touches, now); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := g.flushAll(ctx, tx); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return g.browsing(ctx, now)
}

// orderCount draws how many orders a customer placed: 40 % none, 35 % one,
// 15 % two, 7 % three to five, 3 % six to twenty.
func (g *behaviourData) orderCount() int {
	switch p := g.rnd.Float64(); {
	case p < 0.40:
		return 0
	case p < 0.75:
		return 1
	case p < 0.90:
		return 2
	case p < 0.97:
		return 3 + g.rnd.IntN(3)
	}
	return 6 + g.rnd.IntN(15)
}

func (g *behaviourData) customer(ctx context.Context, tx *sql.Tx, i, touches int, now time.Time) error {
	id := fmt.Sprintf("cus_bench%08d", i)
	if i == 0 {
		g.someCustomer = id
	}
	year := int64(365 * 24 * time.Hour / time.Millisecond)
	end := now.UnixMilli()
	var orderAt []int64
	for range g.orderCount() {
		orderAt = append(orderAt, end-g.rnd.Int64N(year))
	}
	slices.Sort(orderAt)
	var revenue int64
	totals := make([]int64, len(orderAt))
	for k := range orderAt {
		totals[k] = 1000 * (30 + g.rnd.Int64N(470))
		revenue += totals[k]
	}
	nt := g.rnd.IntN(2*touches + 1)
	var first, last any
	if len(orderAt) > 0 {
		first, last = orderAt[0], orderAt[len(orderAt)-1]
	}
	created := end - year
	if err := g.add(ctx, tx, "customers", "workspace_id, customer_id, full_name, first_seen, last_seen, events, orders, revenue_vnd, first_order_at, last_order_at, created_at, updated_at",
		g.ws, id, "Khách "+strconv.Itoa(i), created, end, int64(nt+len(orderAt)), int64(len(orderAt)), revenue, first, last, created, end); err != nil {
		return err
	}
	for k, at := range orderAt {
		oid := fmt.Sprintf("o%08d-%d", i, k)
		if err := g.add(ctx, tx, "orders", "workspace_id, order_id, customer_id, total, currency, items, placed_at, event_id",
			g.ws, oid, id, totals[k], "VND", "[]", at, "evt_"+oid); err != nil {
			return err
		}
		g.orders++
	}
	var firstTouch int64
	for k := range nt {
		at := end - g.rnd.Int64N(year)
		if firstTouch == 0 || at < firstTouch {
			firstTouch = at
		}
		next := sortSearch(orderAt, at)
		var oid, oat, ovnd any
		ovnd = int64(0)
		if next < len(orderAt) {
			oid, oat, ovnd = fmt.Sprintf("o%08d-%d", i, next), orderAt[next], totals[next]
		}
		if err := g.add(ctx, tx, "customer_touches", "workspace_id, event_id, customer_id, touchpoint_id, touched_at, next_order_id, next_order_at, next_order_vnd",
			g.ws, fmt.Sprintf("evt_t%08d-%d", i, k), id, g.touchpointIDs[g.rnd.IntN(len(g.touchpointIDs))], at, oid, oat, ovnd); err != nil {
			return err
		}
		g.touches++
	}
	return g.customerStages(ctx, tx, id, firstTouch, orderAt, now)
}

func sortSearch(times []int64, at int64) int {
	i, _ := slices.BinarySearch(times, at)
	return i
}

// customerStages writes the stages passed (awareness and consideration at
// the first touch, purchase at the first order, onboarding and retention at
// the second), the current stage, order months and the milestone.
func (g *behaviourData) customerStages(ctx context.Context, tx *sql.Tx, id string, firstTouch int64, orderAt []int64, now time.Time) error {
	var reached []int64
	switch {
	case len(orderAt) >= 2:
		reached = []int64{orderAt[0], orderAt[0], orderAt[0], orderAt[1], orderAt[1]}
		if firstTouch != 0 && firstTouch < orderAt[0] {
			reached[0], reached[1] = firstTouch, firstTouch
		}
	case len(orderAt) == 1:
		reached = []int64{orderAt[0], orderAt[0], orderAt[0]}
		if firstTouch != 0 && firstTouch < orderAt[0] {
			reached[0], reached[1] = firstTouch, firstTouch
		}
	case firstTouch != 0:
		reached = []int64{firstTouch, firstTouch}
	}
	for k, at := range reached {
		var prev, gap any
		if k > 0 {
			prev, gap = reached[k-1], at-reached[k-1]
		}
		if err := g.add(ctx, tx, "customer_stage_reached", "workspace_id, customer_id, journey_id, stage_id, reached_at, previous_at, gap_ms",
			g.ws, id, g.journey, g.stages[k], at, prev, gap); err != nil {
			return err
		}
		g.stagesCount++
	}
	if len(reached) > 0 {
		if err := g.add(ctx, tx, "customer_stages", "workspace_id, customer_id, journey_id, stage_id, entered_at, event_id",
			g.ws, id, g.journey, g.stages[len(reached)-1], reached[len(reached)-1], "evt_x"); err != nil {
			return err
		}
	}
	if len(orderAt) == 0 {
		return nil
	}
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	cohort := time.UnixMilli(orderAt[0]).In(loc).Format("2006-01")
	seen := map[string]bool{}
	for _, at := range orderAt {
		m := time.UnixMilli(at).In(loc).Format("2006-01")
		if !seen[m] {
			seen[m] = true
			if err := g.add(ctx, tx, "customer_order_months", "workspace_id, customer_id, month, cohort", g.ws, id, m, cohort); err != nil {
				return err
			}
		}
	}
	due := orderAt[0] + 30*24*3600*1000
	var achieved any
	if len(orderAt) >= 2 {
		achieved = orderAt[1]
	}
	return g.add(ctx, tx, "customer_milestones", "workspace_id, milestone_id, customer_id, started_at, due_at, achieved_at", g.ws, g.milestone, id, orderAt[0], due, achieved)
}

// browsing writes a year of daily rollups: 50 pages, 200 products, 20 entry pages a day.
func (g *behaviourData) browsing(ctx context.Context, now time.Time) error {
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	g.rows = map[string]*bulk{}
	for d := range 366 {
		day := now.AddDate(0, 0, -d).Format(analytics.DateLayout)
		for _, k := range []struct {
			kind string
			n    int
		}{{"page", 50}, {"product", 200}, {"entry", 20}} {
			for i := range k.n {
				views := int64(1 + g.rnd.IntN(2000/(i+1)+1))
				if err := g.add(ctx, tx, "browsing_daily", "workspace_id, kind, day, item, views, time_on_page_ms",
					g.ws, k.kind, day, fmt.Sprintf("/%s/%d", k.kind, i), views, views*int64(5000+g.rnd.IntN(60000))); err != nil {
					tx.Rollback()
					return err
				}
			}
		}
	}
	if err := g.flushAll(ctx, tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
