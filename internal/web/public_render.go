package web

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"

	"cxm/internal/cx"
)

// questionView is what the survey page template gets.
type questionView struct {
	Survey    cx.Survey
	Q         cx.Question
	Step      int       // 1-based position of the question among all
	Total     int       // the number of questions
	Answer    cx.Answer // the earlier answer, shown selected
	Scale     []int     // the scores to choose from
	Criteria  []cx.Option
	Action    string
	Resp      string // the anonymous respondent's token
	LangForm  string
	Via       string
	Back      string            // the previous question's link, if any
	Last      bool              // no question can follow
	LangLinks map[string]string // vi/en switch
	Preview   bool              // the dashboard's preview: no form posts
}

// Score reports whether the earlier answer chose n.
func (q questionView) Score(n int) bool {
	return q.Answer.Score != nil && *q.Answer.Score == float64(n)
}

// RowScore reports whether the earlier answer gave row the score n.
func (q questionView) RowScore(row string, n int) bool {
	v, ok := q.Answer.Scores[row]
	return ok && v == float64(n)
}

// Chose reports whether the earlier answer chose option key.
func (q questionView) Chose(key string) bool { return slices.Contains(q.Answer.Choices, key) }

// publicView is the page data around the public pages' content.
type publicView struct {
	Visit     *surveyVisit
	Survey    cx.Survey
	Question  *questionView
	LangLinks map[string]string
	Unsub     string // the unsubscribe link of a personal invitation
}

func scaleOf(qtype string) []int {
	lo, hi, ok := cx.Scale(qtype)
	if !ok {
		return nil
	}
	var out []int
	for n := int(lo); n <= int(hi); n++ {
		out = append(out, n)
	}
	return out
}

// newQuestionView prepares question i of qs for the page.
func newQuestionView(sv cx.Survey, qs []cx.Question, answers map[string]cx.Answer, i int) *questionView {
	q := qs[i]
	qv := &questionView{Survey: sv, Q: q, Step: i + 1, Total: len(qs), Answer: answers[q.Key], Scale: scaleOf(q.Type), Criteria: q.Criteria()}
	if q.Type == cx.QMatrix {
		qv.Scale = scaleOf(cx.QMatrix)
	}
	qv.Last = i == len(qs)-1
	return qv
}

// renderQuestion shows question i with the answer so far, or with err and
// the answer as posted.
func (s *Server) renderQuestion(w http.ResponseWriter, r *http.Request, v *surveyVisit, i, status int, err error) {
	qs, answers := v.Questions, v.Answers()
	qv := newQuestionView(v.Survey, qs, answers, i)
	if err != nil {
		qv.Answer = readAnswer(r, qs[i])
	}
	qv.Action, qv.Resp, qv.LangForm, qv.Via = "/s/"+url.PathEscape(v.token), v.Respondent, v.langForm, r.FormValue("via")
	for j := i - 1; j >= 0; j-- {
		if qs[j].Visible(answers) {
			qv.Back = v.link("", url.Values{"q": {qs[j].Key}})
			break
		}
	}
	s.renderPublic(w, r, v, status, "survey", &publicView{Question: qv}, err)
}

// renderPublic writes a public page in the visit's language, with the
// public layout: small, no dashboard navigation.
func (s *Server) renderPublic(w http.ResponseWriter, r *http.Request, v *surveyVisit, status int, page string, pv *publicView, err error) {
	if pv == nil {
		pv = &publicView{}
	}
	lang := acceptLanguage(r.Header.Get("Accept-Language"))
	if v != nil {
		lang, pv.Visit, pv.Survey = v.Language, v, v.Survey
		pv.LangLinks = map[string]string{}
		keep := url.Values{}
		if q := r.URL.Query().Get("q"); q != "" && r.Method == http.MethodGet {
			keep.Set("q", q)
		}
		for _, l := range []string{cx.LangVi, cx.LangEn} {
			saved := v.langForm
			v.langForm = l
			pv.LangLinks[l] = v.link(suffixOf(page), keep)
			v.langForm = saved
		}
		if v.Invitation != nil {
			pv.Unsub = "/s/" + url.PathEscape(v.token) + "/unsubscribe"
		}
		if pv.Question != nil {
			pv.Question.LangLinks = pv.LangLinks
		}
	}
	view := &view{Lang: lang, Page: page, Data: pv}
	if err != nil {
		view.Err = cx.AsError(err)
		if view.Err == nil {
			s.log.Error("survey page", "path", r.URL.Path, "err", err)
			view.Err = cx.Errorf(cx.Internal, "internal error")
		}
	}
	var buf bytes.Buffer
	if err := s.pages.tpl[lang][page].ExecuteTemplate(&buf, "public", view); err != nil {
		s.log.Error("render survey page", "page", page, "err", err)
		http.Error(w, s.pages.cat.t(lang, "error.internal"), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func suffixOf(page string) string {
	switch page {
	case "survey_thanks":
		return "/thanks"
	case "survey_unsubscribe":
		return "/unsubscribe"
	}
	return ""
}

// renderSurveyError shows a public error page: a closed survey, a used or
// expired link, a flood.
func (s *Server) renderSurveyError(w http.ResponseWriter, r *http.Request, v *surveyVisit, err error) {
	e := cx.AsError(err)
	if e == nil {
		s.log.Error("survey page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = cx.Errorf(cx.Internal, "internal error")
	}
	s.renderPublic(w, r, v, statusOf(e.Code), "survey_error", nil, e)
}

// surveyUnsubscribePage serves GET /s/{token}/unsubscribe: a button that
// confirms, so that link scanners unsubscribe nobody.
func (s *Server) surveyUnsubscribePage(w http.ResponseWriter, r *http.Request) {
	v, err := s.visit(r)
	if err == nil {
		err = v.Personal()
	}
	if err != nil {
		s.renderSurveyError(w, r, v, err)
		return
	}
	s.renderPublic(w, r, v, http.StatusOK, "survey_unsubscribe", nil, nil)
}

// surveyUnsubscribe serves POST /s/{token}/unsubscribe, from the page or
// from a mail program's one-click unsubscribe (RFC 8058).
func (s *Server) surveyUnsubscribe(w http.ResponseWriter, r *http.Request) {
	if !s.surveyLimit.allow(clientIP(r)) {
		s.renderSurveyError(w, r, nil, cx.Errorf(cx.TooMany, "too many answers from your network: wait a minute and try again"))
		return
	}
	v, err := s.visit(r)
	if err == nil {
		err = s.feedback.Unsubscribe(r.Context(), v.Visit)
	}
	if err != nil {
		s.renderSurveyError(w, r, v, err)
		return
	}
	s.renderPublic(w, r, v, http.StatusOK, "survey_unsubscribed", nil, nil)
}
