// Package ingest is how cxm learns what customers do: it parses calls of
// the Segment tracking API, resolves who each event is about (merging
// profiles that prove to be one person), maps events to touchpoints and
// journey stages, and keeps each customer's summary, all in the transaction
// that stores the events. Rules changes the mapping and stage rules: the
// writer follows a change at once, and a new or changed mapping rule also
// maps the past events no rule mapped.
//
// Writes go through one goroutine that gathers the batches of concurrent
// callers into one transaction (group commit): SQLite has one writer, and
// one commit per request would cap ingestion at a few hundred requests a
// second.
package ingest

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Result is what became of a caller's events.
type Result struct {
	New        int `json:"new"`        // stored
	Duplicates int `json:"duplicates"` // message ids seen before, ignored
}

// Pipeline stores events. It is safe for concurrent use.
type Pipeline struct {
	st  *store.Store
	log *slog.Logger

	// MaxEvents caps the events of one transaction, MaxWait how long the
	// writer waits for more callers before it commits. Set them before
	// Start.
	MaxEvents int
	MaxWait   time.Duration

	queue   chan *job
	known   *cache // the writer's; see cache
	metrics *metrics

	// setups are the workspaces' rules as the writer last read them, kept
	// setupTTL or until rulesChanged moves rulesGen on.
	setups   map[string]*setup
	rulesGen atomic.Uint64
	commits  atomic.Uint64 // groups committed, for checkpoints
	mu       sync.RWMutex  // held for reading while a job is queued, for writing to close
	state    int           // idle, running or closed
	done     chan struct{}
	ckDone   chan struct{} // closed when checkpoints ends
}

const (
	idle = iota
	running
	closed
)

// ErrClosed is returned by Ingest once the pipeline is closed.
var ErrClosed = cx.Errorf(cx.Internal, "ingestion is shutting down")

// job is one caller's events, or a function to run in the writer's
// transaction (a person resolving an identity conflict).
type job struct {
	ws     string
	events []cx.Event
	pre    []prepared // worked out by the caller, one per event
	fn     func(b *batch) error
	result Result
	err    error
	done   chan struct{}
}

// New returns a pipeline writing to st. Call Start before Ingest.
func New(st *store.Store, log *slog.Logger) *Pipeline {
	queue := make(chan *job, 1024)
	return &Pipeline{st: st, log: log, MaxEvents: 5000, MaxWait: 500 * time.Microsecond,
		queue: queue, metrics: newMetrics(queue), done: make(chan struct{}), ckDone: make(chan struct{}), known: newCache(), setups: map[string]*setup{}}
}

// Start starts the writer. Cancelling ctx does not stop it: Close does,
// after the jobs already queued.
func (p *Pipeline) Start(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != idle {
		return
	}
	p.state = running
	if err := p.st.PrepareIngest(ctx); err != nil {
		p.log.Warn("ingestion statements not prepared; going on without", "err", err)
	}
	go p.write(context.WithoutCancel(ctx))
	go p.checkpoints(context.WithoutCancel(ctx))
}

// checkpointEvery is how often the pipeline copies SQLite's write-ahead
// log into the database while it writes.
const checkpointEvery = 100 * time.Millisecond

// checkpoints runs SQLite's checkpoints beside the writer, after commits,
// until the writer ends; then it gives them back to the writer.
func (p *Pipeline) checkpoints(ctx context.Context) {
	defer close(p.ckDone)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	last := p.commits.Load()
	for {
		select {
		case <-p.done:
			if err := p.st.EndIngest(ctx); err != nil {
				p.log.Warn("checkpoints not given back to the writer", "err", err)
			}
			return
		case <-tick.C:
		}
		if n := p.commits.Load(); n != last {
			last = n
			if err := p.st.CheckpointWAL(ctx); err != nil {
				p.log.Warn("checkpoint failed", "err", err)
			}
		}
	}
}

// Close stops taking events, commits those queued and waits for the
// writer to end.
func (p *Pipeline) Close() {
	p.mu.Lock()
	was := p.state
	p.state = closed
	if was == running {
		close(p.queue)
	}
	p.mu.Unlock()
	if was == running {
		<-p.done
		<-p.ckDone
	}
}

// Ingest stores validated events (Type, MessageID, Timestamp and ReceivedAt
// set) of a workspace and returns once they are committed. Message ids the
// workspace has seen are ignored. The events are changed in place: ids,
// customers and touchpoints are set.
func (p *Pipeline) Ingest(ctx context.Context, wsID string, events []cx.Event) (Result, error) {
	if len(events) == 0 {
		return Result{}, nil
	}
	j := &job{ws: wsID, events: events, pre: prepare(events)}
	if err := p.run(ctx, j); err != nil {
		return Result{}, err
	}
	return j.result, nil
}

