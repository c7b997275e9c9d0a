package feedback

import (
	"context"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// Invite makes a personal link to a survey of workspace wsID, for any
// channel, and returns the invitation with its token: the only time anyone
// sees the token, since the store keeps its hash. With send, an email
// invitation is queued for the worker to mail, with a link of its own that
// replaces this token (see Worker); other channels (Zalo, SMS) take the
// link and send it themselves.
func (s *Service) Invite(ctx context.Context, wsID string, inv cx.Invitation, send bool) (cx.Invitation, string, error) {
	token := strings.ToLower(secret.RandomToken(20))
	inv, err := s.store.CreateInvitation(ctx, wsID, inv, secret.Hash(token))
	if err == nil && send && inv.Channel == "email" {
		err = s.store.EnqueueJob(ctx, SendJob(wsID, inv.ID))
	}
	return inv, token, err
}

// SurveyQR returns the QR code of a survey's anonymous link, marked so that
// its responses count as coming by QR code, as a PNG of 512 pixels
// (format "" or "png") or an SVG (format "svg"), with its media type.
func (s *Service) SurveyQR(ctx context.Context, wsID, surveyID, format string) (image []byte, mediaType string, err error) {
	sv, err := s.store.Survey(ctx, wsID, surveyID)
	if err != nil {
		return nil, "", err
	}
	link := s.SurveyURL(sv.PublicKey) + "?via=qr"
	switch format {
	case "", "png":
		image, err = QRPNG(link, 512)
		return image, "image/png", err
	case "svg":
		image, err = QRSVG(link)
		return image, "image/svg+xml", err
	}
	return nil, "", cx.FieldErrorf("format", "format must be png or svg")
}
