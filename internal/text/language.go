package text

import (
	"strings"
	"unicode"
)

// Languages Detect tells apart.
const (
	LangVi    = "vi"
	LangEn    = "en"
	LangOther = "other"
)

// englishWords are common English words and the words of customer
// feedback. Many of them are also Vietnamese syllables once folded (the,
// can, do, so, in): in English a text has several of them.
const englishWords = "a an the and or but so to of in on at for from with without by about as is are was were be " +
	"been being am i you he she it we they me my your our their his her its this that these those there here " +
	"what when where which who why how do does did done not no never very too really so just only also still " +
	"again all any some more most much many few lot lots can could will would should may might must have has " +
	"had get got go going went come came back make made take took give gave say said tell told ask asked call " +
	"called want need like love loved hate good great bad best worst nice fine ok okay excellent amazing awesome " +
	"terrible awful horrible friendly rude helpful slow fast quick quickly clean dirty delicious tasty fresh " +
	"stale cheap expensive price prices value worth money free service staff waiter waitress barista cashier " +
	"manager team shop store place coffee tea cake food drink drinks order ordered delivery delivered shipping " +
	"parcel package app website site payment card cash refund discount voucher code support customer care " +
	"hotline email reply replied wait waited waiting minutes hour hours day days week weeks time times today " +
	"tomorrow yesterday please thanks thank sorry yes happy disappointed again never ever always will won't " +
	"don't didn't doesn't isn't wasn't can't couldn't it's i'm i've we're they're that's there's quality product " +
	"item size colour color fabric fits broken late wrong poor experience recommend friends would well way " +
	"one two three four five ten first next last new old other same such than then because if while after " +
	"before over under into out up down off every each both either own room towels spa massage facial " +
	"appointment booked booking table seats parking branch district open close closed tonight morning evening"

// Language guesses the language of a text: vi, en or other. Letters
// with Vietnamese marks count for Vietnamese; known English words for
// English; the folded syllables of the dictionary for Vietnamese typed
// without marks; other scripts for other.
func (a *Analyzer) Language(s string) string {
	return a.language(tokenize(s), s)
}

func (a *Analyzer) language(toks []token, raw string) string {
	vi, en, other, words, both := 0.0, 0.0, 0.0, 0, 0
	for _, c := range raw {
		if unicode.IsLetter(c) && c > 0x24F && !isVietnameseLetter(c) {
			other++
		}
	}
	if other > 0 {
		other = other / 2 // a word of Han or Thai is several letters
	}
	for _, t := range toks {
		if t.kind != kindWord {
			continue
		}
		words++
		switch {
		case t.abbr:
			vi++
		case t.word != t.fold && vietnameseMarked(t.word):
			vi += 2
		case a.english[t.fold] && a.lex.dict.syllables[t.fold]: // the, can, on: either
			en += 0.5
			vi += 0.5
			both++
		case a.english[t.fold]:
			en++
		case a.lex.dict.syllables[t.fold]:
			vi++
		case strings.ContainsAny(t.fold, "fjwz") || strings.HasSuffix(t.fold, "ing") || strings.HasSuffix(t.fold, "ed"):
			en += 0.5
		case hasForeignLetter(t.word):
			other++
		default:
			other += 0.5 // a word neither list knows
		}
	}
	switch {
	case words == 0 && other == 0:
		return LangOther
	case other > vi && other > en:
		return LangOther
	case vi == 0 && en == 0:
		return LangOther
	case vi > en, vi == en && vi > float64(both)/2: // a tie goes to Vietnamese unless every word was both
		return LangVi
	}
	return LangEn
}

// isVietnameseLetter reports letters of the Vietnamese alphabet beyond
// Latin-1 (ă, đ, ơ, ư and the toned vowels).
func isVietnameseLetter(c rune) bool {
	_, ok := tables().fold[c]
	return ok
}

// vietnameseMarked reports a word with a letter only Vietnamese writes:
// a vowel with a tone or quality mark outside the French and Spanish ones
// (é, à and ô are shared).
func vietnameseMarked(w string) bool {
	for _, c := range w {
		if c > 0xFF && isVietnameseLetter(c) {
			return true
		}
		if strings.ContainsRune("ãõ", c) { // Portuguese has them, but rarely here
			return true
		}
	}
	return false
}

// hasForeignLetter reports a letter with a mark Vietnamese does not use
// (ñ, ü, ß, ç).
func hasForeignLetter(w string) bool {
	for _, c := range w {
		if c > 0x7F && !isVietnameseLetter(c) {
			return true
		}
	}
	return false
}
