package store

import (
	"context"
	"database/sql"

	"cxm/internal/cx"
)

// CreateAPIKey stores a new key. k.Hash and k.Prefix are set by the caller,
// who alone ever sees the key itself.
func (s *Store) CreateAPIKey(ctx context.Context, k cx.APIKey) (cx.APIKey, error) {
	if err := k.Validate(); err != nil {
		return cx.APIKey{}, err
	}
	k.ID = s.ids.New("key")
	k.CreatedAt = now()
	_, err := s.writer().exec(ctx, `INSERT INTO api_keys (workspace_id, key_id, kind, name, prefix, key_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, k.WorkspaceID, k.ID, k.Kind, k.Name, k.Prefix, k.Hash, ms(k.CreatedAt))
	return k, err
}

const apiKeyColumns = `workspace_id, key_id, kind, name, prefix, key_hash, created_at, revoked_at`

func scanAPIKey(row scanner) (cx.APIKey, error) {
	var k cx.APIKey
	var created int64
	var revoked sql.NullInt64
	err := row.Scan(&k.WorkspaceID, &k.ID, &k.Kind, &k.Name, &k.Prefix, &k.Hash, &created, &revoked)
	k.CreatedAt = fromMS(created)
	if revoked.Valid {
		t := fromMS(revoked.Int64)
		k.RevokedAt = &t
	}
	return k, err
}

// APIKeyByHash finds a key, revoked or not, by the hash of the key.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (cx.APIKey, error) {
	k, err := scanAPIKey(s.reader().queryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE key_hash = ?`, hash))
	return k, notFound(err, "API key")
}

// APIKey returns one of a workspace's keys.
func (s *Store) APIKey(ctx context.Context, wsID, id string) (cx.APIKey, error) {
	k, err := scanAPIKey(s.reader().queryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE workspace_id = ? AND key_id = ?`, wsID, id))
	return k, notFound(err, "API key")
}

// APIKeys lists a workspace's keys, revoked ones included.
func (s *Store) APIKeys(ctx context.Context, wsID string, p Page) (List[cx.APIKey], error) {
	out, err := collect(ctx, s.reader(), scanAPIKey, `SELECT `+apiKeyColumns+` FROM api_keys
		WHERE workspace_id = ? AND key_id > ? ORDER BY key_id LIMIT ?`, wsID, p.After, p.limit())
	if err != nil {
		return List[cx.APIKey]{}, err
	}
	return cut(out, p, func(k cx.APIKey) string { return k.ID }), nil
}

// RevokeAPIKey stops a key from working. Revoking twice is harmless.
func (s *Store) RevokeAPIKey(ctx context.Context, wsID, id string) (cx.APIKey, error) {
	res, err := s.writer().exec(ctx, `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE workspace_id = ? AND key_id = ?`,
		ms(now()), wsID, id)
	if err := mustAffect(res, err, "API key"); err != nil {
		return cx.APIKey{}, err
	}
	return s.APIKey(ctx, wsID, id)
}
