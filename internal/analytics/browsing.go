package analytics

import (
	"context"
	"strconv"
)

// Browsing is what customers looked at over a window.
type Browsing struct {
	Definition          string        `json:"definition"`
	From                string        `json:"from"`
	To                  string        `json:"to"`
	PageViews           int64         `json:"page_views"`
	AverageTimeOnPageMS *int64        `json:"average_time_on_page_ms"` // null without page views
	Pages               []BrowsedItem `json:"pages"`
	Products            []BrowsedItem `json:"products"`
	EntryPages          []BrowsedItem `json:"entry_pages"`
}

// BrowsedItem is one page, product or entry page.
type BrowsedItem struct {
	Item                string `json:"item"` // page path (else the page's name), or product id (else SKU, else name)
	Views               int64  `json:"views"`
	AverageTimeOnPageMS *int64 `json:"average_time_on_page_ms,omitempty"`
}

// browsingTop is how many items each list holds.
const browsingTop = 20

const browsingDefinition = "page_views = page and screen views in the window; average_time_on_page_ms = time on page (page events and \"Page Left\") ÷ page views; " +
	"products: \"Product Viewed\" events; entry_pages: page views with no event of the same customer in the 30 minutes before."

// Browsing measures page views, time on page, the most viewed pages and
// products and the entry pages over a window (default 30 days).
func (s *Service) Browsing(ctx context.Context, wsID string, q Query) (Browsing, error) {
	if err := onlyFilters(q.Filter); err != nil {
		return Browsing{}, err
	}
	w, err := s.behaviourWindow(ctx, wsID, q, 30)
	if err != nil {
		return Browsing{}, err
	}
	from, to := w.From.Format(DateLayout), w.To.Format(DateLayout)
	out := Browsing{Definition: browsingDefinition, From: from, To: to}
	total, err := s.store.BrowsingTotal(ctx, wsID, "page", from, to)
	if err != nil {
		return Browsing{}, err
	}
	out.PageViews = total.Views
	if total.Views > 0 {
		out.AverageTimeOnPageMS = ptr(roundDiv(total.TimeMS, total.Views))
	}
	for _, l := range []struct {
		kind string
		to   *[]BrowsedItem
	}{{"page", &out.Pages}, {"product", &out.Products}, {"entry", &out.EntryPages}} {
		rows, err := s.store.BrowsingTop(ctx, wsID, l.kind, from, to, browsingTop)
		if err != nil {
			return Browsing{}, err
		}
		*l.to = []BrowsedItem{}
		for _, r := range rows {
			it := BrowsedItem{Item: r.Item, Views: r.Views}
			if l.kind == "page" && r.Views > 0 {
				it.AverageTimeOnPageMS = ptr(roundDiv(r.TimeMS, r.Views))
			}
			*l.to = append(*l.to, it)
		}
	}
	return out, nil
}

// CSV writes one item a row, by list.
func (b Browsing) CSV() ([]string, [][]string) {
	rows := [][]string{{"total", "", itoa(b.PageViews), inum(b.AverageTimeOnPageMS)}}
	for _, l := range []struct {
		name  string
		items []BrowsedItem
	}{{"page", b.Pages}, {"product", b.Products}, {"entry", b.EntryPages}} {
		for _, it := range l.items {
			rows = append(rows, []string{l.name, it.Item, strconv.FormatInt(it.Views, 10), inum(it.AverageTimeOnPageMS)})
		}
	}
	return []string{"list", "item", "views", "average_time_on_page_ms"}, rows
}
