package ui_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/web/webtest"
)

// TestUIAnalyticsPagesRefuseBadDates re-shows each analytics page with the
// date field marked when the window in its URL is not a date, and keeps
// the window in the links of a good one.
func TestUIAnalyticsPagesRefuseBadDates(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	board := c.Get("/journey-map").URL
	for _, page := range []string{board, "/touchpoints/effectiveness", "/drivers"} {
		c.Get(page + "?from=2026-13-45&to=2026-11-30")
		c.Want(http.StatusBadRequest, "Từ ngày phải là một ngày, ví dụ 2026-11-30")
		if !regexp.MustCompile(`id="f-from"[^>]*aria-invalid="true"`).MatchString(c.Body) {
			t.Errorf("%s: the from field is not marked", page)
		}
	}
	c.Get(board+"?from=2026-11-01&to=2026-11-30").Want(200, "01/11/2026 – 30/11/2026")
	for _, link := range []string{`href="/customers?stage=`, `href="/touchpoints/effectiveness?from=2026-11-01&amp;to=2026-11-30"`} {
		if !strings.Contains(c.Body, link) {
			t.Errorf("the map lacks the link %s", link)
		}
	}
	if !regexp.MustCompile(`href="/feedback\?touchpoint_id=[^"&]+&amp;from=2026-11-01&amp;to=2026-11-30"`).MatchString(c.Body) {
		t.Error("the touchpoint cards do not lead to their feedback in the window")
	}
	// The menu's journey map leads to the first journey's map, the window kept.
	c.Get("/journey-map?from=2026-11-01&to=2026-11-30").Want(200, "01/11/2026 – 30/11/2026")
	if c.URL != board {
		t.Errorf("/journey-map leads to %s, want %s", c.URL, board)
	}
	// An unknown sort falls back to reach; a known one is kept in the links.
	c.Get("/touchpoints/effectiveness?sort=bogus").Want(200, "Độ phủ (khách)")
	if !strings.Contains(c.Body, `aria-sort="descending"><a class="sort-link" href="/touchpoints/effectiveness?from=`) {
		t.Error("an unknown sort does not fall back to reach")
	}
	journey := strings.Split(board, "/")[2]
	c.Get("/touchpoints/effectiveness?sort=name&journey=" + journey).Want(200)
	if !strings.Contains(c.Body, `sort=-name`) || !strings.Contains(c.Body, `journey=`+journey) {
		t.Error("the name column does not reverse the order, or the filter is lost")
	}
}
