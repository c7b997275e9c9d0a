package ui

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/imports"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// surveyRow is a survey in the list, with its counts.
type surveyRow struct {
	cx.Survey
	Stats      store.SurveyStats
	Rate       string
	Touchpoint cx.Text
}

func (h *Handler) Surveys(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	ctx := r.Context()
	l, err := h.store.Surveys(ctx, p.WorkspaceID, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	stats, err := h.store.SurveyStats(ctx, p.WorkspaceID)
	if err != nil {
		return err
	}
	names, err := h.touchpointNames(ctx, p.WorkspaceID)
	if err != nil {
		return err
	}
	rows := make([]surveyRow, 0, len(l.Items))
	for _, sv := range l.Items {
		st := stats[sv.ID]
		rows = append(rows, surveyRow{Survey: sv, Stats: st, Rate: fmt.Sprintf("%.0f %%", 100*st.ResponseRate()), Touchpoint: names[sv.TouchpointID]})
	}
	h.pages.Render(w, r, p, http.StatusOK, "surveys", "surveys.title", rows, nil)
	return nil
}

func (h *Handler) touchpointNames(ctx context.Context, wsID string) (map[string]cx.Text, error) {
	tps, err := h.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	names := map[string]cx.Text{}
	for _, tp := range tps {
		names[tp.ID] = tp.Name
	}
	return names, err
}

// surveyForm is the survey builder: the survey's fields as typed, its
// questions as rows, and the preview in both languages.
type surveyForm struct {
	ID, Status, TouchpointID, PublicKey                           string
	NameVi, NameEn, IntroVi, IntroEn, ThanksVi, ThanksEn, NextURL string
	NextLabelVi, NextLabelEn                                      string
	Version                                                       int
	Questions                                                     []questionRow
	Touchpoints                                                   []cx.Touchpoint
	Types, Statuses                                               []string
	PreviewVi, PreviewEn                                          template.HTML
	Link, Embed, Widget                                           string
}

func surveyFormOf(sv cx.Survey) *surveyForm {
	f := &surveyForm{ID: sv.ID, Status: sv.Status, TouchpointID: sv.TouchpointID, PublicKey: sv.PublicKey, Version: sv.Version,
		NameVi: sv.Name.Vi, NameEn: sv.Name.En, IntroVi: sv.Intro.Vi, IntroEn: sv.Intro.En, ThanksVi: sv.Thanks.Vi, ThanksEn: sv.Thanks.En,
		NextURL: sv.NextURL, NextLabelVi: sv.NextLabel.Vi, NextLabelEn: sv.NextLabel.En, Types: cx.QuestionTypes, Statuses: cx.SurveyStatuses}
	for i, q := range sv.Questions {
		row := questionRow{Key: q.Key, Type: q.Type, TitleVi: q.Title.Vi, TitleEn: q.Title.En, Required: strconv.FormatBool(q.Required),
			Overall: strconv.FormatBool(q.Overall), Posted: i}
		row.setQuestion(q)
		row.withBlank(1)
		f.Questions = append(f.Questions, row)
	}
	return f
}

// readSurveyForm reads the builder form into f and returns the survey
// with the first error in it. Rows where nothing was typed are left out.
func readSurveyForm(r *http.Request, f *surveyForm) (cx.Survey, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f.NameVi, f.NameEn, f.IntroVi, f.IntroEn, f.ThanksVi, f.ThanksEn = v("name_vi"), v("name_en"), v("intro_vi"), v("intro_en"), v("thanks_vi"), v("thanks_en")
	f.NextURL, f.NextLabelVi, f.NextLabelEn, f.TouchpointID, f.Status = v("next_url"), v("next_label_vi"), v("next_label_en"), v("touchpoint_id"), v("status")
	sv := cx.Survey{ID: f.ID, Name: cx.Text{Vi: f.NameVi, En: f.NameEn}, Intro: cx.Text{Vi: f.IntroVi, En: f.IntroEn},
		Thanks: cx.Text{Vi: f.ThanksVi, En: f.ThanksEn}, NextURL: f.NextURL, NextLabel: cx.Text{Vi: f.NextLabelVi, En: f.NextLabelEn},
		TouchpointID: f.TouchpointID, Status: f.Status, Questions: []cx.Question{}}
	f.Questions = nil
	var first error
	for i := range r.PostForm["q_type"] {
		row := readQuestionRow(r.PostForm, i)
		if row.empty() {
			continue
		}
		q, err := row.question(len(f.Questions))
		if err == nil {
			row.setQuestion(q)
		} else if first == nil {
			first = err
		}
		f.Questions = append(f.Questions, row)
		sv.Questions = append(sv.Questions, q)
	}
	return sv, first
}

func (h *Handler) fillSurveyForm(r *http.Request, p *account.Principal, f *surveyForm, sv cx.Survey) error {
	tps, err := h.store.AllTouchpoints(r.Context(), p.WorkspaceID, store.TouchpointFilter{})
	if err != nil {
		return err
	}
	f.Touchpoints, f.Types, f.Statuses = tps, cx.QuestionTypes, cx.SurveyStatuses
	f.PreviewVi, f.PreviewEn = h.surveyPreview(cx.LangVi, sv), h.surveyPreview(cx.LangEn, sv)
	if f.PublicKey != "" {
		f.Link = h.feedback.SurveyURL(f.PublicKey)
		f.Embed = `<iframe src="` + f.Link + `" title="` + template.HTMLEscapeString(sv.Name.In(cx.LangVi)) + `" style="width:100%;max-width:40rem;height:32rem;border:0"></iframe>`
		f.Widget = `<script async src="` + strings.TrimSuffix(h.baseURL, "/") + `/js/cxm.js" data-write-key="cxm_wk_…"\n  data-cxm-survey="` + sv.PublicKey + `" data-cxm-survey-after="Order Completed"></script>`
	}
	return nil
}

// surveyPreview renders every question as the respondent sees it, in lang.
func (h *Handler) surveyPreview(lang string, sv cx.Survey) template.HTML {
	var b bytes.Buffer
	t := h.pages.Template(lang, "survey")
	for i := range sv.Questions {
		qv := view.NewQuestion(sv, sv.Questions, nil, i)
		qv.Preview = true
		if err := t.ExecuteTemplate(&b, "survey-question", map[string]any{"Q": qv}); err != nil {
			h.log.Error("survey preview", "err", err)
			return ""
		}
	}
	return template.HTML(b.String())
}

// surveyTitle is the builder's title: a new survey or one edited.
func surveyTitle(f *surveyForm) string {
	if f.ID == "" {
		return "survey.new"
	}
	return "survey.edit"
}

func (h *Handler) NewSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	sv := cx.Survey{Status: cx.SurveyDraft, Questions: []cx.Question{{Key: "nps", Type: cx.QNPS, Required: true,
		Title: cx.Text{Vi: "Bạn có sẵn lòng giới thiệu chúng tôi cho bạn bè không?", En: "How likely are you to recommend us to a friend?"}}}}
	f := surveyFormOf(sv)
	if err := h.fillSurveyForm(r, p, f, sv); err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "survey_edit", "survey.new", f, nil)
	return nil
}

