package text

import (
	"bufio"
	"io"
	"strings"
)

// dictionary holds the folded Vietnamese words of more than one syllable
// ("nhan vien"), for a longest-match split of a text into words.
type dictionary struct {
	words     map[string]bool
	syllables map[string]bool // every folded syllable of every word, for the language guess
	longest   int             // in syllables
}

// readDictionary reads one word a line.
func readDictionary(r io.Reader) (*dictionary, error) {
	d := &dictionary{words: map[string]bool{}, syllables: map[string]bool{}}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		w := strings.Fields(Fold(sc.Text()))
		for _, s := range w {
			d.syllables[s] = true
		}
		if len(w) < 2 || len(w) > 4 {
			continue
		}
		d.words[strings.Join(w, " ")] = true
		d.longest = max(d.longest, len(w))
	}
	return d, sc.Err()
}

// words finds the dictionary words of two syllables or more in a run of
// folded syllables, longest first from the left.
func (d *dictionary) split(syl []string, emit func(string)) {
	for i := 0; i < len(syl); {
		n := 1
		for k := min(d.longest, len(syl)-i); k >= 2; k-- {
			if d.words[strings.Join(syl[i:i+k], " ")] {
				n = k
				break
			}
		}
		if n > 1 {
			emit(strings.Join(syl[i:i+n], "_"))
		}
		i += n
	}
}

// Cue words, folded. Negation flips what follows it up to three words or
// a clause boundary; contrast splits a text into clauses.
var (
	negations = map[string]bool{"khong": true, "chang": true, "cha": true, "chua": true, "not": true,
		"no": true, "never": true, "nothing": true, "without": true, "hardly": true, "nobody": true}
	contrasts = map[string]bool{"nhung": true, "but": true, "however": true, "tuy": true,
		"although": true, "though": true, "whereas": true}
	questionStarts = map[string]bool{"how": true, "what": true, "when": true, "where": true, "which": true,
		"who": true, "why": true, "do": true, "does": true, "did": true, "can": true, "could": true,
		"is": true, "are": true, "will": true, "would": true, "should": true}
)

// phrase lists, folded; a phrase matches whole words.
var (
	questionPhrases = []string{"bao gio", "bao nhieu", "khi nao", "o dau", "lam sao", "the nao",
		"duoc khong", "phai khong", "cho minh hoi", "cho em hoi", "cho hoi", "co khong", "con khong"}
	requestPhrases = []string{"cho minh", "cho em", "cho toi", "lam on", "vui long", "muon", "xin",
		"please", "would like", "i need", "i want", "can tu van", "dat ban", "dat lich", "khach hoi", "hoi gio",
		"asked about", "asked for", "muon biet"}
)

// intensifiers strengthen the opinion next to them, folded; a word typed
// with marks must be one of marked (lắm, not làm).
var (
	intensifiers = map[string]bool{"rat": true, "qua": true, "cuc": true, "sieu": true, "lam": true,
		"very": true, "so": true, "really": true, "too": true, "extremely": true, "super": true}
	markedIntensifiers = map[string]bool{"rất": true, "quá": true, "cực": true, "siêu": true, "lắm": true}
)

func isIntensifier(t token) bool {
	if t.kind != kindWord || !intensifiers[t.fold] {
		return false
	}
	if t.word != t.fold {
		return markedIntensifiers[t.word]
	}
	return t.fold != "lam" // typed without marks, lam is làm as often as lắm
}

// isNegation reports whether a token opens a negation's scope. A word
// typed with its marks must be the negation itself (chưa, not chua "sour").
func isNegation(t token) bool {
	switch {
	case t.kind != kindWord:
		return false
	case strings.HasSuffix(t.fold, "n't"):
		return true
	case !negations[t.fold]:
		return false
	case t.word == t.fold:
		return true
	}
	switch t.word {
	case "không", "chẳng", "chả", "chưa":
		return true
	}
	return false
}

// featureSet is what the classifier sees of a text: each feature is the
// 64-bit FNV-1a hash of its name ("u:ngon", "b:khong_ngon"), so that
// reading a text makes no strings; asks and opinion are the cues the
// neutral rule needs.
type featureSet struct {
	ids     []uint64
	asks    bool // a question or a request
	opinion bool // a lexicon hit, an emoji or an exclamation
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// add adds the feature named by its parts joined.
func (f *featureSet) add(parts ...string) {
	h := uint64(fnvOffset)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= fnvPrime
		}
	}
	f.ids = append(f.ids, h)
}

