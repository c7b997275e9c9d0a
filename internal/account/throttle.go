package account

import (
	"context"
	"net/netip"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
)

// The sign-in throttle counts failures per account and address, and per
// address, in the store (so a restart forgets nothing). A few failures are
// free; after them each one doubles the wait before the next attempt, up
// to maxSignInWait. Counting per account *and* address means a stranger's
// guesses slow only the stranger: the owner, from their own address, signs
// in as usual. The per-address count stops one address from trying many
// accounts. The keys are the same for an email that has no account, so the
// wait tells nothing about who has one.
const (
	freeAccountFailures = 5
	freeAddressFailures = 20
	firstSignInWait     = 30 * time.Second
	maxSignInWait       = time.Hour
	forgetFailuresAfter = 24 * time.Hour // a quiet day starts the count again
)

// throttleKeys are the keys of a sign-in attempt: the account at the
// address, and the address alone. They are hashes: a mistyped address (or
// a password typed in the email field) is never stored in clear.
type throttleKeys struct{ account, address string }

func keysOf(email, ip string) throttleKeys {
	addr := addressOf(ip)
	return throttleKeys{account: secret.Hash("sign-in account\x00" + email + "\x00" + addr), address: secret.Hash("sign-in address\x00" + addr)}
}

// addressOf is the address a throttle counts: an IPv6 address by its /64,
// which one household or server usually holds whole.
func addressOf(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() || a.Is4In6() {
		return ip
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// signInWait returns how long an attempt with these keys must still wait.
func (s *Service) signInWait(ctx context.Context, k throttleKeys) (time.Duration, error) {
	f, err := s.store.SignInFailures(ctx, k.account, k.address)
	if err != nil {
		return 0, err
	}
	now := s.now()
	return max(waitAfter(f[k.account], freeAccountFailures, now), waitAfter(f[k.address], freeAddressFailures, now)), nil
}

// waitAfter is what is left of the wait that f's failures impose.
func waitAfter(f store.SignInFailures, free int, now time.Time) time.Duration {
	if f.Count < free || now.Sub(f.LastAt) >= forgetFailuresAfter {
		return 0
	}
	wait := maxSignInWait
	if n := f.Count - free; n < 16 {
		wait = min(firstSignInWait<<n, maxSignInWait)
	}
	return max(f.LastAt.Add(wait).Sub(now), 0)
}

// tooMany is the refusal of a throttled attempt.
func tooMany(wait time.Duration) error {
	return cx.Errorf(cx.TooMany, "too many failed sign-ins: try again in %d minutes", int(wait.Minutes())+1)
}

// failed counts a failed attempt under both keys.
func (s *Service) failed(ctx context.Context, k throttleKeys) error {
	now := s.now()
	return s.store.RecordSignInFailure(ctx, now, now.Add(-forgetFailuresAfter), k.account, k.address)
}

// ForgetSignInFailures deletes failure counts older than the throttle
// remembers; the server calls it now and then.
func (s *Service) ForgetSignInFailures(ctx context.Context) (int64, error) {
	return s.store.DeleteSignInFailuresBefore(ctx, s.now().Add(-forgetFailuresAfter))
}
