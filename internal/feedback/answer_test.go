package feedback_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/secret"
	"cxm/internal/store/storetest"
)

// TestVisitFindsTheSurvey: a token is a survey's public key or a personal
// invitation's token; anything else leads nowhere and says no more.
func TestVisitFindsTheSurvey(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	inv, token := e.invite(sv, cx.Invitation{Email: "lan@example.vn", Language: cx.LangEn})

	anon := e.visit(sv.PublicKey, "")
	if anon.Survey.ID != sv.ID || anon.Invitation != nil || anon.Response != nil || anon.WorkspaceID != e.wsID {
		t.Errorf("by public key got %+v", anon)
	}
	personal := e.visit(token, "")
	if personal.Survey.ID != sv.ID || personal.Invitation == nil || personal.Invitation.ID != inv.ID {
		t.Errorf("by invitation token got %+v", personal)
	}
	for _, bad := range []string{"", "nope", secret.Hash(token), strings.ToUpper(sv.PublicKey) + "x"} {
		_, err := e.fb.Visit(e.ctx, feedback.Arrival{Token: bad})
		storetest.WantErr(t, err, cx.NotFound, "")
	}
	otherWS := storetest.Workspace(t, e.st, "Quán B").ID
	other := e.surveyIn(otherWS, cx.SurveyActive)
	if v := e.visit(other.PublicKey, ""); v.WorkspaceID != otherWS || v.Survey.ID != other.ID {
		t.Errorf("another workspace's link: got workspace %s survey %s", v.WorkspaceID, v.Survey.ID)
	}
}

// TestVisitLanguage: the language asked for, else the response's, else the
// invitation's, else the browser's.
func TestVisitLanguage(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	_, token := e.invite(sv, cx.Invitation{Email: "lan@example.vn", Language: cx.LangEn})
	lang := func(token, respondent, asked, browser string) string {
		t.Helper()
		v, err := e.fb.Visit(e.ctx, feedback.Arrival{Token: token, Respondent: respondent, Language: asked, Browser: browser})
		if err != nil {
			t.Fatal(err)
		}
		return v.Language
	}
	if got := lang(sv.PublicKey, "", "", cx.LangEn); got != cx.LangEn {
		t.Errorf("anonymous, browser en: got %s", got)
	}
	if got := lang(sv.PublicKey, "", "fr", cx.LangVi); got != cx.LangVi {
		t.Errorf("anonymous, asked fr: got %s, want the browser's", got)
	}
	if got := lang(token, "", "", cx.LangVi); got != cx.LangEn {
		t.Errorf("invitation in en, browser vi: got %s, want the invitation's", got)
	}
	if got := lang(token, "", cx.LangVi, cx.LangEn); got != cx.LangVi {
		t.Errorf("invitation in en, asked vi: got %s", got)
	}
	v := e.visit(sv.PublicKey, "")
	v.Language = cx.LangEn
	e.answer(v, cx.Answer{Question: "nps", Score: score(8)})
	if got := lang(sv.PublicKey, v.Respondent, "", cx.LangVi); got != cx.LangEn {
		t.Errorf("a response in en, browser vi: got %s, want the response's", got)
	}
}