func (h *Handler) EditSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	sv, err := h.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := surveyFormOf(sv)
	if err := h.fillSurveyForm(r, p, f, sv); err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "survey_edit", "survey.edit", f, nil)
	return nil
}

// saveSurvey creates (no id in the path) or updates a survey from the
// builder; the page comes back with its preview refreshed. The buttons
// that add or remove an option show the form again, saving nothing.
func (h *Handler) SaveSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	f := &surveyForm{ID: r.PathValue("id")}
	if f.ID != "" {
		old, err := h.store.Survey(r.Context(), p.WorkspaceID, f.ID)
		if err != nil {
			return err
		}
		f.PublicKey, f.Version = old.PublicKey, old.Version
	}
	sv, err := readSurveyForm(r, f)
	if op := readBuilderOp(r); op.kind != "" {
		op.apply(f, &sv)
		if err := h.fillSurveyForm(r, p, f, sv); err != nil {
			return err
		}
		h.pages.Render(w, r, p, http.StatusOK, "survey_edit", surveyTitle(f), f, nil)
		return nil
	}
	if err == nil {
		if f.ID == "" {
			sv, err = h.store.CreateSurvey(r.Context(), p.WorkspaceID, sv)
		} else {
			sv, err = h.store.UpdateSurvey(r.Context(), p.WorkspaceID, sv)
		}
	}
	if e := cx.AsError(err); e != nil && (e.Code == cx.Invalid || e.Code == cx.Conflict) {
		builderOp{}.apply(f, &sv)
		if ferr := h.fillSurveyForm(r, p, f, cx.Survey{}); ferr != nil {
			return ferr
		}
		h.pages.Render(w, r, p, httpio.StatusOf(e.Code), "survey_edit", surveyTitle(f), f, err)
		return nil
	}
	if err != nil {
		return err
	}
	view.Redirect(w, r, "/surveys/"+sv.ID, "saved")
	return nil
}

