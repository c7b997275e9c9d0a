package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
)

// mailbox is a real SMTP server, in-process, that keeps what it receives.
type mailbox struct {
	addr string
	got  chan *mail.Message
}

func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb := &mailbox{addr: ln.Addr().String(), got: make(chan *mail.Message, 10)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{mb: mb}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return mb
}

type mailSession struct{ mb *mailbox }

func (s *mailSession) Reset()                                      {}
func (s *mailSession) Logout() error                               { return nil }
func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error   { return nil }
func (s *mailSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	s.mb.got <- m
	return nil
}

// next returns the next message, or fails after a few seconds.
func (mb *mailbox) next(t *testing.T) *mail.Message {
	t.Helper()
	select {
	case m := <-mb.got:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no email arrived")
	}
	return nil
}

func (mb *mailbox) none(t *testing.T) {
	t.Helper()
	select {
	case m := <-mb.got:
		t.Fatalf("got an email %q, want none", m.Header.Get("Subject"))
	default:
	}
}

// mailParts returns the decoded text and HTML parts of a message.
func mailParts(t *testing.T, m *mail.Message) (text, html string) {
	t.Helper()
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			return text, html
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			html = string(b)
		} else {
			text = string(b)
		}
	}
}

func subject(m *mail.Message) string {
	s, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	return s
}

func (e *testEnv) track(writeKey, kind string, body map[string]any) {
	e.t.Helper()
	req := e.request("POST", "/v1/"+kind, body)
	req.SetBasicAuth(writeKey, "")
	if status, b := e.send(req); status != 200 {
		e.t.Fatalf("/v1/%s: got %d %s", kind, status, b)
	}
}

// TestEmailInvitationRoundTrip: an order triggers an email through a real
// SMTP server; the score link in the email answers; fatigue and the same
// order ask no more; one-click unsubscribe stops invitations.
func TestEmailInvitationRoundTrip(t *testing.T) {
	e := newTestEnv(t)
	mb := startMailbox(t)
	wsID, key := e.workspace("Shop Áo")
	writeKey := e.key(wsID, cx.KeyWrite)
	sv := cafeSurvey(t, e, key)
	e.mustCall("POST", "/api/v1/invitation-rules", key, map[string]any{"survey_id": sv.ID, "event_name": "Order Completed", "channel": "email"}, 201, nil)
	sender, err := feedback.NewSMTP("smtp://"+mb.addr, "khaosat@shop.vn")
	if err != nil {
		t.Fatal(err)
	}
	worker := feedback.NewWorker(e.store, sender, e.http.URL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()

	e.track(writeKey, "identify", map[string]any{"userId": "u1", "traits": map[string]any{"email": "lan@example.vn", "name": "Lan"}})
	e.track(writeKey, "track", map[string]any{"userId": "u1", "event": "Order Completed", "properties": map[string]any{"order_id": "A1", "total": 250000}})
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	m := mb.next(t)
	if got := m.Header.Get("To"); !strings.Contains(got, "lan@example.vn") {
		t.Errorf("got To %q", got)
	}
	unsub := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
	if !strings.HasPrefix(unsub, e.http.URL+"/s/") || m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("got List-Unsubscribe %q, Post %q", unsub, m.Header.Get("List-Unsubscribe-Post"))
	}
	text, html := mailParts(t, m)
	if !strings.Contains(html, "Bạn có giới thiệu quán cho bạn bè không?") || !strings.Contains(text, "Trả lời khảo sát") {
		t.Fatalf("the email lacks the first question:\n%s", html)
	}
	link := regexp.MustCompile(`href="([^"]+[?&]amp;v=9|[^"]+v=9)"`).FindStringSubmatch(html)
	if link == nil {
		t.Fatalf("no score link for 9 in:\n%s", html)
	}
	scoreURL := strings.ReplaceAll(link[1], "&amp;", "&")

	// Clicking 9 in the email answers and shows the promoters' question.
	c := newPublicClient(t, e.http.URL, "127.0.0.1", "en")
	c.get(strings.TrimPrefix(scoreURL, e.http.URL)).want(200, "Chúng tôi có thể trích lời bạn không?")
	fb := surveyFeedback(t, e.store, wsID, sv.ID)
	if len(fb) != 1 || *fb[0].Score != 9 || fb[0].CustomerID == "" {
		t.Fatalf("got feedback %+v, want the score 9 of the customer", fb)
	}
	tl, err := e.store.Timeline(ctx, wsID, fb[0].CustomerID, store.Page{})
	if err != nil || len(tl.Items) == 0 || tl.Items[0].Kind != cx.TimelineFeedback || *tl.Items[0].Feedback.Score != 9 {
		t.Errorf("the customer's timeline does not start with the answer: %+v, %v", tl.Items, err)
	}
	jobs, _ := e.store.Jobs(ctx, wsID, store.JobQueued, 10)
	if len(jobs) != 1 || jobs[0].Kind != feedback.JobRemind || jobs[0].RunAt.Before(time.Now().Add(71*time.Hour)) {
		t.Errorf("got queued jobs %+v, want one reminder in 3 days", jobs)
	}
	if done, _ := e.store.Jobs(ctx, wsID, store.JobDone, 10); len(done) != 2 || done[0].Payload != "{}" {
		t.Errorf("got done jobs %+v, want two with their tokens cleared", done)
	}

	// Three days later a second person, invited by hand, gets the reminder;
	// the first, who answered, gets none.
	var inv newInvitation
	e.mustCall("POST", "/api/v1/surveys/"+sv.ID+"/invitations", key, map[string]any{"email": "hung@example.vn", "channel": "email", "language": "en", "send": true}, 201, &inv)
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if got := subject(mb.next(t)); got != "Tell us about the café: a minute of your time?" {
		t.Errorf("got subject %q", got)
	}
	worker.Clock = func() time.Time { return time.Now().Add(73 * time.Hour) }
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	reminder := mb.next(t)
	if got := subject(reminder); got != "Reminder — Tell us about the café: a minute of your time?" || !strings.Contains(reminder.Header.Get("To"), "hung@example.vn") {
		t.Errorf("got reminder %q to %q", got, reminder.Header.Get("To"))
	}
	mb.none(t)
	worker.Clock = time.Now

	// The same order again, then another order the same month: no email.
	e.track(writeKey, "track", map[string]any{"userId": "u1", "event": "Order Completed", "properties": map[string]any{"order_id": "A1"}})
	e.track(writeKey, "track", map[string]any{"userId": "u1", "event": "Order Completed", "properties": map[string]any{"order_id": "A2"}})
	if err := worker.Step(ctx); err != nil {
		t.Fatal(err)
	}
	mb.none(t)

	// One-click unsubscribe, as a mail program sends it.
	req, _ := http.NewRequest("POST", unsub, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if status, body := e.send(req); status != 200 {
		t.Fatalf("unsubscribe: got %d %s", status, body)
	}
	status, body := e.call("POST", "/api/v1/surveys/"+sv.ID+"/invitations", key, map[string]any{"email": "lan@example.vn", "channel": "email"})
	if status != 409 {
		t.Errorf("inviting an unsubscribed person: got %d %s, want 409", status, body)
	}
}
