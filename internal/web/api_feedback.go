package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
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

func (s *Server) listFeedback(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	f, err := feedbackFilter(r.URL.Query())
	if err != nil {
		return err
	}
	l, err := s.store.Feedback(r.Context(), p.WorkspaceID, f, page)
	return respondList(w, l, err)
}

// addFeedback stores a review, comment, note or call: 201 when new, 200
// with the stored record when it was there already.
func (s *Server) addFeedback(w http.ResponseWriter, r *http.Request, p *principal) error {
	var x cx.ExternalFeedback
	if err := decodeJSON(w, r, &x); err != nil {
		return err
	}
	f, added, err := s.store.AddFeedback(r.Context(), p.WorkspaceID, x)
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	return respond(w, status, f, err)
}

// maxCSVBody is the largest CSV file an import takes.
const maxCSVBody = 20 << 20

// importFeedback imports a CSV file: all rows or none, and a second import
// of the same file adds nothing.
func (s *Server) importFeedback(w http.ResponseWriter, r *http.Request, p *principal) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "text/csv") && !strings.HasPrefix(ct, "text/plain") {
		return cx.Errorf(cx.Invalid, "Content-Type must be text/csv")
	}
	res, err := s.feedback.ImportCSV(r.Context(), p.WorkspaceID, http.MaxBytesReader(w, r.Body, maxCSVBody))
	if isTooLarge(err) {
		err = cx.Errorf(cx.TooLarge, "the body is larger than %d bytes", maxCSVBody)
	}
	return respond(w, http.StatusOK, res, err)
}

func (s *Server) getFeedbackSettings(w http.ResponseWriter, r *http.Request, p *principal) error {
	st, err := s.store.FeedbackSettings(r.Context(), p.WorkspaceID)
	return respond(w, http.StatusOK, st, err)
}

func (s *Server) putFeedbackSettings(w http.ResponseWriter, r *http.Request, p *principal) error {
	var st cx.FeedbackSettings
	if err := decodeJSON(w, r, &st); err != nil {
		return err
	}
	return respond(w, http.StatusOK, st, s.store.SetFeedbackSettings(r.Context(), p.WorkspaceID, st))
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

func (s *Server) listInvitations(w http.ResponseWriter, r *http.Request, p *principal) error {
	page, err := pageOf(r)
	if err != nil {
		return err
	}
	l, err := s.store.Invitations(r.Context(), p.WorkspaceID, r.PathValue("id"), page)
	return respondList(w, l, err)
}

// createInvitation makes a personal link for any channel: cxm sends email
// itself when asked; other channels (Zalo, SMS) take the link and token.
func (s *Server) createInvitation(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req invitationRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	inv := cx.Invitation{SurveyID: r.PathValue("id"), CustomerID: req.CustomerID, Email: req.Email, Channel: req.Channel,
		Language: req.Language, OrderID: req.OrderID}
	inv, token, err := s.feedback.Invite(r.Context(), p.WorkspaceID, inv, req.Send)
	return respond(w, http.StatusCreated, newInvitation{Invitation: inv, Token: token, Link: s.surveyLink(token)}, err)
}

// surveyLink is the public address of a survey token.
func (s *Server) surveyLink(token string) string {
	return s.feedback.SurveyURL(token)
}

// getSurveyQR serves the QR code of a survey's anonymous link.
func (s *Server) getSurveyQR(w http.ResponseWriter, r *http.Request, p *principal) error {
	img, mediaType, err := s.feedback.SurveyQR(r.Context(), p.WorkspaceID, r.PathValue("id"), r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	return writeQR(w, img, mediaType)
}

// writeQR writes a QR code image, which browsers may keep for an hour.
func writeQR(w http.ResponseWriter, img []byte, mediaType string) error {
	w.Header().Set("Content-Type", mediaType)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, err := w.Write(img)
	return err
}

func (s *Server) listInvitationRules(w http.ResponseWriter, r *http.Request, p *principal) error {
	rules, err := s.store.InvitationRules(r.Context(), p.WorkspaceID, false)
	return respondList(w, store.List[cx.InvitationRule]{Items: rules}, err)
}

func (s *Server) createInvitationRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	rule := cx.InvitationRule{Active: true}
	if err := decodeJSON(w, r, &rule); err != nil {
		return err
	}
	rule, err := s.store.CreateInvitationRule(r.Context(), p.WorkspaceID, rule)
	return respond(w, http.StatusCreated, rule, err)
}

func (s *Server) getInvitationRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	rule, err := s.store.InvitationRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return respond(w, http.StatusOK, rule, err)
}

func (s *Server) putInvitationRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	var rule cx.InvitationRule
	if err := decodeJSON(w, r, &rule); err != nil {
		return err
	}
	rule.ID = r.PathValue("id")
	rule, err := s.store.UpdateInvitationRule(r.Context(), p.WorkspaceID, rule)
	return respond(w, http.StatusOK, rule, err)
}

func (s *Server) deleteInvitationRule(w http.ResponseWriter, r *http.Request, p *principal) error {
	return noContent(w, s.store.DeleteInvitationRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}
