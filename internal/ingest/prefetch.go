package ingest

import (
	"cxm/internal/cx"
)

// prefetch looks up, for the events of a batch that are new, everything
// resolving them will ask and the cache does not know: who has each of
// their identities (one query per kind), the user ids of those customers,
// where those with events that have stage rules stand, and which of their
// orders are stored already. What it misses (a profile merged in the
// middle of the batch) is asked one at a time as before.
func (b *batch) prefetch(fresh []item) error {
	var want []cx.Identity
	asked := map[cx.Identity]bool{}
	ask := func(kind, value string) {
		k := cx.Identity{Kind: kind, Value: value}
		if value == "" || asked[k] || b.cached(k) {
			return
		}
		asked[k] = true
		want = append(want, k)
	}
	var orderIDs []string
	staged := map[cx.Identity]bool{} // identities of events that have stage rules
	for _, it := range fresh {
		e, ids := it.e, it.pre.ids
		if e.Type == cx.EventAlias {
			ask(cx.IDUser, e.PreviousID)
			ask(cx.IDAnonymous, e.PreviousID)
			ask(cx.IDUser, e.UserID)
		}
		ask(cx.IDUser, ids.user)
		ask(cx.IDAnonymous, ids.anon)
		for _, id := range ids.others {
			ask(id.Kind, id.Value)
		}
		if len(b.set.byName[fold(e.Name)]) > 0 {
			staged[cx.Identity{Kind: cx.IDUser, Value: ids.user}] = true
			staged[cx.Identity{Kind: cx.IDAnonymous, Value: ids.anon}] = true
		}
		if id := orderIDOf(e); id != "" {
			orderIDs = append(orderIDs, id)
		}
	}
	if err := b.prefetchOwners(want); err != nil {
		return err
	}
	if err := b.prefetchCustomers(asked, staged); err != nil {
		return err
	}
	if len(orderIDs) > 0 {
		seen, err := b.tx.SeenOrderIDs(b.ws, orderIDs)
		if err != nil {
			return err
		}
		for id := range seen {
			b.orderIDs[id] = true
		}
	}
	return nil
}

// cached reports whether the batch or the cache knows who has an identity
// (or that nobody has it).
func (b *batch) cached(k cx.Identity) bool {
	if _, ok := b.owners[k]; ok || b.absent[k] {
		return true
	}
	_, ok := b.known.owners[ownerKey{b.ws, k}]
	return ok && !b.merged
}

// prefetchOwners looks up who has the identities.
func (b *batch) prefetchOwners(want []cx.Identity) error {
	if len(want) == 0 {
		return nil
	}
	found, err := b.tx.IdentityOwners(b.ws, want)
	if err != nil {
		return err
	}
	for _, k := range want {
		if c, ok := found[k]; ok {
			b.owners[k] = c
		} else {
			b.absent[k] = true
		}
	}
	return nil
}

// prefetchCustomers looks up the user ids of the customers found, and the
// stages of those whose events have stage rules, unless the cache has them.
func (b *batch) prefetchCustomers(found, staged map[cx.Identity]bool) error {
	var users, stages []string
	seen := map[string]bool{}
	for k := range found {
		c := b.owners[k]
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		if _, ok := b.known.userIDs[c]; !ok {
			users = append(users, c)
		}
		if _, ok := b.known.stages[c]; !ok && staged[k] {
			stages = append(stages, c)
		}
	}
	if len(users) > 0 {
		got, err := b.tx.CustomerUserIDs(b.ws, users)
		if err != nil {
			return err
		}
		for c, u := range got {
			b.userIDs[c] = u
		}
	}
	if len(stages) > 0 {
		got, err := b.tx.CustomersStages(b.ws, stages)
		if err != nil {
			return err
		}
		for c, st := range got {
			b.stages[c] = st
		}
	}
	return nil
}
