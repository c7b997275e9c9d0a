package ui_test

import (
	"net/url"
	"strings"
	"testing"

	"cxm/internal/web/webtest"
)

// TestUIStandardEventsInWords: the timeline names a standard Segment
// event in the reader's language, and the milestone form offers the
// standard events by name and in words.
func TestUIStandardEventsInWords(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	lan := a.SeedLan(uiWorkspace(t, a))
	c.Get("/customers/"+lan.ID).Want(200, "Hoàn tất đơn hàng")
	c.Get("/milestones/new").Want(200)
	if !strings.Contains(c.Body, `list="segment-events"`) || !strings.Contains(c.Body, `<option value="Order Completed">Hoàn tất đơn hàng</option>`) {
		t.Error("the milestone form offers no picker of the standard events")
	}
	c.Post("/language", url.Values{"lang": {"en"}, "next": {"/customers/" + lan.ID}}).Want(200, "Order completed")
}
