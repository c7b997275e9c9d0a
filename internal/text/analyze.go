package text

import (
	"math"
	"strings"
)

// Analysis is what cxm reads in one text.
type Analysis struct {
	Language  string            `json:"language"`
	Sentiment Sentiment         `json:"sentiment"`
	Score     float64           `json:"score"` // P(positive) − P(negative), in [−1, 1]; 0 for other languages
	Mixed     bool              `json:"mixed"` // both praise and complaint
	Aspects   []AspectSentiment `json:"aspects"`
	Redacted  string            `json:"redacted"`
}

// Analyzer reads texts with one model and one aspect taxonomy. It is safe
// for concurrent use.
type Analyzer struct {
	model   *Model
	lex     *lexicon
	aspects *aspectSet
	english map[string]bool
	version string
}

// New loads the shipped model with the default aspects.
func New() (*Analyzer, error) {
	m, err := Shipped()
	if err != nil {
		return nil, err
	}
	return NewWithModel(m, nil)
}

// NewWithModel makes an analyser from a model (a workspace's own, or one
// being evaluated) and the aspects a workspace adds to the default ones;
// an added aspect with a default key adds its phrases to it.
func NewWithModel(m *Model, extra []Aspect) (*Analyzer, error) {
	lex, err := defaultLexicon()
	if err != nil {
		return nil, err
	}
	set, err := newAspectSet(append(DefaultAspects(), extra...))
	if err != nil {
		return nil, err
	}
	english := map[string]bool{}
	for _, w := range strings.Fields(englishWords) {
		english[FoldVietnamese(w)] = true
	}
	return &Analyzer{model: m, lex: lex, aspects: set, english: english, version: m.Version + aspectsVersion(extra)}, nil
}

// ModelVersion names the model, and the aspects a workspace added when it
// has any ("lr1-…+a…"), to store beside each analysis.
func (a *Analyzer) ModelVersion() string {
	return a.version
}

// opinion is the classifier's reading of some tokens.
type opinion struct {
	sentiment Sentiment
	score     float64
}

func (a *Analyzer) classify(toks []token) opinion {
	feats := a.lex.features(toks)
	p := a.model.scores(feats)
	best := 0
	for c := range p {
		if p[c] > p[best] {
			best = c
		}
	}
	o := opinion{classes[best], p[2] - p[0]}
	if feats.asks && !feats.opinion {
		o = opinion{Neutral, o.score * neutralShrink}
	}
	return o
}

// neutralShrink scales the score of a question or request that voices no
// opinion (no word of the polarity lexicon, no emoji, no "!"): "quán mở
// cửa đến mấy giờ?", "cho mình 2 ly". It stays a hint of the tone, well
// inside neutral.
const neutralShrink = 0.25

// Analyze reads one text. The sentiment is the classifier's on the whole
// text, or, when a contrast word opposes two sides ("ngon nhưng chờ
// lâu"), the side the customer stresses, with the mixed flag. Aspects take
// the text's sentiment, or in a mixed text the sentiment of their own side
// or clause.
func (a *Analyzer) Analyze(s string) Analysis {
	personal := FindPersonal(s)
	res := Analysis{Redacted: replacePersonal(s, personal, true), Aspects: []AspectSentiment{}}
	s = replacePersonal(s, personal, false) // numbers and addresses say nothing of the experience
	toks := tokenize(s)
	if res.Language = a.language(toks, s); res.Language == LangOther && (hasWord(toks) || !hasEmoji(toks)) {
		res.Sentiment = Neutral // the models read Vietnamese and English (and emoji) only
		return res
	}
	overall := a.classify(toks)
	var sides [][]token
	var readings []opinion
	if main, other, ok := contrastSides(toks); ok {
		m, o := a.classify(main), a.classify(other)
		if m.sentiment != Neutral && o.sentiment != Neutral && m.sentiment != o.sentiment {
			res.Mixed, overall = true, m
			sides, readings = [][]token{other, main}, []opinion{o, m}
		}
	}
	if !res.Mixed {
		sides = splitClauses(toks)
		readings = make([]opinion, len(sides))
		for i, c := range sides {
			readings[i] = a.classify(c)
		}
		res.Mixed = opposed(readings)
	}
	res.Sentiment, res.Score = overall.sentiment, rounded(overall.score, overall.sentiment)
	for i, c := range sides {
		s := overall.sentiment
		if res.Mixed && readings[i].sentiment != Neutral {
			s = readings[i].sentiment
		}
		for _, asp := range a.aspects.find(foldedWords(c)) {
			res.Aspects = addAspect(res.Aspects, asp, s)
		}
	}
	return res
}