// previewSurvey serves the builder's live preview (htmx): the posted form
// rendered in both languages, stored nowhere.
func (h *Handler) PreviewSurvey(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	f := &surveyForm{}
	sv, err := readSurveyForm(r, f)
	if err == nil {
		store.FillQuestionKeys(sv.Questions)
		err = cx.ValidateQuestions(sv.Questions)
	}
	f.PreviewVi, f.PreviewEn = h.surveyPreview(cx.LangVi, sv), h.surveyPreview(cx.LangEn, sv)
	var b bytes.Buffer
	lang := h.pages.Lang(r, p)
	v := &view.View{Lang: lang, Data: f, Err: cx.AsError(err)}
	if terr := h.pages.Template(lang, "survey_edit").ExecuteTemplate(&b, "survey-preview", v); terr != nil {
		return terr
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, werr := w.Write(b.Bytes())
	return werr
}

// surveyQR serves the QR code of a survey's anonymous link to the
// dashboard, as png or svg.
func (h *Handler) SurveyQR(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	format := r.PathValue("format")
	img, mediaType, err := h.feedback.SurveyQR(r.Context(), p.WorkspaceID, r.PathValue("id"), format)
	if err != nil {
		return err
	}
	if r.URL.Query().Has("download") {
		w.Header().Set("Content-Disposition", `attachment; filename="survey-qr.`+format+`"`)
	}
	return httpio.WriteImage(w, img, mediaType)
}

// ImportResponses streams a CSV file of past responses uploaded on the
// survey's page to disk and queues its import; the import's page follows
// it to its report.
func (h *Handler) ImportResponses(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	u, err := httpio.ReadUpload(w, r, "file", h.imports.Dir(), h.imports.MaxBytes())
	if err != nil {
		return err
	}
	im, err := h.imports.Start(r.Context(), p.WorkspaceID, memberID(p), imports.Upload{Kind: imports.Responses, FileName: u.FileName,
		Path: u.Path, Size: u.Size, Survey: feedback.ResponseFile{SurveyID: r.PathValue("id"), DateOrder: u.Values["date_order"]}})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/imports/"+im.ID, http.StatusSeeOther)
	return nil
}

// surveyCardView is the printable table card of a survey: the business's
// name, a call to action, the QR code and the short link.
type surveyCardView struct {
	ID, Link, Size string
	Business       string
	Sizes          []string
}

// SurveyCard shows a survey's table card ready to print, in A6 (default)
// or A5: the browser's Print makes the card, or a PDF of it.
func (h *Handler) SurveyCard(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	sv, err := h.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	size := r.URL.Query().Get("size")
	if size == "" {
		size = "a6"
	}
	if size != "a6" && size != "a5" {
		return cx.FieldErrorf("size", "size must be a6 or a5")
	}
	ws, err := h.store.Workspace(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	v := surveyCardView{ID: sv.ID, Link: h.feedback.SurveyURL(sv.PublicKey), Size: size, Business: ws.Name, Sizes: []string{"a6", "a5"}}
	h.pages.Render(w, r, p, http.StatusOK, "survey_card", "card.title", v, nil)
	return nil
}
