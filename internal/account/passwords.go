package account

import (
	"context"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// PasswordChange is a signed-in person's new password, typed twice, with
// the current one to prove it is them.
type PasswordChange struct {
	Current string
	New     string
	Confirm string
}

// ChangePassword sets the password of the person p is. p's session stays;
// every other session of theirs ends, so a stolen one stops working.
func (s *Service) ChangePassword(ctx context.Context, p *Principal, c PasswordChange) error {
	if p == nil || p.Member == nil || p.Session == nil {
		return cx.Errorf(cx.Forbidden, "only a signed-in person has a password to change")
	}
	u, err := s.store.User(ctx, p.Member.ID)
	if err != nil {
		return err
	}
	ok, err := s.hasher.check(u.PasswordHash, c.Current)
	if err != nil {
		return err
	}
	if !ok {
		return cx.FieldErrorf("current", "the current password is wrong")
	}
	if err := newPassword(c.New, c.Confirm); err != nil {
		return err
	}
	hash, err := s.hasher.hash(c.New)
	if err != nil {
		return err
	}
	return s.store.SetPassword(ctx, u.ID, hash, false, p.Session.TokenHash)
}

// newPassword checks a new password and its confirmation.
func newPassword(password, confirm string) error {
	if err := cx.ValidatePassword(password); err != nil {
		return err
	}
	if password != confirm {
		return cx.FieldErrorf("password2", "the two passwords differ")
	}
	return nil
}

// ResetPassword is the operator's way back in for someone who forgot their
// password: it sets a new one, or makes a one-time one when password is ""
// (returned, and to be changed at the next sign-in), and ends every session
// of the user.
func (s *Service) ResetPassword(ctx context.Context, email, password string) (u cx.User, oneTime string, err error) {
	u, err = s.store.UserByEmail(ctx, email)
	if err != nil {
		return cx.User{}, "", err
	}
	mustChange := password == ""
	if mustChange {
		password = secret.NewPassword()
		oneTime = password
	}
	hash, err := s.hasher.hash(password)
	if err != nil {
		return cx.User{}, "", err
	}
	if err := s.store.SetPassword(ctx, u.ID, hash, mustChange, ""); err != nil {
		return cx.User{}, "", err
	}
	u.PasswordHash, u.MustChangePassword = hash, mustChange
	return u, oneTime, nil
}
