package public_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// TestEmailInvitationRoundTrip: an order triggers an email through a real
// SMTP server; the score link in the email answers; fatigue and the same
// order ask no more; one-click unsubscribe stops invitations.
func TestEmailInvitationRoundTrip(t *testing.T) {
	e := webtest.Start(t)
	mb := webtest.StartMailbox(t)
	wsID, key := e.Workspace("Shop Áo")
	writeKey := e.Key(wsID, cx.KeyWrite)
	sv := e.CafeSurvey(key)
	e.MustCall("POST", "/api/v1/invitation-rules", key, map[string]any{"survey_id": sv.ID, "event_name": "Order Completed", "channel": "email"}, 201, nil)
	sender, err := feedback.NewSMTP("smtp://"+mb.Addr, "khaosat@shop.vn")
	if err != nil {
		t.Fatal(err)
	}
	worker := feedback.NewWorker(e.Store, sender, e.URL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()

	e.Track(writeKey, "identify", map[string]any{"userId": "u1", "traits": map[string]any{"email": "lan@example.vn", "name": "Lan"}})
	e.Track(writeKey, "track", map[string]any{"userId": "u1", "event": "Order Completed", "properties": map[string]any{"order_id": "A1", "total": 250000}})
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	m := mb.Next(t)
	if got := m.Header.Get("To"); !strings.Contains(got, "lan@example.vn") {
		t.Errorf("got To %q", got)
	}
	unsub := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
	if !strings.HasPrefix(unsub, e.URL+"/s/") || m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("got List-Unsubscribe %q, Post %q", unsub, m.Header.Get("List-Unsubscribe-Post"))
	}
	text, html := webtest.MailParts(t, m)
	if !strings.Contains(html, "Bạn có giới thiệu quán cho bạn bè không?") || !strings.Contains(text, "Trả lời khảo sát") {
		t.Fatalf("the email lacks the first question:\n%s", html)
	}
	link := regexp.MustCompile(`href="([^"]+[?&]amp;v=9|[^"]+v=9)"`).FindStringSubmatch(html)
	if link == nil {
		t.Fatalf("no score link for 9 in:\n%s", html)
	}
	scoreURL := strings.ReplaceAll(link[1], "&amp;", "&")

	// Clicking 9 in the email shows it chosen; one tap answers and shows
	// the promoters' question.
	c := newPublicClient(t, e.URL, "127.0.0.1", "en")
	c.Get(strings.TrimPrefix(scoreURL, e.URL)).Want(200, "Bạn đã chọn 9.")
	if fb := surveyFeedback(t, e.Store, wsID, sv.ID); len(fb) != 0 {
		t.Fatalf("opening the score link stored %+v", fb)
	}
	c.Post(url.Values{"q": {"nps"}, "v": {"9"}}).Want(200, "Chúng tôi có thể trích lời bạn không?")
	fb := surveyFeedback(t, e.Store, wsID, sv.ID)
	if len(fb) != 1 || *fb[0].Score != 9 || fb[0].CustomerID == "" {
		t.Fatalf("got feedback %+v, want the score 9 of the customer", fb)
	}
	tl, err := e.Store.Timeline(ctx, wsID, fb[0].CustomerID, store.Page{})
	if err != nil || len(tl.Items) == 0 || tl.Items[0].Kind != cx.TimelineFeedback || *tl.Items[0].Feedback.Score != 9 {
		t.Errorf("the customer's timeline does not start with the answer: %+v, %v", tl.Items, err)
	}
	jobs, _ := e.Store.Jobs(ctx, wsID, store.JobQueued, 10)
	if len(jobs) != 1 || jobs[0].Kind != feedback.JobRemind || jobs[0].RunAt.Before(time.Now().Add(71*time.Hour)) {
		t.Errorf("got queued jobs %+v, want one reminder in 3 days", jobs)
	}
	if done, _ := e.Store.Jobs(ctx, wsID, store.JobDone, 10); len(done) != 2 || done[0].Payload != "{}" {
		t.Errorf("got done jobs %+v, want two with their tokens cleared", done)
	}

	// Three days later a second person, invited by hand, gets the reminder;
	// the first, who answered, gets none.
	var inv struct {
		cx.Invitation
		Token string `json:"token"`
		Link  string `json:"link"`
	}
	e.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/invitations", key, map[string]any{"email": "hung@example.vn", "channel": "email", "language": "en", "send": true}, 201, &inv)
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if got := webtest.Subject(mb.Next(t)); got != "Tell us about the café: a minute of your time?" {
		t.Errorf("got subject %q", got)
	}
	worker.Clock = func() time.Time { return time.Now().Add(73 * time.Hour) }
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	reminder := mb.Next(t)
	if got := webtest.Subject(reminder); got != "Reminder — Tell us about the café: a minute of your time?" || !strings.Contains(reminder.Header.Get("To"), "hung@example.vn") {
		t.Errorf("got reminder %q to %q", got, reminder.Header.Get("To"))
	}
	mb.None(t)
	worker.Clock = time.Now

	// The same order again, then another order the same month: no email.
	e.Track(writeKey, "track", map[string]any{"userId": "u1", "event": "Order Completed", "properties": map[string]any{"order_id": "A1"}})
	e.Track(writeKey, "track", map[string]any{"userId": "u1", "event": "Order Completed", "properties": map[string]any{"order_id": "A2"}})
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	mb.None(t)

	// One-click unsubscribe, as a mail program sends it.
	req, _ := http.NewRequest("POST", unsub, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if status, body := e.Send(req); status != 200 {
		t.Fatalf("unsubscribe: got %d %s", status, body)
	}
	status, body := e.Call("POST", "/api/v1/surveys/"+sv.ID+"/invitations", key, map[string]any{"email": "lan@example.vn", "channel": "email"})
	if status != 409 {
		t.Errorf("inviting an unsubscribed person: got %d %s, want 409", status, body)
	}
}

// TestEmailLinkScannerAnswersNothing: a mail filter that fetches every
// link of an invitation email (all eleven scores, the survey link) records
// no response; the person's click and one tap record their score.
func TestEmailLinkScannerAnswersNothing(t *testing.T) {
	e := webtest.Start(t)
	mb := webtest.StartMailbox(t)
	wsID, key := e.Workspace("Tiệm Quét")
	sv := e.CafeSurvey(key)
	sender, err := feedback.NewSMTP("smtp://"+mb.Addr, "khaosat@shop.vn")
	if err != nil {
		t.Fatal(err)
	}
	worker := feedback.NewWorker(e.Store, sender, e.URL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/invitations", key, map[string]any{"email": "lan@example.vn", "channel": "email", "language": "en", "send": true}, 201, nil)
	if err := worker.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, html := webtest.MailParts(t, mb.Next(t))
	var scores []string
	for _, m := range regexp.MustCompile(`href="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if u := strings.ReplaceAll(m[1], "&amp;", "&"); strings.Contains(u, "v=") {
			scores = append(scores, strings.TrimPrefix(u, e.URL))
		}
	}
	if len(scores) != 11 {
		t.Fatalf("got %d score links, want 11: %v", len(scores), scores)
	}
	scanner := newPublicClient(t, e.URL, "127.0.0.3", "en")
	for _, link := range scores {
		scanner.Get(link).Want(200, "How likely are you to recommend us to a friend?")
	}
	var resp httpio.ListBody[cx.Response]
	e.MustCall("GET", "/api/v1/surveys/"+sv.ID+"/responses", key, nil, 200, &resp)
	if len(resp.Items) != 0 || len(surveyFeedback(t, e.Store, wsID, sv.ID)) != 0 {
		t.Fatalf("fetching the email's links recorded %+v", resp.Items)
	}

	person := newPublicClient(t, e.URL, "127.0.0.1", "en")
	person.Get(scores[9]).Want(200, "You chose 9.")
	person.Post(url.Values{"q": {"nps"}, "v": {"9"}}).Want(200, "May we quote you?")
	e.MustCall("GET", "/api/v1/surveys/"+sv.ID+"/responses", key, nil, 200, &resp)
	if len(resp.Items) != 1 || len(resp.Items[0].Answers) != 1 || *resp.Items[0].Answers[0].Score != 9 {
		t.Fatalf("after the tap got %+v, want the score 9", resp.Items)
	}
}

// TestEmailJobsHoldNoToken: the send and reminder jobs carry only the
// invitation id; each email's link is a new token, the newest one works.
func TestEmailJobsHoldNoToken(t *testing.T) {
	e := webtest.Start(t)
	mb := webtest.StartMailbox(t)
	wsID, key := e.Workspace("Tiệm Kín")
	sv := e.CafeSurvey(key)
	sender, err := feedback.NewSMTP("smtp://"+mb.Addr, "khaosat@shop.vn")
	if err != nil {
		t.Fatal(err)
	}
	worker := feedback.NewWorker(e.Store, sender, e.URL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	var inv struct {
		ID    string `json:"id"`
		Token string `json:"token"`
	}
	e.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/invitations", key, map[string]any{"email": "lan@example.vn", "channel": "email", "language": "en", "send": true}, 201, &inv)
	linkOf := func() string {
		t.Helper()
		text, _ := webtest.MailParts(t, mb.Next(t))
		m := regexp.MustCompile(`/s/([a-z0-9]+)\s`).FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("no survey link in:\n%s", text)
		}
		return m[1]
	}
	noToken := func(tokens ...string) {
		t.Helper()
		for _, status := range []string{store.JobQueued, store.JobDone} {
			jobs, err := e.Store.Jobs(ctx, wsID, status, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range jobs {
				for _, tok := range tokens {
					if strings.Contains(j.Payload, tok) {
						t.Errorf("a %s job holds a survey token: %s", j.Kind, j.Payload)
					}
				}
				if j.Payload != "{}" && j.Payload != `{"invitation_id":"`+inv.ID+`"}` {
					t.Errorf("got a %s job payload %s, want the invitation id only", j.Kind, j.Payload)
				}
			}
		}
	}
	noToken(inv.Token)
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	first := linkOf()
	noToken(inv.Token, first)
	c := newPublicClient(t, e.URL, "127.0.0.1", "en")
	c.Get("/s/"+first).Want(200, "How likely are you to recommend us to a friend?")

	worker.Clock = func() time.Time { return time.Now().Add(73 * time.Hour) }
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	second := linkOf()
	noToken(inv.Token, first, second)
	c.Get("/s/" + first).Want(404)
	c.Get("/s/"+second+"?q=nps&v=10").Want(200, "You chose 10.")
	c.Post(url.Values{"q": {"nps"}, "v": {"10"}}).Want(200, "May we quote you?")
	noToken(inv.Token, first, second)
}

// inviteByEmail sends one English invitation through sender and returns
// the email the mailbox received.
func inviteByEmail(t *testing.T, e *webtest.Env, mb *webtest.Mailbox, from string) (*mail.Message, string) {
	t.Helper()
	_, key := e.Workspace("Tiệm Thư")
	sv := e.CafeSurvey(key)
	sender, err := feedback.NewSMTP("smtp://"+mb.Addr, from)
	if err != nil {
		t.Fatal(err)
	}
	worker := feedback.NewWorker(e.Store, sender, e.URL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.MustCall("POST", "/api/v1/surveys/"+sv.ID+"/invitations", key, map[string]any{"email": "lan@example.vn", "channel": "email", "language": "en", "send": true}, 201, nil)
	if err := worker.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	return mb.Next(t), sv.ID
}

// TestEmailTextPartHasScoreLinks: a mail program that shows only the text
// part still offers the eleven scores, each opening the survey with it
// chosen (and recording nothing until the tap).
func TestEmailTextPartHasScoreLinks(t *testing.T) {
	e := webtest.Start(t)
	mb := webtest.StartMailbox(t)
	m, _ := inviteByEmail(t, e, mb, "khaosat@shop.vn")
	text, _ := webtest.MailParts(t, m)
	found := regexp.MustCompile(`(?m)^(\d+): (\S+)\r?$`).FindAllStringSubmatch(text, -1)
	if len(found) != 11 || !strings.Contains(text, "Click a score to answer:") || !strings.Contains(text, "0 = Not at all likely · 10 = Extremely likely") {
		t.Fatalf("got %d score links in the text part, want 11:\n%s", len(found), text)
	}
	c := newPublicClient(t, e.URL, "127.0.0.1", "en")
	for i, f := range found {
		if f[1] != strconv.Itoa(i) || !strings.HasSuffix(f[2], "?q=nps&v="+f[1]) {
			t.Fatalf("line %d: got %q", i, f[0])
		}
	}
	c.Get(strings.TrimPrefix(found[7][2], e.URL)).Want(200, "You chose 7.")
}

// TestEmailMessageIDSenderDomain: Message-ID names the From address's
// domain, not the machine cxm runs on.
func TestEmailMessageIDSenderDomain(t *testing.T) {
	e := webtest.Start(t)
	mb := webtest.StartMailbox(t)
	m, _ := inviteByEmail(t, e, mb, "Khảo sát <khaosat@shop.vn>")
	id := m.Header.Get("Message-ID")
	if !regexp.MustCompile(`^<[^@<>]{16,}@shop\.vn>$`).MatchString(id) {
		t.Errorf("got Message-ID %q, want <random@shop.vn>", id)
	}
}

// TestEmailTLSPrivateCA: a relay whose certificate a private CA signed,
// with STARTTLS (smtp://) and with TLS from the start (smtps://): the mail
// goes through once the CA is trusted, and is refused, unsent, before.
func TestEmailTLSPrivateCA(t *testing.T) {
	for _, tc := range []struct {
		scheme   string
		implicit bool
	}{{"smtp", false}, {"smtps", true}} {
		t.Run(tc.scheme, func(t *testing.T) {
			mb, caFile := webtest.StartTLSMailbox(t, tc.implicit)
			msg := feedback.Message{To: "lan@example.vn", Subject: "Xin chào", Text: "Một phút góp ý?"}
			ctx := context.Background()

			plain, err := feedback.NewSMTP(tc.scheme+"://"+mb.Addr, "khaosat@shop.vn")
			if err != nil {
				t.Fatal(err)
			}
			if err := plain.Send(ctx, msg); err == nil || !strings.Contains(err.Error(), "certificate") {
				t.Errorf("without the CA: got %v, want a certificate refusal", err)
			}
			mb.None(t)

			trusting, err := feedback.NewSMTP(tc.scheme+"://"+mb.Addr, "khaosat@shop.vn")
			if err != nil {
				t.Fatal(err)
			}
			if err := trusting.TrustCA(caFile); err != nil {
				t.Fatal(err)
			}
			if err := trusting.Send(ctx, msg); err != nil {
				t.Fatalf("with the CA: %v", err)
			}
			if got := webtest.Subject(mb.Next(t)); got != "Xin chào" {
				t.Errorf("got subject %q", got)
			}
		})
	}
}
