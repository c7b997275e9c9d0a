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
func (h *Handler) renderQuestion(w http.ResponseWriter, r *http.Request, v *surveyVisit, i, status int, err error) {
	qs, answers := v.Questions, v.Answers()
	qv := view.NewQuestion(v.Survey, qs, answers, i)
	if err != nil {
		qv.Answer = readAnswer(r, qs[i])
	} else if r.Method == http.MethodGet && r.URL.Query().Has("v") && r.URL.Query().Get("q") == qs[i].Key {
		qv.Confirm(readAnswer(r, qs[i]))
	}
	qv.Action, qv.Resp, qv.LangForm, qv.Via = "/s/"+url.PathEscape(v.token), v.Respondent, v.langForm, r.FormValue("via")
	for j := i - 1; j >= 0; j-- {
		if qs[j].Visible(answers) {
			qv.Back = v.link("", url.Values{"q": {qs[j].Key}})
			break
		}
	}
	h.renderPublic(w, r, v, status, "survey", &publicView{Question: qv}, err)
}

// renderPublic writes a public page in the visit's language, with the
// public layout: small, no dashboard navigation.
func (h *Handler) renderPublic(w http.ResponseWriter, r *http.Request, v *surveyVisit, status int, page string, pv *publicView, err error) {
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
			h.log.Error("survey page", "path", r.URL.Path, "err", err)
			lv.Err = cx.Errorf(cx.Internal, "internal error")
		}
	}
	var buf bytes.Buffer
	if err := h.pages.Template(lang, page).ExecuteTemplate(&buf, "public", lv); err != nil {
		h.log.Error("render survey page", "page", page, "err", err)
		http.Error(w, h.pages.T(lang, "error.internal"), http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'")
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
func (h *Handler) renderSurveyError(w http.ResponseWriter, r *http.Request, v *surveyVisit, err error) {
	e := cx.AsError(err)
	if e == nil {
		h.log.Error("survey page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = cx.Errorf(cx.Internal, "internal error")
	}
	h.renderPublic(w, r, v, httpio.StatusOf(e.Code), "survey_error", nil, e)
}

// surveyUnsubscribePage serves GET /s/{token}/unsubscribe: a button that
// confirms, so that link scanners unsubscribe nobody.
func (h *Handler) UnsubscribeForm(w http.ResponseWriter, r *http.Request) {
	v, err := h.visit(r)
	if err == nil {
		err = v.Personal()
	}
	if err != nil {
		h.renderSurveyError(w, r, v, err)
		return
	}
	h.renderPublic(w, r, v, http.StatusOK, "survey_unsubscribe", nil, nil)
}

// surveyUnsubscribe serves POST /s/{token}/unsubscribe, from the page or
// from a mail program's one-click unsubscribe (RFC 8058).
func (h *Handler) Unsubscribe(w http.ResponseWriter, r *http.Request) {
	if !h.surveyLimit.allow(httpio.ClientIP(r)) {
		h.renderSurveyError(w, r, nil, cx.Errorf(cx.TooMany, "too many answers from your network: wait a minute and try again"))
		return
	}
	v, err := h.visit(r)
	if err == nil {
		err = h.feedback.Unsubscribe(r.Context(), v.Visit)
	}
	if err != nil {
		h.renderSurveyError(w, r, v, err)
		return
	}
	h.renderPublic(w, r, v, http.StatusOK, "survey_unsubscribed", nil, nil)
}
