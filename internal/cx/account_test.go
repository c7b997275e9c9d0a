package cx_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"cxm/internal/cx"
)

// wantField fails unless err is an invalid-input error about field ("" for
// no error).
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("got %v, want nil", err)
		}
		return
	}
	e := cx.AsError(err)
	if e == nil || e.Code != cx.Invalid || e.Field != field {
		t.Fatalf("got %v, want an invalid error about %q", err, field)
	}
}

func TestNormalizeEmail(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"lan@example.vn", "lan@example.vn", true},
		{"  Lan.Nguyen+cx@Example.COM.vn ", "lan.nguyen+cx@example.com.vn", true},
		{"admin@localhost", "admin@localhost", true},
		{"", "", false},
		{"   ", "", false},
		{"lan", "", false},
		{"lan@", "", false},
		{"@example.vn", "", false},
		{"lan@example", "", false},
		{"Lan <lan@example.vn>", "", false},
		{"lan@@example.vn", "", false},
		{"lan @example.vn", "", false},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 190) + ".vn", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := cx.NormalizeEmail(tc.in)
			if !tc.ok {
				wantField(t, err, "email")
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v, want %q", got, err, tc.want)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		in    string
		field string
	}{
		{"123456789", "password"},
		{"1234567890", ""},
		{"mậtkhẩuđủ1", ""}, // 10 characters, more bytes
		{"mậtkhẩu", "password"},
		{strings.Repeat("a", 200), ""},
		{strings.Repeat("a", 201), "password"},
	} {
		t.Run(tc.in, func(t *testing.T) { wantField(t, cx.ValidatePassword(tc.in), tc.field) })
	}
}

func TestWorkspaceValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ws    cx.Workspace
		field string
	}{
		{"defaults", cx.Workspace{Name: "A"}, ""},
		{"all set", cx.Workspace{Name: "A", Timezone: "UTC", Language: cx.LangEn, Currency: "USD"}, ""},
		{"blank name", cx.Workspace{Name: " \t"}, "name"},
		{"long name", cx.Workspace{Name: strings.Repeat("ă", 201)}, "name"},
		{"bad timezone", cx.Workspace{Name: "A", Timezone: "Saigon"}, "timezone"},
		{"bad language", cx.Workspace{Name: "A", Language: "VI"}, "language"},
		{"lower-case currency", cx.Workspace{Name: "A", Currency: "usd"}, "currency"},
		{"long currency", cx.Workspace{Name: "A", Currency: "VNDD"}, "currency"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantField(t, tc.ws.Validate(), tc.field) })
	}
	w := cx.Workspace{Name: "  A  "}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if w.Name != "A" || w.Timezone != "Asia/Ho_Chi_Minh" || w.Language != cx.LangVi || w.Currency != "VND" {
		t.Errorf("got %+v, want trimmed name and the Vietnamese defaults", w)
	}
}

func TestAPIKeyValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		key   cx.APIKey
		field string
	}{
		{"write", cx.APIKey{Kind: cx.KeyWrite}, ""},
		{"secret with name", cx.APIKey{Kind: cx.KeySecret, Name: "CRM"}, ""},
		{"no kind", cx.APIKey{}, "kind"},
		{"bad kind", cx.APIKey{Kind: "read"}, "kind"},
		{"long name", cx.APIKey{Kind: cx.KeyWrite, Name: strings.Repeat("x", 101)}, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantField(t, tc.key.Validate(), tc.field) })
	}
}

func TestErrors(t *testing.T) {
	fe := cx.FieldErrorf("email", "%q is not an email address", "x")
	wrapped := fmt.Errorf("context: %w", fe)
	for _, tc := range []struct {
		name string
		err  error
		code string
	}{
		{"nil", nil, ""},
		{"plain error", errors.New("disk on fire"), cx.Internal},
		{"cx error", cx.Errorf(cx.NotFound, "journey not found"), cx.NotFound},
		{"wrapped field error", wrapped, cx.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cx.ErrorCode(tc.err); got != tc.code {
				t.Errorf("got %q, want %q", got, tc.code)
			}
		})
	}
	e := cx.AsError(wrapped)
	if e == nil || e.Field != "email" || e.Message != `"x" is not an email address` || e.Format != "%q is not an email address" || len(e.Args) != 1 {
		t.Errorf("got %+v, want the field error with its message, format and args", e)
	}
	if cx.AsError(errors.New("x")) != nil {
		t.Errorf("got a cx error from a plain error, want nil")
	}
	if got, want := fe.Error(), `cx error: code=invalid field=email message="x" is not an email address`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := cx.Errorf(cx.Conflict, "taken").Error(), "cx error: code=conflict message=taken"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
