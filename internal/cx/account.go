package cx

import (
	"net/mail"
	"strings"
	"time"
)

// Workspace is one business: every other object belongs to exactly one.
type Workspace struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Timezone  string    `json:"timezone"`
	Language  string    `json:"language"`
	Currency  string    `json:"currency"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate cleans and checks a workspace before it is stored.
func (w *Workspace) Validate() error {
	w.Name = strings.TrimSpace(w.Name)
	if err := validateString("name", w.Name, 200, true); err != nil {
		return err
	}
	if w.Timezone == "" {
		w.Timezone = "Asia/Ho_Chi_Minh"
	}
	if _, err := time.LoadLocation(w.Timezone); err != nil {
		return FieldErrorf("timezone", "unknown time zone %q", w.Timezone)
	}
	if w.Language == "" {
		w.Language = LangVi
	}
	if !oneOf(w.Language, []string{LangVi, LangEn}) {
		return FieldErrorf("language", "language must be vi or en")
	}
	if w.Currency == "" {
		w.Currency = "VND"
	}
	if len(w.Currency) != 3 || strings.ToUpper(w.Currency) != w.Currency {
		return FieldErrorf("currency", "currency must be a three-letter ISO 4217 code such as VND")
	}
	return nil
}

// User is a person who signs in to the dashboard. A user may belong to
// several workspaces, with one role in each.
type User struct {
	ID                 string    `json:"id"`
	Email              string    `json:"email"`
	Name               string    `json:"name"`
	Language           string    `json:"language"`
	PasswordHash       string    `json:"-"`
	MustChangePassword bool      `json:"must_change_password"`
	CreatedAt          time.Time `json:"created_at"`
}

// Member is a user seen from one workspace, with their role there.
type Member struct {
	User
	Role Role `json:"role"`
}

// UserInvitation is a person asked to join a workspace who has not
// accepted yet. Pending, they are no member: they cannot sign in to the
// workspace and appear apart from its members, until they accept through
// the one-time link or the invitation is revoked or expires.
type UserInvitation struct {
	ID          string    `json:"id"`
	WorkspaceID string    `json:"-"`
	Email       string    `json:"email"`
	Role        Role      `json:"role"`
	Language    string    `json:"language"`
	Status      string    `json:"status"` // "pending": an accepted invitation is a membership
	TokenHash   string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// InvitationPending is the status of every stored user invitation.
const InvitationPending = "pending"

// Membership is one of a user's workspaces, with their role there.
type Membership struct {
	Workspace Workspace `json:"workspace"`
	Role      Role      `json:"role"`
}

// NormalizeEmail lower-cases and trims an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", FieldErrorf("email", "email is required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") && !strings.HasSuffix(s, "@localhost") {
		return "", FieldErrorf("email", "%q is not an email address", s)
	}
	if len(s) > 254 {
		return "", FieldErrorf("email", "email is longer than 254 characters")
	}
	return s, nil
}

// MinPasswordLength is the shortest password cxm accepts.
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return FieldErrorf("password", "password must have at least %d characters", MinPasswordLength)
	}
	if len(p) > 200 {
		return FieldErrorf("password", "password is longer than 200 bytes")
	}
	return nil
}

// Session is a signed-in browser. The cookie holds a random token; the store
// keeps only its hash.
type Session struct {
	TokenHash   string
	UserID      string
	WorkspaceID string
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

// API key kinds.
const (
	KeyWrite  = "write"  // public: ingestion only
	KeySecret = "secret" // private: the whole /api/v1
)

// APIKey is a key for machines. The key itself is shown once; the store keeps
// its hash and a short prefix to recognise it by.
type APIKey struct {
	ID          string     `json:"id"`
	WorkspaceID string     `json:"-"`
	Kind        string     `json:"kind"`
	Name        string     `json:"name"`
	Prefix      string     `json:"prefix"`
	Hash        string     `json:"-"`
	CreatedAt   time.Time  `json:"created_at"`
	RevokedAt   *time.Time `json:"revoked_at"`
}

// Validate cleans and checks a new key's metadata.
func (k *APIKey) Validate() error {
	k.Name = strings.TrimSpace(k.Name)
	if !oneOf(k.Kind, []string{KeyWrite, KeySecret}) {
		return FieldErrorf("kind", "kind must be write or secret")
	}
	return validateString("name", k.Name, 100, false)
}
