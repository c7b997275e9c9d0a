package public_test

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// publicClient posts forms like a browser without JavaScript, from one
// loopback address.
type publicClient struct {
	t    *testing.T
	base string
	c    *http.Client
	lang string
	Code int
	Body string
	URL  *url.URL
}

func newPublicClient(t *testing.T, base, localIP, lang string) *publicClient {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(localIP)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &publicClient{t: t, base: base, c: &http.Client{Transport: tr}, lang: lang}
}

func (c *publicClient) do(req *http.Request) *publicClient {
	c.t.Helper()
	req.Header.Set("Accept-Language", c.lang)
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	c.Code, c.Body, c.URL = res.StatusCode, string(b), res.Request.URL
	return c
}

func (c *publicClient) Get(path string) *publicClient {
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.do(req)
}

// Post sends the form to the page last seen, as its form would.
func (c *publicClient) Post(form url.Values) *publicClient {
	c.t.Helper()
	form = maps.Clone(form)
	if m := publicResp.FindStringSubmatch(c.Body); m != nil && form.Get("r") == "" {
		form.Set("r", m[1])
	}
	req, _ := http.NewRequest("POST", c.base+c.URL.Path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

var publicResp = regexp.MustCompile(`name="r" value="([^"]+)"`)

func (c *publicClient) Want(code int, texts ...string) {
	c.t.Helper()
	if c.Code != code {
		c.t.Fatalf("%s: got %d, want %d: %s", c.URL, c.Code, code, webtest.Squash(webtest.HTMLText(c.Body)))
	}
	for _, s := range texts {
		if !strings.Contains(webtest.HTMLText(c.Body), s) {
			c.t.Fatalf("%s: page lacks %q: %s", c.URL, s, webtest.Squash(webtest.HTMLText(c.Body)))
		}
	}
}

func surveyFeedback(t *testing.T, st *store.Store, wsID, surveyID string) []cx.Feedback {
	t.Helper()
	l, err := st.Feedback(context.Background(), wsID, store.FeedbackFilter{SurveyID: surveyID}, store.Page{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return l.Items
}

func TestSurveyPageWithoutJavaScript(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Cà phê Sáng")
	sv := e.CafeSurvey(key)
	c := newPublicClient(t, e.URL, "127.0.0.1", "en-US,en;q=0.9")

	c.Get("/s/"+sv.PublicKey).Want(200, "How likely are you to recommend us to a friend?", "Question 1 of 5")
	if len(c.Body) > 50_000 {
		t.Errorf("the survey page is %d bytes, want under 50 KB", len(c.Body))
	}
	if !strings.Contains(c.Body, `<button type="submit" name="v" value="10"`) {
		t.Errorf("the NPS scores are not plain submit buttons")
	}
	c.Post(url.Values{"q": {"nps"}, "v": {"11"}}).Want(400, "The score must be a whole number from 0 to 10")

	c.Post(url.Values{"q": {"nps"}, "v": {"9"}}).Want(200, "May we quote you?")
	// The score is stored already, before the respondent goes on.
	fb := surveyFeedback(t, e.Store, wsID, sv.ID)
	if len(fb) != 1 || *fb[0].Score != 9 || fb[0].QuestionType != "nps" || fb[0].TouchpointID != sv.TouchpointID || fb[0].StageID == "" || fb[0].Phase != "during" {
		t.Fatalf("after the first answer got feedback %+v", fb)
	}

	c.Post(url.Values{"q": {"quote"}, "v": {"maybe"}}).Want(400, `Unknown option "maybe"`)
	c.Post(url.Values{"q": {"quote"}, "v": {"yes"}}).Want(200, "Taste", "Wait time", "Overall")
	matrix := url.Values{"q": {"criteria"}}
	for _, k := range []string{"taste", "service", "price", "space", "wait", "overall"} {
		matrix.Set("v."+k, "4")
	}
	matrix.Set("v.music", "5")
	c.Post(matrix).Want(400, `Unknown option "music"`)
	matrix.Del("v.music")
	matrix.Set("v.wait", "2")
	c.Post(matrix).Want(200, "What should we improve?")
	c.Post(url.Values{"q": {"improve"}, "v": {strings.Repeat("a", 5001)}}).Want(400, "The text is 5001 characters long: at most 5000 are allowed")
	c.Post(url.Values{"q": {"improve"}, "v": {"Chờ lâu quá vào giờ trưa"}}).Want(200, "Thanks for your feedback!")

	fb = surveyFeedback(t, e.Store, wsID, sv.ID)
	if len(fb) != 9 { // nps, quote, 6 matrix rows, improve
		t.Fatalf("got %d feedback rows, want 9", len(fb))
	}
	var resp httpio.ListBody[cx.Response]
	e.MustCall("GET", "/api/v1/surveys/"+sv.ID+"/responses", key, nil, 200, &resp)
	if len(resp.Items) != 1 || resp.Items[0].CompletedAt == nil || resp.Items[0].Language != "en" || len(resp.Items[0].Answers) != 4 {
		t.Fatalf("got responses %+v", resp.Items)
	}

	// A detractor sees the other branch, in Vietnamese from the browser.
	vi := newPublicClient(t, e.URL, "127.0.0.1", "vi-VN,vi")
	vi.Get("/s/"+sv.PublicKey).Post(url.Values{"q": {"nps"}, "v": {"3"}}).Want(200, "Điều gì chưa tốt?")
	vi.Post(url.Values{"q": {"wrong"}, "skip": {"1"}}).Want(200, "Bạn hài lòng thế nào với…")

	// Closing the survey stops answers, on the page and for the link.
	sv.Status = cx.SurveyClosed
	e.MustCall("PUT", "/api/v1/surveys/"+sv.ID, key, sv, 200, nil)
	vi.Post(matrix).Want(409, "Khảo sát này đã đóng và không nhận thêm câu trả lời")
	c.Get("/s/"+sv.PublicKey).Want(409, "This survey is closed")
}

func TestSurveyPersonalLinkAndHoneypot(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Spa Hoa")
	sv := e.CafeSurvey(key)
	token, hash := secret.NewToken()
	if _, err := e.Store.CreateInvitation(context.Background(), wsID, cx.Invitation{SurveyID: sv.ID, Channel: "link", Language: "en"}, hash); err != nil {
		t.Fatal(err)
	}
	c := newPublicClient(t, e.URL, "127.0.0.1", "vi")
	// The invitation's language wins over the browser's; a click from an
	// email shows the score chosen, and one tap sends it.
	c.Get("/s/"+token+"?q=nps&v=6").Want(200, "You chose 6.", "Send my score: 6")
	c.Post(url.Values{"q": {"nps"}, "v": {"6"}}).Want(200, "What went wrong?")
	c.Post(url.Values{"q": {"wrong"}, "v": {"Cà phê nguội"}}).Want(200, "How satisfied are you with")
	all := url.Values{"q": {"criteria"}}
	for _, k := range []string{"taste", "service", "price", "space", "wait", "overall"} {
		all.Set("v."+k, "3")
	}
	c.Post(all).Post(url.Values{"q": {"improve"}, "skip": {"1"}}).Want(200, "Thanks for your feedback!")
	c.Get("/s/"+token).Want(409, "This link has already been used to answer the survey")
	c.Get("/s/"+token+"?lang=vi").Want(409, "Liên kết này đã được dùng để trả lời khảo sát")

	// A bot fills the honeypot: thanked, nothing stored.
	before := len(surveyFeedback(t, e.Store, wsID, sv.ID))
	bot := newPublicClient(t, e.URL, "127.0.0.1", "en")
	bot.Get("/s/"+sv.PublicKey).Post(url.Values{"q": {"nps"}, "v": {"10"}, "website": {"http://spam.example"}}).Want(200, "Thank you!")
	if after := len(surveyFeedback(t, e.Store, wsID, sv.ID)); after != before {
		t.Errorf("the honeypot stored %d rows", after-before)
	}
}

// TestSurveyFloodBlocksOnlyItsIP floods the page from one address until it
// is refused, then answers from another address.
func TestSurveyFloodBlocksOnlyItsIP(t *testing.T) {
	e := webtest.Start(t)
	_, key := e.Workspace("Quán Lũ")
	sv := e.CafeSurvey(key)
	flood := newPublicClient(t, e.URL, "127.0.0.1", "en")
	flood.Get("/s/" + sv.PublicKey)
	limited := false
	for i := 0; i < 100 && !limited; i++ {
		flood.Post(url.Values{"q": {"nps"}, "v": {fmt.Sprint(i % 11)}})
		limited = flood.Code == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatal("100 posts from one IP were never refused")
	}
	flood.Want(429, "Too many answers from your network")
	other := newPublicClient(t, e.URL, "127.0.0.2", "en")
	other.Get("/s/"+sv.PublicKey).Post(url.Values{"q": {"nps"}, "v": {"10"}}).Want(200, "May we quote you?")
}

// TestSurveyGetsAreLimitedAndStoreNothing: a GET carrying an answer only
// shows it chosen, so 100 of them store nothing, and they are rate-limited
// per IP like posts.
func TestSurveyGetsAreLimitedAndStoreNothing(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Quán Xem")
	sv := e.CafeSurvey(key)
	flood := newPublicClient(t, e.URL, "127.0.0.1", "en")
	limited := 0
	for i := 0; i < 100; i++ {
		flood.Get("/s/" + sv.PublicKey + "?q=nps&v=0")
		if flood.Code == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Error("100 GETs from one IP were never refused")
	}
	flood.Want(429, "Too many answers from your network")
	if fb := surveyFeedback(t, e.Store, wsID, sv.ID); len(fb) != 0 {
		t.Errorf("GETs stored %d answers, want none", len(fb))
	}
	other := newPublicClient(t, e.URL, "127.0.0.2", "en")
	other.Get("/s/"+sv.PublicKey+"?q=nps&v=0").Want(200, "You chose 0.")
	if !strings.Contains(other.Body, `<button type="submit" name="v" value="0" class="primary"`) {
		t.Error("the chosen score has no button that sends it without JavaScript")
	}
	other.Post(url.Values{"q": {"nps"}, "v": {"0"}}).Want(200, "What went wrong?")
	if fb := surveyFeedback(t, e.Store, wsID, sv.ID); len(fb) != 1 || *fb[0].Score != 0 {
		t.Errorf("after the tap got %+v, want the score 0", fb)
	}
}

// TestSurveyPageChecksLikeTheAPI: the page refuses what POST
// /api/v1/surveys/{id}/responses refuses: a question the branches hide,
// and finishing without a required answer (by posting a later question).
func TestSurveyPageChecksLikeTheAPI(t *testing.T) {
	e := webtest.Start(t)
	wsID, key := e.Workspace("Quán Kiểm")
	sv := e.CafeSurvey(key)
	c := newPublicClient(t, e.URL, "127.0.0.1", "en")
	c.Get("/s/"+sv.PublicKey).Want(200, "How likely are you to recommend us to a friend?")
	c.Post(url.Values{"q": {"quote"}, "v": {"yes"}}).Want(400, `Question "quote" is not asked after these answers`)
	if fb := surveyFeedback(t, e.Store, wsID, sv.ID); len(fb) != 0 {
		t.Fatalf("a hidden question's answer was stored: %+v", fb)
	}

	// The required NPS and matrix left out: the last question does not
	// finish, the page asks for the NPS.
	c.Get("/s/"+sv.PublicKey).Post(url.Values{"q": {"improve"}, "v": {"Ngon"}}).Want(200, "How likely are you to recommend us to a friend?")
	var resp httpio.ListBody[cx.Response]
	e.MustCall("GET", "/api/v1/surveys/"+sv.ID+"/responses", key, nil, 200, &resp)
	if len(resp.Items) != 1 || resp.Items[0].CompletedAt != nil {
		t.Fatalf("got responses %+v, want one unfinished", resp.Items)
	}
	// A promoter who goes back to 3 loses the promoters' answer.
	c.Post(url.Values{"q": {"nps"}, "v": {"9"}}).Want(200, "May we quote you?")
	c.Post(url.Values{"q": {"quote"}, "v": {"yes"}}).Want(200, "Taste")
	respondent := publicResp.FindStringSubmatch(c.Body)[1]
	c.Get("/s/"+sv.PublicKey+"?q=nps&r="+url.QueryEscape(respondent)).Want(200, "How likely are you to recommend us to a friend?")
	c.Post(url.Values{"q": {"nps"}, "v": {"3"}}).Want(200, "What went wrong?")
	matrix := url.Values{"q": {"criteria"}}
	for _, k := range []string{"taste", "service", "price", "space", "wait", "overall"} {
		matrix.Set("v."+k, "3")
	}
	c.Post(url.Values{"q": {"wrong"}, "skip": {"1"}}).Post(matrix).Want(200, "What should we improve?")
	c.Post(url.Values{"q": {"improve"}, "v": {"Ngon"}}).Want(200, "Thanks for your feedback!")
	e.MustCall("GET", "/api/v1/surveys/"+sv.ID+"/responses", key, nil, 200, &resp)
	if len(resp.Items) != 1 || resp.Items[0].CompletedAt == nil {
		t.Fatalf("got responses %+v, want one complete", resp.Items)
	}
	got := resp.Items[0]
	if err := cx.CheckResponse(sv.Questions, got.Answers); err != nil {
		t.Errorf("the page finished a response the API refuses: %v (%+v)", err, got.Answers)
	}
}

// TestJSONAndCSVAreNotSniffed: JSON answers and CSV downloads say nosniff.
func TestJSONAndCSVAreNotSniffed(t *testing.T) {
	e := webtest.Start(t)
	res, err := http.DefaultClient.Do(e.Request("GET", "/v1/surveys/nope/widget", nil))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("JSON: got X-Content-Type-Options %q", got)
	}
	c := e.Setup("en")
	for _, path := range []string{"/feedback.csv", "/customers/export/customers.csv", "/customers/export/orders.csv"} {
		if c.Get(path); c.Code != 200 || c.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: got %d, X-Content-Type-Options %q", path, c.Code, c.Header.Get("X-Content-Type-Options"))
		}
	}
}
