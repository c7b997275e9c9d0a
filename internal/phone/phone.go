// Package phone normalises phone numbers to E.164 the one way cxm uses
// everywhere: in identity resolution, in imports and in look-ups, so that
// "0912 345 678", "84912345678" and "+84 91 234 5678" are one customer.
package phone

import (
	"strings"
	"unicode"

	"cxm/internal/cx"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the country assumed for numbers written without one.
const DefaultRegion = "VN"

// oldMobilePrefixes maps Vietnam's 11-digit mobile prefixes, retired in
// 2018, to the 10-digit ones that replaced them (national significant
// number, without the leading 0). Customer lists still hold the old forms.
var oldMobilePrefixes = map[string]string{
	// Viettel
	"162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37", "168": "38", "169": "39",
	// MobiFone
	"120": "70", "121": "79", "122": "77", "126": "76", "128": "78",
	// VinaPhone
	"123": "83", "124": "84", "125": "85", "127": "81", "129": "82",
	// Vietnamobile
	"186": "56", "188": "58",
	// Gmobile
	"199": "59",
}

// Normalize returns s in E.164, such as "+84912345678". Numbers without a
// country code are taken as Vietnamese; old 11-digit Vietnamese mobile
// numbers are converted. A number that is not valid is an error about the
// field "phone".
func Normalize(s string) (string, error) {
	raw := strings.TrimSpace(s)
	if len(raw) > maxLength || strings.IndexFunc(raw, notPhoneRune) >= 0 {
		return "", cx.FieldErrorf("phone", "%q is not a phone number", s)
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, raw)
	if digits == "" {
		return "", cx.FieldErrorf("phone", "%q is not a phone number", s)
	}
	international := strings.HasPrefix(raw, "+") || strings.HasPrefix(digits, "00")
	digits = strings.TrimPrefix(digits, "00")
	switch {
	case !international && strings.HasPrefix(digits, "0"):
		digits = "84" + modernVN(digits[1:])
	case !international && strings.HasPrefix(digits, "84") && len(digits) >= 11:
		digits = "84" + modernVN(digits[2:])
	case international && strings.HasPrefix(digits, "84"):
		digits = "84" + modernVN(digits[2:])
	case !international:
		digits = "84" + modernVN(digits)
	}
	n, err := phonenumbers.Parse("+"+digits, DefaultRegion)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", cx.FieldErrorf("phone", "%q is not a phone number", s)
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if len(e164) > 1+maxDigits {
		// libphonenumber takes some longer German numbers; E.164 does not.
		return "", cx.FieldErrorf("phone", "%q is not a phone number", s)
	}
	return e164, nil
}

// maxDigits is E.164's limit, country code included (found by
// FuzzNormalize: "+4921000000000000" parsed as valid).
const maxDigits = 15

// maxLength is the longest phone number as people write it, with spaces
// and punctuation: E.164 has at most 15 digits.
const maxLength = 32

// notPhoneRune reports a character that has no place in a phone number as
// people write it: anything but digits, spaces and + - . ( ) /. Letters are
// refused rather than dropped, so that "0912 ABC 678" is not a number.
func notPhoneRune(r rune) bool {
	return !(r >= '0' && r <= '9' || unicode.IsSpace(r) || strings.ContainsRune("+-.()/", r))
}

// modernVN converts an old 11-digit mobile number (10 significant digits
// starting with 1) to today's form; others pass unchanged.
func modernVN(nsn string) string {
	if len(nsn) != 10 || nsn[0] != '1' {
		return nsn
	}
	if p, ok := oldMobilePrefixes[nsn[:3]]; ok {
		return p + nsn[3:]
	}
	return nsn
}
