package csvio

import (
	"cxm/internal/cx"
)

// genders maps what files write to the values cxm keeps.
var genders = map[string]string{
	"nam": "male", "male": "male", "m": "male", "trai": "male",
	"nu": "female", "female": "female", "f": "female", "gai": "female",
	"khac": "other", "other": "other",
}

// ParseGender reads a gender, in Vietnamese or English.
func ParseGender(s string) (string, error) {
	if g, ok := genders[foldHeader(s)]; ok {
		return g, nil
	}
	return "", cx.FieldErrorf(FieldGender, "unknown gender %q: use nam, nữ or khác (male, female, other)", s)
}
