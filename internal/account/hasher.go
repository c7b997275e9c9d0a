package account

import "cxm/internal/secret"

// hasher is how the service hashes and checks passwords: argon2id through
// secret, and in tests a counter around it, so that a test can see that
// every sign-in makes exactly one check whatever was typed.
type hasher interface {
	hash(password string) (string, error)
	check(hash, password string) (bool, error)
}

type argon2id struct{}

func (argon2id) hash(password string) (string, error) { return secret.HashPassword(password) }
func (argon2id) check(hash, password string) (bool, error) {
	return secret.CheckPassword(hash, password)
}
