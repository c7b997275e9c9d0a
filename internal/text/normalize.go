package text

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// toneVowels lists each Vietnamese vowel with its five tone marks, in the
// order none, huyền (grave), sắc (acute), hỏi (hook), ngã (tilde), nặng
// (dot below).
var toneVowels = [...]string{
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
	"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
	"AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
	"OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
}

// vowel is one toned vowel taken apart: the letter without its tone (still
// with its quality mark, as in ơ) and the tone, 0 for none.
type vowel struct {
	base rune
	tone int
}

// letterTables are lookups derived once from toneVowels.
type letterTables struct {
	vowels  map[rune]vowel // every vowel, toned or not
	compose map[vowel]rune // the way back
	fold    map[rune]rune  // to the plain ASCII letter
}

var tables = sync.OnceValue(func() *letterTables {
	t := &letterTables{vowels: map[rune]vowel{}, compose: map[vowel]rune{}, fold: map[rune]rune{}}
	for _, row := range toneVowels {
		r := []rune(row)
		for tone, c := range r {
			t.vowels[c] = vowel{r[0], tone}
			t.compose[vowel{r[0], tone}] = c
		}
	}
	for _, l := range vietnameseLetters {
		for _, c := range l.accents {
			t.fold[c] = l.base
		}
	}
	return t
})

// Normalize brings Vietnamese text to one spelling: Unicode NFC, one
// space between words, and the tone mark of every syllable on the vowel
// the new-style convention (kiểu mới) names: "hoà", "thuỷ", "khoẻ" rather
// than "hòa", "thủy", "khỏe". The convention is the one of the dictionary
// the word features use, so that both spellings meet the same words.
func Normalize(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	word := make([]rune, 0, 16)
	flush := func() {
		if len(word) > 0 {
			b.WriteString(placeTone(word))
			word = word[:0]
		}
	}
	space := false
	for _, c := range s {
		switch {
		case unicode.IsLetter(c):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			word = append(word, c)
		case unicode.IsSpace(c):
			flush()
			space = true
		default:
			flush()
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(c)
		}
	}
	flush()
	return b.String()
}

// placeTone moves the tone mark of one word to its canonical vowel. Words
// that are not a Vietnamese syllable (more than one tone, no vowel) are
// left as they are.
func placeTone(word []rune) string {
	t := tables()
	tone, at := 0, -1
	for i, c := range word {
		if v, ok := t.vowels[c]; ok && v.tone != 0 {
			if tone != 0 {
				return string(word) // two tones: not one syllable
			}
			tone, at = v.tone, i
		}
	}
	if tone == 0 || len(word) > 7 {
		return string(word)
	}
	target := toneTarget(word, t)
	if target < 0 || target == at {
		return string(word)
	}
	out := make([]rune, len(word))
	copy(out, word)
	out[at] = t.vowels[word[at]].base
	out[target] = t.compose[vowel{t.vowels[word[target]].base, tone}]
	return string(out)
}

// toneTarget finds the vowel that carries the tone: a vowel with a quality
// mark (ơ in ươ); else the only vowel; else the last of the cluster when a
// consonant ends the syllable; else the middle of three; else the second
// of oa, oe, uy and the first of the other pairs. The u of qu and the i of
// gi belong to the onset.
func toneTarget(word []rune, t *letterTables) int {
	start := -1
	for i, c := range word {
		if _, ok := t.vowels[c]; ok {
			start = i
			break
		}
	}
	if start < 0 {
		return -1
	}
	end := start
	for end < len(word) {
		if _, ok := t.vowels[word[end]]; !ok {
			break
		}
		end++
	}
	if !syllableShape(word[:start], word[end:]) {
		return -1 // not Vietnamese: café, hello
	}
	lower := func(i int) rune { return unicode.ToLower(t.vowels[word[i]].base) }
	if start == 1 && end-start > 1 {
		first := unicode.ToLower(word[0])
		if (first == 'q' && lower(1) == 'u') || (first == 'g' && lower(1) == 'i') {
			start++
		}
	}
	marked := -1
	for i := start; i < end; i++ {
		if strings.ContainsRune("ăâêôơư", lower(i)) {
			marked = i
		}
	}
	n := end - start
	switch {
	case marked >= 0:
		return marked
	case n == 1:
		return start
	case end < len(word):
		return end - 1
	case n == 3:
		return start + 1
	case n == 2:
		pair := string([]rune{lower(start), lower(start + 1)})
		if pair == "oa" || pair == "oe" || pair == "uy" {
			return start + 1
		}
		return start
	}
	return -1
}

// Fold gives the folded copy of a text: normalised, lower-case, without
// diacritics ("Đánh giá" → "danh gia"). Features, aspect phrases and
// language guesses work on it, so that text typed without diacritics
// meets the same words.
func Fold(s string) string {
	return strings.ToLower(FoldVietnamese(norm.NFC.String(s)))
}

// syllableShape reports an onset of Vietnamese consonants and one of the
// endings a Vietnamese syllable may have.
func syllableShape(onset, coda []rune) bool {
	for _, c := range onset {
		if !strings.ContainsRune("bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX", c) {
			return false
		}
	}
	switch strings.ToLower(string(coda)) {
	case "", "c", "ch", "m", "n", "ng", "nh", "p", "t":
		return true
	}
	return false
}
