package ingest

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Reasons a /v1 request is refused, the label of cxm_ingest_refused_requests_total:
// a fixed few, so that the series stay bounded.
const (
	RefusedInvalid     = "invalid"     // the body or an event is wrong
	RefusedWriteKey    = "write_key"   // no workspace has the write key
	RefusedUnavailable = "unavailable" // the events could not be stored
)

// metrics are what the pipeline shows on /metrics: counters and histograms
// only, cheap enough for the writer's hot path. Pipeline.Collector hands
// them to whoever serves the registry.
type metrics struct {
	accepted   prometheus.Counter
	duplicates prometheus.Counter
	refused    *prometheus.CounterVec
	batch      prometheus.Histogram
	commit     prometheus.Histogram
	queue      prometheus.GaugeFunc
}

func newMetrics(queue chan *job) *metrics {
	m := &metrics{
		accepted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cxm_ingest_events_accepted_total",
			Help: "Events stored by the ingestion pipeline (from /v1, imports and survey answers).",
		}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cxm_ingest_events_duplicate_total",
			Help: "Events ignored because their workspace had seen their message id.",
		}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxm_ingest_refused_requests_total",
			Help: "Requests to /v1 refused whole, by reason: invalid, write_key or unavailable.",
		}, []string{"reason"}),
		batch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cxm_ingest_batch_events",
			Help:    "Events per transaction of the writer (one group commit).",
			Buckets: prometheus.ExponentialBuckets(1, 4, 8), // 1 … 16384
		}),
		commit: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cxm_ingest_commit_duration_seconds",
			Help:    "Time the writer takes to store and commit one group of events.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		queue: prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "cxm_ingest_queue_depth",
			Help: "Callers' batches waiting for the writer.",
		}, func() float64 { return float64(len(queue)) }),
	}
	for _, r := range []string{RefusedInvalid, RefusedWriteKey, RefusedUnavailable} {
		m.refused.WithLabelValues(r) // every reason shows, at 0 until it happens
	}
	return m
}

func (m *metrics) Describe(ch chan<- *prometheus.Desc) { prometheus.DescribeByCollect(m, ch) }

func (m *metrics) Collect(ch chan<- prometheus.Metric) {
	m.accepted.Collect(ch)
	m.duplicates.Collect(ch)
	m.refused.Collect(ch)
	m.batch.Collect(ch)
	m.commit.Collect(ch)
	m.queue.Collect(ch)
}

// Collector returns the pipeline's metrics, for the server to register.
func (p *Pipeline) Collector() prometheus.Collector { return p.metrics }

// Refused counts a /v1 request refused whole; reason is one of the
// Refused… constants.
func (p *Pipeline) Refused(reason string) { p.metrics.refused.WithLabelValues(reason).Inc() }