// opposed reports clauses that clearly praise and clearly complain.
func opposed(readings []opinion) bool {
	pos, neg := false, false
	for _, r := range readings {
		pos = pos || r.sentiment == Positive && r.score > 0.4
		neg = neg || r.sentiment == Negative && r.score < -0.4
	}
	return pos && neg
}

// addAspect adds an aspect once; when clauses disagree on it, the
// non-neutral one wins and then the later one (the one stressed).
func addAspect(list []AspectSentiment, aspect string, s Sentiment) []AspectSentiment {
	for i := range list {
		if list[i].Aspect == aspect {
			if s != Neutral {
				list[i].Sentiment = s
			}
			return list
		}
	}
	return append(list, AspectSentiment{aspect, s})
}

// rounded gives the score to three decimals, never rounded to 0 or past
// it when the sentiment has a side.
func rounded(x float64, s Sentiment) float64 {
	r := max(-1, min(1, math.Round(x*1000)/1000))
	switch {
	case s == Positive && r <= 0:
		return 0.001
	case s == Negative && r >= 0:
		return -0.001
	}
	return r
}

// splitClauses cuts a text at punctuation and before contrast words.
func splitClauses(toks []token) [][]token {
	var out [][]token
	start := 0
	cut := func(end int) {
		for start < end && toks[start].kind == kindPunct {
			start++
		}
		if end > start {
			out = append(out, toks[start:end])
		}
	}
	for i, t := range toks {
		switch {
		case t.kind == kindPunct || t.kind == kindQuery:
			cut(i + boolInt(t.kind == kindQuery))
			start = i + 1
		case t.kind == kindWord && contrasts[t.fold] && i > start:
			cut(i)
			start = i
		}
	}
	cut(len(toks))
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// contrastSides splits a text at its last contrast word into the side the
// customer stresses and the other: after "nhưng", "but", "however"; for
// "tuy", "although", "though" the clause after the one they open.
func contrastSides(toks []token) (main, other []token, ok bool) {
	at := -1
	for i, t := range toks {
		if t.kind == kindWord && contrasts[t.fold] {
			at = i
		}
	}
	if at < 0 {
		return nil, nil, false
	}
	switch toks[at].fold {
	case "tuy", "although", "though":
		for j := at + 1; j < len(toks); j++ {
			if toks[j].kind == kindPunct {
				return toks[j+1:], toks[:j], hasWord(toks[j+1:]) && hasWord(toks[:j])
			}
		}
		return toks[at+1:], toks[:at], hasWord(toks[:at]) && hasWord(toks[at+1:])
	}
	return toks[at+1:], toks[:at], hasWord(toks[:at]) && hasWord(toks[at+1:])
}

func hasEmoji(toks []token) bool {
	for _, t := range toks {
		if t.kind == kindEmoji {
			return true
		}
	}
	return false
}

func hasWord(toks []token) bool {
	for _, t := range toks {
		if t.kind == kindWord {
			return true
		}
	}
	return false
}

// foldedWords gives the folded words and numbers of a clause.
func foldedWords(toks []token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.kind == kindWord || t.kind == kindNum {
			out = append(out, t.fold)
		}
	}
	return out
}
