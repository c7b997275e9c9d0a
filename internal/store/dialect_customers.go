package store

import (
	"strings"

	"cxm/internal/cx"
	"cxm/internal/text"
)

// fold returns SQL for expr lower-cased and without Vietnamese diacritics,
// so that "nguyen" finds "Nguyễn". SQLite calls cxm_fold (registered by
// openSQLite); PostgreSQL translates the accented letters itself.
func (d dialect) fold(expr string) string {
	if d.name == "postgres" {
		return `lower(translate(` + expr + `, '` + accented + `', '` + unaccented + `'))`
	}
	return `cxm_fold(` + expr + `)`
}

// accented lists the Vietnamese accented letters and unaccented their
// plain forms, letter for letter, for PostgreSQL's translate.
var accented, unaccented = vietnameseFoldTable()

func vietnameseFoldTable() (string, string) {
	const letters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ" +
		"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
	var to strings.Builder
	for _, r := range letters {
		to.WriteString(strings.ToLower(text.FoldVietnamese(string(r))))
	}
	return letters, to.String()
}

// traitEquals returns a condition that trait k of a customer equals v, and
// its arguments. Traits with a column of their own compare that column;
// the others are read from the traits JSON as text.
func (d dialect) traitEquals(k, v string) (string, []any, error) {
	if col, ok := profileColumns[k]; ok {
		return col + ` = ?`, []any{v}, nil
	}
	if !traitKey(k) {
		return "", nil, cx.FieldErrorf("trait", "a trait name in a filter may hold only letters, digits, '_', '-' and '.'")
	}
	if d.name == "postgres" {
		return `(traits::jsonb ->> ?) = ?`, []any{k, v}, nil
	}
	return `CAST(json_extract(traits, ?) AS TEXT) = ?`, []any{`$."` + k + `"`, v}, nil
}

func traitKey(k string) bool {
	if k == "" || len(k) > 100 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
