package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
)

// Adding someone to a workspace is an invitation. The admin learns nothing
// of the person (the answer is the same whether the address has an account
// or not), and nobody joins a workspace without saying so: someone with an
// account accepts after signing in, someone new chooses a name and a
// password through the link. Until then they are pending, not a member.

// invitationLifetime is how long an invitation link works.
const invitationLifetime = 7 * 24 * time.Hour

// Mailer sends one plain-text email. The server passes its SMTP sender;
// without SMTP there is none, and invitation links are only shown.
type Mailer func(ctx context.Context, to, subject, text string) error

// SendInvitations sets where invitation links point (the server's base
// URL) and how they are mailed (nil: they are not).
func (s *Service) SendInvitations(baseURL string, mail Mailer) {
	s.baseURL, s.mail = strings.TrimSuffix(baseURL, "/"), mail
}

// Invite is a person to invite into a workspace. The JSON names are the
// API's.
type Invite struct {
	Email    string  `json:"email"`
	Role     cx.Role `json:"role"`
	Language string  `json:"language"`
}

// Invited is an invitation just made, with its one-time link: shown this
// once to whoever invited (the store keeps only its hash), and mailed to
// the person when the server has SMTP (Emailed).
type Invited struct {
	cx.UserInvitation
	Link    string `json:"link"`
	Emailed bool   `json:"emailed"`
}

// InviteUser invites a person into p's workspace with a role. Only an
// owner may invite an owner. Inviting an address again replaces its
// pending invitation.
func (s *Service) InviteUser(ctx context.Context, p *Principal, req Invite) (Invited, error) {
	if err := p.allow(cx.ActManageUsers); err != nil {
		return Invited{}, err
	}
	if !p.mayGrant(req.Role) {
		return Invited{}, cx.Errorf(cx.Forbidden, "only an owner may add an owner")
	}
	if _, err := cx.ParseRole(string(req.Role)); err != nil {
		return Invited{}, err
	}
	token, hash := secret.NewToken()
	now := s.now().UTC()
	inv, err := s.store.CreateUserInvitation(ctx, cx.UserInvitation{WorkspaceID: p.WorkspaceID, Email: req.Email, Role: req.Role,
		Language: req.Language, TokenHash: hash, CreatedAt: now, ExpiresAt: now.Add(invitationLifetime)})
	if err != nil {
		return Invited{}, err
	}
	res := Invited{UserInvitation: inv, Link: s.baseURL + "/join/" + token}
	if s.mail != nil {
		ws, err := s.store.Workspace(ctx, p.WorkspaceID)
		if err != nil {
			return Invited{}, err
		}
		subject, text := invitationMail(inv, ws.Name, res.Link)
		res.Emailed = s.mail(ctx, inv.Email, subject, text) == nil // the link is shown either way
	}
	return res, nil
}

// invitationMail is the subject and text of an invitation's email, in the
// invitation's language.
func invitationMail(inv cx.UserInvitation, workspace, link string) (subject, text string) {
	days := int(invitationLifetime.Hours() / 24)
	if inv.Language == cx.LangEn {
		return fmt.Sprintf("You are invited to %s on cxm", workspace),
			fmt.Sprintf("Hello,\n\nYou are invited to join %s on cxm.\nOpen this link to accept (it works once, for %d days):\n\n%s\n\nIf you did not expect this, ignore this email: nothing happens until you accept.\n", workspace, days, link)
	}
	return fmt.Sprintf("Bạn được mời vào %s trên cxm", workspace),
		fmt.Sprintf("Xin chào,\n\nBạn được mời tham gia %s trên cxm.\nMở liên kết này để nhận lời (dùng được một lần, trong %d ngày):\n\n%s\n\nNếu bạn không chờ thư này, hãy bỏ qua: không có gì xảy ra cho đến khi bạn nhận lời.\n", workspace, days, link)
}

// Invitation is an invitation seen through its link: what the person is
// asked to join, and whether the one asking is the person invited.
type Invitation struct {
	cx.UserInvitation
	Workspace string // the workspace's name
	ForYou    bool   // the signed-in person is the one invited
}

// InvitationByLink returns the invitation of a link's token, for the page
// that accepts it; p is the signed-in person, or nil.
func (s *Service) InvitationByLink(ctx context.Context, p *Principal, token string) (Invitation, error) {
	inv, err := s.store.UserInvitationByToken(ctx, secret.Hash(token), s.now())
	if err != nil {
		return Invitation{}, err
	}
	ws, err := s.store.Workspace(ctx, inv.WorkspaceID)
	if err != nil {
		return Invitation{}, err
	}
	return Invitation{UserInvitation: inv, Workspace: ws.Name, ForYou: p != nil && p.Member != nil && p.Member.Email == inv.Email}, nil
}

// AcceptInvitation makes the signed-in person p a member as the invitation
// of the link says, and moves their session there. Only the person
// invited may accept.
func (s *Service) AcceptInvitation(ctx context.Context, p *Principal, token string) error {
	if p == nil || p.Member == nil || p.Session == nil {
		return cx.Errorf(cx.Forbidden, "sign in to accept this invitation")
	}
	inv, err := s.store.UserInvitationByToken(ctx, secret.Hash(token), s.now())
	if err != nil {
		return err
	}
	if inv.Email != p.Member.Email {
		return cx.Errorf(cx.Forbidden, "this invitation is for %s: sign in with that address to accept it", inv.Email)
	}
	if _, err := s.store.AcceptUserInvitation(ctx, inv.TokenHash, p.Member.ID, s.now()); err != nil {
		return err
	}
	return s.store.SwitchWorkspace(ctx, p.Session.TokenHash, inv.WorkspaceID)
}

// Joining is what a new person chooses when accepting an invitation.
type Joining struct {
	Name     string
	Password string
	Confirm  string
}

// JoinAsNewUser accepts an invitation for an address that has no account:
// it creates the account with the name and password chosen, makes it a
// member and signs it in there.
func (s *Service) JoinAsNewUser(ctx context.Context, token string, j Joining) (SignedIn, error) {
	if _, err := s.store.UserInvitationByToken(ctx, secret.Hash(token), s.now()); err != nil {
		return SignedIn{}, err
	}
	if strings.TrimSpace(j.Name) == "" {
		return SignedIn{}, cx.FieldErrorf("name", "%s is required", "name")
	}
	if err := newPassword(j.Password, j.Confirm); err != nil {
		return SignedIn{}, err
	}
	hash, err := s.hasher.hash(j.Password)
	if err != nil {
		return SignedIn{}, err
	}
	m, wsID, err := s.store.JoinAsNewUser(ctx, secret.Hash(token), cx.User{Name: j.Name, PasswordHash: hash}, s.now())
	if err != nil {
		return SignedIn{}, err
	}
	return s.startSession(ctx, m.ID, wsID)
}

// RevokeInvitation deletes one of p's workspace's pending invitations: its
// link stops working. Only an owner may revoke an owner's invitation.
func (s *Service) RevokeInvitation(ctx context.Context, p *Principal, id string) error {
	if err := p.allow(cx.ActManageUsers); err != nil {
		return err
	}
	inv, err := s.store.UserInvitation(ctx, p.WorkspaceID, id)
	if err != nil {
		return err
	}
	if !p.mayGrant(inv.Role) {
		return cx.Errorf(cx.Forbidden, "only an owner may revoke an owner's invitation")
	}
	return s.store.DeleteUserInvitation(ctx, p.WorkspaceID, id)
}
