package store

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// jobsCollector shows cxm_jobs, read from the durable job table at each
// scrape, so that every process sharing the database shows the same figures.
type jobsCollector struct {
	st   *Store
	desc *prometheus.Desc
}

// JobsCollector returns a collector of cxm_jobs, for the server to register.
func (s *Store) JobsCollector() prometheus.Collector {
	return jobsCollector{s, prometheus.NewDesc("cxm_jobs",
		"Background jobs not done, by kind and state: due (queued and may run now), running, retrying (queued after a failed attempt) or dead (out of attempts, kept for a person).",
		[]string{"kind", "state"}, nil)}
}

func (c jobsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c jobsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.st.JobCounts(ctx, now())
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for _, k := range counts {
		for state, n := range map[string]int{"due": k.Due, "running": k.Running, "retrying": k.Retrying, "dead": k.Dead} {
			ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), k.Kind, state)
		}
	}
}
