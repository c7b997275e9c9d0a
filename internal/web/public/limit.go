package public

import (
	"sync"
	"time"
)

// maxTrackedIPs bounds the limiter's memory: past it, full buckets are forgotten.
const maxTrackedIPs = 100_000

// ipLimiter is a token bucket per client IP for the public survey pages:
// each IP may post burst answers at once, then one every interval. A flood
// from one IP empties only that IP's bucket, so other respondents go on.
type ipLimiter struct {
	mu       sync.Mutex
	buckets  map[string]*bucket
	burst    float64
	interval time.Duration
	now      func() time.Time
}

// maxTrackedKeys bounds how many IPs are remembered, so that a flood from
// many addresses cannot fill the memory.
const maxTrackedKeys = 100_000

type bucket struct {
	tokens float64
	last   time.Time
}

func newIPLimiter(burst int, interval time.Duration) *ipLimiter {
	return &ipLimiter{buckets: map[string]*bucket{}, burst: float64(burst), interval: interval, now: time.Now}
}

// allow takes a token from ip's bucket and reports whether there was one.
func (l *ipLimiter) allow(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[ip]
	if !ok {
		if len(l.buckets) >= maxTrackedIPs {
			l.forgetFull(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[ip] = b
	}
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.last))/float64(l.interval))
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// forgetFull drops the buckets that have refilled: they hold nothing a new
// bucket would not.
func (l *ipLimiter) forgetFull(now time.Time) {
	for ip, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.last))/float64(l.interval) >= l.burst {
			delete(l.buckets, ip)
		}
	}
}
