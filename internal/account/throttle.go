package account

import (
	"sync"
	"time"
)

// loginLimiter slows down password guessing: after too many failures in a
// window, an email address or an IP address must wait.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	now      func() time.Time
}

const (
	loginWindow      = 15 * time.Minute
	maxEmailFailures = 5
	maxIPFailures    = 20
	maxTrackedKeys   = 100_000
)

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{failures: map[string][]time.Time{}, now: now}
}

// blocked returns how long the ip or email must still wait, or 0.
func (l *loginLimiter) blocked(ip, email string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return max(l.wait("ip:"+ip, maxIPFailures), l.wait("email:"+email, maxEmailFailures))
}

func (l *loginLimiter) wait(key string, limit int) time.Duration {
	recent := l.recent(key)
	if len(recent) < limit {
		return 0
	}
	return recent[len(recent)-limit].Add(loginWindow).Sub(l.now())
}

// recent returns and keeps the key's failures inside the window.
func (l *loginLimiter) recent(key string) []time.Time {
	cutoff := l.now().Add(-loginWindow)
	times := l.failures[key]
	i := 0
	for i < len(times) && times[i].Before(cutoff) {
		i++
	}
	times = times[i:]
	if len(times) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = times
	return times
}

// fail records a failed sign-in.
func (l *loginLimiter) fail(ip, email string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) > maxTrackedKeys {
		for k := range l.failures {
			l.recent(k)
		}
	}
	now := l.now()
	for _, k := range []string{"ip:" + ip, "email:" + email} {
		l.failures[k] = append(l.recent(k), now)
	}
}

// succeed forgets an email's failures after a good sign-in.
func (l *loginLimiter) succeed(email string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, "email:"+email)
}
