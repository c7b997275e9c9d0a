package public

import (
	"net/http"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/web/httpio"
	"cxm/internal/web/view"
)

// The web widget's API, /v1/surveys/{key}/widget: a survey shown on the
// business's own site, so any origin may call it, without credentials.
// The key is the survey's public key, which the anonymous link shows
// anyway; the API only reads the survey and adds answers.

// widgetQuestion is a question in one language, as the widget draws it.
type widgetQuestion struct {
	Key      string         `json:"key"`
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Required bool           `json:"required"`
	Min      float64        `json:"min,omitempty"`
	Max      float64        `json:"max,omitempty"`
	Options  []widgetOption `json:"options,omitempty"`
	ShowIf   *cx.Branch     `json:"show_if,omitempty"`
}

type widgetOption struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// widgetReply tells the widget whether to show the survey. It says nothing
// about the visitor: anyone may call it with any id.
type widgetReply struct {
	Show        bool             `json:"show"`
	Reason      string           `json:"reason,omitempty"` // why not: closed
	FatigueDays int              `json:"fatigue_days"`     // the snippet asks a browser at most once in this many days
	Language    string           `json:"language"`
	Name        string           `json:"name,omitempty"`
	Questions   []widgetQuestion `json:"questions,omitempty"`
	Link        string           `json:"link,omitempty"` // the survey page, for a widget that opens it
}

// WidgetSurvey serves GET /v1/surveys/{key}/widget?lang=…; visitor ids
// in the query are ignored.
func (h *Handler) WidgetSurvey(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	lang := r.URL.Query().Get("lang")
	if lang != cx.LangVi && lang != cx.LangEn {
		lang = view.AcceptLanguage(r.Header.Get("Accept-Language"))
	}
	offer, err := h.feedback.OfferWidget(r.Context(), r.PathValue("key"))
	if err != nil {
		httpio.WriteError(w, r, h.log, err)
		return
	}
	sv := offer.Survey
	reply := widgetReply{Language: lang, Reason: offer.Reason, FatigueDays: offer.FatigueDays}
	if offer.Reason == "" {
		reply.Show, reply.Name, reply.Link = true, sv.Name.In(lang), h.feedback.SurveyURL(sv.PublicKey)
		reply.Questions = widgetQuestions(sv.Questions, lang)
	}
	httpio.WriteJSON(w, http.StatusOK, reply)
}

func widgetQuestions(qs []cx.Question, lang string) []widgetQuestion {
	out := make([]widgetQuestion, 0, len(qs))
	for _, q := range qs {
		wq := widgetQuestion{Key: q.Key, Type: q.Type, Title: q.Title.In(lang), Required: q.Required, ShowIf: q.ShowIf}
		wq.Min, wq.Max, _ = cx.Scale(q.Type)
		opts := q.Options
		if q.Type == cx.QMatrix {
			opts = q.Criteria()
		}
		for _, o := range opts {
			wq.Options = append(wq.Options, widgetOption{Key: o.Key, Label: o.Label.In(lang)})
		}
		out = append(out, wq)
	}
	return out
}

// WidgetAnswer serves POST /v1/surveys/{key}/widget: a whole response,
// checked as the survey page checks it, rate-limited per IP, attributed to
// the snippet's anonymous visitor id only.
func (h *Handler) WidgetAnswer(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	if !h.surveyLimit.allow(httpio.ClientIP(r)) {
		httpio.WriteError(w, r, h.log, cx.Errorf(cx.TooMany, "too many answers from your network: wait a minute and try again"))
		return
	}
	var req feedback.WidgetAnswers
	err := httpio.DecodeJSON(w, r, &req)
	var resp cx.Response
	if err == nil {
		resp, err = h.feedback.AnswerWidget(r.Context(), r.PathValue("key"), req)
	}
	if err != nil {
		httpio.WriteError(w, r, h.log, err)
		return
	}
	body := map[string]string{} // a bot's: thanked, nothing stored
	if resp.ID != "" {
		body["id"] = resp.ID
	}
	httpio.WriteJSON(w, http.StatusCreated, body)
}

// widgetPreflight answers the browser's CORS preflight of the widget API.
func (h *Handler) WidgetPreflight(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}
