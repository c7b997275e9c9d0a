// Package account owns who may use a workspace and how they prove it: users
// and their roles, the owner rules, passwords, API keys, the first owner's
// setup, sign-in with its throttle, and sessions.
//
// Every surface calls the same functions: the JSON API, the dashboard pages
// and the command line. None of them takes anything from net/http, so a rule
// such as "only an owner may add, change or remove an owner" is written once,
// here, and a surface cannot forget it.
package account

import (
	"sync"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Service is the account use cases on one store. It keeps in memory only
// what must not be stored: the one-time setup token. One Service serves
// the whole process.
type Service struct {
	store  *store.Store
	now    func() time.Time
	hasher hasher

	baseURL string // where invitation links point
	mail    Mailer // nil: no SMTP, invitation links are only shown

	mu         sync.Mutex
	setupToken string // one-time owner sign-up while the server has no user
}

// New returns the account use cases on st. now is the clock (time.Now
// outside tests); the sign-in throttle, invitations and new sessions read
// it.
func New(st *store.Store, now func() time.Time) *Service {
	return &Service{store: st, now: now, hasher: argon2id{}}
}

// Principal is who is asking, in which workspace, with which role: a
// signed-in person, a secret API key or the operator at the command line.
// Use cases whose rules depend on who acts take one.
type Principal struct {
	WorkspaceID string
	Role        cx.Role
	Member      *cx.Member  // set for a signed-in person
	Session     *cx.Session // set for a signed-in person
	Key         *cx.APIKey  // set for a secret key
	CSRF        string      // set for a signed-in person: the token their forms carry, derived from the session token
	operator    bool        // the person at the command line
}

// Operator is the person at the server's command line. They hold the
// machine and its database already, so they act as an owner of any
// workspace; the CLI passes this principal to the same use cases the web
// calls.
func Operator(wsID string) *Principal {
	return &Principal{WorkspaceID: wsID, Role: cx.RoleOwner, operator: true}
}

// Can reports whether the principal's role allows act, so that routes,
// pages and use cases ask the same question the same way.
func (p *Principal) Can(act cx.Action) bool { return p != nil && p.Role.Can(act) }

// allow refuses act when the principal's role does not allow it.
func (p *Principal) allow(act cx.Action) error {
	if !p.Can(act) {
		role := cx.Role("")
		if p != nil {
			role = p.Role
		}
		return cx.Errorf(cx.Forbidden, "your role (%s) may not do this", role)
	}
	return nil
}

// GrantableRoles lists the roles the principal may give someone, most
// powerful first: every role for an owner, all but owner for others. Forms
// offer these, and AddUser and ChangeRole enforce the same rule.
func (p *Principal) GrantableRoles() []cx.Role {
	var out []cx.Role
	for _, r := range cx.Roles {
		if p.mayGrant(r) {
			out = append(out, r)
		}
	}
	return out
}

// mayGrant is the owner rule: only an owner may make, unmake or remove an
// owner. role is the role given or taken away.
func (p *Principal) mayGrant(role cx.Role) bool {
	return role != cx.RoleOwner || p.Can(cx.ActManageOwners)
}
