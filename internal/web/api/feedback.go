package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

// feedbackFilter reads the feedback filters from a query: survey_id,
// touchpoint_id, customer_id, source, kind, question_key, min_score,
// max_score, from and to (YYYY-MM-DD, to inclusive).
func feedbackFilter(q url.Values) (store.FeedbackFilter, error) {
	f := store.FeedbackFilter{SurveyID: q.Get("survey_id"), TouchpointID: q.Get("touchpoint_id"), CustomerID: q.Get("customer_id"),
		Source: q.Get("source"), Kind: q.Get("kind"), QuestionKey: q.Get("question_key")}
	for _, n := range []struct {
		name string
		dst  **float64
	}{{"min_score", &f.MinScore}, {"max_score", &f.MaxScore}} {
		if s := strings.TrimSpace(q.Get(n.name)); s != "" {
			v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
			if err != nil {
				return f, cx.FieldErrorf(n.name, "%s must be a number", n.name)
			}
			*n.dst = &v
		}
	}
	for _, d := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if s := strings.TrimSpace(q.Get(d.name)); s != "" {
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				return f, cx.FieldErrorf(d.name, "%s must be a date such as 2026-11-22", d.name)
			}
			*d.dst = t.AddDate(0, 0, d.add)
		}
	}
	return f, nil
}

func (s *Handler) listFeedback(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	f, err := feedbackFilter(r.URL.Query())
	if err != nil {
		return err
	}
	l, err := s.store.Feedback(r.Context(), p.WorkspaceID, f, page)
	return httpio.RespondList(w, l, err)
}

// addFeedback stores a review, comment, note or call: 201 when new, 200
// with the stored record when it was there already.
func (s *Handler) addFeedback(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	var x cx.ExternalFeedback
	if err := httpio.DecodeJSON(w, r, &x); err != nil {
		return err
	}
	f, added, err := s.store.AddFeedback(r.Context(), p.WorkspaceID, x)
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	return httpio.Respond(w, status, f, err)
}

// maxCSVBody is the largest CSV file an import takes.
const maxCSVBody = 20 << 20

// importFeedback imports a CSV file: all rows or none, and a second import
// of the same file adds nothing.
func (s *Handler) importFeedback(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "text/csv") && !strings.HasPrefix(ct, "text/plain") {
		return cx.Errorf(cx.Invalid, "Content-Type must be text/csv")
	}
	res, err := s.importFeedbackCSV(r.Context(), p.WorkspaceID, http.MaxBytesReader(w, r.Body, maxCSVBody))
	if httpio.IsTooLarge(err) {
		err = cx.Errorf(cx.TooLarge, "the body is larger than %d bytes", maxCSVBody)
	}
	return httpio.Respond(w, http.StatusOK, res, err)
}

func (s *Handler) importFeedbackCSV(ctx context.Context, wsID string, body interface{ Read([]byte) (int, error) }) (store.ImportResult, error) {
	tps, err := s.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		return store.ImportResult{}, err
	}
	keys := map[string]string{}
	for _, tp := range tps {
		keys[tp.Key] = tp.ID
	}
	items, err := feedback.ParseCSV(body, keys)
	if err != nil {
		return store.ImportResult{}, err
	}
	return s.store.ImportFeedback(ctx, wsID, items)
}

func (s *Handler) getFeedbackSettings(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	st, err := s.store.FeedbackSettings(r.Context(), p.WorkspaceID)
	return httpio.Respond(w, http.StatusOK, st, err)
}

func (s *Handler) putFeedbackSettings(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	var st cx.FeedbackSettings
	if err := httpio.DecodeJSON(w, r, &st); err != nil {
		return err
	}
	return httpio.Respond(w, http.StatusOK, st, s.store.SetFeedbackSettings(r.Context(), p.WorkspaceID, st))
}

// invitationRequest asks for a personal link; send mails it at once.
type invitationRequest struct {
	CustomerID string `json:"customer_id"`
	Email      string `json:"email"`
	Channel    string `json:"channel"`
	Language   string `json:"language"`
	OrderID    string `json:"order_id"`
	Send       bool   `json:"send"`
}

// newInvitation is an invitation with its token and link, shown once.
type newInvitation struct {
	cx.Invitation
	Token string `json:"token"`
	Link  string `json:"link"`
}

func (s *Handler) listInvitations(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Invitations(r.Context(), p.WorkspaceID, r.PathValue("id"), page)
	return httpio.RespondList(w, l, err)
}

// createInvitation makes a personal link for any channel: cxm sends email
// itself when asked; other channels (Zalo, SMS) take the link and token.
func (s *Handler) createInvitation(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	var req invitationRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	inv := cx.Invitation{SurveyID: r.PathValue("id"), CustomerID: req.CustomerID, Email: req.Email, Channel: req.Channel,
		Language: req.Language, OrderID: req.OrderID}
	token := strings.ToLower(cx.RandomToken(20))
	inv, err := s.store.CreateInvitation(r.Context(), p.WorkspaceID, inv, secret.Hash(token))
	if err == nil && req.Send && inv.Channel == "email" {
		err = s.store.EnqueueJob(r.Context(), feedback.SendJob(p.WorkspaceID, inv.ID, token))
	}
	return httpio.Respond(w, http.StatusCreated, newInvitation{Invitation: inv, Token: token, Link: httpio.SurveyLink(s.baseURL, token)}, err)
}

// getSurveyQR serves the QR code of a survey's anonymous link.
func (s *Handler) getSurveyQR(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	sv, err := s.store.Survey(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return httpio.WriteQR(w, r.URL.Query().Get("format"), httpio.SurveyLink(s.baseURL, sv.PublicKey)+"?via=qr")
}

func (s *Handler) listInvitationRules(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	rules, err := s.store.InvitationRules(r.Context(), p.WorkspaceID, false)
	return httpio.Respond(w, http.StatusOK, map[string]any{"items": rules}, err)
}

func (s *Handler) createInvitationRule(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	rule := cx.InvitationRule{Active: true}
	if err := httpio.DecodeJSON(w, r, &rule); err != nil {
		return err
	}
	rule, err := s.store.CreateInvitationRule(r.Context(), p.WorkspaceID, rule)
	return httpio.Respond(w, http.StatusCreated, rule, err)
}

func (s *Handler) getInvitationRule(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	rule, err := s.store.InvitationRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (s *Handler) putInvitationRule(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	var rule cx.InvitationRule
	if err := httpio.DecodeJSON(w, r, &rule); err != nil {
		return err
	}
	rule.ID = r.PathValue("id")
	rule, err := s.store.UpdateInvitationRule(r.Context(), p.WorkspaceID, rule)
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (s *Handler) deleteInvitationRule(w http.ResponseWriter, r *http.Request, p *httpio.Principal) error {
	return httpio.NoContent(w, s.store.DeleteInvitationRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}
