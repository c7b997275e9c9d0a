package text

import (
	"bytes"
	"math/rand/v2"
)

// BankCrossValidation measures polarity accuracy (positive against
// negative) on the UTS2017_Bank lines with one label by k-fold cross-
// validation: the lines are shuffled with the seed and dealt into k
// folds; each fold is predicted by a model trained on the other folds
// (neutral lines included) and the cross-domain set's training lines,
// with the shipped options. A prediction is positive when the model gives
// positive more probability than negative.
func BankCrossValidation(k int, seed uint64) (correct, total int, err error) {
	bank, labelled, err := embeddedSets()
	if err != nil {
		return 0, 0, err
	}
	var single []BankExample
	for _, b := range bank {
		if len(b.Polarities) == 1 {
			single = append(single, b)
		}
	}
	order := rand.New(rand.NewPCG(seed, seed+1)).Perm(len(single))
	lex, err := defaultLexicon()
	if err != nil {
		return 0, 0, err
	}
	for fold := range k {
		var train, test []BankExample
		for i, j := range order {
			if i%k == fold {
				test = append(test, single[j])
			} else {
				train = append(train, single[j])
			}
		}
		m := lex.train(TrainingSet(train, labelled), DefaultTrainOptions, "cv")
		for _, b := range test {
			p := b.Polarities[0]
			if p == Neutral {
				continue
			}
			s := m.scores(lex.features(tokenize(b.Text)))
			got := Negative
			if s[2] > s[0] {
				got = Positive
			}
			total++
			if got == p {
				correct++
			}
		}
	}
	return correct, total, nil
}

// HeldOutFigures are the analyser's figures on the held-out third of the
// cross-domain set.
type HeldOutFigures struct {
	Texts            int
	Accuracy         float64
	MacroF1          float64 // over positive, neutral, negative
	ClassF1          map[Sentiment]float64
	AspectF1         float64 // aspects found, micro-averaged over (text, aspect)
	AspectWithPolar  float64 // the same, counting an aspect only with its right sentiment
	MixedFound       int     // texts labelled with opposed aspects that were flagged mixed
	MixedLabelled    int
	ByLanguage       map[string]float64 // accuracy per language
	WithoutMarksSame int                // Vietnamese texts with marks whose folded copy gets the same sentiment
	WithMarks        int
}

// EvaluateHeldOut measures an analyser on the held-out lines of the set.
func EvaluateHeldOut(a *Analyzer, set []Labelled) HeldOutFigures {
	t := newTally()
	for _, l := range set {
		if l.HeldOut {
			t.add(l, a.Analyze(l.Text))
		}
	}
	f := t.figures()
	f.WithoutMarksSame, f.WithMarks = DiacriticInvariance(a, set)
	return f
}

// tally counts what the figures are made of.
type tally struct {
	f                            HeldOutFigures
	tp, fp, fn                   map[Sentiment]int
	atp, afp, afn, ptp, pfp, pfn int
	langN, langOK                map[string]int
	correct                      int
}

func newTally() *tally {
	return &tally{tp: map[Sentiment]int{}, fp: map[Sentiment]int{}, fn: map[Sentiment]int{},
		langN: map[string]int{}, langOK: map[string]int{}}
}

func (t *tally) add(l Labelled, got Analysis) {
	t.f.Texts++
	t.langN[l.Lang]++
	if got.Sentiment == l.Sentiment {
		t.correct++
		t.langOK[l.Lang]++
		t.tp[l.Sentiment]++
	} else {
		t.fp[got.Sentiment]++
		t.fn[l.Sentiment]++
	}
	if opposedLabels(l.Aspects) {
		t.f.MixedLabelled++
		if got.Mixed {
			t.f.MixedFound++
		}
	}
	want := map[string]Sentiment{}
	for _, as := range l.Aspects {
		want[as.Aspect] = as.Sentiment
	}
	seen := map[string]bool{}
	for _, as := range got.Aspects {
		seen[as.Aspect] = true
		w, ok := want[as.Aspect]
		switch {
		case !ok:
			t.afp++
			t.pfp++
		case w == as.Sentiment:
			t.atp++
			t.ptp++
		default:
			t.atp++
			t.pfp++
			t.pfn++
		}
	}
	for asp := range want {
		if !seen[asp] {
			t.afn++
			t.pfn++
		}
	}
}

