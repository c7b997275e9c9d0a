package webtest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Mailbox is a real SMTP server, in-process, that keeps what it receives.
type Mailbox struct {
	Addr string
	got  chan *mail.Message
}

func StartMailbox(t *testing.T) *Mailbox {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb := &Mailbox{Addr: ln.Addr().String(), got: make(chan *mail.Message, 10)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{mb: mb}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return mb
}

type mailSession struct{ mb *Mailbox }

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

// Next returns the next message, or fails after a few seconds.
func (mb *Mailbox) Next(t *testing.T) *mail.Message {
	t.Helper()
	select {
	case m := <-mb.got:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no email arrived")
	}
	return nil
}

func (mb *Mailbox) None(t *testing.T) {
	t.Helper()
	select {
	case m := <-mb.got:
		t.Fatalf("got an email %q, want none", m.Header.Get("Subject"))
	default:
	}
}

// MailParts returns the decoded text and HTML parts of a message.
func MailParts(t *testing.T, m *mail.Message) (text, html string) {
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

func Subject(m *mail.Message) string {
	s, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	return s
}
