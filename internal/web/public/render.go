package public

import (
	"bytes"
	"net/http"
	"net/url"

	"cxm/internal/cx"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// publicView is the page data around the public pages' content.
type publicView struct {
	Visit     *surveyVisit
	Survey    cx.Survey
	Question  *view.Question
	LangLinks map[string]string
	Unsub     string // the unsubscribe link of a personal invitation
}

// renderQuestion shows question i with the answer so far, or with err and
// the answer as posted.
func (s *Handler) renderQuestion(w http.ResponseWriter, r *http.Request, v *surveyVisit, i, status int, err error) {
	qs, answers := v.Questions, v.Answers()
	qv := view.NewQuestion(v.Survey, qs, answers, i)
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
func (s *Handler) renderPublic(w http.ResponseWriter, r *http.Request, v *surveyVisit, status int, page string, pv *publicView, err error) {
	if pv == nil {
		pv = &publicView{}
	}
	lang := view.AcceptLanguage(r.Header.Get("Accept-Language"))
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
	lv := &view.View{Lang: lang, Page: page, Data: pv}
	if err != nil {
		lv.Err = cx.AsError(err)
		if lv.Err == nil {
			s.log.Error("survey page", "path", r.URL.Path, "err", err)
			lv.Err = cx.Errorf(cx.Internal, "internal error")
		}
	}
	var buf bytes.Buffer
	if err := s.pages.Template(lang, page).ExecuteTemplate(&buf, "public", lv); err != nil {
		s.log.Error("render survey page", "page", page, "err", err)
		http.Error(w, s.pages.T(lang, "error.internal"), http.StatusInternalServerError)
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
func (s *Handler) renderSurveyError(w http.ResponseWriter, r *http.Request, v *surveyVisit, err error) {
	e := cx.AsError(err)
	if e == nil {
		s.log.Error("survey page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = cx.Errorf(cx.Internal, "internal error")
	}
	s.renderPublic(w, r, v, httpio.StatusOf(e.Code), "survey_error", nil, e)
}

// surveyUnsubscribePage serves GET /s/{token}/unsubscribe: a button that
// confirms, so that link scanners unsubscribe nobody.
func (s *Handler) UnsubscribeForm(w http.ResponseWriter, r *http.Request) {
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
func (s *Handler) Unsubscribe(w http.ResponseWriter, r *http.Request) {
	if !s.surveyLimit.allow(httpio.ClientIP(r)) {
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
