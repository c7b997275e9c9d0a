package store

import (
	"context"

	"cxm/internal/cx"
)

// CreateSession stores a signed-in session.
func (s *Store) CreateSession(ctx context.Context, sess cx.Session) error {
	_, err := s.writer().exec(ctx, `INSERT INTO sessions (token_hash, user_id, workspace_id, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, sess.TokenHash, sess.UserID, sess.WorkspaceID, ms(sess.CreatedAt), ms(sess.ExpiresAt))
	return err
}

// Session returns an unexpired session by its token's hash.
func (s *Store) Session(ctx context.Context, tokenHash string) (cx.Session, error) {
	var sess cx.Session
	var created, expires int64
	err := s.reader().queryRow(ctx, `SELECT token_hash, user_id, workspace_id, created_at, expires_at
		FROM sessions WHERE token_hash = ? AND expires_at > ?`, tokenHash, ms(now())).
		Scan(&sess.TokenHash, &sess.UserID, &sess.WorkspaceID, &created, &expires)
	sess.CreatedAt, sess.ExpiresAt = fromMS(created), fromMS(expires)
	return sess, notFound(err, "session")
}

// SwitchWorkspace moves a session to another of the user's workspaces and
// remembers it as the one used last, where the next sign-in lands.
func (s *Store) SwitchWorkspace(ctx context.Context, tokenHash, wsID string) error {
	return s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE sessions SET workspace_id = ? WHERE token_hash = ?
			AND EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = ? AND m.user_id = sessions.user_id)`, wsID, tokenHash, wsID)
		if err := mustAffect(res, err, "workspace"); err != nil {
			return err
		}
		_, err = c.exec(ctx, `UPDATE memberships SET last_used_at = ? WHERE workspace_id = ?
			AND user_id = (SELECT user_id FROM sessions WHERE token_hash = ?)`, ms(now()), wsID, tokenHash)
		return err
	})
}

// DeleteSession signs a session out.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.writer().exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteExpiredSessions removes sessions past their end and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.writer().exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ms(now()))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
