package ui_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/web/webtest"
)

// TestUIStandardEventsInWords: the timeline names a standard Segment
// event in the reader's language, and the milestone and rule forms offer
// the events the workspace received, with their counts, then the standard
// events, by name and in words (they asked the owner to type names).
func TestUIStandardEventsInWords(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	lan := a.SeedLan(uiWorkspace(t, a))
	c.Get("/customers/"+lan.ID).Want(200, "Hoàn tất đơn hàng")
	seen := regexp.MustCompile(`<option value="Order Completed" label="Hoàn tất đơn hàng · đã nhận \d+ lần">`)
	unseen := `<option value="Coupon Applied" label="Dùng mã giảm giá · chưa nhận">`
	for _, page := range []string{"/milestones/new", "/mapping-rules", "/stage-rules"} {
		c.Get(page).Want(200, "Các sự kiện đã nhận")
		at := seen.FindStringIndex(c.Body)
		if !strings.Contains(c.Body, `list="event-names"`) || at == nil || !strings.Contains(c.Body, unseen) || strings.Index(c.Body, unseen) < at[0] {
			t.Errorf("%s offers no picker of the events seen with counts, then the standard ones", page)
		}
	}
	c.Post("/language", url.Values{"lang": {"en"}, "next": {"/customers/" + lan.ID}}).Want(200, "Order completed")
}
