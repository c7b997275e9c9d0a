package account

import (
	"context"
	"crypto/subtle"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// Setup is the first owner and their business, typed on the setup page of
// a server that has no user yet.
type Setup struct {
	Business string // the workspace's name
	Template string // the first journey's template; lifecycle when unknown
	Language string
	Name     string
	Email    string
	Password string
	Confirm  string
}

// SetupToken returns the secret of the one-time setup link, making it on
// first use, or "" once the server has a user: until then anyone holding
// the link may become the first owner, so it is long, random and printed
// only to the operator.
func (s *Service) SetupToken(ctx context.Context) (string, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.setupToken == "" {
		s.setupToken, _ = secret.NewToken()
	}
	return s.setupToken, nil
}

// CheckSetup reports, as not_found, that token does not open setup: it is
// not the current setup token (compared in constant time) or the server
// has a user already.
func (s *Service) CheckSetup(ctx context.Context, token string) error {
	s.mu.Lock()
	want := s.setupToken
	s.mu.Unlock()
	if want == "" || subtle.ConstantTimeCompare([]byte(token), []byte(want)) != 1 {
		return cx.Errorf(cx.NotFound, "this setup link is not valid any more")
	}
	n, err := s.store.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return cx.Errorf(cx.NotFound, "this setup link is not valid any more")
	}
	return nil
}

// SetUp creates the first workspace (seeded from the template) and its
// owner, closes the setup link and signs the owner in. Two setups at once
// cannot both succeed: the link is held while one runs.
func (s *Service) SetUp(ctx context.Context, token string, f Setup) (SignedIn, error) {
	if err := s.CheckSetup(ctx, token); err != nil {
		return SignedIn{}, err
	}
	if !cx.IsSlug(f.Template) {
		f.Template = cx.TemplateLifecycle
	}
	if f.Name == "" {
		return SignedIn{}, cx.FieldErrorf("name", "%s is required", "name")
	}
	if _, err := cx.NormalizeEmail(f.Email); err != nil {
		return SignedIn{}, err
	}
	if err := newPassword(f.Password, f.Confirm); err != nil {
		return SignedIn{}, err
	}
	hash, err := s.hasher.hash(f.Password)
	if err != nil {
		return SignedIn{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.setupToken != token {
		return SignedIn{}, cx.Errorf(cx.NotFound, "this setup link is not valid any more")
	}
	ws, err := s.store.CreateWorkspace(ctx, cx.Workspace{Name: f.Business, Language: f.Language}, f.Template)
	if err != nil {
		if e := cx.AsError(err); e != nil && e.Field == "name" {
			e.Field = "business"
		}
		return SignedIn{}, err
	}
	m, _, err := s.store.AddUser(ctx, ws.ID, cx.User{Email: f.Email, Name: f.Name, Language: ws.Language, PasswordHash: hash}, cx.RoleOwner)
	if err != nil {
		return SignedIn{}, err
	}
	s.setupToken = ""
	return s.startSession(ctx, m.ID, ws.ID)
}
