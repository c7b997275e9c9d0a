package api

import (
	"net/http"
	"strings"

	"cxm/internal/account"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

func (h *Handler) ListFeedback(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	f, err := httpio.FeedbackFilter(r.URL.Query())
	if err != nil {
		return err
	}
	l, err := h.store.Feedback(r.Context(), p.WorkspaceID, f, page)
	return httpio.RespondList(w, l, err)
}

// addFeedback stores a review, comment, note or call: 201 when new, 200
// with the stored record when it was there already.
func (h *Handler) AddFeedback(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var x cx.ExternalFeedback
	if err := httpio.DecodeJSON(w, r, &x); err != nil {
		return err
	}
	f, added, err := h.store.AddFeedback(r.Context(), p.WorkspaceID, x)
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
func (h *Handler) ImportFeedback(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "text/csv") && !strings.HasPrefix(ct, "text/plain") {
		return cx.Errorf(cx.Invalid, "Content-Type must be text/csv")
	}
	res, err := h.feedback.ImportCSV(r.Context(), p.WorkspaceID, http.MaxBytesReader(w, r.Body, maxCSVBody))
	if httpio.IsTooLarge(err) {
		err = cx.Errorf(cx.TooLarge, "the body is larger than %d bytes", maxCSVBody)
	}
	return httpio.Respond(w, http.StatusOK, res, err)
}

func (h *Handler) GetFeedbackSettings(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	st, err := h.store.FeedbackSettings(r.Context(), p.WorkspaceID)
	return httpio.Respond(w, http.StatusOK, st, err)
}

func (h *Handler) PutFeedbackSettings(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var st cx.FeedbackSettings
	if err := httpio.DecodeJSON(w, r, &st); err != nil {
		return err
	}
	return httpio.Respond(w, http.StatusOK, st, h.store.SetFeedbackSettings(r.Context(), p.WorkspaceID, st))
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

func (h *Handler) ListInvitations(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	page, err := httpio.PageOf(r)
	if err != nil {
		return err
	}
	l, err := h.store.Invitations(r.Context(), p.WorkspaceID, r.PathValue("id"), page)
	return httpio.RespondList(w, l, err)
}

// createInvitation makes a personal link for any channel: cxm sends email
// itself when asked; other channels (Zalo, SMS) take the link and token.
func (h *Handler) CreateInvitation(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var req invitationRequest
	if err := httpio.DecodeJSON(w, r, &req); err != nil {
		return err
	}
	inv := cx.Invitation{SurveyID: r.PathValue("id"), CustomerID: req.CustomerID, Email: req.Email, Channel: req.Channel,
		Language: req.Language, OrderID: req.OrderID}
	inv, token, err := h.feedback.Invite(r.Context(), p.WorkspaceID, inv, req.Send)
	return httpio.Respond(w, http.StatusCreated, newInvitation{Invitation: inv, Token: token, Link: h.feedback.SurveyURL(token)}, err)
}

// getSurveyQR serves the QR code of a survey's anonymous link.
func (h *Handler) GetSurveyQR(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	img, mediaType, err := h.feedback.SurveyQR(r.Context(), p.WorkspaceID, r.PathValue("id"), r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	return httpio.WriteImage(w, img, mediaType)
}

func (h *Handler) ListInvitationRules(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rules, err := h.store.InvitationRules(r.Context(), p.WorkspaceID, false)
	return httpio.RespondList(w, store.List[cx.InvitationRule]{Items: rules}, err)
}

func (h *Handler) CreateInvitationRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule := cx.InvitationRule{Active: true}
	if err := httpio.DecodeJSON(w, r, &rule); err != nil {
		return err
	}
	rule, err := h.store.CreateInvitationRule(r.Context(), p.WorkspaceID, rule)
	return httpio.Respond(w, http.StatusCreated, rule, err)
}

func (h *Handler) GetInvitationRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	rule, err := h.store.InvitationRule(r.Context(), p.WorkspaceID, r.PathValue("id"))
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (h *Handler) PutInvitationRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	var rule cx.InvitationRule
	if err := httpio.DecodeJSON(w, r, &rule); err != nil {
		return err
	}
	rule.ID = r.PathValue("id")
	rule, err := h.store.UpdateInvitationRule(r.Context(), p.WorkspaceID, rule)
	return httpio.Respond(w, http.StatusOK, rule, err)
}

func (h *Handler) DeleteInvitationRule(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	return httpio.NoContent(w, h.store.DeleteInvitationRule(r.Context(), p.WorkspaceID, r.PathValue("id")))
}
