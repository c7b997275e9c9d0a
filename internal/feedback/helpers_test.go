package feedback_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// env is a feedback service on a real store, with a running ingestion
// pipeline for the widget's new visitors, and one café workspace.
type env struct {
	t    testing.TB
	ctx  context.Context
	st   *store.Store
	fb   *feedback.Service
	wsID string
	now  time.Time // the service's clock
	pipe *ingest.Pipeline
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t)
	pipe := ingest.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	pipe.Start(ctx)
	t.Cleanup(pipe.Close)
	e := &env{t: t, ctx: ctx, st: st, now: time.Now(), pipe: pipe}
	e.fb = feedback.New(st, pipe, "https://cx.example.vn/", func() time.Time { return e.now })
	e.wsID = storetest.Workspace(t, st, "Cà phê Sáng").ID
	return e
}

// survey creates the café's survey with status: NPS, a branch for
// detractors and one for promoters, a matrix of two criteria with an
// overall row, and "what should we improve?".
func (e *env) survey(status string) cx.Survey {
	e.t.Helper()
	return e.surveyIn(e.wsID, status)
}

// surveyIn creates the café's survey in workspace wsID.
func (e *env) surveyIn(wsID, status string) cx.Survey {
	e.t.Helper()
	title := func(vi string) cx.Text { return cx.Text{Vi: vi, En: vi} }
	sv, err := e.st.CreateSurvey(e.ctx, wsID, cx.Survey{Name: title("Góp ý cho quán"), Status: status, Questions: []cx.Question{
		{Key: "nps", Type: cx.QNPS, Required: true, Title: title("Bạn có giới thiệu quán cho bạn bè không?")},
		{Key: "wrong", Type: cx.QText, Title: title("Điều gì chưa tốt?"), ShowIf: &cx.Branch{Question: "nps", Op: "<=", Value: 6}},
		{Key: "quote", Type: cx.QConsent, Title: title("Chúng tôi có thể trích lời bạn không?"), ShowIf: &cx.Branch{Question: "nps", Op: ">=", Value: 9}},
		{Key: "criteria", Type: cx.QMatrix, Required: true, Overall: true, Title: title("Bạn hài lòng thế nào với…"),
			Options: []cx.Option{{Key: "taste", Label: title("Hương vị")}, {Key: "wait", Label: title("Thời gian chờ")}}},
		{Key: "improve", Type: cx.QText, Title: title("Chúng tôi nên cải thiện điều gì?")},
	}})
	if err != nil {
		e.t.Fatal(err)
	}
	return sv
}

// invite makes a personal link to sv and returns its token.
func (e *env) invite(sv cx.Survey, inv cx.Invitation) (cx.Invitation, string) {
	e.t.Helper()
	inv.SurveyID = sv.ID
	token, hash := secret.NewToken()
	inv, err := e.st.CreateInvitation(e.ctx, e.wsID, inv, hash)
	if err != nil {
		e.t.Fatal(err)
	}
	return inv, token
}

// visit arrives by token, as respondent, in the browser's Vietnamese.
func (e *env) visit(token, respondent string) *feedback.Visit {
	e.t.Helper()
	v, err := e.fb.Visit(e.ctx, feedback.Arrival{Token: token, Respondent: respondent, Browser: cx.LangVi})
	if err != nil {
		e.t.Fatalf("visit: %v", err)
	}
	return v
}

// answer stores one answer and returns whether the response is complete.
func (e *env) answer(v *feedback.Visit, a cx.Answer) bool {
	e.t.Helper()
	done, err := e.fb.Answer(e.ctx, v, a)
	if err != nil {
		e.t.Fatalf("answer %s: %v", a.Question, err)
	}
	return done
}

// resume returns the key of the question to show, "" when done.
func (e *env) resume(v *feedback.Visit) string {
	e.t.Helper()
	i, done, err := e.fb.Resume(e.ctx, v, "")
	if err != nil {
		e.t.Fatalf("resume: %v", err)
	}
	if done {
		return ""
	}
	return v.Questions[i].Key
}

func (e *env) feedback(surveyID string) []cx.Feedback {
	e.t.Helper()
	l, err := e.st.Feedback(e.ctx, e.wsID, store.FeedbackFilter{SurveyID: surveyID}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		e.t.Fatal(err)
	}
	return l.Items
}

func score(f float64) *float64 { return &f }

func matrix(taste, wait, overall float64) cx.Answer {
	return cx.Answer{Question: "criteria", Scores: map[string]float64{"taste": taste, "wait": wait, "overall": overall}}
}
