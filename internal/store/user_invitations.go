package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cxm/internal/cx"
)

// CreateUserInvitation stores a pending invitation to a workspace. Inviting
// an address again replaces its pending invitation (the old link stops
// working); inviting a member is a conflict.
func (s *Store) CreateUserInvitation(ctx context.Context, inv cx.UserInvitation) (cx.UserInvitation, error) {
	email, err := cx.NormalizeEmail(inv.Email)
	if err != nil {
		return cx.UserInvitation{}, err
	}
	if !inv.Role.Valid() {
		return cx.UserInvitation{}, cx.FieldErrorf("role", "role must be one of owner, admin, analyst, agent, viewer")
	}
	u := cx.User{Language: inv.Language}
	if err := validateNewUser(&u); err != nil {
		return cx.UserInvitation{}, err
	}
	inv.Email, inv.Language, inv.Status = email, u.Language, cx.InvitationPending
	inv.ID = s.ids.New("inv")
	err = s.inTx(ctx, func(c conn) error {
		var n int
		err := c.queryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.user_id = m.user_id
			WHERE m.workspace_id = ? AND u.email = ?`, inv.WorkspaceID, email).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return cx.Errorf(cx.Conflict, "%s is already a member of this workspace", email)
		}
		if _, err := c.exec(ctx, `DELETE FROM user_invitations WHERE workspace_id = ? AND email = ?`, inv.WorkspaceID, email); err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO user_invitations (workspace_id, invitation_id, email, role, language, token_hash, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, inv.WorkspaceID, inv.ID, email, string(inv.Role), inv.Language, inv.TokenHash,
			ms(inv.CreatedAt), ms(inv.ExpiresAt))
		if errors.Is(err, errReference) {
			return cx.Errorf(cx.NotFound, "workspace not found")
		}
		return err
	})
	return inv, err
}

const userInvitationColumns = `workspace_id, invitation_id, email, role, language, token_hash, created_at, expires_at`

func scanUserInvitation(row scanner) (cx.UserInvitation, error) {
	var inv cx.UserInvitation
	var role string
	var created, expires int64
	err := row.Scan(&inv.WorkspaceID, &inv.ID, &inv.Email, &role, &inv.Language, &inv.TokenHash, &created, &expires)
	inv.Role, inv.Status = cx.Role(role), cx.InvitationPending
	inv.CreatedAt, inv.ExpiresAt = fromMS(created), fromMS(expires)
	return inv, err
}

// UserInvitationByToken returns the unexpired invitation whose link holds
// the token of this hash.
func (s *Store) UserInvitationByToken(ctx context.Context, tokenHash string, at time.Time) (cx.UserInvitation, error) {
	return invitationByToken(ctx, s.reader(), tokenHash, at)
}

func invitationByToken(ctx context.Context, c conn, tokenHash string, at time.Time) (cx.UserInvitation, error) {
	inv, err := scanUserInvitation(c.queryRow(ctx, `SELECT `+userInvitationColumns+` FROM user_invitations
		WHERE token_hash = ? AND expires_at > ?`, tokenHash, ms(at)))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, cx.Errorf(cx.NotFound, "this invitation link is unknown, was used already, revoked or expired")
	}
	return inv, err
}

// UserInvitation returns one of a workspace's pending invitations.
func (s *Store) UserInvitation(ctx context.Context, wsID, id string) (cx.UserInvitation, error) {
	inv, err := scanUserInvitation(s.reader().queryRow(ctx, `SELECT `+userInvitationColumns+` FROM user_invitations
		WHERE workspace_id = ? AND invitation_id = ?`, wsID, id))
	return inv, notFound(err, "invitation")
}

// UserInvitations lists a workspace's pending invitations, expired ones
// included until they are revoked or replaced.
func (s *Store) UserInvitations(ctx context.Context, wsID string, p Page) (List[cx.UserInvitation], error) {
	out, err := collect(ctx, s.reader(), scanUserInvitation, `SELECT `+userInvitationColumns+` FROM user_invitations
		WHERE workspace_id = ? AND invitation_id > ? ORDER BY invitation_id LIMIT ?`, wsID, p.After, p.limit())
	if err != nil {
		return List[cx.UserInvitation]{}, err
	}
	return cut(out, p, func(inv cx.UserInvitation) string { return inv.ID }), nil
}

// DeleteUserInvitation revokes a pending invitation: its link stops working.
func (s *Store) DeleteUserInvitation(ctx context.Context, wsID, id string) error {
	res, err := s.writer().exec(ctx, `DELETE FROM user_invitations WHERE workspace_id = ? AND invitation_id = ?`, wsID, id)
	return mustAffect(res, err, "invitation")
}

// AcceptUserInvitation makes an existing user a member as the invitation
// says, and deletes it, in one transaction: a link works once. The caller
// has checked that the user is the one invited.
func (s *Store) AcceptUserInvitation(ctx context.Context, tokenHash, userID string, at time.Time) (cx.UserInvitation, error) {
	var inv cx.UserInvitation
	err := s.inTx(ctx, func(c conn) error {
		var err error
		if inv, err = invitationByToken(ctx, c, tokenHash, at); err != nil {
			return err
		}
		return join(ctx, c, inv, userID, at)
	})
	return inv, err
}

// JoinAsNewUser creates the account of the person invited, with the
// invitation's address and language, makes them a member and deletes the
// invitation, in one transaction. An address that has an account already
// is a conflict: that person signs in to accept.
func (s *Store) JoinAsNewUser(ctx context.Context, tokenHash string, u cx.User, at time.Time) (m cx.Member, wsID string, err error) {
	if err := validateNewUser(&u); err != nil {
		return cx.Member{}, "", err
	}
	var inv cx.UserInvitation
	err = s.inTx(ctx, func(c conn) error {
		var err error
		if inv, err = invitationByToken(ctx, c, tokenHash, at); err != nil {
			return err
		}
		u.ID, u.Email, u.Language, u.CreatedAt = s.ids.New("usr"), inv.Email, inv.Language, now()
		_, err = c.exec(ctx, `INSERT INTO users (user_id, email, name, language, password_hash, must_change_password, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Email, u.Name, u.Language, u.PasswordHash, false, ms(u.CreatedAt))
		if errors.Is(err, errDuplicate) {
			return cx.Errorf(cx.Conflict, "%s has an account already: sign in, then open the link again to accept", inv.Email)
		}
		if err != nil {
			return err
		}
		return join(ctx, c, inv, u.ID, at)
	})
	return cx.Member{User: u, Role: inv.Role}, inv.WorkspaceID, err
}

// join turns an invitation into a membership used last at at.
func join(ctx context.Context, c conn, inv cx.UserInvitation, userID string, at time.Time) error {
	_, err := c.exec(ctx, `INSERT INTO memberships (workspace_id, user_id, role, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)`,
		inv.WorkspaceID, userID, string(inv.Role), ms(now()), ms(at))
	if errors.Is(err, errDuplicate) {
		err = cx.Errorf(cx.Conflict, "%s is already a member of this workspace", inv.Email)
	}
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `DELETE FROM user_invitations WHERE workspace_id = ? AND invitation_id = ?`, inv.WorkspaceID, inv.ID)
	return err
}
