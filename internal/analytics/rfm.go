package analytics

import (
	"context"
	"math"
	"strconv"
	"sync"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// RFM scores recency, frequency and monetary value 1–5 by quintile among
// the customers who ordered, and names eleven segments from the scores.

// Segment names, in the order results list them.
var segmentNames = []string{"Champions", "Loyal", "Potential loyalist", "New customers", "Promising", "Need attention",
	"About to sleep", "At risk", "Can't lose them", "Hibernating", "Lost"}

// segmentGrid names the segment of each R (row, 5 first) and FM score
// (column, 1 first), FM = ⌊(F + M + 1) / 2⌋. docs/metrics.md writes the
// same table.
var segmentGrid = [5][5]string{
	{"New customers", "Potential loyalist", "Potential loyalist", "Champions", "Champions"}, // R 5
	{"Promising", "Potential loyalist", "Loyal", "Loyal", "Champions"},                      // R 4
	{"About to sleep", "Need attention", "Need attention", "Loyal", "Loyal"},                // R 3
	{"Hibernating", "About to sleep", "At risk", "At risk", "Can't lose them"},              // R 2
	{"Lost", "Hibernating", "At risk", "Can't lose them", "Can't lose them"},                // R 1
}

// SegmentOf names the segment of an R, F, M score triple.
func SegmentOf(r, f, m int) string {
	fm := (f + m + 1) / 2
	return segmentGrid[5-r][fm-1]
}

// RFM is the number of customers in each segment as of a day.
type RFM struct {
	Definition string       `json:"definition"`
	AsOf       string       `json:"as_of"`
	N          int64        `json:"n"`
	LowN       bool         `json:"low_n"`
	Segments   []RFMSegment `json:"segments"`
}

// RFMSegment is one segment and its customers.
type RFMSegment struct {
	Name      string  `json:"name"`
	Customers int64   `json:"customers"`
	Share     float64 `json:"share"` // % of the customers who ordered
}

const rfmDefinition = "Customers who ordered up to as_of: R (days since the last order), F (orders) and M (VND revenue) scored 1–5 by quintile, " +
	"score = 1 + ⌊5 × customers with a worse value ÷ customers⌋, equal values sharing a score; segment from R and FM = ⌊(F + M + 1) / 2⌋ (docs/metrics.md)."

// RFM counts the customers of each segment as of the window's last day
// (default today; from is not used).
func (s *Service) RFM(ctx context.Context, wsID string, q Query) (RFM, error) {
	if err := onlyFilters(q.Filter, "journey", "stage"); err != nil {
		return RFM{}, err
	}
	w, err := s.behaviourWindow(ctx, wsID, Query{To: q.To}, 1)
	if err != nil {
		return RFM{}, err
	}
	asOfEnd, ref := s.rfmRef(w)
	cuts, n, err := s.rfmCuts(ctx, wsID, asOfEnd, ref, q.Filter.Stage)
	if err != nil {
		return RFM{}, err
	}
	counts := map[string]int64{}
	if n > 0 {
		scores, err := s.store.RFMScores(ctx, wsID, asOfEnd, ref, q.Filter.Stage, cuts)
		if err != nil {
			return RFM{}, err
		}
		for _, c := range scores {
			counts[SegmentOf(c.R, c.F, c.M)] += int64(c.Count)
		}
	}
	out := RFM{Definition: rfmDefinition, AsOf: w.To.Format(DateLayout), N: n, LowN: n < LowN}
	for _, name := range segmentNames {
		out.Segments = append(out.Segments, RFMSegment{Name: name, Customers: counts[name], Share: 100 * safeDiv(float64(counts[name]), float64(n))})
	}
	return out, nil
}

// CSV writes one segment a row.
func (r RFM) CSV() ([]string, [][]string) {
	var rows [][]string
	for _, s := range r.Segments {
		rows = append(rows, []string{r.AsOf, s.Name, itoa(s.Customers), strconv.FormatFloat(s.Share, 'f', -1, 64)})
	}
	return []string{"as_of", "segment", "customers", "share"}, rows
}

// rfmRef is where RFM reads from for a window ending on w.To: the
// customer summaries (asOfEnd 0) when it ends today or later, else the
// orders before its end; recency is counted to the end of w.To.
func (s *Service) rfmRef(w Window) (asOfEnd, ref int64) {
	end := w.End().UnixMilli()
	if !w.To.Before(midnight(s.now().In(w.Loc))) {
		return 0, end
	}
	return end, end
}

// rfmCuts works out the score cuts and how many customers ordered.
func (s *Service) rfmCuts(ctx context.Context, wsID string, asOfEnd, ref int64, stageID string) (store.RFMCuts, int64, error) {
	r, f, m, err := s.store.RFMDistributions(ctx, wsID, asOfEnd, ref, stageID)
	if err != nil {
		return store.RFMCuts{}, 0, err
	}
	var n int64
	for _, v := range f {
		n += v.Count
	}
	return store.RFMCuts{R: cutsOf(r, n, false), F: cutsOf(f, n, true), M: cutsOf(m, n, true)}, n, nil
}

// cutsOf finds where scores 2 to 5 start in a distribution sorted by
// value: the score of a value is 1 + ⌊5 × (customers with a worse value) ÷ n⌋.
// When higher is better, cut[k] is the smallest value scoring k+2 or more;
// else (recency in days) the largest.
func cutsOf(dist []store.ValueCount, n int64, higherBetter bool) [4]int64 {
	cut := [4]int64{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64}
	if !higherBetter {
		cut = [4]int64{math.MinInt64, math.MinInt64, math.MinInt64, math.MinInt64}
	}
	var worse int64
	for i := range dist {
		v := dist[i]
		if !higherBetter {
			v = dist[len(dist)-1-i]
		}
		score := scoreFrom(worse, n)
		for k := 2; k <= score; k++ {
			if cut[k-2] == math.MaxInt64 || cut[k-2] == math.MinInt64 {
				cut[k-2] = v.Value
			}
		}
		worse += v.Count
	}
	return cut
}

func scoreFrom(worse, n int64) int {
	if n == 0 {
		return 1
	}
	return min(5, 1+int(5*worse/n))
}

// scoreOf is the score of one value under cuts.
func scoreOf(v int64, cut [4]int64, higherBetter bool) int {
	for k := 3; k >= 0; k-- {
		if higherBetter && v >= cut[k] || !higherBetter && v <= cut[k] {
			return k + 2
		}
	}
	return 1
}

// CustomerRFM is a customer's scores and segment today.
type CustomerRFM struct {
	R       int    `json:"r"`
	F       int    `json:"f"`
	M       int    `json:"m"`
	Segment string `json:"segment"`
}

// CustomerRFMOf scores one customer today among all who ordered; nil for
// a customer without orders. The cuts are kept a minute per workspace, so
// that profile pages do not scan every customer each time.
func (s *Service) CustomerRFMOf(ctx context.Context, wsID string, c cx.Customer) (*CustomerRFM, error) {
	if c.Summary.Orders == 0 || c.Summary.LastOrderAt == nil {
		return nil, nil
	}
	cuts, ref, err := s.todayCuts(ctx, wsID)
	if err != nil {
		return nil, err
	}
	days := (ref - c.Summary.LastOrderAt.UnixMilli()) / dayMS
	out := &CustomerRFM{R: scoreOf(days, cuts.R, false), F: scoreOf(c.Summary.Orders, cuts.F, true), M: scoreOf(c.Summary.RevenueVND, cuts.M, true)}
	out.Segment = SegmentOf(out.R, out.F, out.M)
	return out, nil
}

// todayCuts are the RFM score cuts of today among every customer who
// ordered, and the end of today that recency is counted to.
func (s *Service) todayCuts(ctx context.Context, wsID string) (store.RFMCuts, int64, error) {
	loc, err := s.zone(ctx, wsID)
	if err != nil {
		return store.RFMCuts{}, 0, err
	}
	ref := midnight(s.now().In(loc)).AddDate(0, 0, 1).UnixMilli()
	cuts, ok := s.cuts.get(wsID, ref, s.now())
	if !ok {
		if cuts, _, err = s.rfmCuts(ctx, wsID, 0, ref, ""); err != nil {
			return store.RFMCuts{}, 0, err
		}
		s.cuts.put(wsID, ref, cuts, s.now())
	}
	return cuts, ref, nil
}

// cutCache keeps each workspace's RFM cuts for a minute.
type cutCache struct {
	mu sync.Mutex
	m  map[string]cachedCuts
}

type cachedCuts struct {
	ref  int64
	cuts store.RFMCuts
	at   time.Time
}

const cutsTTL = time.Minute

func (c *cutCache) get(wsID string, ref int64, now time.Time) (store.RFMCuts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[wsID]
	if !ok || v.ref != ref || now.Sub(v.at) > cutsTTL || now.Before(v.at) {
		return store.RFMCuts{}, false
	}
	return v.cuts, true
}

func (c *cutCache) put(wsID string, ref int64, cuts store.RFMCuts, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedCuts{}
	}
	c.m[wsID] = cachedCuts{ref: ref, cuts: cuts, at: now}
}
