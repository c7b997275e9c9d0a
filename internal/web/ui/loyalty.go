package ui

import (
	"net/http"
	"strings"

	"cxm/internal/account"
	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/view"
)

// loyaltyView is the loyalty page: the loyalty measures of the window,
// the RFM segments as of its last day, and the customers at risk now.
type loyaltyView struct {
	windowQuery
	Stage    string
	Journeys []cx.Journey
	L        analytics.Loyalty
	Rate     *float64 // the repeat-purchase rate, rounded, with its interval
	Low      *float64
	High     *float64
	Freq     *float64
	RFM      analytics.RFM
	Grid     [][]rfmCell
	Segments []rfmSegmentRow
	AtRisk   int64
	Risky    []cx.Customer
	Trend    view.Chart
	CSV      string
}

type rfmCell struct {
	R, FM   int
	Segment string
	Slug    string // for the cell's colour
}

type rfmSegmentRow struct {
	Name, Slug string
	Customers  int64
	Share      *float64
	Link       string
}

// riskListSize is how many customers at risk the page lists.
const riskListSize = 10

func (h *Handler) Loyalty(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx, in := r.Context(), r.URL.Query()
	v := &loyaltyView{windowQuery: windowQuery{From: in.Get("from"), To: in.Get("to")}, Stage: in.Get("stage")}
	var err error
	if v.Journeys, err = h.allJourneys(ctx, p.WorkspaceID); err != nil {
		return err
	}
	q := analytics.Query{From: v.From, To: v.To, Filter: analytics.Filter{Stage: v.Stage}, Grain: "month"}
	v.L, err = h.measure.Loyalty(ctx, p.WorkspaceID, q)
	if status, ok := formError(err); ok {
		h.pages.Render(w, r, p, status, "loyalty", "loyalty.title", v, err)
		return nil
	}
	if err != nil {
		return err
	}
	v.From, v.To = v.L.From, v.L.To
	v.Rate, v.Low, v.High, v.Freq = round1(v.L.RepeatPurchaseRate), round1(v.L.Low), round1(v.L.High), round2(v.L.PurchaseFrequency)
	if v.RFM, err = h.measure.RFM(ctx, p.WorkspaceID, analytics.Query{To: v.To, Filter: q.Filter}); err != nil {
		return err
	}
	v.rfmLayout()
	risk := analytics.CustomerQuery{Churn: analytics.ChurnAtRisk, Filter: store.CustomerFilter{StageID: v.Stage}}
	if v.AtRisk, err = h.measure.CountCustomers(ctx, p.WorkspaceID, risk); err != nil {
		return err
	}
	l, err := h.measure.Customers(ctx, p.WorkspaceID, risk, store.Page{Limit: riskListSize})
	if err != nil {
		return err
	}
	v.Risky = l.Items
	lang := h.pages.Lang(r, p)
	v.Trend = loyaltyTrend(v.L.Trend, func(k string) string { return h.pages.T(lang, k) })
	v.CSV = href("/api/v1/analytics/loyalty", "from", v.From, "to", v.To, "stage", v.Stage, "grain", "month", "format", "csv")
	h.pages.Render(w, r, p, http.StatusOK, "loyalty", "loyalty.title", v, nil)
	return nil
}

// rfmLayout lays the segments out as the R × FM grid and as a list with
// their sizes, each leading to its customers.
func (v *loyaltyView) rfmLayout() {
	grid := analytics.SegmentGrid()
	for i, row := range grid {
		var cells []rfmCell
		for j, name := range row {
			cells = append(cells, rfmCell{R: 5 - i, FM: j + 1, Segment: name, Slug: segmentSlug(name)})
		}
		v.Grid = append(v.Grid, cells)
	}
	for _, s := range v.RFM.Segments {
		share := s.Share
		v.Segments = append(v.Segments, rfmSegmentRow{Name: s.Name, Slug: segmentSlug(s.Name), Customers: s.Customers, Share: round1(&share),
			Link: href("/customers", "segment", s.Name, "stage", v.Stage)})
	}
}

// segmentSlug turns a segment's name into a key: "Can't lose them" → cant_lose_them.
func segmentSlug(name string) string {
	return strings.NewReplacer(" ", "_", "'", "").Replace(strings.ToLower(name))
}

// loyaltyTrend draws the loyal and at-risk customers at the end of each month.
func loyaltyTrend(points []analytics.LoyaltyPoint, t func(string) string) view.Chart {
	c := view.Chart{Type: "line"}
	loyal := view.ChartSet{Label: t("loyalty.loyal"), Color: "good"}
	risk := view.ChartSet{Label: t("loyalty.at_risk"), Color: "bad"}
	for _, p := range points {
		c.Labels = append(c.Labels, p.Period)
		loyal.Data = append(loyal.Data, p.Loyal)
		risk.Data = append(risk.Data, p.AtRisk)
	}
	c.Sets = []view.ChartSet{loyal, risk}
	return c
}

// round2 rounds a frequency for reading: two decimals.
func round2(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := float64(int64(*v*100+0.5)) / 100
	return &r
}
