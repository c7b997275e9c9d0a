// Package text is cxm's Vietnamese text handling: normalisation and folding
// (a copy without diacritics, for search and for machine keys), and the
// reading of what customers write: language, sentiment, CX aspects and
// personal data, with a model trained in the repository and embedded
// (docs/text.md). It is a leaf that imports nothing of ours but cx, so
// that the domain, the store's search, the importers and the feature
// packages can all use it.
package text

import "strings"

// Slug makes a machine key from a name, for stages, touchpoints, questions
// and import columns that come without one: the name folded to lower-case
// ASCII letters and digits, with '_' between words, at most 40 bytes. A name
// with nothing left to keep gives "stage".
func Slug(name string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(FoldVietnamese(name)) {
		if b.Len() >= 40 {
			break
		}
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" {
		return "stage"
	}
	return s
}

// vietnameseLetters pairs each plain letter with its accented forms.
var vietnameseLetters = [...]struct {
	base    rune
	accents string
}{
	{'a', "àáảãạăằắẳẵặâầấẩẫậ"}, {'A', "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
	{'e', "èéẻẽẹêềếểễệ"}, {'E', "ÈÉẺẼẸÊỀẾỂỄỆ"},
	{'i', "ìíỉĩị"}, {'I', "ÌÍỈĨỊ"},
	{'o', "òóỏõọôồốổỗộơờớởỡợ"}, {'O', "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
	{'u', "ùúủũụưừứửữự"}, {'U', "ÙÚỦŨỤƯỪỨỬỮỰ"},
	{'y', "ỳýỷỹỵ"}, {'Y', "ỲÝỶỸỴ"},
	{'d', "đ"}, {'D', "Đ"},
}

// FoldVietnamese removes Vietnamese diacritics from precomposed letters:
// "Đánh giá" → "Danh gia".
func FoldVietnamese(s string) string {
	return strings.Map(func(c rune) rune {
		if c < 0xC0 {
			return c
		}
		if f, ok := tables().fold[c]; ok {
			return f
		}
		return c
	}, s)
}
