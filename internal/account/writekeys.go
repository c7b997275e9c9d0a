package account

import (
	"sync"
	"time"
)

// writeKeyCache remembers which workspace a write key belongs to, so that
// the ingestion endpoints, called thousands of times a second, do not look
// every key up in the database. Entries live writeKeyTTL; revoking a key in
// this server forgets them all at once, and a key revoked elsewhere (the
// command line) stops working within writeKeyTTL.
type writeKeyCache struct {
	mu      sync.Mutex
	entries map[string]writeKeyEntry // key hash → entry
}

type writeKeyEntry struct {
	wsID    string // "" for a key that is unknown, revoked or not a write key
	expires time.Time
}

const (
	writeKeyTTL     = 10 * time.Second
	maxWriteKeysSet = 10_000
)

// get returns the workspace remembered for a key's hash: "" for a key known
// to be unknown, revoked or not a write key; ok is false when nothing is
// remembered.
func (c *writeKeyCache) get(hash string) (wsID string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || time.Now().After(e.expires) {
		return "", false
	}
	return e.wsID, true
}

// put remembers the workspace of a key's hash ("" for a bad key).
func (c *writeKeyCache) put(hash, wsID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxWriteKeysSet {
		c.entries = map[string]writeKeyEntry{}
	}
	c.entries[hash] = writeKeyEntry{wsID: wsID, expires: time.Now().Add(writeKeyTTL)}
}

// forget drops every entry: a key was revoked.
func (c *writeKeyCache) forget() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}
