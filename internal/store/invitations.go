package store

import (
	"context"
	"strings"
	"time"

	"cxm/internal/cx"
)

// Reasons an invitation is skipped rather than sent.
const (
	SkipUnsubscribed = "unsubscribed"
	SkipFatigue      = "asked_recently"
	SkipSameOrder    = "same_order"
	SkipNoAddress    = "no_address"
)

// CreateInvitation stores a personal invitation to a survey. The token is
// given to the person once; the store keeps its hash. A customer's email
// and language fill what the invitation leaves empty. A person who
// unsubscribed is not invited.
func (s *Store) CreateInvitation(ctx context.Context, wsID string, inv cx.Invitation, tokenHash string) (cx.Invitation, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := checkInvitation(ctx, c, wsID, &inv); err != nil {
			return err
		}
		if out, err := unsubscribed(ctx, c, wsID, inv.CustomerID, inv.Email); err != nil || out {
			if err == nil {
				err = cx.Errorf(cx.Conflict, "this person asked not to receive surveys")
			}
			return err
		}
		return s.insertInvitation(ctx, c, wsID, &inv, tokenHash)
	})
	return inv, err
}

// checkInvitation validates an invitation and fills it from its customer
// and the workspace's settings.
func checkInvitation(ctx context.Context, c conn, wsID string, inv *cx.Invitation) error {
	var status string
	err := c.queryRow(ctx, `SELECT status FROM surveys WHERE workspace_id = ? AND survey_id = ?`, wsID, inv.SurveyID).Scan(&status)
	if err != nil {
		return notFound(err, "survey")
	}
	if status == cx.SurveyClosed {
		return cx.Survey{Status: status}.TakesAnswers()
	}
	if inv.Channel == "" {
		inv.Channel = "link"
	}
	if !oneOf(inv.Channel, cx.InvitationChannels) {
		return cx.FieldErrorf("channel", "channel must be one of %s", strings.Join(cx.InvitationChannels, ", "))
	}
	inv.Email = strings.ToLower(strings.TrimSpace(inv.Email))
	if inv.CustomerID != "" {
		var email string
		err := c.queryRow(ctx, `SELECT email FROM customers WHERE workspace_id = ? AND customer_id = ?`, wsID, inv.CustomerID).Scan(&email)
		if err != nil {
			return cx.FieldErrorf("customer_id", "no customer %q in this workspace", inv.CustomerID)
		}
		if inv.Email == "" {
			inv.Email = strings.ToLower(email)
		}
	}
	if inv.Email != "" && !strings.Contains(inv.Email, "@") {
		return cx.FieldErrorf("email", "%q is not an email address", inv.Email)
	}
	if inv.Channel == "email" && inv.Email == "" {
		return cx.FieldErrorf("email", "an email invitation needs an email address")
	}
	if inv.Language == "" {
		if err := c.queryRow(ctx, `SELECT language FROM workspaces WHERE workspace_id = ?`, wsID).Scan(&inv.Language); err != nil {
			return err
		}
	}
	if inv.Language != cx.LangVi && inv.Language != cx.LangEn {
		return cx.FieldErrorf("language", "language must be vi or en")
	}
	return nil
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Store) insertInvitation(ctx context.Context, c conn, wsID string, inv *cx.Invitation, tokenHash string) error {
	settings, err := feedbackSettings(ctx, c, wsID)
	if err != nil {
		return err
	}
	inv.ID = s.ids.New("inv")
	inv.CreatedAt = now()
	inv.ExpiresAt = inv.CreatedAt.Add(time.Duration(settings.ExpiryDays) * 24 * time.Hour)
	if inv.Status == "" {
		inv.Status = "pending"
	}
	_, err = c.exec(ctx, `INSERT INTO invitations (workspace_id, invitation_id, survey_id, customer_id, channel, email, language, order_id, rule_id,
		token_hash, status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		wsID, inv.ID, inv.SurveyID, nullable(inv.CustomerID), inv.Channel, inv.Email, inv.Language, inv.OrderID, inv.RuleID,
		tokenHash, inv.Status, ms(inv.CreatedAt), ms(inv.ExpiresAt))
	return err
}

func feedbackSettings(ctx context.Context, c conn, wsID string) (cx.FeedbackSettings, error) {
	st := cx.DefaultFeedbackSettings
	err := c.queryRow(ctx, `SELECT fatigue_days, reminder_days, expiry_days FROM feedback_settings WHERE workspace_id = ?`, wsID).
		Scan(&st.FatigueDays, &st.ReminderDays, &st.ExpiryDays)
	if cx.ErrorCode(notFound(err, "")) == cx.NotFound {
		return cx.DefaultFeedbackSettings, nil
	}
	return st, err
}

// InviteOnce creates an invitation from a rule, unless the customer
// unsubscribed, was asked within the workspace's fatigue window (by any
// survey), or was already asked about the same order. It returns the reason
// when it skips. It runs in one transaction that holds the workspace, so
// two triggers never both ask the same customer; the jobs next returns
// (sending the email) are queued in it too.
func (s *Store) InviteOnce(ctx context.Context, wsID string, inv cx.Invitation, tokenHash string, next func(cx.Invitation) []Job) (cx.Invitation, string, error) {
	var skip string
	err := s.inTx(ctx, func(c conn) error {
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		if err := checkInvitation(ctx, c, wsID, &inv); err != nil {
			if e := cx.AsError(err); e != nil && e.Field == "email" {
				skip = SkipNoAddress
				return nil
			}
			return err
		}
		var err error
		if skip, err = skipReason(ctx, c, wsID, inv); err != nil || skip != "" {
			return err
		}
		if err := s.insertInvitation(ctx, c, wsID, &inv, tokenHash); err != nil {
			return err
		}
		for _, j := range next(inv) {
			if err := s.enqueue(ctx, c, j); err != nil {
				return err
			}
		}
		return nil
	})
	return inv, skip, err
}

func skipReason(ctx context.Context, c conn, wsID string, inv cx.Invitation) (string, error) {
	out, err := unsubscribed(ctx, c, wsID, inv.CustomerID, inv.Email)
	if err != nil || out {
		return SkipUnsubscribed, err
	}
	if inv.CustomerID == "" {
		return "", nil
	}
	var n int
	if inv.OrderID != "" {
		err := c.queryRow(ctx, `SELECT COUNT(*) FROM invitations WHERE workspace_id = ? AND customer_id = ? AND order_id = ?`,
			wsID, inv.CustomerID, inv.OrderID).Scan(&n)
		if err != nil || n > 0 {
			return SkipSameOrder, err
		}
	}
	settings, err := feedbackSettings(ctx, c, wsID)
	if err != nil || settings.FatigueDays == 0 {
		return "", err
	}
	since := now().Add(-time.Duration(settings.FatigueDays) * 24 * time.Hour)
	err = c.queryRow(ctx, `SELECT COUNT(*) FROM invitations WHERE workspace_id = ? AND customer_id = ? AND created_at > ?`,
		wsID, inv.CustomerID, ms(since)).Scan(&n)
	if err != nil || n > 0 {
		return SkipFatigue, err
	}
	return "", nil
}

// unsubscribed reports whether the customer or the email asked not to be
// surveyed.
func unsubscribed(ctx context.Context, c conn, wsID, customerID, email string) (bool, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM unsubscribes WHERE workspace_id = ? AND ((kind = 'customer' AND value = ?) OR (kind = 'email' AND value = ?))`,
		wsID, customerID, email).Scan(&n)
	return n > 0, err
}

