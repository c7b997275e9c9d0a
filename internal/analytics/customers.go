package analytics

import (
	"context"
	"slices"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// ChurnAtRisk is the churn value of the customer list's filter: the
// customers at risk now (ChurnRisk.AtRisk).
const ChurnAtRisk = "at_risk"

// CustomerQuery is a customer list narrowed by the measures behind a
// number: the customers of an RFM segment today, or those at risk of
// churn now.
type CustomerQuery struct {
	Filter  store.CustomerFilter
	Segment string // an RFM segment's name, as RFM results write it
	Churn   string // ChurnAtRisk, or "" for everyone
}

// SegmentNames are the RFM segments, in the order results list them.
func SegmentNames() []string { return slices.Clone(segmentNames) }

// Customers lists the customers a query keeps, a page at a time, in the
// order of the store's customer list.
func (s *Service) Customers(ctx context.Context, wsID string, q CustomerQuery, p store.Page) (store.List[cx.Customer], error) {
	f, err := s.customerFilter(ctx, wsID, q)
	if err != nil {
		return store.List[cx.Customer]{}, err
	}
	return s.store.Customers(ctx, wsID, f, p)
}

// CountCustomers counts the customers a query keeps (its search text
// aside): the number a drill-down link shows beside it.
func (s *Service) CountCustomers(ctx context.Context, wsID string, q CustomerQuery) (int64, error) {
	f, err := s.customerFilter(ctx, wsID, q)
	if err != nil {
		return 0, err
	}
	return s.store.CountCustomers(ctx, wsID, f)
}

// customerFilter turns the segment and churn of a query into the store's
// filter, refusing a value it does not know with its field named.
func (s *Service) customerFilter(ctx context.Context, wsID string, q CustomerQuery) (store.CustomerFilter, error) {
	f := q.Filter
	if q.Segment != "" {
		if !slices.Contains(segmentNames, q.Segment) {
			return f, cx.FieldErrorf("segment", "segment must be one of %s", strings.Join(segmentNames, ", "))
		}
		cuts, ref, err := s.todayCuts(ctx, wsID)
		if err != nil {
			return f, err
		}
		f.RFM = &store.RFMFilter{Ref: ref, Cuts: cuts, Cells: segmentCells(q.Segment)}
	}
	switch q.Churn {
	case "":
	case ChurnAtRisk:
		set, err := s.store.AnalyticsSettingsOf(ctx, wsID)
		if err != nil {
			return f, err
		}
		f.Churn = &store.ChurnFilter{At: s.now().UnixMilli(), Days: set.ChurnDays}
	default:
		return f, cx.FieldErrorf("churn", "churn must be %s", ChurnAtRisk)
	}
	return f, nil
}

// segmentCells lists the cells of a segment in the RFM grid: R × 10 + FM.
func segmentCells(name string) []int {
	var cells []int
	for r := 5; r >= 1; r-- {
		for fm := 1; fm <= 5; fm++ {
			if segmentGrid[5-r][fm-1] == name {
				cells = append(cells, r*10+fm)
			}
		}
	}
	return cells
}

// SegmentGrid names the segment of each cell of the RFM grid: rows R 5
// down to 1, columns FM 1 to 5 (docs/metrics.md draws it).
func SegmentGrid() [5][5]string { return segmentGrid }
