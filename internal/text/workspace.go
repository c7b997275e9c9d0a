package text

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"cxm/internal/cx"
)

// Shipped is the model the binary carries, read once and shared: models
// are read-only once built.
var Shipped = sync.OnceValues(func() (*Model, error) {
	return ReadModel(bytes.NewReader(shippedModel))
})

// shippedTrainingSet is what the shipped model learnt, read once for the
// workspaces' models to learn it again beside their corrections.
var shippedTrainingSet = sync.OnceValues(func() ([]Example, error) {
	bank, set, err := embeddedSets()
	if err != nil {
		return nil, err
	}
	return TrainingSet(bank, set), nil
})

// MaxCorrections bounds how many of a workspace's corrections (the most
// recent) its model learns, so that a retraining stays within about a
// second and a few megabytes.
const MaxCorrections = 2000

// correctionWeight is how much more a workspace's correction counts than
// a bank comment: more than the cross-domain set, since it is the
// workspace's own word on its own customers.
const correctionWeight = 6

// TrainWorkspace trains a workspace's model: the shipped training data and
// the texts a workspace's members corrected (at most MaxCorrections), with
// the shipped options, so that the same corrections give the same model.
// Its version ("lr1w-" and a checksum of its weights) names it.
func TrainWorkspace(corrections []Example) (*Model, error) {
	if len(corrections) > MaxCorrections {
		return nil, fmt.Errorf("text: %d corrections, at most %d", len(corrections), MaxCorrections)
	}
	base, err := shippedTrainingSet()
	if err != nil {
		return nil, err
	}
	examples := slices.Clip(base)
	for _, c := range corrections {
		c.Weight = correctionWeight
		examples = append(examples, c)
		if f := FoldVietnamese(c.Text); f != c.Text {
			c.Text = f
			examples = append(examples, c)
		}
	}
	m, err := Train(examples, DefaultTrainOptions, "")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return nil, err
	}
	m.Version = fmt.Sprintf("lr1w-%08x", crc32.ChecksumIEEE(b.Bytes()))
	return m, nil
}

// IsDefaultAspect reports whether key is one of the default taxonomy's.
func IsDefaultAspect(key string) bool {
	_, ok := defaultPhrases[key]
	return ok && key != notAspect
}

// CheckAspect checks one of a workspace's aspects at the door, naming the
// field at fault: its key (lower-case letters, digits and _, starting with
// a letter, at most 40 bytes) and its phrases (1 to 200, each text of at
// most 100 bytes that has a word in it).
func CheckAspect(a Aspect) error {
	if !aspectKey.MatchString(a.Key) {
		return cx.FieldErrorf("key", "an aspect key is lower-case letters, digits and _, starting with a letter, at most 40")
	}
	if len(a.Phrases) == 0 || len(a.Phrases) > maxAspectPhrases {
		return cx.FieldErrorf("phrases", "give 1 to %d phrases", maxAspectPhrases)
	}
	for _, p := range a.Phrases {
		if !utf8.ValidString(p) || strings.ContainsRune(p, 0) || len(p) > maxPhraseBytes || !hasPhraseWord(p) {
			return cx.FieldErrorf("phrases", "an aspect phrase must be text of 1 to %d bytes", maxPhraseBytes)
		}
	}
	return nil
}

// MaxWorkspaceAspects is how many aspects a workspace may add.
const MaxWorkspaceAspects = maxAspects

func hasPhraseWord(p string) bool {
	for _, t := range tokenize(p) {
		if t.kind == kindWord || t.kind == kindNum {
			return true
		}
	}
	return false
}

// aspectsVersion names a set of added aspects, so that an analysis says
// which phrases found its aspects: "" without any.
func aspectsVersion(extra []Aspect) string {
	if len(extra) == 0 {
		return ""
	}
	h := crc32.NewIEEE()
	for _, a := range extra {
		fmt.Fprintf(h, "%s\x00%s\x01", a.Key, strings.Join(a.Phrases, "\x00"))
	}
	return fmt.Sprintf("+a%08x", h.Sum32())
}

// Model is the model the analyser reads with.
func (a *Analyzer) Model() *Model { return a.model }
