package public_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/web/webtest"

	"github.com/chromedp/chromedp"
)

// widgetShop is a shop page that asks for feedback after an order.
const widgetShop = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Mai's café</title>
<script>window.cxm = [["survey", %q, {after: "Order Completed"}], ["survey", %q, {delay: 0, path: "/help"}]];</script>
<script async src="%s/js/cxm.js" data-write-key="%s"></script></head>
<body><h1>Iced milk coffee</h1>
<button id="buy" onclick="cxm.identify('khach-7', {email: 'lan@example.vn'}); cxm.track('Order Completed', {order_id: 'DH-7', total: 29000, currency: 'VND'})">Buy</button>
</body></html>`

// TestBrowserSurveyWidget: after an order, the café's survey appears on the
// shop's own site, is answered with the keyboard and the mouse (branching
// to "may we quote you?" after a 9), lands on the customer's profile, and
// does not come back; a dismissed survey stays closed too.
func TestBrowserSurveyWidget(t *testing.T) {
	chrome := webtest.BrowserPath(t)
	shots := webtest.BrowserShots(t)
	e := webtest.Start(t)
	wsID, key := e.Workspace("Mai's café")
	sv := e.CafeSurvey(key)
	other := e.CafeSurvey(key)
	writeKey := e.Key(wsID, cx.KeyWrite)
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, widgetShop, sv.PublicKey, other.PublicKey, e.URL, writeKey)
	}))
	t.Cleanup(shop.Close)

	b := webtest.BrowserContext(t, chrome)
	do := webtest.BrowserRunner(t, b)
	panelText := func() string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.cxm-w`)))
		if err != nil {
			t.Fatalf("panel text: %v", err)
		}
		return s
	}
	do("open the shop on a phone",
		chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile),
		chromedp.Navigate(shop.URL+"/coffee"),
		chromedp.WaitVisible(chromedp.CSS(`#buy`)),
		chromedp.Sleep(500*time.Millisecond))
	if n, _ := chromedp.Run(b, chromedp.Evaluate[float64](`document.querySelectorAll('.cxm-w').length`)); n != 0 {
		t.Fatal("the survey showed before the order")
	}
	do("buy", chromedp.Click(chromedp.CSS(`#buy`)), chromedp.WaitVisible(chromedp.CSS(`.cxm-w[role="dialog"]`)))
	if got := panelText(); !strings.Contains(got, "How likely are you to recommend us") {
		t.Fatalf("the panel shows %q", got)
	}
	png, err := chromedp.Run(b, chromedp.FullScreenshot(100))
	if err == nil {
		os.WriteFile(filepath.Join(shots, "widget-375.png"), png, 0o644)
	}
	do("answer 9", chromedp.Click(chromedp.CSS(`.cxm-w .cxm-s button:nth-child(10)`)), chromedp.Click(chromedp.CSS(`.cxm-w .cxm-go`)),
		chromedp.WaitVisible(chromedp.CSS(`.cxm-w input[value="yes"]`)))
	if got := panelText(); !strings.Contains(got, "May we quote you?") {
		t.Fatalf("after a 9 the panel shows %q, want the quote question", got)
	}
	do("may quote", chromedp.Click(chromedp.CSS(`.cxm-w input[value="yes"]`)), chromedp.Click(chromedp.CSS(`.cxm-w .cxm-go`)))
	matrix := []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.CSS(`.cxm-w fieldset p`))}
	for row := 1; row <= 6; row++ {
		matrix = append(matrix, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.cxm-w fieldset .cxm-s:nth-of-type(%d) button:nth-child(5)`, row))))
	}
	do("rate the criteria", append(matrix, chromedp.Click(chromedp.CSS(`.cxm-w .cxm-go`)))...)
	do("suggest", chromedp.WaitVisible(chromedp.CSS(`.cxm-w textarea`)),
		chromedp.SendKeys(chromedp.CSS(`.cxm-w textarea`), "More seats by the window"),
		chromedp.Click(chromedp.CSS(`.cxm-w .cxm-go`)))
	do("thanked", chromedp.Poll[chromedp.Void](`document.querySelector('.cxm-w') && document.querySelector('.cxm-w').textContent.includes('Thank you')`))

	// The answers may arrive before the snippet's batched identify; its
	// merge then moves them onto the signed-in customer.
	var fb []cx.Feedback
	browserWaitFor(t, func() (cx.Customer, bool) {
		c, err := e.Store.CustomerByIdentity(context.Background(), wsID, cx.IDUser, "khach-7")
		if err != nil {
			return c, false
		}
		fb = surveyFeedback(t, e.Store, wsID, sv.ID)
		for _, f := range fb {
			if f.CustomerID != c.ID {
				return c, false
			}
		}
		return c, len(fb) >= 9
	})

	do("come back", chromedp.Navigate(shop.URL+"/coffee"), chromedp.WaitVisible(chromedp.CSS(`#buy`)),
		chromedp.Click(chromedp.CSS(`#buy`)), chromedp.Sleep(800*time.Millisecond))
	if n, _ := chromedp.Run(b, chromedp.Evaluate[float64](`document.querySelectorAll('.cxm-w').length`)); n != 0 {
		t.Error("the answered survey came back")
	}

	// Another visitor (this one was just asked: fatigue keeps cxm from asking again).
	if _, err := chromedp.Run(b, chromedp.Evaluate[any](`cxm.reset()`)); err != nil {
		t.Fatal(err)
	}
	do("a page survey, dismissed with Escape", chromedp.Navigate(shop.URL+"/help/returns"),
		chromedp.WaitVisible(chromedp.CSS(`.cxm-w[role="dialog"]`)), chromedp.KeyEvent("\x1b"))
	do("reload the help page", chromedp.Navigate(shop.URL+"/help/returns"), chromedp.WaitVisible(chromedp.CSS(`#buy`)), chromedp.Sleep(800*time.Millisecond))
	if n, _ := chromedp.Run(b, chromedp.Evaluate[float64](`document.querySelectorAll('.cxm-w').length`)); n != 0 {
		t.Error("the dismissed survey came back")
	}
}
