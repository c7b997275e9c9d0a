package account

import "sync"

// HashCounter counts a service's password hashes and checks, and keeps
// the hashes checked against, so that tests can see that every sign-in
// does the same password work whatever was typed.
type HashCounter struct {
	mu      sync.Mutex
	inner   hasher
	Hashes  int
	Checked []string // the hashes checked against, in order
}

// CountHashes makes s count its password work from now on.
func CountHashes(s *Service) *HashCounter {
	c := &HashCounter{inner: s.hasher}
	s.hasher = c
	return c
}

func (c *HashCounter) hash(password string) (string, error) {
	c.mu.Lock()
	c.Hashes++
	c.mu.Unlock()
	return c.inner.hash(password)
}

func (c *HashCounter) check(hash, password string) (bool, error) {
	c.mu.Lock()
	c.Checked = append(c.Checked, hash)
	c.mu.Unlock()
	return c.inner.check(hash, password)
}

// Reset forgets what was counted.
func (c *HashCounter) Reset() {
	c.mu.Lock()
	c.Hashes, c.Checked = 0, nil
	c.mu.Unlock()
}
