// Package ingest is how cxm learns what customers do: it parses calls of
// the Segment tracking API, resolves who each event is about (merging
// profiles that prove to be one person), maps events to touchpoints and
// journey stages, and keeps each customer's summary, all in the transaction
// that stores the events.
//
// Writes go through one goroutine that gathers the batches of concurrent
// callers into one transaction (group commit): SQLite has one writer, and
// one commit per request would cap ingestion at a few hundred requests a
// second.
package ingest

import (
	"context"
	"errors"
	"log/slog"
	"sync"
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

	queue chan *job
	mu    sync.RWMutex // held for reading while a job is queued, for writing to close
	state int          // idle, running or closed
	done  chan struct{}
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
	fn     func(b *batch) error
	result Result
	err    error
	done   chan struct{}
}

// New returns a pipeline writing to st. Call Start before Ingest.
func New(st *store.Store, log *slog.Logger) *Pipeline {
	return &Pipeline{st: st, log: log, MaxEvents: 5000, MaxWait: time.Millisecond,
		queue: make(chan *job, 1024), done: make(chan struct{})}
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
	go p.write(context.WithoutCancel(ctx))
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
	j := &job{ws: wsID, events: events}
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
		p.commit(ctx, group)
	}
}

// commit runs a group in one transaction, each job in a savepoint so that
// one failing job does not fail the others, and then answers every caller.
func (p *Pipeline) commit(ctx context.Context, group []*job) {
	setups := map[string]*setup{}
	err := p.st.Ingest(ctx, func(tx *store.IngestTx) error {
		for _, j := range group {
			j.err = tx.Savepoint(func() error {
				set, err := p.setupOf(tx, setups, j.ws)
				if err != nil {
					return err
				}
				b := newBatch(tx, j.ws, set)
				if j.fn != nil {
					return j.fn(b)
				}
				err = b.run(j.events)
				j.result = b.result
				return err
			})
			if errors.Is(j.err, store.ErrTxBroken) {
				return j.err
			}
		}
		return nil
	})
	for _, j := range group {
		if err != nil {
			j.err = err
		}
		if j.err != nil && cx.AsError(j.err) == nil {
			p.log.Error("ingestion failed", "workspace", j.ws, "events", len(j.events), "err", j.err)
		}
		close(j.done)
	}
}

// setupOf reads a workspace's setup once per transaction.
func (p *Pipeline) setupOf(tx *store.IngestTx, setups map[string]*setup, ws string) (*setup, error) {
	if s, ok := setups[ws]; ok {
		return s, nil
	}
	raw, err := tx.Setup(ws)
	if err != nil {
		return nil, err
	}
	s := newSetup(raw)
	setups[ws] = s
	return s, nil
}
