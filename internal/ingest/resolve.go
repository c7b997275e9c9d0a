package ingest

import (
	"cxm/internal/cx"
	"cxm/internal/store"
)

// owner returns the customer an identity belongs to, or "".
func (b *batch) owner(kind, value string) (string, error) {
	key := cx.Identity{Kind: kind, Value: value}
	if id, ok := b.owners[key]; ok {
		return id, nil
	}
	if id, ok := b.known.owners[ownerKey{b.ws, key}]; ok && !b.merged {
		return id, nil
	}
	if b.absent[key] {
		return "", nil
	}
	id, err := b.tx.IdentityOwner(b.ws, kind, value)
	if err == nil && id != "" {
		b.owners[key] = id
	}
	return id, err
}

// give records that an identity is a customer's; the row is written with
// the batch's others.
func (b *batch) give(kind, value, customer string) error {
	id := cx.Identity{Kind: kind, Value: value}
	b.ids = append(b.ids, store.IdentityRow{Identity: id, CustomerID: customer})
	b.owners[id] = customer
	delete(b.absent, id)
	return nil
}

// userID returns a customer's user id, "" for an anonymous profile.
func (b *batch) userID(customer string) (string, error) {
	if u, ok := b.userIDs[customer]; ok {
		return u, nil
	}
	if u, ok := b.known.userIDs[customer]; ok && !b.merged {
		return u, nil
	}
	u, err := b.tx.CustomerUserID(b.ws, customer)
	if err == nil {
		b.userIDs[customer] = u
	}
	return u, err
}

// setUserID gives a customer a user id, as its identity and on its row.
func (b *batch) setUserID(customer, userID string) error {
	if err := b.give(cx.IDUser, userID, customer); err != nil {
		return err
	}
	b.userIDs[customer] = userID
	if i, ok := b.unsaved[customer]; ok {
		b.customers[i].UserID = userID
		return nil
	}
	return b.tx.SetUserID(b.ws, customer, userID)
}

// newCustomer creates a profile, known by its user id or anonymous; its
// row is written with the batch's others.
func (b *batch) newCustomer(userID string) (string, error) {
	id := b.tx.NewCustomerID()
	b.unsaved[id] = len(b.customers)
	b.customers = append(b.customers, store.NewCustomer{ID: id, UserID: userID})
	b.fresh[id] = true
	b.userIDs[id] = userID
	b.stages[id] = map[string]string{}
	if userID != "" {
		return id, b.give(cx.IDUser, userID, id)
	}
	return id, nil
}

// resolve finds or creates the customer an event belongs to, merging
// profiles that the event shows are one person.
func (b *batch) resolve(e *cx.Event, ids idSet) (string, error) {
	if e.Type == cx.EventAlias {
		return b.alias(e)
	}
	customer, err := b.primary(ids, e.ID)
	if err != nil {
		return "", err
	}
	for _, id := range ids.others {
		if customer, err = b.claim(customer, id, e); err != nil {
			return "", err
		}
	}
	return customer, nil
}

// primary finds the customer by user id, then anonymous id, then the
// event's other ids; a user id seen for the first time on a known anonymous
// visitor becomes theirs (identify after browsing), and an anonymous
// profile met again under a user id merges into that user.
func (b *batch) primary(ids idSet, eventID string) (string, error) {
	var u, a string
	var err error
	if ids.user != "" {
		if u, err = b.owner(cx.IDUser, ids.user); err != nil {
			return "", err
		}
	}
	if ids.anon != "" {
		if a, err = b.owner(cx.IDAnonymous, ids.anon); err != nil {
			return "", err
		}
	}
	switch {
	case ids.user != "" && u == "":
		return b.firstUserID(ids, a)
	case ids.user != "":
		return u, b.joinAnonymous(u, ids.anon, a, eventID)
	case a != "":
		return a, nil
	}
	for _, id := range ids.others {
		o, err := b.owner(id.Kind, id.Value)
		if err != nil || o != "" {
			if err == nil && ids.anon != "" {
				err = b.give(cx.IDAnonymous, ids.anon, o)
			}
			return o, err
		}
	}
	c, err := b.newCustomer("")
	if err == nil && ids.anon != "" {
		err = b.give(cx.IDAnonymous, ids.anon, c)
	}
	return c, err
}

