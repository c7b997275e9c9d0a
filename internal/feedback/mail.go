package feedback

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"html/template"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"cxm/internal/cx"
)

// Message is one email to one person.
type Message struct {
	To          string
	Subject     string
	Text        string
	HTML        string
	Unsubscribe string // the one-click unsubscribe address
}

// Sender delivers messages: SMTP in production, a recorder in development.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through an SMTP server named by a URL such as
// smtp://user:pass@host:587 (STARTTLS when offered) or
// smtps://user:pass@host:465 (TLS from the start).
type SMTP struct {
	host, user, pass, from string
	domain                 string // of from, for Message-ID
	port                   int
	ssl                    bool
	roots                  *x509.CertPool // nil: the system's
}

// NewSMTP checks an SMTP URL and a from address.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP URL %q: want smtp://user:pass@host:587 or smtps://user:pass@host:465", redact(rawURL))
	}
	addr, err := netmail.ParseAddress(from)
	if err != nil || !strings.Contains(addr.Address, "@") {
		return nil, fmt.Errorf("from address %q: want an email address such as khaosat@example.vn", from)
	}
	s := &SMTP{host: u.Hostname(), from: from, ssl: u.Scheme == "smtps", port: 587,
		domain: addr.Address[strings.LastIndex(addr.Address, "@")+1:]}
	if s.ssl {
		s.port = 465
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("SMTP URL: bad port %q", p)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	return s, nil
}

// TrustCA adds the certificates of a PEM file to those the server's may be
// signed by, for a relay with a private CA; STARTTLS then becomes
// mandatory, since whoever names a CA wants the mail encrypted.
func (s *SMTP) TrustCA(pemFile string) error {
	b, err := os.ReadFile(pemFile)
	if err != nil {
		return err
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(b) {
		return fmt.Errorf("%s: no PEM certificate in it", pemFile)
	}
	s.roots = pool
	return nil
}

// redact hides the password of a URL, for messages.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		u.User = url.User(u.User.Username())
		return u.String()
	}
	return raw
}

// Send delivers m through the SMTP server.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := mail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return err
	}
	if err := msg.To(m.To); err != nil {
		return err
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	// The sender's domain, not the host name: it names the organisation and
	// keeps the server's name out of every email.
	msg.SetMessageIDWithValue(rand.Text() + "@" + s.domain)
	if m.Unsubscribe != "" {
		msg.SetGenHeader(mail.HeaderListUnsubscribe, "<"+m.Unsubscribe+">")
		msg.SetGenHeader(mail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	policy := mail.TLSOpportunistic
	if s.roots != nil {
		policy = mail.TLSMandatory
	}
	opts := []mail.Option{mail.WithPort(s.port), mail.WithTimeout(30 * time.Second), mail.WithTLSPolicy(policy),
		mail.WithTLSConfig(&tls.Config{ServerName: s.host, RootCAs: s.roots, MinVersion: tls.VersionTLS12})}
	if s.ssl {
		opts = append(opts, mail.WithSSL())
	}
	if s.user != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.user), mail.WithPassword(s.pass))
	}
	c, err := mail.NewClient(s.host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}

// LogSender writes messages to the log instead of sending them: the sender
// of a server with no SMTP configured, so that development shows what
// would go out (links included) without mailing anyone.
type LogSender struct{ Log *slog.Logger }

// Send logs m.
func (l LogSender) Send(_ context.Context, m Message) error {
	l.Log.Info("email not sent: no SMTP configured", "to", m.To, "subject", m.Subject, "body", m.Text)
	return nil
}

