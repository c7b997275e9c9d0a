package public

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// The public survey pages, /s/{token}: the token is a survey's public key
// (an anonymous link or QR code) or a personal invitation's token. The
// flow itself (which survey, which question next, what is stored) is
// feedback's; the pages read forms, render and redirect. They work without
// JavaScript.

// honeypot is a form field people never see; bots fill it in.
const honeypot = "website"

// surveyVisit is a visit of the survey flow (feedback.Visit) with what the
// pages carry from one request to the next: the token in the path and the
// language asked for.
type surveyVisit struct {
	*feedback.Visit
	token    string
	langForm string // the language asked for with ?lang=, carried along
}

// visit reads the token, the respondent's token (?r=), the language and
// the QR mark (?via=qr) and finds where they lead.
func (h *Handler) visit(r *http.Request) (*surveyVisit, error) {
	v := &surveyVisit{token: r.PathValue("token"), langForm: r.FormValue("lang")}
	fv, err := h.feedback.Visit(r.Context(), feedback.Arrival{Token: v.token, Respondent: r.FormValue("r"), Language: v.langForm,
		Browser: view.AcceptLanguage(r.Header.Get("Accept-Language")), Via: r.FormValue("via")})
	if err != nil {
		return nil, err
	}
	v.Visit = fv
	if v.Language != v.langForm {
		v.langForm = "" // not asked for, or not honoured: carry nothing
	}
	return v, nil
}

// link is a URL of this visit's pages, keeping the respondent and language.
func (v *surveyVisit) link(suffix string, extra url.Values) string {
	q := url.Values{}
	if v.Respondent != "" {
		q.Set("r", v.Respondent)
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

// Survey serves GET /s/{token}: the next question, or the one ?q= names.
// A score link from an email carries an answer (?q=nps&v=9): the page shows
// that question with the score chosen and stores nothing; one tap on its
// button posts it. A link scanner that fetches every link of an email thus
// answers nothing, and views are rate-limited per IP like answers.
func (h *Handler) Survey(w http.ResponseWriter, r *http.Request) {
	if !h.pageLimit.allow(httpio.ClientIP(r)) {
		h.tooMany(w, r)
		return
	}
	v, err := h.visit(r)
	if err != nil {
		h.renderSurveyError(w, r, nil, err)
		return
	}
	i, done, err := h.feedback.Resume(r.Context(), v.Visit, r.URL.Query().Get("q"))
	switch {
	case err != nil:
		h.renderSurveyError(w, r, v, err)
	case done:
		http.Redirect(w, r, v.link("/thanks", nil), http.StatusSeeOther)
	default:
		h.renderQuestion(w, r, v, i, http.StatusOK, nil)
	}
}

// tooMany refuses a flood from one address.
func (h *Handler) tooMany(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "60")
	h.renderSurveyError(w, r, nil, cx.Errorf(cx.TooMany, "too many answers from your network: wait a minute and try again"))
}

// AnswerSurvey serves POST /s/{token}: it stores one answer and moves on.
func (h *Handler) AnswerSurvey(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if !h.surveyLimit.allow(httpio.ClientIP(r)) {
		h.tooMany(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.renderSurveyError(w, r, nil, cx.Errorf(cx.Invalid, "the form could not be read"))
		return
	}
	v, err := h.visit(r)
	if err != nil {
		h.renderSurveyError(w, r, nil, err)
		return
	}
	if r.PostFormValue(honeypot) != "" {
		// A bot: thank it and store nothing.
		http.Redirect(w, r, v.link("/thanks", nil), http.StatusSeeOther)
		return
	}
	h.saveAnswer(w, r, v)
}

// saveAnswer reads the answer the request carries and has it stored, then
// sends the respondent to the next question or the thank-you page. An
// answer its question refuses shows the question again.
func (h *Handler) saveAnswer(w http.ResponseWriter, r *http.Request, v *surveyVisit) {
	i, err := v.Question(r.FormValue("q"))
	if err != nil {
		h.renderSurveyError(w, r, v, err)
		return
	}
	a := readAnswer(r, v.Questions[i])
	if r.FormValue("skip") != "" {
		a = cx.Answer{Question: v.Questions[i].Key}
	}
	done, err := h.feedback.Answer(r.Context(), v.Visit, a)
	var refused *feedback.AnswerError
	switch {
	case errors.As(err, &refused):
		h.renderQuestion(w, r, v, i, httpio.StatusOf(cx.ErrorCode(err)), err)
	case err != nil:
		h.renderSurveyError(w, r, v, err)
	case done:
		http.Redirect(w, r, v.link("/thanks", nil), http.StatusSeeOther)
	default:
		http.Redirect(w, r, v.link("", nil), http.StatusSeeOther)
	}
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
func (h *Handler) SurveyThanks(w http.ResponseWriter, r *http.Request) {
	v, err := h.visit(r)
	if err != nil {
		h.renderSurveyError(w, r, nil, err)
		return
	}
	h.renderPublic(w, r, v, http.StatusOK, "survey_thanks", nil, nil)
}
