package feedback

import (
	"context"
	"maps"
	"slices"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// Answering a survey one question at a time, as the public survey page
// does: each answer is stored when it is given, so a score counts even if
// the respondent leaves before the comment, and branches decide which
// question comes next.

// errNoSurvey is what a token that leads nowhere is told; it says no more,
// so that tokens cannot be probed.
var errNoSurvey = cx.Errorf(cx.NotFound, "this survey link is not valid")

// Arrival is what a respondent's request says about them.
type Arrival struct {
	Token      string // the survey's public key or a personal invitation's token
	Respondent string // the anonymous respondent's token from an earlier answer, if any
	Language   string // the language asked for: vi, en, or anything else for none
	Browser    string // the browser's language, the last resort
	Via        string // "qr" when the respondent came by the survey's QR code
}

// Visit is where a token leads: the survey, the personal invitation when
// the token is one, the response in progress and the language to ask in.
type Visit struct {
	WorkspaceID string
	Survey      cx.Survey
	Invitation  *cx.Invitation // nil for the survey's anonymous link
	Response    *cx.Response   // nil until the first answer
	// Respondent is the anonymous respondent's token: carried from page
	// to page, it finds their response again. Answer sets it when it
	// starts an anonymous response.
	Respondent string
	Language   string
	// Questions are those of the response's version, else the survey's
	// current ones: a respondent finishes the version they started.
	Questions []cx.Question

	via string
	at  time.Time // when the visit began: personal links expire by it
}

// Visit finds what a token leads to, then the response in progress, if
// any. A stale respondent token, or one of another survey, is forgotten:
// the respondent starts afresh.
func (s *Service) Visit(ctx context.Context, a Arrival) (*Visit, error) {
	v := &Visit{Respondent: a.Respondent, via: a.Via, at: s.now()}
	wsID, inv, err := s.store.InvitationByToken(ctx, secret.Hash(a.Token))
	switch {
	case err == nil:
		v.WorkspaceID, v.Invitation = wsID, &inv
		if v.Survey, err = s.store.Survey(ctx, wsID, inv.SurveyID); err != nil {
			return nil, err
		}
	case cx.ErrorCode(err) != cx.NotFound:
		return nil, err
	default:
		if v.WorkspaceID, v.Survey, err = s.store.SurveyByPublicKey(ctx, a.Token); err != nil {
			return nil, errNoSurvey
		}
	}
	if err := s.findResponse(ctx, v); err != nil {
		return nil, err
	}
	v.Language = v.language(a.Language, a.Browser)
	v.Questions = v.Survey.Questions
	if v.Response != nil && v.Response.Version != v.Survey.Version {
		if v.Questions, err = s.store.SurveyQuestions(ctx, v.WorkspaceID, v.Survey.ID, v.Response.Version); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Service) findResponse(ctx context.Context, v *Visit) error {
	switch {
	case v.Invitation != nil && v.Invitation.ResponseID != "":
		resp, err := s.store.Response(ctx, v.WorkspaceID, v.Invitation.ResponseID)
		if err != nil {
			return err
		}
		v.Response = &resp
	case v.Invitation == nil && v.Respondent != "":
		wsID, resp, err := s.store.ResponseByToken(ctx, secret.Hash(v.Respondent))
		if err != nil || wsID != v.WorkspaceID || resp.SurveyID != v.Survey.ID {
			v.Respondent = ""
			return nil
		}
		v.Response = &resp
	}
	return nil
}

// language is the one asked for, else the response's, else the
// invitation's, else the browser's.
func (v *Visit) language(asked, browser string) string {
	switch {
	case asked == cx.LangVi || asked == cx.LangEn:
		return asked
	case v.Response != nil && v.Response.Language != "":
		return v.Response.Language
	case v.Invitation != nil:
		return v.Invitation.Language
	}
	return browser
}

// usable returns why the visit may not answer: a survey that takes no
// answers, a used or expired personal link.
func (v *Visit) usable() error {
	if err := v.Survey.TakesAnswers(); err != nil {
		return err
	}
	switch {
	case v.Response != nil && v.Response.CompletedAt != nil && v.Invitation != nil:
		return cx.Errorf(cx.Conflict, "this link has already been used to answer the survey")
	case v.Invitation != nil && v.Invitation.ResponseID == "" && v.at.After(v.Invitation.ExpiresAt):
		return cx.Errorf(cx.Conflict, "this link has expired")
	}
	return nil
}

// Answers are the answers given so far, by question.
func (v *Visit) Answers() map[string]cx.Answer {
	if v.Response == nil {
		return map[string]cx.Answer{}
	}
	return cx.AnswerMap(v.Response.Answers)
}

// Question returns the index of the question keyed key, which the visit
// may answer: an error when the survey takes no answers, the link is used
// up or expired, or the survey has no such question.
func (v *Visit) Question(key string) (int, error) {
	if err := v.usable(); err != nil {
		return -1, err
	}
	for i, q := range v.Questions {
		if q.Key == key {
			return i, nil
		}
	}
	return -1, cx.FieldErrorf("question", "no question %q in this survey", key)
}

// Resume returns the index of the question to show: the one asked for when
// the answers so far make it visible, else the first visible one after the
// last answered. When none is left the response is complete: Resume ends
// it and reports done.
func (s *Service) Resume(ctx context.Context, v *Visit, asked string) (i int, done bool, err error) {
	if err := v.usable(); err != nil {
		return -1, false, err
	}
	answers, last := v.Answers(), ""
	if v.Response != nil {
		last = v.Response.LastQuestion
	}
	if i = questionIndex(v.Questions, answers, asked, last); i >= 0 {
		return i, false, nil
	}
	if v.Response == nil {
		return 0, false, nil // nothing is visible yet: start at the top
	}
	if i, err = unfinished(v.Questions, answers); i >= 0 || err != nil {
		return i, false, err
	}
	if err := s.store.AnswerResponse(ctx, v.WorkspaceID, v.Response.ID, nil, last, true); err != nil {
		return -1, false, err
	}
	return -1, true, nil
}

// questionIndex is the question asked for when it is visible, else the
// next one after the last answered.
func questionIndex(qs []cx.Question, answers map[string]cx.Answer, asked, last string) int {
	for i, q := range qs {
		if q.Key == asked && q.Visible(answers) {
			return i
		}
	}
	return cx.NextQuestion(qs, answers, last)
}

// unfinished returns the question that keeps the answers from making a
// whole response by the API's rule, cx.CheckResponse (a required question
// left out, say by posting a later one), or -1 when they make one. The page
// shows that question instead of finishing.
func unfinished(qs []cx.Question, answers map[string]cx.Answer) (int, error) {
	err := cx.CheckResponse(qs, slices.Collect(maps.Values(answers)))
	if err == nil {
		return -1, nil
	}
	if e := cx.AsError(err); e != nil {
		for i, q := range qs {
			if q.Key == e.Field {
				return i, nil
			}
		}
	}
	return -1, err
}

// AnswerError is an answer its question refuses (a score out of range, an
// unknown option, a text too long): the respondent may correct it, so the
// page shows the question again. It unwraps to the *cx.Error that says why.
type AnswerError struct{ Err error }

// Error returns the reason's message.
func (e *AnswerError) Error() string { return e.Err.Error() }

// Unwrap returns the reason.
func (e *AnswerError) Unwrap() error { return e.Err }

// Answer checks a against its question and stores it, in place of an
// earlier answer to the same question (a respondent may go back). The
// visit's first answer starts its response. done reports that no question
// follows, given the answers so far, and that they make a whole response by
// cx.CheckResponse, the API's rule: the response is then complete. A
// question the branches hide is refused; answers to questions that a
// changed answer now hides are removed, so that what is stored stays what
// the API would accept. An answer the question refuses is an *AnswerError
// and stores nothing.
func (s *Service) Answer(ctx context.Context, v *Visit, a cx.Answer) (done bool, err error) {
	i, err := v.Question(a.Question)
	if err != nil {
		return false, err
	}
	if err := v.Questions[i].Check(&a); err != nil {
		return false, &AnswerError{err}
	}
	answers := v.Answers()
	if !v.Questions[i].Visible(answers) {
		return false, cx.FieldErrorf("question", "question %q is not asked after these answers", a.Question)
	}
	if err := s.start(ctx, v); err != nil {
		return false, err
	}
	answers[a.Question] = a
	batch := append([]cx.Answer{a}, dropHidden(v.Questions, answers)...)
	if done = cx.NextQuestion(v.Questions, answers, a.Question) < 0; done {
		missing, err := unfinished(v.Questions, answers)
		if err != nil {
			return false, err
		}
		done = missing < 0
	}
	if err := s.store.AnswerResponse(ctx, v.WorkspaceID, v.Response.ID, batch, a.Question, done); err != nil {
		return false, err
	}
	v.Response.Answers, v.Response.LastQuestion = nil, a.Question // the visit goes on with what is stored
	for _, q := range v.Questions {
		if got, ok := answers[q.Key]; ok && !got.Empty() {
			v.Response.Answers = append(v.Response.Answers, got)
		}
	}
	return done, nil
}

// dropHidden removes from answers those of questions the branches no
// longer ask (the respondent went back and changed a score) and returns
// the empty answers that delete them from the store. Questions are taken
// in order, so a chain of branches is followed.
func dropHidden(qs []cx.Question, answers map[string]cx.Answer) []cx.Answer {
	var gone []cx.Answer
	for _, q := range qs {
		if _, ok := answers[q.Key]; ok && !q.Visible(answers) {
			delete(answers, q.Key)
			gone = append(gone, cx.Answer{Question: q.Key})
		}
	}
	return gone
}

// start creates the visit's response on its first answer: a personal
// link's belongs to its invitation and customer; an anonymous one gets a
// respondent token.
func (s *Service) start(ctx context.Context, v *Visit) error {
	if v.Response != nil {
		return nil
	}
	resp := cx.Response{SurveyID: v.Survey.ID, Channel: "link", Language: v.Language}
	token, hash := secret.NewToken()
	if v.Invitation != nil {
		resp.InvitationID, resp.CustomerID, resp.Channel = v.Invitation.ID, v.Invitation.CustomerID, v.Invitation.Channel
	} else if v.via == "qr" {
		resp.Channel = "qr"
	}
	created, err := s.store.CreateResponse(ctx, v.WorkspaceID, resp, hash)
	if err != nil {
		return err
	}
	if v.Invitation == nil {
		v.Respondent = token
	}
	v.Response = &created
	return nil
}

// Unsubscribe stops survey invitations to the person a personal link was
// sent to, by customer and by email.
func (s *Service) Unsubscribe(ctx context.Context, v *Visit) error {
	if err := v.Personal(); err != nil {
		return err
	}
	return s.store.Unsubscribe(ctx, v.WorkspaceID, *v.Invitation)
}

// Personal returns an error unless the visit came by a personal link: an
// anonymous link names nobody to unsubscribe.
func (v *Visit) Personal() error {
	if v.Invitation == nil {
		return errNoSurvey
	}
	return nil
}
