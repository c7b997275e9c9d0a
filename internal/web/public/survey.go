package public

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// The public survey pages, /s/{token}: the token is a survey's public key
// (an anonymous link or QR code) or a personal invitation's token. Each
// answer is stored when it is posted, so a score counts even if the
// respondent leaves before the comment. They work without JavaScript.

// honeypot is a form field people never see; bots fill it in.
const honeypot = "website"

// surveyVisit is what a token and the request's respondent token lead to.
type surveyVisit struct {
	token    string
	wsID     string
	survey   cx.Survey
	inv      *cx.Invitation
	resp     *cx.Response
	respTok  string // the anonymous respondent's token, carried in ?r=
	lang     string
	langForm string // the language asked for with ?lang=, carried along
}

// visit resolves the token, then the response in progress, if any.
func (s *Handler) visit(r *http.Request) (*surveyVisit, error) {
	ctx := r.Context()
	v := &surveyVisit{token: r.PathValue("token"), respTok: r.FormValue("r"), langForm: r.FormValue("lang")}
	if wsID, inv, err := s.store.InvitationByToken(ctx, secret.Hash(v.token)); err == nil {
		v.wsID, v.inv = wsID, &inv
		v.survey, err = s.store.Survey(ctx, wsID, inv.SurveyID)
		if err != nil {
			return nil, err
		}
	} else if cx.ErrorCode(err) != cx.NotFound {
		return nil, err
	} else if v.wsID, v.survey, err = s.store.SurveyByPublicKey(ctx, v.token); err != nil {
		return nil, cx.Errorf(cx.NotFound, "this survey link is not valid")
	}
	if err := s.findResponse(ctx, v); err != nil {
		return nil, err
	}
	v.lang = v.language(r)
	return v, nil
}

func (s *Handler) findResponse(ctx context.Context, v *surveyVisit) error {
	switch {
	case v.inv != nil && v.inv.ResponseID != "":
		resp, err := s.store.Response(ctx, v.wsID, v.inv.ResponseID)
		if err != nil {
			return err
		}
		v.resp = &resp
	case v.inv == nil && v.respTok != "":
		wsID, resp, err := s.store.ResponseByToken(ctx, secret.Hash(v.respTok))
		if err != nil || wsID != v.wsID || resp.SurveyID != v.survey.ID {
			v.respTok = "" // a stale or foreign token: start afresh
			return nil
		}
		v.resp = &resp
	}
	return nil
}

// language is ?lang=, else the response's or invitation's, else the
// browser's.
func (v *surveyVisit) language(r *http.Request) string {
	switch {
	case v.langForm == cx.LangVi || v.langForm == cx.LangEn:
		return v.langForm
	case v.resp != nil && v.resp.Language != "":
		return v.resp.Language
	case v.inv != nil:
		return v.inv.Language
	}
	v.langForm = ""
	return view.AcceptLanguage(r.Header.Get("Accept-Language"))
}

// usable returns why the visit may not answer: a closed or draft survey,
// a used or expired personal link.
func (v *surveyVisit) usable() error {
	switch {
	case v.survey.Status == cx.SurveyClosed:
		return cx.Errorf(cx.Conflict, "this survey is closed and takes no more answers")
	case v.survey.Status == cx.SurveyDraft:
		return cx.Errorf(cx.Conflict, "this survey is not open yet")
	case v.resp != nil && v.resp.CompletedAt != nil && v.inv != nil:
		return cx.Errorf(cx.Conflict, "this link has already been used to answer the survey")
	case v.inv != nil && v.inv.ResponseID == "" && time.Now().After(v.inv.ExpiresAt):
		return cx.Errorf(cx.Conflict, "this link has expired")
	}
	return nil
}

// questions are the questions of the response's version, else the current.
func (s *Handler) questions(ctx context.Context, v *surveyVisit) ([]cx.Question, error) {
	if v.resp == nil || v.resp.Version == v.survey.Version {
		return v.survey.Questions, nil
	}
	return s.store.SurveyQuestions(ctx, v.wsID, v.survey.ID, v.resp.Version)
}