// TestAnswerBranchesToTheEnd: each answer is stored as it is given and the
// branches choose what comes next; the respondent token finds the response
// again; the last answer completes it.
func TestAnswerBranchesToTheEnd(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)

	v := e.visit(sv.PublicKey, "")
	if got := e.resume(v); got != "nps" {
		t.Fatalf("first question: got %q, want nps", got)
	}
	if e.answer(v, cx.Answer{Question: "nps", Score: score(9)}) {
		t.Fatal("done after the first answer")
	}
	if v.Respondent == "" || v.Response == nil || v.Response.Channel != "link" {
		t.Fatalf("the first answer started no anonymous response: %+v", v)
	}
	if fb := e.feedback(sv.ID); len(fb) != 1 || *fb[0].Score != 9 {
		t.Fatalf("after the first answer got feedback %+v, want the score stored already", fb)
	}

	v = e.visit(sv.PublicKey, v.Respondent)
	if got := e.resume(v); got != "quote" {
		t.Fatalf("after 9: got %q, want the promoters' question", got)
	}
	e.answer(v, cx.Answer{Question: "quote", Choices: []string{"yes"}})
	v = e.visit(sv.PublicKey, v.Respondent)
	if got := e.resume(v); got != "criteria" {
		t.Fatalf("after quote: got %q", got)
	}
	e.answer(v, matrix(4, 2, 4))
	if !e.answer(v, cx.Answer{Question: "improve", Text: "Chờ lâu quá"}) {
		t.Fatal("the last question did not complete the response")
	}
	r, err := e.st.Response(e.ctx, e.wsID, v.Response.ID)
	if err != nil || r.CompletedAt == nil || len(r.Answers) != 4 {
		t.Fatalf("got response %+v, %v, want complete with 4 answers", r, err)
	}
	if fb := e.feedback(sv.ID); len(fb) != 6 { // nps, quote, 3 matrix rows, improve
		t.Errorf("got %d feedback rows, want 6", len(fb))
	}

	// A detractor sees the other branch; going back and changing the
	// score replaces the answer and changes the branch.
	d := e.visit(sv.PublicKey, "")
	e.answer(d, cx.Answer{Question: "nps", Score: score(3)})
	if got := e.resume(e.visit(sv.PublicKey, d.Respondent)); got != "wrong" {
		t.Fatalf("after 3: got %q, want the detractors' question", got)
	}
	d = e.visit(sv.PublicKey, d.Respondent)
	e.answer(d, cx.Answer{Question: "nps", Score: score(10)})
	d = e.visit(sv.PublicKey, d.Respondent)
	if got := e.resume(d); got != "quote" || *d.Answers()["nps"].Score != 10 {
		t.Errorf("after changing to 10: got %q, answers %+v", got, d.Answers())
	}
	// ?q= may ask for an answered or visible question, not a hidden one.
	if i, _, _ := e.fb.Resume(e.ctx, d, "nps"); d.Questions[i].Key != "nps" {
		t.Errorf("asking for nps again got %s", d.Questions[i].Key)
	}
	if i, _, _ := e.fb.Resume(e.ctx, d, "wrong"); d.Questions[i].Key != "quote" {
		t.Errorf("asking for a hidden question got %s, want the next visible one", d.Questions[i].Key)
	}
}

// TestAnswerRefused: an answer its question refuses is an *AnswerError
// naming the question, and stores nothing, not even a response.
func TestAnswerRefused(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	for _, tc := range []struct {
		name   string
		answer cx.Answer
		field  string
	}{
		{"score over the scale", cx.Answer{Question: "nps", Score: score(11)}, "nps"},
		{"score under the scale", cx.Answer{Question: "nps", Score: score(-1)}, "nps"},
		{"fractional score", cx.Answer{Question: "nps", Score: score(7.5)}, "nps"},
		{"required skipped", cx.Answer{Question: "nps"}, "nps"},
		{"unknown option", cx.Answer{Question: "quote", Choices: []string{"maybe"}}, "quote"},
		{"two options of one", cx.Answer{Question: "quote", Choices: []string{"yes", "no"}}, "quote"},
		{"unknown matrix row", cx.Answer{Question: "criteria", Scores: map[string]float64{"taste": 4, "wait": 4, "overall": 4, "music": 5}}, "criteria"},
		{"matrix row out of range", matrix(4, 6, 4), "criteria.wait"},
		{"matrix row missing", cx.Answer{Question: "criteria", Scores: map[string]float64{"taste": 4}}, "criteria"},
		{"text too long", cx.Answer{Question: "improve", Text: strings.Repeat("a", cx.MaxAnswerText+1)}, "improve"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := e.visit(sv.PublicKey, "")
			_, err := e.fb.Answer(e.ctx, v, tc.answer)
			var refused *feedback.AnswerError
			if !errors.As(err, &refused) {
				t.Fatalf("got %v, want an *AnswerError", err)
			}
			storetest.WantErr(t, err, cx.Invalid, tc.field)
			if v.Response != nil || v.Respondent != "" {
				t.Errorf("a refused answer started a response: %+v", v.Response)
			}
		})
	}
	v := e.visit(sv.PublicKey, "")
	_, err := e.fb.Answer(e.ctx, v, cx.Answer{Question: "music", Text: "x"})
	var refused *feedback.AnswerError
	if errors.As(err, &refused) {
		t.Errorf("an unknown question is an *AnswerError: the page has no question to show again")
	}
	storetest.WantErr(t, err, cx.Invalid, "question")
	if fb := e.feedback(sv.ID); len(fb) != 0 {
		t.Errorf("refused answers stored %d rows", len(fb))
	}
	stats, _ := e.st.SurveyStats(e.ctx, e.wsID)
	if stats[sv.ID].Started != 0 {
		t.Errorf("refused answers started %d responses", stats[sv.ID].Started)
	}
}

