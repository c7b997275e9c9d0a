package feedback

import (
	"context"
	"time"

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
// is Vietnamese unless English. A response with CompletedAt set was
// submitted then (history from another tool): it may not lie in the future.
func (s *Service) SubmitResponse(ctx context.Context, wsID string, r cx.Response) (cx.Response, error) {
	sv, err := s.store.Survey(ctx, wsID, r.SurveyID)
	if err != nil {
		return cx.Response{}, err
	}
	if err := s.checkSubmission(sv, &r); err != nil {
		return cx.Response{}, err
	}
	return s.save(ctx, wsID, r)
}

// MaxClockSkew is how far in the future a submitted_at may lie: the
// clocks of the tool that sends it and of this server differ a little.
const MaxClockSkew = 5 * time.Minute

// earliestSubmission is the oldest submitted_at taken: older is a typo.
var earliestSubmission = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// checkSubmission checks a whole response against its survey, and its
// time, and fills in the default channel.
func (s *Service) checkSubmission(sv cx.Survey, r *cx.Response) error {
	if err := cx.CheckResponse(sv.Questions, r.Answers); err != nil {
		return err
	}
	if r.Channel == "" {
		r.Channel = "api"
	}
	if r.CompletedAt == nil {
		return nil
	}
	at := r.CompletedAt.UTC().Truncate(time.Millisecond)
	r.CompletedAt = &at
	if at.After(s.now().Add(MaxClockSkew)) {
		return cx.FieldErrorf("submitted_at", "submitted_at %s is in the future", at.Format(time.RFC3339))
	}
	if at.Before(earliestSubmission) {
		return cx.FieldErrorf("submitted_at", "submitted_at %s is before the year 2000", at.Format(time.RFC3339))
	}
	return nil
}

// save stores a checked response in the respondent's language. Its token
// is thrown away: nobody comes back to a whole response.
func (s *Service) save(ctx context.Context, wsID string, r cx.Response) (cx.Response, error) {
	_, hash := secret.NewToken()
	return s.saveAs(ctx, wsID, r, hash)
}

// saveAs stores a checked response under a token hash.
func (s *Service) saveAs(ctx context.Context, wsID string, r cx.Response, tokenHash string) (cx.Response, error) {
	if r.Language != cx.LangEn {
		r.Language = cx.LangVi
	}
	return s.store.SubmitResponse(ctx, wsID, r, tokenHash)
}

// WidgetAnswers is what the survey widget posts: the visitor, as the
// tracking snippet knows them, and their answers. The JSON names are the
// widget's.
type WidgetAnswers struct {
	AnonymousID string `json:"anonymousId"`
	// UserID is ignored: anyone may call the widget API, so a user id
	// given there proves nothing. Answers go to the anonymous visitor, whom
	// the snippet's identify (with the write key) merges into the user.
	// The field stays so that snippets of earlier versions are not refused.
	UserID   string      `json:"userId"`
	Language string      `json:"language"`
	Answers  []cx.Answer `json:"answers"`
	Website  string      `json:"website"` // a field people never see: bots fill it in
}

// WidgetOffer is what the widget learns before showing a survey: nothing
// about the visitor, since anyone may ask. Reason is "closed" when the
// survey takes no answers, else "" (show it); FatigueDays is the
// workspace's window, which the snippet applies on its own browser.
type WidgetOffer struct {
	Survey      cx.Survey
	Reason      string
	FatigueDays int
}

// OfferWidget tells the widget whether to show the survey whose public key
// is key.
func (s *Service) OfferWidget(ctx context.Context, key string) (WidgetOffer, error) {
	wsID, sv, err := s.store.SurveyByPublicKey(ctx, key)
	if err != nil {
		return WidgetOffer{}, err
	}
	if sv.TakesAnswers() != nil {
		return WidgetOffer{Survey: sv, Reason: "closed"}, nil
	}
	settings, err := s.store.FeedbackSettings(ctx, wsID)
	return WidgetOffer{Survey: sv, FatigueDays: settings.FatigueDays}, err
}

// AnswerWidget records a whole response from the widget of the survey
// whose public key is key, checked as SubmitResponse checks it. The answers
// go to the customer cxm knows by the visitor's anonymous id, or to a new
// anonymous profile; everything is checked before that profile is made, so
// a refused request creates nothing. A bot, which filled in Website, is
// thanked with no error and an empty response: nothing is stored.
func (s *Service) AnswerWidget(ctx context.Context, key string, w WidgetAnswers) (cx.Response, error) {
	wsID, sv, err := s.store.SurveyByPublicKey(ctx, key)
	if err != nil || w.Website != "" {
		return cx.Response{}, err
	}
	if err := sv.TakesAnswers(); err != nil {
		return cx.Response{}, err
	}
	if err := cx.CheckResponse(sv.Questions, w.Answers); err != nil {
		return cx.Response{}, err
	}
	customer, err := s.widgetRespondent(ctx, wsID, w.AnonymousID)
	if err != nil {
		return cx.Response{}, err
	}
	return s.save(ctx, wsID, cx.Response{SurveyID: sv.ID, CustomerID: customer, Channel: "widget", Language: w.Language, Answers: w.Answers})
}

// widgetVisitor finds the customer of an anonymous id; "" when none is
// known yet.
func (s *Service) widgetVisitor(ctx context.Context, wsID, anonymousID string) (string, error) {
	if anonymousID == "" {
		return "", nil
	}
	c, err := s.store.CustomerByIdentity(ctx, wsID, cx.IDAnonymous, anonymousID)
	if code := cx.ErrorCode(err); code == cx.NotFound || code == cx.Invalid {
		return "", nil
	}
	return c.ID, err
}

// widgetRespondent returns the customer who answers through the widget. A
// visitor cxm has not seen yet (the snippet's first batch may still be on
// its way) gets an anonymous profile, made through the ingestion pipeline,
// so that their answers follow them when they sign in and profiles merge.
func (s *Service) widgetRespondent(ctx context.Context, wsID, anonymousID string) (string, error) {
	id, err := s.widgetVisitor(ctx, wsID, anonymousID)
	if err != nil || id != "" || anonymousID == "" || len(anonymousID) > 200 {
		return id, err
	}
	now := s.now().UTC()
	ev := cx.Event{Type: cx.EventIdentify, MessageID: "widget-" + secret.RandomToken(16), AnonymousID: anonymousID,
		Timestamp: now, ReceivedAt: now, Context: map[string]any{"channel": "widget"}}
	if _, err := s.ingest.Ingest(ctx, wsID, []cx.Event{ev}); err != nil {
		return "", err
	}
	return s.widgetVisitor(ctx, wsID, anonymousID)
}
