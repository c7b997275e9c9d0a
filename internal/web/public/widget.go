package public

import (
	"context"
	"net/http"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
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

// widgetReply tells the widget whether to show the survey to this visitor.
type widgetReply struct {
	Show      bool             `json:"show"`
	Reason    string           `json:"reason,omitempty"` // why not: closed, unsubscribed, asked_recently
	Language  string           `json:"language"`
	Name      string           `json:"name,omitempty"`
	Questions []widgetQuestion `json:"questions,omitempty"`
	Link      string           `json:"link,omitempty"` // the survey page, for a widget that opens it
}

// widgetVisitor finds the customer a widget call names by userId or
// anonymousId; "" when none is known yet.
func (s *Handler) widgetVisitor(ctx context.Context, wsID, userID, anonymousID string) (string, error) {
	for _, id := range []cx.Identity{{Kind: cx.IDUser, Value: userID}, {Kind: cx.IDAnonymous, Value: anonymousID}} {
		if id.Value == "" {
			continue
		}
		c, err := s.store.CustomerByIdentity(ctx, wsID, id.Kind, id.Value)
		if err == nil {
			return c.ID, nil
		}
		if code := cx.ErrorCode(err); code != cx.NotFound && code != cx.Invalid {
			return "", err
		}
	}
	return "", nil
}

// widgetRespondent returns the customer who answers through the widget. A
// visitor cxm has not seen yet (the snippet's first batch may still be on
// its way) gets an anonymous profile, made through the ingestion pipeline,
// so that their answers follow them when they sign in and profiles merge.
// Only an anonymousId makes a profile: a user id comes from /v1, which
// needs the write key.
func (s *Handler) widgetRespondent(ctx context.Context, wsID, userID, anonymousID string) (string, error) {
	id, err := s.widgetVisitor(ctx, wsID, userID, anonymousID)
	if err != nil || id != "" || anonymousID == "" || len(anonymousID) > 200 {
		return id, err
	}
	now := time.Now().UTC()
	ev := cx.Event{Type: cx.EventIdentify, MessageID: "widget-" + secret.RandomToken(16), AnonymousID: anonymousID,
		Timestamp: now, ReceivedAt: now, Context: map[string]any{"channel": "widget"}}
	if _, err := s.ingest.Ingest(ctx, wsID, []cx.Event{ev}); err != nil {
		return "", err
	}
	return s.widgetVisitor(ctx, wsID, "", anonymousID)
}

// widgetSurvey serves GET /v1/surveys/{key}/widget?anonymousId=…&userId=…&lang=…
func (s *Handler) WidgetSurvey(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	q := r.URL.Query()
	wsID, sv, err := s.store.SurveyByPublicKey(r.Context(), r.PathValue("key"))
	if err != nil {
		httpio.WriteError(w, r, s.log, err)
		return
	}
	lang := q.Get("lang")
	if lang != cx.LangVi && lang != cx.LangEn {
		lang = view.AcceptLanguage(r.Header.Get("Accept-Language"))
	}
	reply := widgetReply{Language: lang}
	if sv.Status != cx.SurveyActive {
		reply.Reason = "closed"
		httpio.WriteJSON(w, http.StatusOK, reply)
		return
	}
	customer, err := s.widgetVisitor(r.Context(), wsID, q.Get("userId"), q.Get("anonymousId"))
	if err == nil && customer != "" {
		reply.Reason, err = s.store.AskedRecently(r.Context(), wsID, customer)
	}
	if err != nil {
		httpio.WriteError(w, r, s.log, err)
		return
	}
	if reply.Reason == "" {
		reply.Show, reply.Name, reply.Link = true, sv.Name.In(lang), httpio.SurveyLink(s.baseURL, sv.PublicKey)
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

// widgetAnswer is what the widget posts: the visitor and their answers.
type widgetAnswer struct {
	AnonymousID string      `json:"anonymousId"`
	UserID      string      `json:"userId"`
	Language    string      `json:"language"`
	Answers     []cx.Answer `json:"answers"`
	Website     string      `json:"website"` // the honeypot
}

// widgetSubmit serves POST /v1/surveys/{key}/widget: a whole response,
// checked as the survey page checks it, rate-limited per IP.
func (s *Handler) WidgetAnswer(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	if !s.surveyLimit.allow(httpio.ClientIP(r)) {
		httpio.WriteError(w, r, s.log, cx.Errorf(cx.TooMany, "too many answers from your network: wait a minute and try again"))
		return
	}
	var req widgetAnswer
	err := httpio.DecodeJSON(w, r, &req)
	var wsID string
	var sv cx.Survey
	if err == nil {
		wsID, sv, err = s.store.SurveyByPublicKey(r.Context(), r.PathValue("key"))
	}
	if err == nil && req.Website != "" {
		httpio.WriteJSON(w, http.StatusCreated, map[string]string{}) // a bot: thanked, nothing stored
		return
	}
	if err == nil {
		err = cx.CheckResponse(sv.Questions, req.Answers)
	}
	var customer string
	if err == nil {
		customer, err = s.widgetRespondent(r.Context(), wsID, req.UserID, req.AnonymousID)
	}
	if err != nil {
		httpio.WriteError(w, r, s.log, err)
		return
	}
	if req.Language != cx.LangEn {
		req.Language = cx.LangVi
	}
	_, hash := secret.NewToken()
	resp, err := s.store.SubmitResponse(r.Context(), wsID, cx.Response{SurveyID: sv.ID, CustomerID: customer, Channel: "widget",
		Language: req.Language, Answers: req.Answers}, hash)
	if err != nil {
		httpio.WriteError(w, r, s.log, err)
		return
	}
	httpio.WriteJSON(w, http.StatusCreated, map[string]string{"id": resp.ID})
}

// widgetPreflight answers the browser's CORS preflight of the widget API.
func (s *Handler) WidgetPreflight(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}