// Unsubscribe records that the person an invitation was for wants no more
// surveys: by customer and by email, whichever are known.
func (s *Store) Unsubscribe(ctx context.Context, wsID string, inv cx.Invitation) error {
	return s.inTx(ctx, func(c conn) error {
		for _, u := range [][2]string{{"customer", inv.CustomerID}, {"email", inv.Email}} {
			if u[1] == "" {
				continue
			}
			_, err := c.exec(ctx, `INSERT INTO unsubscribes (workspace_id, kind, value, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (workspace_id, kind, value) DO NOTHING`, wsID, u[0], u[1], ms(now()))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// Unsubscribed reports whether a customer or an email asked not to be surveyed.
func (s *Store) Unsubscribed(ctx context.Context, wsID, customerID, email string) (bool, error) {
	return unsubscribed(ctx, s.reader(), wsID, customerID, strings.ToLower(email))
}

const invitationColumns = `invitation_id, survey_id, COALESCE(customer_id, ''), channel, email, language, order_id, rule_id, status,
	COALESCE(response_id, ''), created_at, sent_at, reminded_at, responded_at, expires_at`

func scanInvitation(row scanner) (cx.Invitation, error) {
	var inv cx.Invitation
	var created, expires int64
	var sent, reminded, responded *int64
	err := row.Scan(&inv.ID, &inv.SurveyID, &inv.CustomerID, &inv.Channel, &inv.Email, &inv.Language, &inv.OrderID, &inv.RuleID,
		&inv.Status, &inv.ResponseID, &created, &sent, &reminded, &responded, &expires)
	inv.CreatedAt, inv.ExpiresAt = fromMS(created), fromMS(expires)
	inv.SentAt, inv.RemindedAt, inv.RespondedAt = optTime(sent), optTime(reminded), optTime(responded)
	return inv, err
}

func optTime(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMS(*v)
	return &t
}

// InvitationByToken finds the invitation of a personal link, in any
// workspace, and returns its workspace too.
func (s *Store) InvitationByToken(ctx context.Context, tokenHash string) (string, cx.Invitation, error) {
	var wsID string
	c := s.reader()
	if err := c.queryRow(ctx, `SELECT workspace_id FROM invitations WHERE token_hash = ?`, tokenHash).Scan(&wsID); err != nil {
		return "", cx.Invitation{}, notFound(err, "invitation")
	}
	inv, err := scanInvitation(c.queryRow(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE token_hash = ?`, tokenHash))
	return wsID, inv, notFound(err, "invitation")
}

// Invitation returns one invitation.
func (s *Store) Invitation(ctx context.Context, wsID, id string) (cx.Invitation, error) {
	inv, err := scanInvitation(s.reader().queryRow(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE workspace_id = ? AND invitation_id = ?`, wsID, id))
	return inv, notFound(err, "invitation")
}

// Invitations lists a survey's invitations, oldest first.
func (s *Store) Invitations(ctx context.Context, wsID, surveyID string, p Page) (List[cx.Invitation], error) {
	c := s.reader()
	if err := exists(ctx, c, "surveys", "survey_id", wsID, surveyID, "survey"); err != nil {
		return List[cx.Invitation]{}, err
	}
	out, err := collect(ctx, c, scanInvitation, `SELECT `+invitationColumns+` FROM invitations WHERE workspace_id = ? AND survey_id = ? AND invitation_id > ?
		ORDER BY invitation_id LIMIT ?`, wsID, surveyID, p.After, p.limit())
	if err != nil {
		return List[cx.Invitation]{}, err
	}
	return cut(out, p, func(inv cx.Invitation) string { return inv.ID }), nil
}

// ReplaceInvitationToken makes tokenHash the hash of the invitation's one
// live link: the survey mailer issues a new token for each email, so that
// no token waits in clear text anywhere, and the earlier link stops working.
func (s *Store) ReplaceInvitationToken(ctx context.Context, wsID, id, tokenHash string) error {
	res, err := s.writer().exec(ctx, `UPDATE invitations SET token_hash = ? WHERE workspace_id = ? AND invitation_id = ?`, tokenHash, wsID, id)
	return mustAffect(res, err, "invitation")
}

// MarkInvitation records a delivery step: "sent", "reminded" or "failed".
func (s *Store) MarkInvitation(ctx context.Context, wsID, id, step string) error {
	set := `status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END`
	args := []any{wsID, id}
	switch step {
	case "sent":
		set = `status = CASE WHEN status IN ('pending', 'failed') THEN 'sent' ELSE status END, sent_at = ?`
		args = append([]any{ms(now())}, args...)
	case "reminded":
		set = `reminded_at = ?`
		args = append([]any{ms(now())}, args...)
	}
	res, err := s.writer().exec(ctx, `UPDATE invitations SET `+set+` WHERE workspace_id = ? AND invitation_id = ?`, args...)
	return mustAffect(res, err, "invitation")
}
