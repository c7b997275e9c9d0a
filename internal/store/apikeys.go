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

const qAPIKeyByHash = `SELECT ` + apiKeyColumns + ` FROM api_keys WHERE key_hash = ?`

// APIKeyByHash finds a key, revoked or not, by the hash of the key. Every
// /v1 request reads its write key this way (nothing caches keys, so that a
// revocation counts at once), so on SQLite the statement is prepared once
// on the read pool: parsing it is most of the cost of so small a read.
// PostgreSQL's driver caches its statements itself.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (cx.APIKey, error) {
	var row *sql.Row
	if st := s.keyByHash(ctx); st != nil {
		row = st.QueryRowContext(ctx, hash)
	} else {
		row = s.reader().queryRow(ctx, qAPIKeyByHash, hash)
	}
	k, err := scanAPIKey(row)
	return k, notFound(err, "API key")
}

// keyByHash returns the prepared qAPIKeyByHash on SQLite, or nil.
func (s *Store) keyByHash(ctx context.Context) *sql.Stmt {
	if s.dialect.name != "sqlite" {
		return nil
	}
	if st := s.apiKeyStmt.Load(); st != nil {
		return st
	}
	st, err := s.read.PrepareContext(ctx, qAPIKeyByHash)
	if err != nil {
		return nil // the unprepared query will say what is wrong
	}
	if !s.apiKeyStmt.CompareAndSwap(nil, st) {
		st.Close()
	}
	return s.apiKeyStmt.Load()
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
