package feedback_test

import (
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store/storetest"
)

// TestSubmitResponseChecks: a whole response is checked as the survey page
// checks each answer, plus the branches and the required questions; one
// bad answer stores nothing.
func TestSubmitResponseChecks(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	valid := func() []cx.Answer {
		return []cx.Answer{{Question: "nps", Score: score(9)}, {Question: "quote", Choices: []string{"yes"}}, matrix(4, 3, 4),
			{Question: "improve", Text: "Thêm chỗ ngồi"}}
	}
	for _, tc := range []struct {
		name   string
		change func(a []cx.Answer) []cx.Answer
		field  string
	}{
		{"score out of range", func(a []cx.Answer) []cx.Answer { a[0].Score = score(11); return a }, "answers[0].nps"},
		{"unknown option", func(a []cx.Answer) []cx.Answer { a[1].Choices = []string{"maybe"}; return a }, "answers[1].quote"},
		{"matrix row out of range", func(a []cx.Answer) []cx.Answer { a[2].Scores["wait"] = 0; return a }, "answers[2].criteria.wait"},
		{"text too long", func(a []cx.Answer) []cx.Answer { a[3].Text = strings.Repeat("x", cx.MaxAnswerText+1); return a }, "answers[3].improve"},
		{"branch not asked", func(a []cx.Answer) []cx.Answer { return append(a, cx.Answer{Question: "wrong", Text: "x"}) }, "answers[4].question"},
		{"unknown question", func(a []cx.Answer) []cx.Answer { return append(a, cx.Answer{Question: "music", Text: "x"}) }, "answers[4].question"},
		{"answered twice", func(a []cx.Answer) []cx.Answer { return append(a, a[3]) }, "answers"},
		{"required missing", func(a []cx.Answer) []cx.Answer { return a[:2] }, "criteria"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.fb.SubmitResponse(e.ctx, e.wsID, cx.Response{SurveyID: sv.ID, Answers: tc.change(valid())})
			storetest.WantErr(t, err, cx.Invalid, tc.field)
		})
	}
	if fb := e.feedback(sv.ID); len(fb) != 0 {
		t.Fatalf("refused responses stored %d rows", len(fb))
	}
	_, err := e.fb.SubmitResponse(e.ctx, e.wsID, cx.Response{SurveyID: "sv_nope", Answers: valid()})
	storetest.WantErr(t, err, cx.NotFound, "")

	r, err := e.fb.SubmitResponse(e.ctx, e.wsID, cx.Response{SurveyID: sv.ID, Language: "fr", Answers: valid()})
	if err != nil || r.CompletedAt == nil || r.Channel != "api" || r.Language != cx.LangVi || len(r.Answers) != 4 {
		t.Fatalf("got %+v, %v, want a complete API response in Vietnamese", r, err)
	}
	r, err = e.fb.SubmitResponse(e.ctx, e.wsID, cx.Response{SurveyID: sv.ID, Channel: "call_centre", Language: cx.LangEn, Answers: valid()})
	if err != nil || r.Channel != "call_centre" || r.Language != cx.LangEn {
		t.Errorf("got %+v, %v, want the channel and language given", r, err)
	}
}

// TestWidget: a site's visitor is offered the survey, answers it as a new
// anonymous profile; the offer says nothing about the visitor but the
// workspace's fatigue window; a bot is thanked and stores nothing.
func TestWidget(t *testing.T) {
	e := newEnv(t)
	sv := e.survey(cx.SurveyActive)
	answers := []cx.Answer{{Question: "nps", Score: score(8)}, matrix(4, 4, 4)}

	offer, err := e.fb.OfferWidget(e.ctx, sv.PublicKey)
	if err != nil || offer.Reason != "" || offer.Survey.ID != sv.ID || offer.FatigueDays != 30 {
		t.Fatalf("got %+v, %v, want the survey shown with the fatigue window", offer, err)
	}
	_, err = e.fb.AnswerWidget(e.ctx, sv.PublicKey, feedback.WidgetAnswers{AnonymousID: "anon-42", Answers: []cx.Answer{{Question: "nps", Score: score(12)}}})
	storetest.WantErr(t, err, cx.Invalid, "answers[0].nps")
	if _, err := e.st.CustomerByIdentity(e.ctx, e.wsID, cx.IDAnonymous, "anon-42"); cx.ErrorCode(err) != cx.NotFound {
		t.Errorf("a refused answer made a profile: %v", err)
	}

	r, err := e.fb.AnswerWidget(e.ctx, sv.PublicKey, feedback.WidgetAnswers{AnonymousID: "anon-42", Language: cx.LangEn, Answers: answers})
	if err != nil || r.ID == "" || r.Channel != "widget" || r.Language != cx.LangEn || r.CustomerID == "" {
		t.Fatalf("got %+v, %v, want a widget response of a new customer", r, err)
	}
	c, err := e.st.CustomerByIdentity(e.ctx, e.wsID, cx.IDAnonymous, "anon-42")
	if err != nil || c.ID != r.CustomerID {
		t.Errorf("the answers do not follow the visitor: customer %+v, %v", c, err)
	}

	before := len(e.feedback(sv.ID))
	bot, err := e.fb.AnswerWidget(e.ctx, sv.PublicKey, feedback.WidgetAnswers{AnonymousID: "anon-bot", Answers: answers, Website: "http://spam.example"})
	if err != nil || bot.ID != "" || len(e.feedback(sv.ID)) != before {
		t.Errorf("the honeypot: got %+v, %v, and %d new rows", bot, err, len(e.feedback(sv.ID))-before)
	}
	_, err = e.fb.OfferWidget(e.ctx, "nope")
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = e.fb.AnswerWidget(e.ctx, "nope", feedback.WidgetAnswers{Answers: answers})
	storetest.WantErr(t, err, cx.NotFound, "")
}
