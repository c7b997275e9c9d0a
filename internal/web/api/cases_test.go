package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/quotedprintable"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cxm/internal/cases"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/web/httpio"
	"cxm/internal/web/webtest"
)

// caseEnv is a workspace whose store touchpoint Minh (an agent) owns and
// whose first stage Hà (an admin) owns, with the café survey, a short
// re-survey and Lan as a customer, on a server that mails a test mailbox.
type caseEnv struct {
	e                *webtest.Env
	mb               *webtest.Mailbox
	wsID, key        string
	minh, ha         cx.Member
	sv, resurvey     cx.Survey
	lan              cx.Customer
	store, stageOfTP string
}

func newCaseEnv(t *testing.T) *caseEnv {
	t.Helper()
	mb := webtest.StartMailbox(t)
	sender, err := feedback.NewSMTP("smtp://"+mb.Addr, "cskh@caphesang.vn")
	if err != nil {
		t.Fatal(err)
	}
	e := webtest.Start(t, webtest.Mail(sender))
	ce := &caseEnv{e: e, mb: mb}
	ce.wsID, ce.key = e.Workspace("Cà phê Sáng")
	ctx := context.Background()
	ce.minh, _, err = e.Store.AddUser(ctx, ce.wsID, cx.User{Email: "minh@caphesang.vn", Name: "Anh Minh", PasswordHash: "x", Language: "vi"}, cx.RoleAgent)
	if err != nil {
		t.Fatal(err)
	}
	ce.ha, _, err = e.Store.AddUser(ctx, ce.wsID, cx.User{Email: "ha@caphesang.vn", Name: "Chị Hà", PasswordHash: "x", Language: "en"}, cx.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	ce.sv = e.CafeSurvey(ce.key)
	var tp cx.Touchpoint
	e.MustCall("GET", "/api/v1/touchpoints/"+ce.sv.TouchpointID, ce.key, nil, 200, &tp)
	tp.OwnerID = ce.minh.ID
	e.MustCall("PUT", "/api/v1/touchpoints/"+tp.ID, ce.key, tp, 200, &tp)
	ce.store, ce.stageOfTP = tp.ID, tp.StageID
	var js httpio.ListBody[cx.Journey]
	e.MustCall("GET", "/api/v1/journeys", ce.key, nil, 200, &js)
	j := js.Items[0]
	for i := range j.Stages {
		if j.Stages[i].ID == tp.StageID {
			j.Stages[i].OwnerID = ce.ha.ID
		}
	}
	e.MustCall("PUT", "/api/v1/journeys/"+j.ID, ce.key, j, 200, nil)
	e.MustCall("POST", "/api/v1/surveys", ce.key, map[string]any{
		"name": map[string]string{"vi": "Chúng tôi đã làm tốt hơn chưa?", "en": "Did we do better?"}, "status": "active",
		"questions": []map[string]any{{"key": "nps", "type": "nps", "required": true,
			"title": map[string]string{"vi": "Bạn có giới thiệu quán cho bạn bè không?", "en": "Would you recommend us?"}}},
	}, 201, &ce.resurvey)
	ce.lan = e.SeedLan(ce.wsID)
	return ce
}

// answer has Lan answer the café survey with an NPS score.
func (ce *caseEnv) answer(score int) {
	ce.e.T.Helper()
	ce.e.MustCall("POST", "/api/v1/surveys/"+ce.sv.ID+"/responses", ce.key, map[string]any{"customer_id": ce.lan.ID, "answers": []map[string]any{
		{"question": "nps", "score": score},
		{"question": "criteria", "scores": map[string]int{"taste": 2, "service": 1, "price": 3, "space": 2, "wait": 1, "overall": 2}},
	}}, 201, nil)
}

// waitCases polls the API until the query lists n cases, for 10 seconds.
func (ce *caseEnv) waitCases(t *testing.T, query string, n int) []cx.Case {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var l httpio.ListBody[cx.Case]
		ce.e.MustCall("GET", "/api/v1/cases"+query, ce.key, nil, 200, &l)
		if len(l.Items) == n {
			return l.Items
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /api/v1/cases%s: got %d cases after 10 s, want %d: %+v", query, len(l.Items), n, l.Items)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestCaseLoop is the "done when": a detractor's answer opens a
// case within seconds, assigned to the touchpoint's owner, who is
// e-mailed, contacts the customer, resolves with a re-survey; the
// customer's better answer counts as recovered in the analytics.
func TestCaseLoop(t *testing.T) {
	ce := newCaseEnv(t)
	e := ce.e
	e.MustCall("PUT", "/api/v1/case-settings", ce.key, map[string]any{"first_contact_hours": 4, "resolve_days": 3, "remind_minutes": 60,
		"work_start": "08:00", "work_end": "17:30", "work_days": []int{1, 2, 3, 4, 5, 6}, "resurvey_survey_id": ce.resurvey.ID}, 200, nil)

	opened := time.Now()
	ce.answer(3)
	list := ce.waitCases(t, "?customer_id="+ce.lan.ID, 1)
	k := list[0]
	if took := time.Since(opened); took > 5*time.Second {
		t.Errorf("the case took %s to open, want seconds", took)
	}
	if k.OwnerID != ce.minh.ID || k.Status != cx.CaseNew || k.RuleID != "cr_default_nps" || !k.Detractor || k.DueAt == nil || len(k.Feedback) != 1 {
		t.Fatalf("got case %+v, want a new one of the NPS rule, owned by Minh, with a deadline and its answer", k)
	}
	if !k.DueAt.Equal(k.ContactDue) || !k.ResolveDue.After(k.ContactDue) {
		t.Errorf("due_at %s, want the first contact's %s (before the resolution's %s)", k.DueAt, k.ContactDue, k.ResolveDue)
	}
	m := ce.mb.Next(t)
	if to := m.Header.Get("To"); !strings.Contains(to, "minh@caphesang.vn") {
		t.Fatalf("the assignment went to %q, want Minh", to)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
	if !strings.Contains(webtest.Subject(m), "Nguyễn Thị Lan") || !strings.Contains(string(body), "/cases/"+k.ID) {
		t.Errorf("the assignment mail says %q / %s", webtest.Subject(m), body)
	}

	// A second bad answer joins the open case.
	ce.answer(5)
	deadline := time.Now().Add(10 * time.Second)
	for len(k.Feedback) < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		e.MustCall("GET", "/api/v1/cases/"+k.ID, ce.key, nil, 200, &k)
	}
	if len(k.Feedback) != 2 {
		t.Fatalf("the second answer did not join the case: %+v", k.Feedback)
	}
	ce.waitCases(t, "?customer_id="+ce.lan.ID, 1)

	// Minh replies by e-mail: that is the first contact.
	minh := ce.session(ce.minh)
	var after cx.Case
	ce.callAs(minh, "POST", "/api/v1/cases/"+k.ID+"/replies", map[string]any{"subject": "Xin lỗi chị Lan", "text": "Quán xin lỗi vì đã để chị chờ lâu."}, 201, &after)
	if got := ce.mb.Next(t); !strings.Contains(got.Header.Get("To"), "lan@example.vn") || webtest.Subject(got) != "Xin lỗi chị Lan" {
		t.Fatalf("the reply went to %q with %q", got.Header.Get("To"), webtest.Subject(got))
	}
	if after.Status != cx.CaseContacted || after.ContactedAt == nil || !after.DueAt.Equal(after.ResolveDue) {
		t.Fatalf("after the reply: status %s, contacted %v, due %v; want contacted, due at the resolution", after.Status, after.ContactedAt, after.DueAt)
	}
	ce.callAs(minh, "POST", "/api/v1/cases/"+k.ID+"/entries", map[string]any{"kind": "call", "text": "Gọi chị Lan, tặng phiếu giảm giá"}, 201, nil)
	ce.callAs(minh, "POST", "/api/v1/cases/"+k.ID+"/status", map[string]any{"status": "closed_typo"}, 400, nil)
	var cause cx.RootCause
	e.MustCall("POST", "/api/v1/root-causes", ce.key, map[string]any{"name": map[string]string{"vi": "Thiếu người giờ cao điểm"}, "touchpoint_id": ce.store}, 201, &cause)
	ce.callAs(minh, "POST", "/api/v1/cases/"+k.ID+"/status", map[string]any{"status": "resolved", "resolution": "Đã xin lỗi, tặng phiếu", "root_cause_id": cause.ID, "resurvey": true}, 200, &after)
	if after.Status != cx.CaseResolved || after.DueAt != nil || after.RootCauseID != cause.ID {
		t.Fatalf("after resolving: %+v", after)
	}

	// Lan gets the re-survey and answers 9: she is recovered.
	m = ce.mb.Next(t)
	_, html := webtest.MailParts(t, m)
	link := regexp.MustCompile(`href="(http[^"]+/s/[a-z0-9]+)`).FindStringSubmatch(html)
	if !strings.Contains(m.Header.Get("To"), "lan@example.vn") || link == nil {
		t.Fatalf("re-survey mail to %q without a link: %s", m.Header.Get("To"), html)
	}
	c := e.Client()
	c.Get(link[1]).Want(200)
	c.Post(link[1], url.Values{"q": {"nps"}, "v": {"9"}})
	deadline = time.Now().Add(10 * time.Second)
	for after.Recovered == nil && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		e.MustCall("GET", "/api/v1/cases/"+k.ID, ce.key, nil, 200, &after)
	}
	if after.Recovered == nil || !*after.Recovered || len(after.Feedback) != 3 {
		t.Fatalf("after the re-survey: recovered %v, %d feedback; want recovered with the answer linked", after.Recovered, len(after.Feedback))
	}
	ce.waitCases(t, "?customer_id="+ce.lan.ID, 1) // the re-survey's answer opened no case

	var st cases.Stats
	e.MustCall("GET", "/api/v1/analytics/cases", ce.key, nil, 200, &st)
	if st.Opened != 1 || st.Resurveyed != 1 || st.Recovered != 1 || st.RecoveryRate == nil || *st.RecoveryRate != 100 ||
		st.Contacted != 1 || st.Resolved != 1 || len(st.RootCauses) != 1 || st.RootCauses[0].TouchpointID != ce.store {
		t.Fatalf("got stats %+v", st)
	}
	kinds := []string{}
	for _, h := range after.History {
		kinds = append(kinds, h.Kind)
	}
	if got, want := strings.Join(kinds, " "), "opened feedback email status call status resurvey resurvey_answer"; got != want {
		t.Errorf("got history %q, want %q", got, want)
	}
}

// TestCaseSLABreachEscalates drives the worker's clock past the first
// contact's deadline: the owner is reminded first, then the stage's owner
// is told it broke.
func TestCaseSLABreachEscalates(t *testing.T) {
	ce := newCaseEnv(t)
	e := ce.e
	ce.answer(2)
	k := ce.waitCases(t, "?status=new", 1)[0]
	ce.mb.Next(t) // the assignment
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sender, _ := feedback.NewSMTP("smtp://"+ce.mb.Addr, "cskh@caphesang.vn")
	w := cases.NewWorker(cases.New(e.Store, feedback.New(e.Store, e.Ingest, e.URL, time.Now), sender, e.URL, time.Now, log))
	ctx := context.Background()

	w.Clock = func() time.Time { return k.DueAt.Add(-30 * time.Minute) }
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if m := ce.mb.Next(t); !strings.Contains(m.Header.Get("To"), "minh@caphesang.vn") || !strings.Contains(webtest.Subject(m), "Sắp đến hạn") {
		t.Fatalf("got %q to %q, want the reminder to Minh", webtest.Subject(m), m.Header.Get("To"))
	}
	ce.waitCases(t, "?overdue=true", 0)

	w.Clock = func() time.Time { return k.DueAt.Add(time.Minute) }
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	m := ce.mb.Next(t)
	if !strings.Contains(m.Header.Get("To"), "ha@caphesang.vn") || !strings.Contains(webtest.Subject(m), "escalated") {
		t.Fatalf("got %q to %q, want the escalation to Hà, in English", webtest.Subject(m), m.Header.Get("To"))
	}
	if err := w.Step(ctx); err != nil {
		t.Fatal(err)
	}
	ce.mb.None(t)
	e.MustCall("GET", "/api/v1/cases/"+k.ID, ce.key, nil, 200, &k)
	if k.EscalatedAt == nil || k.History[len(k.History)-1].Kind != cx.EntryEscalate || k.History[len(k.History)-1].To != ce.ha.ID {
		t.Fatalf("got case %+v, want escalated to Hà", k)
	}
	ce.waitCases(t, "?overdue=true", 0) // overdue by the worker's clock, not yet by the API's
	ce.waitCases(t, "?owner="+ce.minh.ID, 1)
	ce.waitCases(t, "?owner="+ce.ha.ID, 0)
}

// session signs a member in and returns the session cookie.
func (ce *caseEnv) session(m cx.Member) string {
	ce.e.T.Helper()
	return ce.e.SessionOf(ce.wsID, m.ID)
}

func (ce *caseEnv) callAs(cookie, method, path string, body any, want int, out any) {
	ce.e.T.Helper()
	req := ce.e.Request(method, path, body)
	req.AddCookie(&http.Cookie{Name: httpio.SessionCookie, Value: cookie})
	status, b := ce.e.Send(req)
	if status != want {
		ce.e.T.Fatalf("%s %s: got %d, want %d: %s", method, path, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			ce.e.T.Fatal(err)
		}
	}
}
