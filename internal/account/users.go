package account

import (
	"context"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// NewUser is a person the operator adds to a workspace from the command
// line. Without a password, a one-time password is made and returned once;
// it must be changed at the first sign-in.
type NewUser struct {
	Email    string
	Name     string
	Role     cx.Role
	Language string
	Password string
}

// AddedUser is the member just added. OneTimePassword is set only when a
// new account got a made-up password: it is shown this once and never
// stored in clear.
type AddedUser struct {
	cx.Member
	Created         bool
	OneTimePassword string
}

// AddUser gives a person a role in a workspace at once, creating their
// account when the email is new (an existing account keeps its password).
// Only the operator at the command line may: they hold the database
// already. Everyone else invites (InviteUser), so that nobody joins a
// workspace without accepting and an admin learns nothing of accounts
// outside their workspace.
func (s *Service) AddUser(ctx context.Context, p *Principal, req NewUser) (AddedUser, error) {
	if p == nil || !p.operator {
		return AddedUser{}, cx.Errorf(cx.Forbidden, "people join a workspace by invitation: only the operator at the command line adds a user directly")
	}
	if !p.mayGrant(req.Role) {
		return AddedUser{}, cx.Errorf(cx.Forbidden, "only an owner may add an owner")
	}
	if _, err := cx.ParseRole(string(req.Role)); err != nil {
		return AddedUser{}, err
	}
	u := cx.User{Email: req.Email, Name: req.Name, Language: req.Language}
	password := req.Password
	if password == "" {
		password = secret.NewPassword()
		u.MustChangePassword = true
	}
	hash, err := s.hasher.hash(password)
	if err != nil {
		return AddedUser{}, err
	}
	u.PasswordHash = hash
	m, created, err := s.store.AddUser(ctx, p.WorkspaceID, u, req.Role)
	if err != nil {
		return AddedUser{}, err
	}
	res := AddedUser{Member: m, Created: created}
	if created && req.Password == "" {
		res.OneTimePassword = password
	}
	return res, nil
}

// ChangeRole gives a member of p's workspace another role and returns them
// as they now are. Only an owner makes or unmakes an owner, and the store
// keeps at least one owner in every workspace.
func (s *Service) ChangeRole(ctx context.Context, p *Principal, userID string, role cx.Role) (cx.Member, error) {
	if err := p.allow(cx.ActManageUsers); err != nil {
		return cx.Member{}, err
	}
	m, err := s.store.Member(ctx, p.WorkspaceID, userID)
	if err != nil {
		return cx.Member{}, err
	}
	if !p.mayGrant(role) || !p.mayGrant(m.Role) {
		return cx.Member{}, cx.Errorf(cx.Forbidden, "only an owner may make or unmake an owner")
	}
	if err := s.store.SetRole(ctx, p.WorkspaceID, userID, role); err != nil {
		return cx.Member{}, err
	}
	return s.store.Member(ctx, p.WorkspaceID, userID)
}

// RemoveUser takes a member out of p's workspace and ends their sessions
// there; their account stays for their other workspaces. Only an owner may
// remove an owner, and never the last one.
func (s *Service) RemoveUser(ctx context.Context, p *Principal, userID string) error {
	if err := p.allow(cx.ActManageUsers); err != nil {
		return err
	}
	m, err := s.store.Member(ctx, p.WorkspaceID, userID)
	if err != nil {
		return err
	}
	if !p.mayGrant(m.Role) {
		return cx.Errorf(cx.Forbidden, "only an owner may remove an owner")
	}
	return s.store.RemoveMember(ctx, p.WorkspaceID, userID)
}

// SetLanguage checks the language of the vi/en switch and remembers it for
// a signed-in person (p may be nil for a visitor, whose choice lives in a
// cookie only).
func (s *Service) SetLanguage(ctx context.Context, p *Principal, lang string) error {
	if lang != cx.LangVi && lang != cx.LangEn {
		return cx.FieldErrorf("lang", "language must be vi or en")
	}
	if p == nil || p.Member == nil || p.Member.Language == lang {
		return nil
	}
	u := p.Member.User
	u.Language = lang
	return s.store.UpdateUser(ctx, u)
}
