package feedback

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
)

// CountedSender is a Sender that counts the messages it sends and those
// that fail, for /metrics. Whoever builds it registers it as a collector.
type CountedSender struct {
	next         Sender
	sent, failed *prometheus.CounterVec
}

// Counted counts what next sends. Email is the only channel today; the
// label leaves room for others.
func Counted(next Sender) *CountedSender {
	c := &CountedSender{next: next,
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxm_messages_sent_total",
			Help: "Messages handed to the mail server (or to the log, without SMTP), by channel.",
		}, []string{"channel"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxm_messages_failed_total",
			Help: "Messages whose sending failed, by channel; the job that sends them retries.",
		}, []string{"channel"}),
	}
	c.sent.WithLabelValues("email")
	c.failed.WithLabelValues("email")
	return c
}

// Send sends m and counts the outcome.
func (c *CountedSender) Send(ctx context.Context, m Message) error {
	err := c.next.Send(ctx, m)
	if err != nil {
		c.failed.WithLabelValues("email").Inc()
	} else {
		c.sent.WithLabelValues("email").Inc()
	}
	return err
}

func (c *CountedSender) Describe(ch chan<- *prometheus.Desc) { prometheus.DescribeByCollect(c, ch) }

func (c *CountedSender) Collect(ch chan<- prometheus.Metric) {
	c.sent.Collect(ch)
	c.failed.Collect(ch)
}