// TestSurveyTakesNoAnswers: a draft or closed survey refuses answers on
// every path (the page, the API, the widget) with 409 and says why, and
// one closed while a respondent is on the page refuses the next answer.
func TestSurveyTakesNoAnswers(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ status, message string }{
		{cx.SurveyDraft, "this survey is not open yet"},
		{cx.SurveyClosed, "this survey is closed and takes no more answers"},
	} {
		t.Run(tc.status, func(t *testing.T) {
			sv := e.survey(tc.status)
			v := e.visit(sv.PublicKey, "")
			_, _, err := e.fb.Resume(e.ctx, v, "")
			wantMessage(t, err, cx.Conflict, tc.message)
			_, err = e.fb.Answer(e.ctx, v, cx.Answer{Question: "nps", Score: score(9)})
			wantMessage(t, err, cx.Conflict, tc.message)
			_, err = v.Question("nps")
			wantMessage(t, err, cx.Conflict, tc.message)
			_, err = e.fb.SubmitResponse(e.ctx, e.wsID, cx.Response{SurveyID: sv.ID, Answers: []cx.Answer{{Question: "nps", Score: score(9)}, matrix(4, 4, 4)}})
			wantMessage(t, err, cx.Conflict, tc.message)
			_, err = e.fb.AnswerWidget(e.ctx, sv.PublicKey, feedback.WidgetAnswers{AnonymousID: "anon-1", Answers: []cx.Answer{{Question: "nps", Score: score(9)}, matrix(4, 4, 4)}})
			wantMessage(t, err, cx.Conflict, tc.message)
			if offer, err := e.fb.OfferWidget(e.ctx, sv.PublicKey); err != nil || offer.Reason != "closed" {
				t.Errorf("widget offer: got %+v, %v, want closed", offer, err)
			}
			if _, err := e.st.CustomerByIdentity(e.ctx, e.wsID, cx.IDAnonymous, "anon-1"); cx.ErrorCode(err) != cx.NotFound {
				t.Errorf("a refused widget answer made a profile: %v", err)
			}
			if fb := e.feedback(sv.ID); len(fb) != 0 {
				t.Errorf("stored %d rows", len(fb))
			}
		})
	}

	// The store holds the rule in the transaction that writes: a visit
	// read while the survey was open cannot answer once it is closed.
	sv := e.survey(cx.SurveyActive)
	v := e.visit(sv.PublicKey, "")
	e.answer(v, cx.Answer{Question: "nps", Score: score(9)})
	closed := sv
	closed.Status = cx.SurveyClosed
	if _, err := e.st.UpdateSurvey(e.ctx, e.wsID, closed); err != nil {
		t.Fatal(err)
	}
	_, err := e.fb.Answer(e.ctx, v, cx.Answer{Question: "quote", Choices: []string{"yes"}})
	wantMessage(t, err, cx.Conflict, "this survey is closed and takes no more answers")
	if fb := e.feedback(sv.ID); len(fb) != 1 {
		t.Errorf("got %d rows, want the answer given before closing only", len(fb))
	}
}

