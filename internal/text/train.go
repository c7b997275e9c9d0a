package text

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
)

// Example is one text with its sentiment, for training.
type Example struct {
	Text   string
	Label  Sentiment
	Weight float64 // how much the example counts; 0 counts as 1
}

// TrainOptions fix what a training run does, so that the same data and
// options give the same model bytes.
type TrainOptions struct {
	Seed   uint64
	Epochs int
	Rate   float64 // the first learning rate; it falls as 1/(1+epoch)
	L2     float64
}

// DefaultTrainOptions are the options the shipped model is trained with.
var DefaultTrainOptions = TrainOptions{Seed: 12, Epochs: 15, Rate: 0.1, L2: 1e-6}

// Train fits the model by stochastic gradient descent on the log-loss,
// visiting the examples in an order drawn from the seed.
func Train(examples []Example, opts TrainOptions, version string) (*Model, error) {
	lex, err := defaultLexicon()
	if err != nil {
		return nil, err
	}
	return lex.train(examples, opts, version), nil
}

func (l *lexicon) train(examples []Example, opts TrainOptions, version string) *Model {
	index := map[uint64]int{}
	var names []uint64
	data := make([][]int, len(examples))
	for i, ex := range examples {
		for _, f := range l.features(tokenize(ex.Text)).ids {
			k, ok := index[f]
			if !ok {
				k = len(names)
				index[f] = k
				names = append(names, f)
			}
			data[i] = append(data[i], k)
		}
	}
	w := make([][3]float64, len(names))
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	for epoch := range opts.Epochs {
		rate := opts.Rate / (1 + float64(epoch))
		for _, i := range rng.Perm(len(examples)) {
			ex := examples[i]
			var z [3]float64
			for _, k := range data[i] {
				for c := range 3 {
					z[c] += w[k][c]
				}
			}
			p := softmax(z)
			y := classOf(ex.Label)
			weight := ex.Weight
			if weight == 0 {
				weight = 1
			}
			for c := range 3 {
				g := p[c]
				if c == y {
					g--
				}
				g *= rate * weight
				for _, k := range data[i] {
					w[k][c] -= g + rate*opts.L2*w[k][c]
				}
			}
		}
	}
	m := &Model{Version: version, weights: make(map[uint64][3]float32, len(names))}
	for k, f := range names {
		if math.Abs(w[k][0])+math.Abs(w[k][1])+math.Abs(w[k][2]) < 1e-3 {
			continue
		}
		m.weights[f] = [3]float32{float32(w[k][0]), float32(w[k][1]), float32(w[k][2])}
	}
	return m
}

// BankExample is one line of UTS2017_Bank: its text and the polarities of
// its labels.
type BankExample struct {
	Text       string
	Polarities []Sentiment
}

// ReadBank reads UTS2017_Bank's format: labels "__label__ASPECT#polarity"
// before the text.
func ReadBank(r io.Reader) ([]BankExample, error) {
	var out []BankExample
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var ex BankExample
		rest := strings.TrimSpace(sc.Text())
		for strings.HasPrefix(rest, "__label__") {
			label, after, _ := strings.Cut(rest, " ")
			_, pol, _ := strings.Cut(label, "#")
			ex.Polarities = append(ex.Polarities, Sentiment(pol))
			rest = strings.TrimSpace(after)
		}
		if rest == "" || len(ex.Polarities) == 0 {
			continue
		}
		ex.Text = rest
		out = append(out, ex)
	}
	return out, sc.Err()
}

// Polarity is the line's one polarity, or "" when its labels disagree.
func (b BankExample) Polarity() Sentiment {
	for _, p := range b.Polarities[1:] {
		if p != b.Polarities[0] {
			return ""
		}
	}
	return b.Polarities[0]
}

// Labelled is one text of the hand-labelled cross-domain set.
type Labelled struct {
	Line      int // 1 for the first data line
	Lang      string
	Sentiment Sentiment
	Aspects   []AspectSentiment
	Text      string
	HeldOut   bool // every third line: for evaluation only
}

// ReadLabelled reads the cross-domain set: lang, sentiment (pos, neu,
// neg), aspects (aspect:+|-|0, comma-separated, or -) and text, tab-
// separated; lines starting with # are comments.
func ReadLabelled(r io.Reader) ([]Labelled, error) {
	short := map[string]Sentiment{"pos": Positive, "neu": Neutral, "neg": Negative,
		"+": Positive, "0": Neutral, "-": Negative}
	var out []Labelled
	sc := bufio.NewScanner(r)
	for n := 0; sc.Scan(); {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		cols := strings.Split(line, "\t")
		if len(cols) != 4 || short[cols[1]] == "" {
			return nil, fmt.Errorf("labelled line %d: want lang, sentiment, aspects and text", n)
		}
		l := Labelled{Line: n, Lang: cols[0], Sentiment: short[cols[1]], Text: cols[3], HeldOut: n%3 == 0}
		if cols[2] != "-" {
			for _, a := range strings.Split(cols[2], ",") {
				name, s, _ := strings.Cut(a, ":")
				if short[s] == "" {
					return nil, fmt.Errorf("labelled line %d: bad aspect %q", n, a)
				}
				l.Aspects = append(l.Aspects, AspectSentiment{Aspect: name, Sentiment: short[s]})
			}
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// TrainingSet is what the shipped model learns from: every bank line
// whose labels agree on one polarity and the cross-domain set's training
// lines, which weigh more because they are the domains cxm serves. Each
// text typed with marks is learnt a second time without them, so that
// the folded words carry the same weight as the marked ones.
func TrainingSet(bank []BankExample, labelled []Labelled) []Example {
	var out []Example
	add := func(ex Example) {
		out = append(out, ex)
		if f := FoldVietnamese(ex.Text); f != ex.Text {
			ex.Text = f
			out = append(out, ex)
		}
	}
	for _, b := range bank {
		if p := b.Polarity(); p != "" {
			add(Example{Text: b.Text, Label: p})
		}
	}
	for _, l := range labelled {
		if !l.HeldOut {
			add(Example{Text: l.Text, Label: l.Sentiment, Weight: crossDomainWeight})
		}
	}
	return out
}

// crossDomainWeight is how much more a cross-domain example counts than a
// bank comment.
const crossDomainWeight = 3