func (t *tally) figures() HeldOutFigures {
	f := t.f
	f.ClassF1 = map[Sentiment]float64{}
	f.ByLanguage = map[string]float64{}
	sum := 0.0
	for _, c := range classes {
		f.ClassF1[c] = f1(t.tp[c], t.fp[c], t.fn[c])
		sum += f.ClassF1[c]
	}
	f.MacroF1 = sum / 3
	f.Accuracy = ratio(t.correct, f.Texts)
	f.AspectF1 = f1(t.atp, t.afp, t.afn)
	f.AspectWithPolar = f1(t.ptp, t.pfp, t.pfn)
	for lang, n := range t.langN {
		f.ByLanguage[lang] = ratio(t.langOK[lang], n)
	}
	return f
}

// DiacriticInvariance counts, over every Vietnamese text of the set
// typed with marks, how many get the same sentiment once folded.
func DiacriticInvariance(a *Analyzer, set []Labelled) (same, total int) {
	for _, l := range set {
		if l.Lang != LangVi || FoldVietnamese(l.Text) == l.Text {
			continue
		}
		total++
		if a.Analyze(l.Text).Sentiment == a.Analyze(FoldVietnamese(l.Text)).Sentiment {
			same++
		}
	}
	return same, total
}

func opposedLabels(list []AspectSentiment) bool {
	pos, neg := false, false
	for _, a := range list {
		pos = pos || a.Sentiment == Positive
		neg = neg || a.Sentiment == Negative
	}
	return pos && neg
}

func f1(tp, fp, fn int) float64 {
	if tp == 0 {
		return 0
	}
	p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// embeddedSets reads the bank data and the cross-domain set.
func embeddedSets() ([]BankExample, []Labelled, error) {
	bankData, err := Data("uts2017_bank_train.txt")
	if err != nil {
		return nil, nil, err
	}
	bank, err := ReadBank(bytes.NewReader(bankData))
	if err != nil {
		return nil, nil, err
	}
	setData, err := Data("cx_feedback.tsv")
	if err != nil {
		return nil, nil, err
	}
	labelled, err := ReadLabelled(bytes.NewReader(setData))
	return bank, labelled, err
}

// LabelledSet reads the embedded cross-domain set.
func LabelledSet() ([]Labelled, error) {
	_, l, err := embeddedSets()
	return l, err
}

// TuningCrossValidation is what options are chosen on: k-fold cross-
// validation over the training lines of the cross-domain set only (the
// held-out third is dropped before anything else), each fold predicted by
// a model trained on the bank data and the other folds.
func TuningCrossValidation(k int, opts TrainOptions) (HeldOutFigures, error) {
	bank, labelled, err := embeddedSets()
	if err != nil {
		return HeldOutFigures{}, err
	}
	var train []Labelled
	for _, l := range labelled {
		if !l.HeldOut {
			train = append(train, l)
		}
	}
	lex, err := defaultLexicon()
	if err != nil {
		return HeldOutFigures{}, err
	}
	t := newTally()
	for fold := range k {
		set := make([]Labelled, len(train))
		for i, l := range train {
			l.HeldOut = i%k == fold
			set[i] = l
		}
		a, err := NewWithModel(lex.train(TrainingSet(bank, set), opts, "tuning"), nil)
		if err != nil {
			return HeldOutFigures{}, err
		}
		for _, l := range set {
			if l.HeldOut {
				t.add(l, a.Analyze(l.Text))
			}
		}
	}
	return t.figures(), nil
}