// link is a URL of this visit's pages, keeping the respondent and language.
func (v *surveyVisit) link(suffix string, extra url.Values) string {
	q := url.Values{}
	if v.respTok != "" {
		q.Set("r", v.respTok)
	}
	if v.langForm != "" {
		q.Set("lang", v.langForm)
	}
	for k, vals := range extra {
		q[k] = vals
	}
	u := "/s/" + url.PathEscape(v.token) + suffix
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// surveyPage serves GET /s/{token}: the next question, or the one ?q=
// names. A link from an email may carry an answer (?q=nps&v=9): clicking
// a score answers.
func (s *Handler) Survey(w http.ResponseWriter, r *http.Request) {
	v, err := s.visit(r)
	if err != nil {
		s.renderSurveyError(w, r, nil, err)
		return
	}
	if err := v.usable(); err != nil {
		s.renderSurveyError(w, r, v, err)
		return
	}
	if r.URL.Query().Has("v") && r.URL.Query().Has("q") {
		s.saveAnswer(w, r, v)
		return
	}
	qs, err := s.questions(r.Context(), v)
	if err != nil {
		s.renderSurveyError(w, r, v, err)
		return
	}
	answers := map[string]cx.Answer{}
	last := ""
	if v.resp != nil {
		answers, last = cx.AnswerMap(v.resp.Answers), v.resp.LastQuestion
	}
	i := questionIndex(qs, answers, r.URL.Query().Get("q"), last)
	if i < 0 && v.resp != nil {
		if err := s.store.AnswerResponse(r.Context(), v.wsID, v.resp.ID, nil, last, true); err != nil {
			s.renderSurveyError(w, r, v, err)
			return
		}
		http.Redirect(w, r, v.link("/thanks", nil), http.StatusSeeOther)
		return
	}
	s.renderQuestion(w, r, v, qs, answers, max(i, 0), http.StatusOK, nil)
}

// questionIndex is the question ?q= names when it is visible, else the
// next one after the last answered.
func questionIndex(qs []cx.Question, answers map[string]cx.Answer, asked, last string) int {
	for i, q := range qs {
		if q.Key == asked && q.Visible(answers) {
			return i
		}
	}
	return cx.NextQuestion(qs, answers, last)
}

// surveySubmit serves POST /s/{token}: it stores one answer and moves on.
func (s *Handler) AnswerSurvey(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if !s.surveyLimit.allow(httpio.ClientIP(r)) {
		w.Header().Set("Retry-After", "60")
		s.renderSurveyError(w, r, nil, cx.Errorf(cx.TooMany, "too many answers from your network: wait a minute and try again"))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderSurveyError(w, r, nil, cx.Errorf(cx.Invalid, "the form could not be read"))
		return
	}
	v, err := s.visit(r)
	if err != nil {
		s.renderSurveyError(w, r, nil, err)
		return
	}
	if r.PostFormValue(honeypot) != "" {
		// A bot: thank it and store nothing.
		http.Redirect(w, r, v.link("/thanks", nil), http.StatusSeeOther)
		return
	}
	if err := v.usable(); err != nil {
		s.renderSurveyError(w, r, v, err)
		return
	}
	s.saveAnswer(w, r, v)
}

// saveAnswer checks and stores the answer the request carries, then sends
// the respondent to the next question or the thank-you page.
func (s *Handler) saveAnswer(w http.ResponseWriter, r *http.Request, v *surveyVisit) {
	ctx := r.Context()
	qs, err := s.questions(ctx, v)
	if err != nil {
		s.renderSurveyError(w, r, v, err)
		return
	}
	key := r.FormValue("q")
	i := -1
	for j, q := range qs {
		if q.Key == key {
			i = j
		}
	}
	if i < 0 {
		s.renderSurveyError(w, r, v, cx.FieldErrorf("q", "no question %q in this survey", key))
		return
	}
	a := readAnswer(r, qs[i])
	if r.FormValue("skip") != "" {
		a = cx.Answer{Question: qs[i].Key}
	}
	answers := map[string]cx.Answer{}
	if v.resp != nil {
		answers = cx.AnswerMap(v.resp.Answers)
	}
	if err := qs[i].Check(&a); err != nil {
		s.renderQuestion(w, r, v, qs, answers, i, httpio.StatusOf(cx.ErrorCode(err)), err)
		return
	}
	if err := s.startResponse(r, v); err != nil {
		s.renderSurveyError(w, r, v, err)
		return
	}
	answers[a.Question] = a
	done := cx.NextQuestion(qs, answers, a.Question) < 0
	if err := s.store.AnswerResponse(ctx, v.wsID, v.resp.ID, []cx.Answer{a}, a.Question, done); err != nil {
		s.renderSurveyError(w, r, v, err)
		return
	}
	if done {
		http.Redirect(w, r, v.link("/thanks", nil), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, v.link("", nil), http.StatusSeeOther)
}

// startResponse creates the visit's response on its first answer.
func (s *Handler) startResponse(r *http.Request, v *surveyVisit) error {
	if v.resp != nil {
		return nil
	}
	resp := cx.Response{SurveyID: v.survey.ID, Channel: "link", Language: v.lang}
	token, hash := secret.NewToken()
	if v.inv != nil {
		resp.InvitationID, resp.CustomerID, resp.Channel = v.inv.ID, v.inv.CustomerID, v.inv.Channel
	} else {
		v.respTok = token
		if r.FormValue("via") == "qr" {
			resp.Channel = "qr"
		}
	}
	created, err := s.store.CreateResponse(r.Context(), v.wsID, resp, hash)
	if err != nil {
		return err
	}
	v.resp = &created
	return nil
}

// readAnswer reads a question's answer from the form: v for a score, a
// choice or a text, v repeated for several choices, v.KEY for matrix rows.
func readAnswer(r *http.Request, q cx.Question) cx.Answer {
	a := cx.Answer{Question: q.Key}
	val := strings.TrimSpace(r.FormValue("v"))
	switch q.Type {
	case cx.QNPS, cx.QCSAT, cx.QCES, cx.QRating:
		if val != "" {
			f, err := strconv.ParseFloat(val, 64)
			if err != nil {
				f = -1 // not a number: out of range
			}
			a.Score = &f
		}
	case cx.QMatrix:
		for _, c := range q.Criteria() {
			if s := r.FormValue("v." + c.Key); s != "" {
				if a.Scores == nil {
					a.Scores = map[string]float64{}
				}
				f, err := strconv.ParseFloat(s, 64)
				if err != nil {
					f = -1
				}
				a.Scores[c.Key] = f
			}
		}
		for k := range r.Form {
			if key, ok := strings.CutPrefix(k, "v."); ok && r.Form.Get(k) != "" {
				if _, known := a.Scores[key]; !known {
					if a.Scores == nil {
						a.Scores = map[string]float64{}
					}
					a.Scores[key] = 0 // an unknown row: Check names it
				}
			}
		}
	case cx.QMultiple:
		for _, c := range r.Form["v"] {
			if c = strings.TrimSpace(c); c != "" {
				a.Choices = append(a.Choices, c)
			}
		}
	case cx.QSingle, cx.QConsent:
		if val != "" {
			a.Choices = []string{val}
		}
	default:
		a.Text = r.FormValue("v")
	}
	return a
}

// surveyThanks serves GET /s/{token}/thanks.
func (s *Handler) SurveyThanks(w http.ResponseWriter, r *http.Request) {
	v, err := s.visit(r)
	if err != nil {
		s.renderSurveyError(w, r, nil, err)
		return
	}
	s.renderPublic(w, r, v, http.StatusOK, "survey_thanks", nil, nil)
}