// run queues a job and waits for its end.
func (p *Pipeline) run(ctx context.Context, j *job) error {
	j.done = make(chan struct{})
	p.mu.RLock()
	if p.state != running {
		p.mu.RUnlock()
		return ErrClosed
	}
	select {
	case p.queue <- j:
		p.mu.RUnlock()
	case <-ctx.Done():
		p.mu.RUnlock()
		return ctx.Err()
	}
	select {
	case <-j.done:
		return j.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// write is the writer goroutine: it gathers jobs into groups and commits
// each group in one transaction.
func (p *Pipeline) write(ctx context.Context) {
	defer close(p.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		first, ok := <-p.queue
		if !ok {
			return
		}
		group, n := []*job{first}, len(first.events)
		timer.Reset(p.MaxWait)
	gather:
		for n < p.MaxEvents {
			select {
			case j, ok := <-p.queue:
				if !ok {
					break gather
				}
				group, n = append(group, j), n+len(j.events)
			case <-timer.C:
				break gather
			}
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		start := time.Now()
		p.commit(ctx, group)
		p.commits.Add(1)
		p.metrics.commit.Observe(time.Since(start).Seconds())
		p.metrics.batch.Observe(float64(n))
	}
}

// commit runs a group in one transaction and answers every caller. When a
// job fails, the transaction is rolled back and each job runs again in a
// transaction of its own, so that one bad job never fails the others.
// (Savepoints would isolate jobs too, but SQLite then copies every page a
// job touches: a tenth of the writer's time.)
func (p *Pipeline) commit(ctx context.Context, group []*job) {
	p.known.fresh()
	learnt, err := p.transact(ctx, group)
	if err == nil {
		p.learn(learnt)
	} else {
		// The caches may be what failed (a customer or a workspace
		// deleted meanwhile): the jobs run again without them.
		p.known.clear()
		clear(p.setups)
		for _, j := range group {
			learnt, j.err = p.transact(ctx, []*job{j})
			if j.err == nil {
				p.learn(learnt)
			}
		}
	}
	var accepted, duplicates int
	for _, j := range group {
		if j.err == nil {
			accepted, duplicates = accepted+j.result.New, duplicates+j.result.Duplicates
		}
		if j.err != nil && cx.AsError(j.err) == nil {
			p.log.Error("ingestion failed", "workspace", j.ws, "events", len(j.events), "err", j.err)
		}
		close(j.done)
	}
	p.metrics.accepted.Add(float64(accepted))
	p.metrics.duplicates.Add(float64(duplicates))
}

// transact runs jobs in one transaction and returns what each batch
// learnt. Consecutive callers of one workspace make one batch, so that a
// group of many small requests costs the statements of one.
func (p *Pipeline) transact(ctx context.Context, group []*job) ([]*batch, error) {
	var learnt []*batch
	err := p.st.Ingest(ctx, func(tx *store.IngestTx) error {
		for len(group) > 0 {
			j := group[0]
			set, err := p.setupOf(tx, j.ws)
			if err != nil {
				return err
			}
			b := newBatch(tx, j.ws, set, p.known)
			if j.fn != nil {
				err, group = j.fn(b), group[1:]
			} else {
				n := 1 // the callers of one workspace in a row are one batch
				for n < len(group) && group[n].fn == nil && group[n].ws == j.ws {
					n++
				}
				err, group = b.run(group[:n]), group[n:]
			}
			if err != nil {
				return err
			}
			learnt = append(learnt, b)
		}
		return nil
	})
	return learnt, err
}

// learn updates the cache after a commit with what the jobs found out,
// unless profiles merged: then it starts afresh.
func (p *Pipeline) learn(learnt []*batch) {
	for _, b := range learnt {
		if b.merged {
			p.known.clear()
			return
		}
	}
	for _, b := range learnt {
		p.known.learn(b)
	}
}

// setupTTL is how long the writer uses a workspace's rules before reading
// them again: a rule changed by another process, or a journey edited,
// applies within it.
const setupTTL = time.Second

// rulesChanged tells the writer that a workspace's mapping or stage rules
// changed, so that the next events follow them. Rules calls it after every
// change.
func (p *Pipeline) rulesChanged() { p.rulesGen.Add(1) }

// setupOf returns a workspace's setup, read again when it is older than
// setupTTL or the rules changed.
func (p *Pipeline) setupOf(tx *store.IngestTx, ws string) (*setup, error) {
	gen := p.rulesGen.Load()
	if s, ok := p.setups[ws]; ok && s.gen == gen && time.Since(s.read) < setupTTL {
		return s, nil
	}
	raw, err := tx.Setup(ws)
	if err != nil {
		return nil, err
	}
	s := newSetup(raw)
	s.gen, s.read = gen, time.Now()
	if len(p.setups) > 10_000 {
		clear(p.setups)
	}
	p.setups[ws] = s
	return s, nil
}
