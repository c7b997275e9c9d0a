package ingest

import (
	"maps"
	"time"

	"cxm/internal/cx"
)

// cache keeps what the writer learnt about customers across transactions:
// who has an identity, a customer's user id, where they stand in each
// journey. It saves two or three queries an event. Only the writer
// goroutine touches it, so it needs no lock.
//
// Other writers (a customer deleted through the API, an import run by
// another process) can make it stale, so it is emptied when any job or
// commit fails (the caller retries against the database), when a merge
// commits, when it grows past maxCached entries, and every cacheTTL.
type cache struct {
	owners  map[ownerKey]string
	userIDs map[string]string
	stages  map[string]map[string]string
	since   time.Time
}

type ownerKey struct {
	ws string
	id cx.Identity
}

const (
	maxCached = 200_000
	cacheTTL  = 10 * time.Second
)

func newCache() *cache {
	c := &cache{}
	c.clear()
	return c
}

func (c *cache) clear() {
	c.owners, c.userIDs, c.stages, c.since = map[ownerKey]string{}, map[string]string{}, map[string]map[string]string{}, time.Now()
}

// fresh empties the cache when it is too old or too big.
func (c *cache) fresh() {
	if time.Since(c.since) > cacheTTL || len(c.owners)+len(c.userIDs)+len(c.stages) > maxCached {
		c.clear()
	}
}

// learn keeps what a committed job found out.
func (c *cache) learn(b *batch) {
	for id, customer := range b.owners {
		c.owners[ownerKey{b.ws, id}] = customer
	}
	maps.Copy(c.userIDs, b.userIDs)
	maps.Copy(c.stages, b.stages)
}
