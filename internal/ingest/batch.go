package ingest

import (
	"sort"
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

// batch writes one caller's events inside a savepoint of a group commit.
// Its caches live as long as the savepoint, so that a rollback never leaves
// them out of step with the database.
type batch struct {
	tx      *store.IngestTx
	ws      string
	set     *setup
	known   *cache                       // what earlier transactions committed
	merged  bool                         // a merge happened: the cache is not to be trusted
	owners  map[cx.Identity]string       // identity → customer
	userIDs map[string]string            // customer → user id
	stages  map[string]map[string]string // customer → journey → stage
	deltas  map[string]*store.SummaryDelta
	rows    []store.EventRow
	pending map[string]int // customer + folded name → events not yet inserted
	result  Result
}

func newBatch(tx *store.IngestTx, ws string, set *setup, known *cache) *batch {
	return &batch{tx: tx, ws: ws, set: set, known: known, owners: map[cx.Identity]string{}, userIDs: map[string]string{},
		stages: map[string]map[string]string{}, deltas: map[string]*store.SummaryDelta{}, pending: map[string]int{}}
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

// run stores the events that are new, skipping message ids seen before.
func (b *batch) run(events []cx.Event, pre []prepared) error {
	ids := make([]string, len(events))
	for i := range events {
		ids[i] = events[i].MessageID
	}
	seen, err := b.tx.SeenMessageIDs(b.ws, ids)
	if err != nil {
		return err
	}
	for i := range events {
		e := &events[i]
		if seen[e.MessageID] {
			b.result.Duplicates++
			continue
		}
		seen[e.MessageID] = true
		if err := b.add(e, &pre[i]); err != nil {
			return err
		}
		b.result.New++
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
	if order != nil {
		stored, err := b.tx.InsertOrder(b.ws, *order)
		if err != nil {
			return err
		}
		if stored {
			addOrder(&d, order)
		}
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

// flushEvents inserts the events waiting in memory.
func (b *batch) flushEvents() error {
	if len(b.rows) == 0 {
		return nil
	}
	err := b.tx.InsertEvents(b.ws, b.rows)
	b.rows = b.rows[:0]
	clear(b.pending)
	return err
}

// flush inserts the events and adds the summary deltas, customer by
// customer in id order so that concurrent transactions lock rows in the
// same order.
func (b *batch) flush() error {
	if err := b.flushEvents(); err != nil {
		return err
	}
	ids := make([]string, 0, len(b.deltas))
	for id := range b.deltas {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := b.tx.AddSummary(b.ws, id, *b.deltas[id]); err != nil {
			return err
		}
	}
	clear(b.deltas)
	return nil
}