// firstUserID handles a user id cxm has not seen: the anonymous visitor
// it arrives with becomes that user, unless they are already another user
// (a shared device), in which case the user gets a profile of their own.
// An anonymousId nobody has is not kept (see joinAnonymous).
func (b *batch) firstUserID(ids idSet, anonOwner string) (string, error) {
	if anonOwner != "" {
		u, err := b.userID(anonOwner)
		if err != nil {
			return "", err
		}
		if u == "" {
			return anonOwner, b.setUserID(anonOwner, ids.user)
		}
	}
	return b.newCustomer(ids.user)
}

// joinAnonymous ties an anonymous id to a known user: an anonymous
// profile is merged into them. An anonymousId nobody has is not kept: on a
// message that names its user, it has tied no anonymous activity to
// anybody, and server libraries (RudderStack's Go library) invent a new
// one for every message, which would grow the profile by one identity a
// message. If the same anonymousId later arrives alone, it starts an
// anonymous profile, which the next message with both ids merges in.
func (b *batch) joinAnonymous(user, anon, anonOwner, eventID string) error {
	if anon == "" || anonOwner == "" || anonOwner == user {
		return nil
	}
	u, err := b.userID(anonOwner)
	if err != nil || u != "" {
		return err // the anonymous id belongs to another user: leave it
	}
	return b.merge(anonOwner, user, cx.MergeIdentify, eventID)
}

// claim gives an email, phone or other id to the customer, or settles who
// has it: a profile without user id merges with the one that has it, but
// two profiles with different user ids never merge: the claim is listed as
// an identity conflict for a person to resolve.
func (b *batch) claim(customer string, id cx.Identity, e *cx.Event) (string, error) {
	o, err := b.owner(id.Kind, id.Value)
	if err != nil || o == customer {
		return customer, err
	}
	if o == "" {
		return customer, b.give(id.Kind, id.Value, customer)
	}
	mine, err := b.userID(customer)
	if err != nil {
		return "", err
	}
	theirs, err := b.userID(o)
	if err != nil {
		return "", err
	}
	if mine != "" && theirs != "" && mine != theirs {
		return customer, b.tx.RecordConflict(b.ws, id.Kind, id.Value, o, customer, e.ID)
	}
	survivor, loser := o, customer
	if mine != "" && theirs == "" {
		survivor, loser = customer, o
	}
	return survivor, b.merge(loser, survivor, cx.MergeIdentity, e.ID)
}

// alias ties previousId (an anonymous id or an earlier user id) to userId,
// merging their profiles when both exist.
func (b *batch) alias(e *cx.Event) (string, error) {
	p, err := b.owner(cx.IDUser, e.PreviousID)
	if err == nil && p == "" {
		p, err = b.owner(cx.IDAnonymous, e.PreviousID)
	}
	if err != nil {
		return "", err
	}
	u, err := b.owner(cx.IDUser, e.UserID)
	if err != nil {
		return "", err
	}
	switch {
	case p == "" && u == "":
		c, err := b.newCustomer(e.UserID)
		if err == nil {
			err = b.give(cx.IDAnonymous, e.PreviousID, c)
		}
		return c, err
	case p == "":
		return u, b.give(cx.IDAnonymous, e.PreviousID, u)
	case u == "":
		return p, b.setUserID(p, e.UserID)
	case p == u:
		return u, nil
	}
	return u, b.merge(p, u, cx.MergeAlias, e.ID)
}

// merge moves loser into survivor: the events waiting in memory are
// inserted first, so that the move takes them too; the summary waiting in
// memory follows; the survivor's stages are worked out again from all its
// events.
func (b *batch) merge(loser, survivor, reason, eventID string) error {
	if loser == survivor {
		return nil
	}
	b.merged = true // what the cache says may point at loser from now on
	if err := b.flushPending(); err != nil {
		return err
	}
	if err := b.tx.Merge(b.ws, loser, survivor, reason, eventID); err != nil {
		return err
	}
	if d := b.deltas[loser]; d != nil {
		b.delta(survivor).Add(*d)
		delete(b.deltas, loser)
	}
	for k, v := range b.owners {
		if v == loser {
			b.owners[k] = survivor
		}
	}
	delete(b.userIDs, loser)
	delete(b.userIDs, survivor)
	delete(b.stages, loser)
	delete(b.stages, survivor)
	return b.restage(survivor)
}
