package secret

import (
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("đúng mật khẩu 123")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("got hash %q, want argon2id PHC string", h)
	}
	for _, tc := range []struct {
		password string
		want     bool
	}{
		{"đúng mật khẩu 123", true},
		{"dung mat khau 123", false},
		{"", false},
	} {
		ok, err := CheckPassword(h, tc.password)
		if err != nil {
			t.Fatal(err)
		}
		if ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, want %v", tc.password, ok, tc.want)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("HashPassword accepted a 5-character password")
	}
}

func TestAPIKeys(t *testing.T) {
	key, hash, prefix := NewAPIKey("write")
	if !strings.HasPrefix(key, WriteKeyPrefix) || !strings.HasPrefix(key, prefix) || Hash(key) != hash {
		t.Fatalf("got key %q hash %q prefix %q", key, hash, prefix)
	}
	other, _, _ := NewAPIKey("secret")
	if !strings.HasPrefix(other, SecretKeyPrefix) || other == key {
		t.Fatalf("got secret key %q", other)
	}
}

func TestRandomToken(t *testing.T) {
	for _, tc := range []struct{ bytes, chars int }{{1, 2}, {5, 8}, {16, 26}, {32, 52}} {
		a, b := RandomToken(tc.bytes), RandomToken(tc.bytes)
		if len(a) != tc.chars {
			t.Errorf("got %d characters for %d bytes, want %d", len(a), tc.bytes, tc.chars)
		}
		if tc.bytes >= 16 && a == b {
			t.Errorf("got the same %d-byte token twice: %q", tc.bytes, a)
		}
	}
}

func TestCSRFToken(t *testing.T) {
	session, hash := NewToken()
	other, _ := NewToken()
	got := CSRFToken(session)
	if len(got) != 64 || strings.Trim(got, "0123456789abcdef") != "" {
		t.Fatalf("got %q, want 64 hex digits", got)
	}
	if again := CSRFToken(session); again != got {
		t.Errorf("got %q, then %q for the same session, want the same token", got, again)
	}
	for _, tc := range []struct{ name, value string }{
		{"another session's token", CSRFToken(other)},
		{"the session's hash", hash},
		{"the session token", session},
	} {
		if tc.value == got {
			t.Errorf("got the CSRF token equal to %s", tc.name)
		}
	}
}
