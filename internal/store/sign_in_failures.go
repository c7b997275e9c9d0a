package store

import (
	"context"
	"strings"
	"time"
)

// SignInFailures is the failed sign-ins counted under one throttle key.
type SignInFailures struct {
	Count  int
	LastAt time.Time
}

// SignInFailures returns the failures counted under each key that has
// some, in one read. Keys are the caller's (account uses hashes).
func (s *Store) SignInFailures(ctx context.Context, keys ...string) (map[string]SignInFailures, error) {
	out := map[string]SignInFailures{}
	if len(keys) == 0 {
		return out, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := s.reader().query(ctx, `SELECT throttle_key, failures, last_failed_at FROM sign_in_failures
		WHERE throttle_key IN (?`+strings.Repeat(", ?", len(keys)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var f SignInFailures
		var last int64
		if err := rows.Scan(&key, &f.Count, &last); err != nil {
			return nil, err
		}
		f.LastAt = fromMS(last)
		out[key] = f
	}
	return out, rows.Err()
}

// RecordSignInFailure counts one failure at at under each key. A key whose
// last failure is before forgetBefore starts counting again from one.
func (s *Store) RecordSignInFailure(ctx context.Context, at, forgetBefore time.Time, keys ...string) error {
	return s.inTx(ctx, func(c conn) error {
		for _, k := range keys {
			_, err := c.exec(ctx, `INSERT INTO sign_in_failures (throttle_key, failures, last_failed_at) VALUES (?, 1, ?)
				ON CONFLICT (throttle_key) DO UPDATE SET
				failures = CASE WHEN sign_in_failures.last_failed_at < ? THEN 1 ELSE sign_in_failures.failures + 1 END,
				last_failed_at = excluded.last_failed_at`, k, ms(at), ms(forgetBefore))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearSignInFailures forgets the failures counted under a key.
func (s *Store) ClearSignInFailures(ctx context.Context, key string) error {
	_, err := s.writer().exec(ctx, `DELETE FROM sign_in_failures WHERE throttle_key = ?`, key)
	return err
}

// DeleteSignInFailuresBefore forgets keys whose last failure is before t
// and returns how many.
func (s *Store) DeleteSignInFailuresBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.writer().exec(ctx, `DELETE FROM sign_in_failures WHERE last_failed_at < ?`, ms(t))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
