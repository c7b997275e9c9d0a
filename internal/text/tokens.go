package text

import (
	"strings"
	"unicode"
)

// kind says what a token is.
type kind uint8

const (
	kindWord  kind = iota
	kindNum        // a number, with a unit stuck to it or not: 30p, 65k
	kindPunct      // a clause boundary: . , ; ! … and newlines
	kindQuery      // a question mark
	kindEmoji      // an emoji or emoticon; word is <emo+>, <emo-> or <laugh>
)

// token is one unit of a text: word is lower-case and normalised, with
// teencode spelled out; fold is word without diacritics.
type token struct {
	word, fold string
	kind       kind
	abbr       bool // spelled out from an abbreviation
}

// abbreviations spells out teencode and the abbreviations customers type,
// keyed by the lower-case form as typed. Ambiguous ones (a, e, c, kh, bt,
// h, p) are left alone.
var abbreviations = map[string]string{
	"ko": "không", "k": "không", "kg": "không", "khg": "không", "kô": "không", "hok": "không",
	"hk": "không", "hem": "không", "hông": "không", "k0": "không", "kp": "không phải",
	"dc": "được", "đc": "được", "dk": "được", "đk": "được", "dx": "được", "đx": "được", "đươc": "được",
	"j": "gì", "ji": "gì", "nv": "nhân viên", "sp": "sản phẩm", "ship": "giao hàng",
	"r": "rồi", "rùi": "rồi", "ròi": "rồi", "roài": "rồi", "vs": "với", "v": "vậy", "z": "vậy", "zậy": "vậy",
	"bik": "biết", "bít": "biết", "mk": "mình", "mik": "mình", "mjk": "mình", "trc": "trước",
	"cx": "cũng", "cg": "cũng", "wa": "quá", "qá": "quá", "qa": "quá", "thik": "thích", "iu": "yêu",
	"đt": "điện thoại", "dt": "điện thoại", "tl": "trả lời", "rep": "trả lời", "sd": "sử dụng",
	"tk": "tài khoản", "ntn": "như thế nào", "lm": "làm", "mn": "mọi người", "ng": "người",
	"bh": "bao giờ", "bjo": "bao giờ", "bgio": "bao giờ", "bn": "bao nhiêu", "nhiu": "nhiêu", "nhìu": "nhiều",
	"oke": "ok", "oki": "ok", "okie": "ok", "okela": "ok", "thui": "thôi",
	"vl": "vãi", "vkl": "vãi", "vcl": "vãi", "vler": "vãi", "cskh": "chăm sóc khách hàng", "ae": "anh em",
	"đag": "đang", "dag": "đang", "sr": "xin lỗi", "tks": "cảm ơn", "cám": "cảm", "km": "khuyến mãi", "kmai": "khuyến mãi", "đh": "đơn hàng",
	"dh": "đơn hàng", "ad": "admin", "hix": "<emo->", "hic": "<emo->",
	"huhu": "<emo->", "haha": "<laugh>", "hihi": "<laugh>", "hehe": "<laugh>", "kaka": "<laugh>",
}

// Emoji that carry a sentiment; others are dropped.
const positiveEmoji = "😀😁😃😄😆😊😍🥰😘😋😎👍👌💯❤♥💕💖💗🌟⭐🎉🙌👏🤩😻🥳✨💪🙂☺🤗"
const negativeEmoji = "😞😟😠😡🤬😢😭😤😩😫😒🙄👎💔😓😔😕🙁☹😖😣🤮🤢😱😰"

// emojiSentiment names the sentiment of an emoji rune, or "".
func emojiSentiment(c rune) string {
	switch {
	case strings.ContainsRune(positiveEmoji, c):
		return "<emo+>"
	case strings.ContainsRune(negativeEmoji, c):
		return "<emo->"
	case c == '😂' || c == '🤣':
		return "<laugh>"
	}
	return ""
}

// emoticons are the ASCII faces, longest first.
var emoticons = []struct{ face, word string }{
	{":((", "<emo->"}, {":))", "<emo+>"}, {"=))", "<laugh>"}, {":'(", "<emo->"},
	{":)", "<emo+>"}, {":(", "<emo->"}, {":D", "<emo+>"}, {":v", "<laugh>"}, {"<3", "<emo+>"}, {"^^", "<emo+>"},
}

// tokenize splits a text into tokens.
func tokenize(s string) []token {
	s = Normalize(s)
	toks := make([]token, 0, len(s)/4)
	rs := []rune(s)
	for i := 0; i < len(rs); {
		c := rs[i]
		if face, n := emoticonAt(rs, i); n > 0 {
			toks = append(toks, token{word: face, fold: face, kind: kindEmoji})
			i += n
			continue
		}
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '\'' && j+1 < len(rs) && unicode.IsLetter(rs[j+1])) {
				j++
			}
			toks = appendWord(toks, string(rs[i:j]))
			i = j
			continue
		case c == '?':
			toks = append(toks, token{word: "?", fold: "?", kind: kindQuery})
		case strings.ContainsRune(".,;:!…\n()[]-–—/", c):
			toks = append(toks, token{word: string(c), fold: string(c), kind: kindPunct})
		default:
			if e := emojiSentiment(c); e != "" {
				toks = append(toks, token{word: e, fold: e, kind: kindEmoji})
			}
		}
		i++
	}
	return toks
}

// emoticonAt reports the emoticon that starts at rs[i] and its length.
func emoticonAt(rs []rune, i int) (string, int) {
	if c := rs[i]; c != ':' && c != '=' && c != '<' && c != '^' {
		return "", 0
	}
	for _, e := range emoticons {
		f := []rune(e.face)
		if i+len(f) <= len(rs) && string(rs[i:i+len(f)]) == e.face {
			end := i + len(f)
			for end < len(rs) && rs[end] == f[len(f)-1] { // ":)))))"
				end++
			}
			return e.word, end - i
		}
	}
	return "", 0
}

// appendWord adds one run of letters and digits: a number, an emoticon
// word (hihi), or words with their abbreviations spelled out.
func appendWord(toks []token, w string) []token {
	w = squeeze(strings.ToLower(w))
	if unicode.IsDigit([]rune(w)[0]) {
		return append(toks, token{word: "<num>", fold: "<num>", kind: kindNum})
	}
	if full, ok := abbreviations[w]; ok {
		if strings.HasPrefix(full, "<") {
			return append(toks, token{word: full, fold: full, kind: kindEmoji})
		}
		for _, part := range strings.Fields(full) {
			toks = append(toks, token{word: part, fold: FoldVietnamese(part), abbr: true})
		}
		return toks
	}
	return append(toks, token{word: w, fold: FoldVietnamese(w)})
}

// squeeze shortens letters typed three times or more ("ngonnnn", "quáaaa")
// to the first: no Vietnamese or English word has a letter three times running.
func squeeze(w string) string {
	rs := []rune(w)
	out := make([]rune, 0, len(rs))
	plain := func(c rune) rune {
		if f, ok := tables().fold[c]; ok {
			return f
		}
		return c
	}
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && plain(rs[j]) == plain(rs[i]) {
			j++
		}
		if j-i >= 3 {
			out = append(out, rs[i])
		} else {
			out = append(out, rs[i:j]...)
		}
		i = j
	}
	return string(out)
}

// Expand gives the text with teencode and abbreviations spelled out, in
// lower case ("nv ko nhiệt tình" → "nhân viên không nhiệt tình").
func Expand(s string) string {
	var words []string
	for _, t := range tokenize(s) {
		if t.kind == kindWord {
			words = append(words, t.word)
		}
	}
	return strings.Join(words, " ")
}