// mailTexts are the words of survey emails, in Vietnamese and English.
var mailTexts = map[string]map[string]string{
	cx.LangVi: {
		"subject": "%s: xin bạn một phút góp ý", "reminder": "Nhắc lại — %s: xin bạn một phút góp ý",
		"hello": "Xin chào,", "intro": "Cảm ơn bạn đã ghé thăm. Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn.",
		"click": "Chọn một điểm để trả lời:", "open": "Trả lời khảo sát", "unsubscribe": "Không nhận khảo sát nữa",
		"low": "Hoàn toàn không", "high": "Chắc chắn có",
	},
	cx.LangEn: {
		"subject": "%s: a minute of your time?", "reminder": "Reminder — %s: a minute of your time?",
		"hello": "Hello,", "intro": "Thank you for your visit. Your opinion helps us serve you better.",
		"click": "Click a score to answer:", "open": "Answer the survey", "unsubscribe": "Stop receiving surveys",
		"low": "Not at all likely", "high": "Extremely likely",
	},
}

var mailHTML = template.Must(template.New("mail").Parse(`<!doctype html><html lang="{{.Lang}}"><body style="font-family:Arial,sans-serif;color:#1a1a1a;max-width:560px;margin:0 auto;padding:16px">
<p>{{.T.hello}}</p><p>{{.T.intro}}</p>
<p style="font-size:18px;font-weight:bold">{{.Question}}</p>
{{if .Scores}}<p>{{.T.click}}</p><table role="presentation" cellspacing="4"><tr>{{range .Scores}}<td><a href="{{.URL}}" style="display:inline-block;min-width:28px;padding:8px 4px;text-align:center;border:2px solid #0b5394;border-radius:6px;color:#0b5394;font-weight:bold;text-decoration:none">{{.N}}</a></td>{{end}}</tr></table>
{{if .Ends}}<p style="font-size:13px;color:#555">{{index .Ends 0}} · {{index .Ends 1}}</p>{{end}}{{end}}
<p><a href="{{.Link}}" style="display:inline-block;padding:10px 20px;background:#0b5394;color:#fff;border-radius:6px;text-decoration:none">{{.T.open}}</a></p>
<p style="font-size:12px;color:#555"><a href="{{.Unsubscribe}}" style="color:#555">{{.T.unsubscribe}}</a></p>
</body></html>`))

type scoreLink struct {
	N   int
	URL string
}

// InvitationEmail builds the email of an invitation: the survey's first
// question inside it, each score a link (in the HTML and the text part)
// that opens the survey with it chosen.
func InvitationEmail(sv cx.Survey, inv cx.Invitation, link string, reminder bool) (Message, error) {
	lang := inv.Language
	if lang != cx.LangEn {
		lang = cx.LangVi
	}
	t := mailTexts[lang]
	subject := fmt.Sprintf(t["subject"], sv.Name.In(lang))
	if reminder {
		subject = fmt.Sprintf(t["reminder"], sv.Name.In(lang))
	}
	data := struct {
		Lang, Question, Link, Unsubscribe string
		T                                 map[string]string
		Scores                            []scoreLink
		Ends                              []string
	}{Lang: lang, Link: link, Unsubscribe: link + "/unsubscribe", T: t}
	text := []string{t["hello"], "", t["intro"], ""}
	if len(sv.Questions) > 0 {
		q := sv.Questions[0]
		data.Question = q.Title.In(lang)
		text = append(text, data.Question)
		if lo, hi, ok := cx.Scale(q.Type); ok && q.Type != cx.QMatrix {
			text = append(text, "", t["click"])
			for n := int(lo); n <= int(hi); n++ {
				data.Scores = append(data.Scores, scoreLink{n, link + "?q=" + url.QueryEscape(q.Key) + "&v=" + strconv.Itoa(n)})
				text = append(text, strconv.Itoa(n)+": "+data.Scores[len(data.Scores)-1].URL)
			}
			if q.Type == cx.QNPS {
				data.Ends = []string{"0 = " + t["low"], "10 = " + t["high"]}
				text = append(text, data.Ends[0]+" · "+data.Ends[1])
			}
		}
	}
	var b strings.Builder
	if err := mailHTML.Execute(&b, data); err != nil {
		return Message{}, err
	}
	text = append(text, "", t["open"]+": "+link, "", t["unsubscribe"]+": "+data.Unsubscribe)
	return Message{To: inv.Email, Subject: subject, Text: strings.Join(text, "\n"), HTML: b.String(), Unsubscribe: data.Unsubscribe}, nil
}