// features lists what the classifier sees of a text: folded words and
// pairs of words, the words with their marks, dictionary words, the words
// in a negation's scope, the lexicon's hits (flipped under a negation,
// doubled beside an intensifier), and cues for questions, requests and
// contrast.
func (l *lexicon) features(toks []token) featureSet {
	f := featureSet{ids: make([]uint64, 0, 4*len(toks)+8)}
	f.add("<bias>")
	var syl []string
	flush := func() {
		l.dict.split(syl, func(w string) { f.add("w:", w) })
		syl = syl[:0]
	}
	scope, prev := 0, "<s>"
	for i, t := range toks {
		switch t.kind {
		case kindPunct, kindQuery:
			flush()
			scope, prev = 0, "<s>"
			if t.word == "!" {
				f.add("<excl>")
				f.opinion = true
			}
			if t.kind == kindQuery {
				f.add("<q>")
				f.asks = true
			}
			continue
		case kindNum:
			f.add("u:<num>")
			prev = "<num>"
			continue
		case kindEmoji:
			f.opinion = true
		}
		if t.kind == kindWord {
			syl = append(syl, t.fold)
		}
		if questionParticle(toks, i) {
			t.fold, t.word = "<qpart>", "<qpart>" // "… không ạ?" asks, it does not deny
		}
		if isIntensifier(t) {
			f.add("<intens>") // "rất" strengthens what it goes with; alone it says nothing
			continue
		}
		f.add("u:", t.fold)
		f.add("b:", prev, "_", t.fold)
		if t.word != t.fold {
			f.add("a:", t.word) // the word with its marks: bẩn is not bán
		}
		if contrasts[t.fold] {
			f.add("<contrast>")
			scope = 0
		}
		if scope > 0 {
			f.add("n:", t.fold)
			scope--
		}
		if t.fold == "<qpart>" {
			f.add("<q>")
			f.asks = true
		} else if isNegation(t) {
			scope = 3
		}
		prev = t.fold
	}
	flush()
	if len(toks) > 0 && questionStarts[toks[0].fold] {
		f.add("<q>")
		f.asks = true
	}
	l.lexiconFeatures(toks, &f)
	return f
}

// folded joins the folded words of a text, with clause boundaries kept as
// "|", for phrase matching.
func folded(toks []token) string {
	var b strings.Builder
	b.WriteByte(' ')
	for _, t := range toks {
		switch t.kind {
		case kindPunct, kindQuery:
			b.WriteString("| ")
		default:
			b.WriteString(t.fold)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// lexiconFeatures adds the polarity lexicon's hits and the question and
// request cues.
func (l *lexicon) lexiconFeatures(toks []token, f *featureSet) {
	neg := negatedPositions(toks)
	intensified := false
	for _, t := range toks {
		intensified = intensified || isIntensifier(t)
	}
	for i, t := range toks {
		if t.kind != kindWord {
			continue
		}
		l.matchAt(toks, i, t.fold, false, neg[i], intensified, f)
		if t.word != t.fold {
			l.matchAt(toks, i, t.word, true, neg[i], intensified, f)
		}
	}
	text := folded(toks)
	for _, p := range questionPhrases {
		if strings.Contains(text, " "+p+" ") {
			f.add("<q>")
			f.asks = true
		}
	}
	for _, p := range requestPhrases {
		if strings.Contains(text, " "+p+" ") {
			f.add("<req>")
			f.asks = true
		}
	}
}

// matchAt adds the lexicon phrases that start at token i.
func (l *lexicon) matchAt(toks []token, i int, first string, marked, negated, intensified bool, f *featureSet) {
	for _, p := range l.byFirst[first] {
		if p.marked != marked || i+len(p.words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range p.words[1:] {
			t := toks[i+1+k]
			if t.kind != kindWord && t.kind != kindNum || (marked && t.word != w) || (!marked && t.fold != w) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		tag := "<lex" + p.sign + ">"
		if negated {
			tag = "<nlex" + p.sign + ">"
		}
		f.add(tag)
		if intensified {
			f.add(tag, "!")
		}
		f.opinion = true
	}
}

// negatedPositions marks, by the word positions folded() writes, the words
// inside a negation's scope.
func negatedPositions(toks []token) []bool {
	out := make([]bool, len(toks))
	scope := 0
	for i, t := range toks {
		if t.kind == kindPunct || t.kind == kindQuery || contrasts[t.fold] {
			scope = 0
			continue
		}
		if scope > 0 {
			out[i] = true
			scope--
		}
		if isNegation(t) && !questionParticle(toks, i) {
			scope = 3
		}
	}
	return out
}

// endParticles may follow the "không" or "chưa" that ends a question
// ("có giao tận nhà không ạ?", "còn size M ko shop").
var endParticles = map[string]bool{"a": true, "vay": true, "ha": true, "nhi": true, "nhe": true, "shop": true,
	"admin": true, "ban": true, "chi": true, "anh": true, "em": true, "ad": true, "nhi?": true, "the": true}

// questionParticle reports a "không"/"chưa" that ends a question rather
// than negating: only particles or the end of a clause follow it.
func questionParticle(toks []token, i int) bool {
	if f := toks[i].fold; toks[i].kind != kindWord || f != "khong" && f != "chua" || i == 0 {
		return false
	}
	for _, t := range toks[i+1:] {
		if t.kind == kindPunct || t.kind == kindQuery {
			return true
		}
		if t.kind != kindWord || !endParticles[t.fold] {
			return t.kind == kindEmoji
		}
	}
	return true
}