// TestPersonalLink: a personal link answers as its customer, in its
// channel; it takes one response, expires unused, and unsubscribes.
func TestPersonalLink(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	inv, token := e.invite(sv, cx.Invitation{Email: "lan@example.vn", Channel: "email"})

	v := e.visit(token, "")
	e.answer(v, cx.Answer{Question: "nps", Score: score(6)})
	if v.Respondent != "" || v.Response.InvitationID != inv.ID || v.Response.Channel != "email" {
		t.Errorf("got respondent %q, response %+v, want the invitation's", v.Respondent, v.Response)
	}
	v = e.visit(token, "")
	if got := e.resume(v); got != "wrong" {
		t.Fatalf("the link does not resume its response: got %q", got)
	}
	e.answer(v, cx.Answer{Question: "wrong"})
	e.answer(v, matrix(3, 3, 3))
	if !e.answer(v, cx.Answer{Question: "improve"}) {
		t.Fatal("skipping the last, optional question did not complete the response")
	}
	if got, _ := e.st.Invitation(e.ctx, e.wsID, inv.ID); got.Status != "responded" {
		t.Errorf("got invitation status %q, want responded", got.Status)
	}
	used := e.visit(token, "")
	_, _, err := e.fb.Resume(e.ctx, used, "")
	wantMessage(t, err, cx.Conflict, "this link has already been used to answer the survey")
	_, err = e.fb.Answer(e.ctx, used, cx.Answer{Question: "nps", Score: score(10)})
	wantMessage(t, err, cx.Conflict, "this link has already been used to answer the survey")

	// An unused link expires; one in use does not.
	_, fresh := e.invite(sv, cx.Invitation{Email: "hung@example.vn"})
	_, started := e.invite(sv, cx.Invitation{Email: "mai@example.vn"})
	e.answer(e.visit(started, ""), cx.Answer{Question: "nps", Score: score(9)})
	e.now = e.now.Add(31 * 24 * time.Hour)
	_, _, err = e.fb.Resume(e.ctx, e.visit(fresh, ""), "")
	wantMessage(t, err, cx.Conflict, "this link has expired")
	if got := e.resume(e.visit(started, "")); got != "quote" {
		t.Errorf("a link in use after its expiry: got %q, want the next question", got)
	}

	// Unsubscribing needs a personal link; afterwards the person is not
	// invited again.
	storetest.WantErr(t, e.fb.Unsubscribe(e.ctx, e.visit(sv.PublicKey, "")), cx.NotFound, "")
	if err := e.fb.Unsubscribe(e.ctx, e.visit(fresh, "")); err != nil {
		t.Fatal(err)
	}
	_, err = e.st.CreateInvitation(e.ctx, e.wsID, cx.Invitation{SurveyID: sv.ID, Email: "HUNG@example.vn"}, "h-again")
	storetest.WantErr(t, err, cx.Conflict, "")
}

// TestResumeFinishes: a response whose last answer leaves no question to
// show is completed when the respondent comes back.
func TestResumeFinishes(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	inv, token := e.invite(sv, cx.Invitation{Email: "lan@example.vn"})
	_, h := secret.NewToken()
	r, err := e.st.CreateResponse(e.ctx, e.wsID, cx.Response{SurveyID: sv.ID, InvitationID: inv.ID, Channel: "link", Language: cx.LangVi}, h)
	if err != nil {
		t.Fatal(err)
	}
	all := []cx.Answer{{Question: "nps", Score: score(9)}, {Question: "quote", Choices: []string{"no"}}, matrix(5, 5, 5), {Question: "improve", Text: "Không"}}
	if err := e.st.AnswerResponse(e.ctx, e.wsID, r.ID, all, "improve", false); err != nil {
		t.Fatal(err)
	}
	if got := e.resume(e.visit(token, "")); got != "" {
		t.Fatalf("got question %q, want done", got)
	}
	if r, _ = e.st.Response(e.ctx, e.wsID, r.ID); r.CompletedAt == nil {
		t.Error("the response is not complete")
	}
}

// TestStaleRespondentToken: a respondent token of another survey, or one
// that never was, starts afresh instead of failing.
func TestStaleRespondentToken(t *testing.T) {
	e := newEnv(t)
	a, b := e.survey(cx.SurveyActive), e.survey(cx.SurveyActive)
	v := e.visit(a.PublicKey, "")
	e.answer(v, cx.Answer{Question: "nps", Score: score(9)})
	for _, tok := range []string{v.Respondent, "never-was"} {
		w := e.visit(b.PublicKey, tok)
		if w.Respondent != "" || w.Response != nil {
			t.Errorf("token %q on another survey: got %+v, want a fresh visit", tok, w)
		}
	}
}

func wantMessage(t *testing.T, err error, code, message string) {
	t.Helper()
	storetest.WantErr(t, err, code, "")
	if got := cx.AsError(err).Message; got != message {
		t.Fatalf("got message %q, want %q", got, message)
	}
}
