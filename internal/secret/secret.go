// Package secret makes and checks the secrets cxm hands out: password hashes
// (argon2id), random tokens, session tokens, the CSRF tokens derived from
// them, and API keys. Only hashes are ever stored.
package secret

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"cxm/internal/cx"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's minimum for interactive logins (19 MiB,
// two passes), light enough for a 2-core server.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns a PHC-format argon2id hash of password.
func HashPassword(password string) (string, error) {
	if err := cx.ValidatePassword(password); err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("secret: not an argon2id hash")
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("secret: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, fmt.Errorf("secret: bad argon2 parameters: %w", err)
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, err
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// tokenEncoding is lower-case Crockford base32 without padding: tokens are
// safe in URLs, file names and SQL identifiers, and have no i, l, o or u to
// misread.
var tokenEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// RandomToken returns n random bytes from the system's secure generator in
// lower-case base32 (8 characters per 5 bytes), for anything that must not be
// guessed: session tokens, API keys, invitation links, survey keys, message
// ids.
func RandomToken(n int) string {
	buf := make([]byte, n)
	if _, err := rand.Read(buf); err != nil {
		panic("secret: no randomness: " + err.Error())
	}
	return tokenEncoding.EncodeToString(buf)
}

// NewPassword returns a random one-time password that is easy to type.
func NewPassword() string {
	t := RandomToken(10) // 16 characters of base32
	return t[0:4] + "-" + t[4:8] + "-" + t[8:12] + "-" + t[12:16]
}

// NewToken returns a random token for a cookie or a link, and its hash.
func NewToken() (token, hash string) {
	token = RandomToken(32)
	return token, Hash(token)
}

// Hash returns the SHA-256 of a high-entropy secret, in hex. Tokens and API
// keys are random enough that a fast hash is safe; passwords are not, and
// use HashPassword.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// CSRFToken returns the token that the forms and htmx requests of the
// session whose cookie holds sessionToken must carry. It is derived, not
// stored: an HMAC-SHA256 keyed by the session token over a fixed label. The
// cookie is random, secret and HttpOnly, so the token cannot be guessed by
// another site; the label keeps it apart from Hash(sessionToken), the
// session's id in the store, so that neither can be made from the other; and
// a page that shows it reveals nothing of the cookie.
func CSRFToken(sessionToken string) string {
	mac := hmac.New(sha256.New, []byte(sessionToken))
	mac.Write([]byte("cxm csrf token v1"))
	return hex.EncodeToString(mac.Sum(nil))
}

// Key prefixes tell at a glance what a key is for.
const (
	WriteKeyPrefix  = "cxm_wk_"
	SecretKeyPrefix = "cxm_sk_"
)

// NewAPIKey returns a new key of kind, with its hash and its visible prefix.
func NewAPIKey(kind string) (key, hash, prefix string) {
	p := SecretKeyPrefix
	if kind == cx.KeyWrite {
		p = WriteKeyPrefix
	}
	key = p + RandomToken(30)
	return key, Hash(key), key[:len(p)+6]
}
