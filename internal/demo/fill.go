package demo

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/store"
)

// Size is how big a café to make.
type Size struct {
	Customers int // people with a profile
	Events    int // events in all, at least one a customer
	Feedback  int // survey responses and reviews in all
}

// The largest demo: the analytics benchmark's size.
const (
	MaxCustomers = 1_000_000
	MaxEvents    = 10_000_000
	MaxFeedback  = 200_000
)

// DefaultSize is the café `cxm serve --demo` makes.
var DefaultSize = Size{Customers: 400, Events: 12_000, Feedback: 1_000}

// Validate checks a size against the limits.
func (s Size) Validate() error {
	switch {
	case s.Customers < 1 || s.Customers > MaxCustomers:
		return cx.FieldErrorf("customers", "customers must be from 1 to %d", MaxCustomers)
	case s.Events < s.Customers || s.Events > MaxEvents:
		return cx.FieldErrorf("events", "events must be from the number of customers to %d", MaxEvents)
	case s.Feedback < 0 || s.Feedback > MaxFeedback:
		return cx.FieldErrorf("feedback", "feedback must be from 0 to %d", MaxFeedback)
	}
	return nil
}

// Options say what to fill a café with.
type Options struct {
	Size
	Seed     uint64
	End      time.Time // the history is the year before End; the start of this hour when zero
	Progress io.Writer // where progress lines go, every few seconds; nil for none
}

// Counts are what a fill stored.
type Counts struct {
	Customers  int   `json:"customers"`
	Events     int   `json:"events"`
	Responses  int   `json:"responses"`
	Reviews    int   `json:"reviews"`
	Orders     int   `json:"orders"`
	RevenueVND int64 `json:"revenue_vnd"`
}

// batchEvents is how many events go to the writer at once: big enough
// for the group commit to pay, small enough to keep memory flat.
const batchEvents = 5000

// fill writes the customers' year into a workspace set up as the café:
// events through the ingestion pipeline, survey responses through the
// feedback use case, reviews through the external-feedback import. It
// streams: one batch of events and its feedback in memory at a time.
func fill(ctx context.Context, st *store.Store, p *ingest.Pipeline, fb *feedback.Service, wsID string, c *cafe, o Options) (Counts, error) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	if loc == nil {
		loc = time.FixedZone("ICT", 7*3600)
	}
	g := &story{seed: o.Seed, end: o.End, start: o.End.AddDate(-1, 0, 0), loc: loc}
	w := &writer{st: st, p: p, fb: fb, ws: wsID, cafe: c, rep: newReporter(o.Progress, o.Size)}
	budget := rand.New(rand.NewPCG(o.Seed, 0xcafe))
	events, feedbackLeft := o.Events, o.Feedback
	weights := 0.0 // of the customers so far, to scale each one's share
	for i := 0; i < o.Customers; i++ {
		left := o.Customers - i
		rng, first, span := g.newcomer(i)
		weights += span
		scale := span * float64(i+1) / weights
		n := share(budget, events, left, 1, 0.8, scale)
		nf := share(budget, feedbackLeft, left, 0, 1.0, scale)
		evs, fbs := g.customer(i, rng, first, n, nf)
		events -= len(evs)
		feedbackLeft -= len(fbs)
		if err := w.add(ctx, evs, fbs); err != nil {
			return w.counts, err
		}
	}
	if err := w.flush(ctx); err != nil {
		return w.counts, err
	}
	// Reviews by people the café does not know make up what the
	// customers did not give.
	if err := w.strangers(ctx, g, feedbackLeft); err != nil {
		return w.counts, err
	}
	w.rep.done(w.counts)
	return w.counts, nil
}

// share is a customer's part of what is left: about an equal share
// times scale, spread out, at least least, and all of it for the last.
func share(rng *rand.Rand, left, customers, least int, spread, scale float64) int {
	if customers <= 1 {
		return max(left, least)
	}
	mean := scale * float64(left) / float64(customers)
	v := mean * math.Exp(rng.NormFloat64()*spread-spread*spread/2)
	n := int(v + rng.Float64())
	room := left - least*(customers-1)
	return max(least, min(n, room))
}

// writer sends batches to the pipeline and the feedback use cases.
type writer struct {
	st     *store.Store
	p      *ingest.Pipeline
	fb     *feedback.Service
	ws     string
	cafe   *cafe
	events []cx.Event
	fbs    []pending
	counts Counts
	rep    *reporter
}

func (w *writer) add(ctx context.Context, evs []cx.Event, fbs []pending) error {
	for _, f := range fbs {
		f.event += len(w.events)
		w.fbs = append(w.fbs, f)
	}
	w.events = append(w.events, evs...)
	w.counts.Customers++
	if len(w.events) >= batchEvents {
		return w.flush(ctx)
	}
	return nil
}

