package feedback

import (
	"context"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// Whole responses, sent at once: by the JSON API (a call centre, another
// tool) and by the survey widget on a business's own site. Both are
// checked by one rule, cx.CheckResponse, which is the survey page's
// question-by-question check applied to every answer at once.

// SubmitResponse records a whole response to a survey of workspace wsID:
// every answer is checked as the survey page checks it, and all are stored
// together or none. The channel is "api" unless r names one; the language
// is Vietnamese unless English.
func (s *Service) SubmitResponse(ctx context.Context, wsID string, r cx.Response) (cx.Response, error) {
	sv, err := s.store.Survey(ctx, wsID, r.SurveyID)
	if err != nil {
		return cx.Response{}, err
	}
	if err := cx.CheckResponse(sv.Questions, r.Answers); err != nil {
		return cx.Response{}, err
	}
	if r.Channel == "" {
		r.Channel = "api"
	}
	return s.save(ctx, wsID, r)
}

// save stores a checked response in the respondent's language. Its token
// is thrown away: nobody comes back to a whole response.
func (s *Service) save(ctx context.Context, wsID string, r cx.Response) (cx.Response, error) {
	if r.Language != cx.LangEn {
		r.Language = cx.LangVi
	}
	_, hash := secret.NewToken()
	return s.store.SubmitResponse(ctx, wsID, r, hash)
}

// WidgetAnswers is what the survey widget posts: the visitor, as the
// tracking snippet knows them, and their answers. The JSON names are the
// widget's.
type WidgetAnswers struct {
	AnonymousID string      `json:"anonymousId"`
	UserID      string      `json:"userId"`
	Language    string      `json:"language"`
	Answers     []cx.Answer `json:"answers"`
	Website     string      `json:"website"` // a field people never see: bots fill it in
}

// WidgetOffer tells the widget whether to show the survey whose public key
// is key to a visitor of the business's site, known by userID or
// anonymousID. reason is why not: "closed" when the survey takes no
// answers, or store.SkipUnsubscribed or store.SkipFatigue for a visitor who
// must not be asked now; "" means show it.
func (s *Service) WidgetOffer(ctx context.Context, key, userID, anonymousID string) (sv cx.Survey, reason string, err error) {
	wsID, sv, err := s.store.SurveyByPublicKey(ctx, key)
	if err != nil {
		return cx.Survey{}, "", err
	}
	if sv.TakesAnswers() != nil {
		return sv, "closed", nil
	}
	customer, err := s.widgetVisitor(ctx, wsID, userID, anonymousID)
	if err == nil && customer != "" {
		reason, err = s.store.AskedRecently(ctx, wsID, customer)
	}
	return sv, reason, err
}

// AnswerWidget records a whole response from the widget of the survey
// whose public key is key, checked as SubmitResponse checks it. The answers
// follow the visitor: to the customer cxm knows by their ids, or to a new
// anonymous profile. A bot, which filled in Website, is thanked with no
// error and an empty response: nothing is stored.
func (s *Service) AnswerWidget(ctx context.Context, key string, w WidgetAnswers) (cx.Response, error) {
	wsID, sv, err := s.store.SurveyByPublicKey(ctx, key)
	if err != nil || w.Website != "" {
		return cx.Response{}, err
	}
	if err := cx.CheckResponse(sv.Questions, w.Answers); err != nil {
		return cx.Response{}, err
	}
	customer, err := s.widgetRespondent(ctx, wsID, w.UserID, w.AnonymousID)
	if err != nil {
		return cx.Response{}, err
	}
	return s.save(ctx, wsID, cx.Response{SurveyID: sv.ID, CustomerID: customer, Channel: "widget", Language: w.Language, Answers: w.Answers})
}

// widgetVisitor finds the customer a widget call names by userId or
// anonymousId; "" when none is known yet.
func (s *Service) widgetVisitor(ctx context.Context, wsID, userID, anonymousID string) (string, error) {
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
func (s *Service) widgetRespondent(ctx context.Context, wsID, userID, anonymousID string) (string, error) {
	id, err := s.widgetVisitor(ctx, wsID, userID, anonymousID)
	if err != nil || id != "" || anonymousID == "" || len(anonymousID) > 200 {
		return id, err
	}
	now := s.now().UTC()
	ev := cx.Event{Type: cx.EventIdentify, MessageID: "widget-" + secret.RandomToken(16), AnonymousID: anonymousID,
		Timestamp: now, ReceivedAt: now, Context: map[string]any{"channel": "widget"}}
	if _, err := s.ingest.Ingest(ctx, wsID, []cx.Event{ev}); err != nil {
		return "", err
	}
	return s.widgetVisitor(ctx, wsID, "", anonymousID)
}
