package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"cxm/internal/cx"
)

// AddUser gives a user a role in a workspace, creating the user when no user
// has that email yet. created tells which happened. u.PasswordHash is only
// used for a new user.
func (s *Store) AddUser(ctx context.Context, wsID string, u cx.User, role cx.Role) (m cx.Member, created bool, err error) {
	email, err := cx.NormalizeEmail(u.Email)
	if err != nil {
		return cx.Member{}, false, err
	}
	if !role.Valid() {
		return cx.Member{}, false, cx.FieldErrorf("role", "role must be one of owner, admin, analyst, agent, viewer")
	}
	u.Email = email
	if err := validateNewUser(&u); err != nil {
		return cx.Member{}, false, err
	}
	err = s.inTx(ctx, func(c conn) error {
		existing, err := scanUser(c.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			u.ID = s.ids.New("usr")
			u.CreatedAt = now()
			_, err = c.exec(ctx, `INSERT INTO users (user_id, email, name, language, password_hash, must_change_password, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Email, u.Name, u.Language, u.PasswordHash, u.MustChangePassword, ms(u.CreatedAt))
			if err != nil {
				return err
			}
			created = true
		case err != nil:
			return err
		default:
			u = existing
		}
		_, err = c.exec(ctx, `INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`,
			wsID, u.ID, string(role), ms(now()))
		switch {
		case errors.Is(err, errDuplicate):
			return cx.Errorf(cx.Conflict, "%s is already a member of this workspace", email)
		case errors.Is(err, errReference):
			return cx.Errorf(cx.NotFound, "workspace not found")
		}
		return err
	})
	return cx.Member{User: u, Role: role}, created, err
}

// validateNewUser cleans and checks a new user's name and language.
func validateNewUser(u *cx.User) error {
	u.Name = strings.TrimSpace(u.Name)
	if utf8.RuneCountInString(u.Name) > 200 {
		return cx.FieldErrorf("name", "%s is longer than %d characters", "name", 200)
	}
	if u.Language == "" {
		u.Language = cx.LangVi
	}
	if u.Language != cx.LangVi && u.Language != cx.LangEn {
		return cx.FieldErrorf("language", "language must be vi or en")
	}
	return nil
}

const userColumns = `user_id, email, name, language, password_hash, must_change_password, created_at`

func scanUser(row scanner) (cx.User, error) {
	var u cx.User
	var created int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Language, &u.PasswordHash, &u.MustChangePassword, &created)
	u.CreatedAt = fromMS(created)
	return u, err
}

// User returns a user by id.
func (s *Store) User(ctx context.Context, id string) (cx.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE user_id = ?`, id))
	return u, notFound(err, "user")
}

// UserByEmail returns a user by email address.
func (s *Store) UserByEmail(ctx context.Context, email string) (cx.User, error) {
	email, err := cx.NormalizeEmail(email)
	if err != nil {
		return cx.User{}, err
	}
	u, err := scanUser(s.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	return u, notFound(err, "user")
}

// CountUsers returns how many users the server has; zero means the setup
// link is still open.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// UpdateUser changes a user's name and language.
func (s *Store) UpdateUser(ctx context.Context, u cx.User) error {
	if u.Language != cx.LangVi && u.Language != cx.LangEn {
		return cx.FieldErrorf("language", "language must be vi or en")
	}
	res, err := s.writer().exec(ctx, `UPDATE users SET name = ?, language = ? WHERE user_id = ?`, u.Name, u.Language, u.ID)
	return mustAffect(res, err, "user")
}

// SetPassword stores a new password hash and signs the user out everywhere
// but keepSession (a token hash, or "").
func (s *Store) SetPassword(ctx context.Context, userID, hash string, mustChange bool, keepSession string) error {
	return s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ? WHERE user_id = ?`, hash, mustChange, userID)
		if err := mustAffect(res, err, "user"); err != nil {
			return err
		}
		_, err = c.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepSession)
		return err
	})
}

const memberColumns = `u.user_id, u.email, u.name, u.language, u.password_hash, u.must_change_password, u.created_at, m.role`

func scanMember(row scanner) (cx.Member, error) {
	var m cx.Member
	var created int64
	var role string
	err := row.Scan(&m.ID, &m.Email, &m.Name, &m.Language, &m.PasswordHash, &m.MustChangePassword, &created, &role)
	m.CreatedAt = fromMS(created)
	m.Role = cx.Role(role)
	return m, err
}

// Member returns a user of a workspace with their role there.
func (s *Store) Member(ctx context.Context, wsID, userID string) (cx.Member, error) {
	m, err := scanMember(s.reader().queryRow(ctx, `SELECT `+memberColumns+`
		FROM memberships m JOIN users u ON u.user_id = m.user_id
		WHERE m.workspace_id = ? AND m.user_id = ?`, wsID, userID))
	return m, notFound(err, "user")
}

// Members lists a workspace's users.
func (s *Store) Members(ctx context.Context, wsID string, p Page) (List[cx.Member], error) {
	out, err := collect(ctx, s.reader(), scanMember, `SELECT `+memberColumns+`
		FROM memberships m JOIN users u ON u.user_id = m.user_id
		WHERE m.workspace_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?`, wsID, p.After, p.limit())
	if err != nil {
		return List[cx.Member]{}, err
	}
	return cut(out, p, func(m cx.Member) string { return m.ID }), nil
}

// SetRole changes a member's role. A workspace always keeps an owner.
func (s *Store) SetRole(ctx context.Context, wsID, userID string, role cx.Role) error {
	if !role.Valid() {
		return cx.FieldErrorf("role", "role must be one of owner, admin, analyst, agent, viewer")
	}
	return s.inTx(ctx, func(c conn) error {
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		if err := keepAnOwner(ctx, c, wsID, userID, role); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?`, string(role), wsID, userID)
		return mustAffect(res, err, "user")
	})
}