// flush stores the batch's events, then the feedback on its orders, now
// that the customers have their ids.
func (w *writer) flush(ctx context.Context) error {
	if len(w.events) == 0 {
		return nil
	}
	res, err := w.p.Ingest(ctx, w.ws, w.events)
	if err != nil {
		return fmt.Errorf("demo: ingest: %w", err)
	}
	w.counts.Events += res.New
	for _, e := range w.events {
		if e.Name == "Order Completed" {
			w.counts.Orders++
			total, _ := e.Properties["total"].(float64)
			w.counts.RevenueVND += int64(total)
		}
	}
	var reviews []cx.ExternalFeedback
	for _, f := range w.fbs {
		e := w.events[f.event]
		if f.survey == "" {
			reviews = append(reviews, w.review(f, e.CustomerID, e.MessageID))
			continue
		}
		if err := w.respond(ctx, f, e.CustomerID); err != nil {
			return err
		}
	}
	if err := w.importReviews(ctx, reviews); err != nil {
		return err
	}
	w.events, w.fbs = w.events[:0], w.fbs[:0]
	w.rep.tick(w.counts)
	return nil
}

// respond submits a survey response as the API does, dated when the
// guest answered.
func (w *writer) respond(ctx context.Context, f pending, customer string) error {
	sv := w.cafe.survey(f.survey)
	rng := rand.New(rand.NewPCG(uint64(f.at.UnixNano()), 1)) // the answers follow from the moment
	at := f.at
	r := cx.Response{SurveyID: sv.id, CustomerID: customer, Channel: sv.channel, Language: f.lang, CompletedAt: &at,
		Answers: answers(rng, f.survey, f.mood, f.lang, f.topic)}
	if _, err := w.fb.SubmitResponse(ctx, w.ws, r); err != nil {
		return fmt.Errorf("demo: response: %w", err)
	}
	w.counts.Responses++
	return nil
}

// review is what a guest wrote on Google Maps or a delivery app.
func (w *writer) review(f pending, customer, id string) cx.ExternalFeedback {
	rng := rand.New(rand.NewPCG(uint64(f.at.UnixNano()), 7))
	tp := map[string]string{"google_maps": "google_maps", "grabfood": "grabfood", "shopeefood": "shopeefood"}[f.source]
	lang := f.lang
	stars := score(rng, f.mood, 1, 5, 0.5)
	return cx.ExternalFeedback{Source: f.source, Kind: cx.KindReview, Rating: stars, Text: comment(rng, f.topic, polarity(cx.Answer{Score: stars}), lang),
		Author: authorOf(rng), Language: lang, Date: f.at.Format(time.RFC3339), CustomerID: customer, TouchpointID: w.cafe.touchpoints[tp],
		ExternalID: id}
}

func authorOf(rng *rand.Rand) string {
	female := rng.IntN(2) == 0
	return pick(rng, givenNames[female]) + " " + pick(rng, familyNames)
}

// importReviews stores reviews through the import the API's CSV upload uses.
func (w *writer) importReviews(ctx context.Context, reviews []cx.ExternalFeedback) error {
	if len(reviews) == 0 {
		return nil
	}
	res, err := w.st.ImportFeedback(ctx, w.ws, reviews)
	if err != nil {
		return fmt.Errorf("demo: reviews: %w", err)
	}
	w.counts.Reviews += res.Added + res.Unchanged
	return nil
}

// strangers are n Google Maps reviews by people who are not customers.
func (w *writer) strangers(ctx context.Context, g *story, n int) error {
	rng := rand.New(rand.NewPCG(g.seed, 0x5eed))
	var batch []cx.ExternalFeedback
	for k := 0; k < n; k++ {
		t := g.when(rng, g.start, g.end)
		f := pending{source: "google_maps", topic: "maps", lang: cx.LangVi, at: t, mood: mood(rng, "counter", g.serveMinutes(rng, t))}
		batch = append(batch, w.review(f, "", fmt.Sprintf("demo-guest-%d", k)))
		if len(batch) == 500 || k == n-1 {
			if err := w.importReviews(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}

// reporter writes progress lines.
type reporter struct {
	w     io.Writer
	size  Size
	start time.Time
	last  time.Time
}

func newReporter(w io.Writer, size Size) *reporter {
	now := time.Now()
	return &reporter{w: w, size: size, start: now, last: now}
}

func (r *reporter) tick(c Counts) {
	if r.w == nil || time.Since(r.last) < 2*time.Second {
		return
	}
	r.last = time.Now()
	r.line("", c)
}

func (r *reporter) done(c Counts) {
	if r.w != nil {
		r.line("done: ", c)
	}
}

func (r *reporter) line(prefix string, c Counts) {
	s := time.Since(r.start).Seconds()
	fmt.Fprintf(r.w, "demo: %s%d/%d customers, %d/%d events, %d/%d responses and reviews; %.0f s, %.0f events/s\n", prefix,
		c.Customers, r.size.Customers, c.Events, r.size.Events, c.Responses+c.Reviews, r.size.Feedback, s, float64(c.Events)/math.Max(s, 0.001))
}
