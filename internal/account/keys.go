package account

import (
	"context"
	"strings"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// NewKey is an API key to make: a write key (public, ingestion only) or a
// secret key (the whole /api/v1). The JSON names are the API's.
type NewKey struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// CreatedKey is a key just made, with the key itself: the only time anyone
// sees it, since the store keeps only its hash.
type CreatedKey struct {
	cx.APIKey
	Key string `json:"key"`
}

// CreateAPIKey makes a key for p's workspace. The result carries the key
// itself, which no one can read back later: show it once.
func (s *Service) CreateAPIKey(ctx context.Context, p *Principal, req NewKey) (CreatedKey, error) {
	if err := p.allow(cx.ActManageKeys); err != nil {
		return CreatedKey{}, err
	}
	key, hash, prefix := secret.NewAPIKey(req.Kind)
	k, err := s.store.CreateAPIKey(ctx, cx.APIKey{WorkspaceID: p.WorkspaceID, Kind: req.Kind, Name: req.Name, Hash: hash, Prefix: prefix})
	if err != nil {
		return CreatedKey{}, err
	}
	return CreatedKey{APIKey: k, Key: key}, nil
}

// RevokeAPIKey stops one of p's workspace's keys from working and returns
// it; revoking twice is harmless. Nothing caches keys, so the key stops
// working at once on every server, whichever surface revoked it.
func (s *Service) RevokeAPIKey(ctx context.Context, p *Principal, keyID string) (cx.APIKey, error) {
	if err := p.allow(cx.ActManageKeys); err != nil {
		return cx.APIKey{}, err
	}
	return s.store.RevokeAPIKey(ctx, p.WorkspaceID, keyID)
}

// AuthenticateKey returns the principal of a secret API key, as sent by a
// machine. Secret keys act as admins: they may do everything but make or
// unmake owners. Write keys only send events and are refused here.
func (s *Service) AuthenticateKey(ctx context.Context, key string) (*Principal, error) {
	if strings.HasPrefix(key, secret.WriteKeyPrefix) {
		return nil, cx.Errorf(cx.Unauthorized, "a write key only sends events to /v1; use a secret key for /api/v1")
	}
	k, err := s.store.APIKeyByHash(ctx, secret.Hash(key))
	if cx.ErrorCode(err) == cx.NotFound || err == nil && (k.RevokedAt != nil || k.Kind != cx.KeySecret) {
		return nil, cx.Errorf(cx.Unauthorized, "unknown or revoked API key")
	}
	if err != nil {
		return nil, err
	}
	return &Principal{WorkspaceID: k.WorkspaceID, Role: cx.RoleAdmin, Key: &k}, nil
}

// WriteKeyWorkspace returns the workspace of a write key, as /v1 receives
// it. It reads the key every time (one read of one row by a unique index,
// the cost of the revocation check a cache would need anyway), so that a
// key revoked anywhere — the API, the dashboard, the command line or
// another server — is refused by the next request.
func (s *Service) WriteKeyWorkspace(ctx context.Context, key string) (string, error) {
	if key == "" {
		return "", cx.Errorf(cx.Unauthorized, "send the write key as the HTTP Basic user name, or as writeKey in the body")
	}
	if !strings.HasPrefix(key, secret.WriteKeyPrefix) {
		return "", cx.Errorf(cx.Unauthorized, "this is not a write key: /v1 takes a workspace's write key (cxm_wk_…)")
	}
	k, err := s.store.APIKeyByHash(ctx, secret.Hash(key))
	if cx.ErrorCode(err) == cx.NotFound || err == nil && (k.RevokedAt != nil || k.Kind != cx.KeyWrite) {
		return "", cx.Errorf(cx.Unauthorized, "unknown or revoked write key")
	}
	if err != nil {
		return "", err
	}
	return k.WorkspaceID, nil
}