// RemoveMember takes a user out of a workspace and ends their sessions there.
// A workspace always keeps an owner.
func (s *Store) RemoveMember(ctx context.Context, wsID, userID string) error {
	return s.inTx(ctx, func(c conn) error {
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		if err := keepAnOwner(ctx, c, wsID, userID, ""); err != nil {
			return err
		}
		res, err := c.exec(ctx, `DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?`, wsID, userID)
		if err := mustAffect(res, err, "user"); err != nil {
			return err
		}
		_, err = c.exec(ctx, `DELETE FROM sessions WHERE workspace_id = ? AND user_id = ?`, wsID, userID)
		return err
	})
}

// keepAnOwner refuses to give userID the role newRole ("" for removal) when
// that would leave the workspace without an owner.
func keepAnOwner(ctx context.Context, c conn, wsID, userID string, newRole cx.Role) error {
	if newRole == cx.RoleOwner {
		return nil
	}
	var others int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE workspace_id = ? AND role = 'owner' AND user_id <> ?`, wsID, userID).Scan(&others)
	if err != nil {
		return err
	}
	var role string
	err = c.queryRow(ctx, `SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?`, wsID, userID).Scan(&role)
	if err != nil {
		return notFound(err, "user")
	}
	if role == string(cx.RoleOwner) && others == 0 {
		return cx.Errorf(cx.Conflict, "a workspace needs at least one owner: make someone else owner first")
	}
	return nil
}

// Memberships lists the workspaces a user belongs to, the one used last
// first: sign-in lands there.
func (s *Store) Memberships(ctx context.Context, userID string) ([]cx.Membership, error) {
	return collect(ctx, s.reader(), scanMembership, `SELECT w.workspace_id, w.name, w.timezone, w.language, w.currency, w.created_at, m.role
		FROM memberships m JOIN workspaces w ON w.workspace_id = m.workspace_id
		WHERE m.user_id = ? ORDER BY m.last_used_at DESC, w.workspace_id`, userID)
}

func scanMembership(row scanner) (cx.Membership, error) {
	var m cx.Membership
	var created int64
	var role string
	err := row.Scan(&m.Workspace.ID, &m.Workspace.Name, &m.Workspace.Timezone, &m.Workspace.Language, &m.Workspace.Currency, &created, &role)
	m.Workspace.CreatedAt = fromMS(created)
	m.Role = cx.Role(role)
	return m, err
}

// UserForSignIn looks up the address typed on the sign-in form as it is,
// valid or not (an invalid one matches no user), so that every sign-in
// makes the same query whatever was typed.
func (s *Store) UserForSignIn(ctx context.Context, email string) (cx.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))))
	return u, notFound(err, "user")
}
