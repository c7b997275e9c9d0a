package ingest

import (
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// setup is a workspace's ingestion setup with its stage rules indexed by
// event name; the writer keeps it for setupTTL.
type setup struct {
	store.IngestSetup
	byName map[string][]cx.StageRule // folded event name → rules, in order
	gen    uint64                    // Pipeline.rulesGen when read
	read   time.Time
}

func newSetup(s store.IngestSetup) *setup {
	out := &setup{IngestSetup: s, byName: map[string][]cx.StageRule{}}
	for _, r := range s.StageRules {
		k := fold(r.EventName)
		out.byName[k] = append(out.byName[k], r)
	}
	return out
}

// fold is how event names are compared: without case.
func fold(name string) string { return strings.ToLower(name) }

// batch writes one caller's events inside a group commit. It works on the
// whole batch at once: the identities, user ids, stages and orders its
// events need are looked up in one query per table before the events are
// resolved (prefetch), and what they create (customers, identities, events,
// orders, stage moves) waits in memory to be written with multi-row
// statements, before anything that needs it in the database and at the end
// (flushPending). Its caches live as long as the job, so that a rollback
// never leaves them out of step with the database.
type batch struct {
	tx      *store.IngestTx
	ws      string
	set     *setup
	known   *cache                       // what earlier transactions committed
	merged  bool                         // a merge happened: the cache is not to be trusted
	owners  map[cx.Identity]string       // identity → customer
	absent  map[cx.Identity]bool         // identities looked up that nobody has
	userIDs map[string]string            // customer → user id
	stages  map[string]map[string]string // customer → journey → stage
	deltas  map[string]*store.SummaryDelta
	pending map[string]int // customer + folded name → events not yet inserted

	// Waiting to be written, in this order (each refers to the ones before).
	customers []store.NewCustomer // created, with the summary of their first events
	unsaved   map[string]int      // customer → index in customers
	fresh     map[string]bool     // created in this batch, none of their events inserted yet
	ids       []store.IdentityRow
	rows      []store.EventRow
	orders    []cx.Order
	orderIDs  map[string]bool // order ids stored or waiting
	moves     []store.StageMove
}

func newBatch(tx *store.IngestTx, ws string, set *setup, known *cache) *batch {
	return &batch{tx: tx, ws: ws, set: set, known: known, owners: map[cx.Identity]string{}, absent: map[cx.Identity]bool{},
		userIDs: map[string]string{}, stages: map[string]map[string]string{}, deltas: map[string]*store.SummaryDelta{},
		pending: map[string]int{}, unsaved: map[string]int{}, fresh: map[string]bool{}, orderIDs: map[string]bool{}}
}

// prepared is what can be worked out of an event before the writer takes
// it, in the caller's goroutine: its JSON, source and identities. The writer
// is the bottleneck; callers run in parallel.
type prepared struct {
	props, ctx, source string
	ids                idSet
}

func prepare(events []cx.Event) []prepared {
	out := make([]prepared, len(events))
	for i := range events {
		e := &events[i]
		out[i].props, out[i].ctx = store.EncodeEvent(e)
		out[i].source = Source(e)
		out[i].ids = identitiesOf(e)
	}
	return out
}

// item is one event of a batch, with what its caller worked out.
type item struct {
	e   *cx.Event
	pre *prepared
}

// run stores the events of jobs of the batch's workspace that are new,
// skipping message ids seen before, and sets each job's result. The jobs
// are one batch: one look-up of message ids, one prefetch, one flush.
func (b *batch) run(jobs []*job) error {
	var ids []string
	for _, j := range jobs {
		for i := range j.events {
			ids = append(ids, j.events[i].MessageID)
		}
	}
	seen, err := b.tx.SeenMessageIDs(b.ws, ids)
	if err != nil {
		return err
	}
	var fresh []item
	for _, j := range jobs {
		j.result = Result{}
		for i := range j.events {
			e := &j.events[i]
			if seen[e.MessageID] {
				j.result.Duplicates++
				continue
			}
			seen[e.MessageID] = true
			j.result.New++
			fresh = append(fresh, item{e, &j.pre[i]})
		}
	}
	if err := b.prefetch(fresh); err != nil {
		return err
	}
	for _, it := range fresh {
		if err := b.add(it.e, it.pre); err != nil {
			return err
		}
	}
	return b.flush()
}

// consent records the consent an identify carries in its traits, as of
// the event's time, so that a late event never overrides a newer answer.
func (b *batch) consent(e *cx.Event, customer string) error {
	v, ok := e.Traits[cx.ConsentTrait]
	if !ok {
		return nil
	}
	consents, err := cx.ConsentsFromTrait(v, "identify", e.Timestamp)
	if err != nil {
		return nil // checked when the request came in; an event from elsewhere with a bad trait keeps the rest
	}
	return b.tx.SetConsents(b.ws, customer, consents)
}

// add resolves an event's customer and applies everything it changes.
func (b *batch) add(e *cx.Event, pre *prepared) error {
	e.ID = b.tx.NewEventID()
	customer, err := b.resolve(e, pre.ids)
	if err != nil {
		return err
	}
	e.CustomerID = customer
	e.TouchpointID = Touchpoint(b.set.MappingRules, e)
	if e.Type == cx.EventIdentify && len(e.Traits) > 0 {
		if err := b.saved(customer); err != nil {
			return err
		}
		if err := b.tx.UpdateProfile(b.ws, customer, profileOf(e.Traits)); err != nil {
			return err
		}
		if err := b.consent(e, customer); err != nil {
			return err
		}
	}
	b.rows = append(b.rows, store.EventRow{Event: e, Source: pre.source, Props: pre.props, Ctx: pre.ctx})
	b.pending[customer+"\x00"+fold(e.Name)]++
	d, order, err := effects(e, b.set.Currency)
	if err != nil {
		return err
	}
	if order != nil && !b.orderIDs[order.ID] { // an order sent twice counts once
		b.orderIDs[order.ID] = true
		b.orders = append(b.orders, *order)
		addOrder(&d, order)
	}
	b.delta(customer).Add(d)
	return b.advance(customer, e)
}

func (b *batch) delta(customer string) *store.SummaryDelta {
	d := b.deltas[customer]
	if d == nil {
		d = &store.SummaryDelta{}
		b.deltas[customer] = d
	}
	return d
}

// saved makes sure a customer's row is in the database, for a statement
// that changes it.
func (b *batch) saved(customer string) error {
	if _, ok := b.unsaved[customer]; !ok {
		return nil
	}
	return b.flushPending()
}

// flushPending writes what waits in memory: the new customers with the
// summary of their events so far, their identities, the events, orders and
// stage moves, in that order because each refers to the ones before.
func (b *batch) flushPending() error {
	if len(b.customers) > 0 {
		for i := range b.customers {
			c := &b.customers[i]
			if d := b.deltas[c.ID]; d != nil {
				c.Summary = *d
				delete(b.deltas, c.ID)
			}
		}
		if err := b.tx.InsertCustomers(b.ws, b.customers); err != nil {
			return err
		}
		b.customers = b.customers[:0]
		clear(b.unsaved)
	}
	if len(b.ids) > 0 {
		if err := b.tx.AddIdentities(b.ws, b.ids); err != nil {
			return err
		}
		b.ids = b.ids[:0]
	}
	if len(b.rows) > 0 {
		if err := b.tx.InsertEvents(b.ws, b.rows); err != nil {
			return err
		}
		b.rows = b.rows[:0]
		clear(b.pending)
		clear(b.fresh) // their events are in the database now
	}
	if len(b.orders) > 0 {
		if err := b.tx.InsertOrders(b.ws, b.orders); err != nil {
			return err
		}
		b.orders = b.orders[:0]
	}
	if len(b.moves) > 0 {
		if err := b.tx.MoveStages(b.ws, b.moves); err != nil {
			return err
		}
		b.moves = b.moves[:0]
	}
	return nil
}

// flush writes everything and adds the summary deltas of the customers
// that existed before.
func (b *batch) flush() error {
	if err := b.flushPending(); err != nil {
		return err
	}
	if err := b.tx.AddSummaries(b.ws, b.deltas); err != nil {
		return err
	}
	clear(b.deltas)
	return nil
}
