package text

import (
	"bytes"
	"embed"
	"fmt"
	"hash/crc32"
	"sync"
)

// The data the models are trained from and the model the binary ships;
// data/NOTICE.md names their sources and licences.
var (
	//go:embed data/uts2017_bank_train.txt data/pyvi_words.txt data/cx_feedback.tsv
	dataFS embed.FS
	//go:embed model/sentiment.bin
	shippedModel []byte
)

// Data reads one of the embedded training files: "uts2017_bank_train.txt",
// "pyvi_words.txt" or "cx_feedback.tsv".
func Data(name string) ([]byte, error) {
	return dataFS.ReadFile("data/" + name)
}

// ShippedModel is the model file the binary carries.
func ShippedModel() []byte {
	return shippedModel
}

// defaultLexicon builds the dictionary and lexicon once: every analyser
// and training run shares them, read-only.
var defaultLexicon = sync.OnceValues(func() (*lexicon, error) {
	words, err := Data("pyvi_words.txt")
	if err != nil {
		return nil, err
	}
	d, err := readDictionary(bytes.NewReader(words))
	if err != nil {
		return nil, err
	}
	return newLexicon(d), nil
})

// TrainShipped trains the shipped model from the embedded data with the
// default options: what `cxm text train` writes and the binary carries.
func TrainShipped() (*Model, error) {
	bank, set, err := embeddedSets()
	if err != nil {
		return nil, err
	}
	m, err := Train(TrainingSet(bank, set), DefaultTrainOptions, "")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return nil, err
	}
	m.Version = fmt.Sprintf("lr1-%08x", crc32.ChecksumIEEE(b.Bytes())) // names the weights themselves
	return m, nil
}
