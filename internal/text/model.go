package text

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Sentiment is what a text says about the experience.
type Sentiment string

// The three sentiments, in the order of the model's classes.
const (
	Negative Sentiment = "negative"
	Neutral  Sentiment = "neutral"
	Positive Sentiment = "positive"
)

// classes orders the sentiments as the model's weights do.
var classes = [3]Sentiment{Negative, Neutral, Positive}

func classOf(s Sentiment) int {
	for i, c := range classes {
		if c == s {
			return i
		}
	}
	return -1
}

// Model is a multinomial logistic regression over the features of
// features(): one weight per feature and class. Weights are stored as
// 16-bit integers with one scale, which keeps the file small and the
// training's output byte for byte the same from the same data.
type Model struct {
	Version string
	weights map[uint64][3]float32
}

// scores gives the class probabilities of a text's features.
func (m *Model) scores(feats featureSet) [3]float64 {
	var z [3]float64
	for _, f := range feats.ids {
		if w, ok := m.weights[f]; ok {
			z[0] += float64(w[0])
			z[1] += float64(w[1])
			z[2] += float64(w[2])
		}
	}
	return softmax(z)
}

func softmax(z [3]float64) [3]float64 {
	top := max(z[0], z[1], z[2])
	var p [3]float64
	sum := 0.0
	for i := range z {
		p[i] = math.Exp(z[i] - top)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

const modelMagic = "cxm-sentiment-2\n"

// WriteTo writes the model in its binary form: the magic line, the
// version, the scale, then each feature's hash in increasing order with
// its three weights.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	names := make([]uint64, 0, len(m.weights))
	top := float32(0)
	for f, ws := range m.weights {
		names = append(names, f)
		for _, x := range ws {
			top = max(top, float32(math.Abs(float64(x))))
		}
	}
	slices.Sort(names)
	scale := top / math.MaxInt16
	if scale == 0 {
		scale = 1
	}
	var b bytes.Buffer
	b.WriteString(modelMagic)
	putString(&b, m.Version)
	binary.Write(&b, binary.LittleEndian, math.Float32bits(scale))
	putUvarint(&b, uint64(len(names)))
	for _, f := range names {
		binary.Write(&b, binary.LittleEndian, f)
		for _, x := range m.weights[f] {
			binary.Write(&b, binary.LittleEndian, int16(math.Round(float64(x/scale))))
		}
	}
	n, err := w.Write(b.Bytes())
	return int64(n), err
}

// ReadModel reads what WriteTo wrote.
func ReadModel(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return nil, errors.New("text: not a sentiment model")
	}
	version, err := getString(br)
	if err != nil {
		return nil, err
	}
	var bits uint32
	if err := binary.Read(br, binary.LittleEndian, &bits); err != nil {
		return nil, err
	}
	scale := math.Float32frombits(bits)
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1<<24 {
		return nil, fmt.Errorf("text: bad feature count: %v", err)
	}
	m := &Model{Version: version, weights: make(map[uint64][3]float32, n)}
	for range n {
		var f uint64
		if err := binary.Read(br, binary.LittleEndian, &f); err != nil {
			return nil, err
		}
		var q [3]int16
		if err := binary.Read(br, binary.LittleEndian, &q); err != nil {
			return nil, err
		}
		m.weights[f] = [3]float32{float32(q[0]) * scale, float32(q[1]) * scale, float32(q[2]) * scale}
	}
	return m, nil
}

func putUvarint(b *bytes.Buffer, x uint64) {
	b.Write(binary.AppendUvarint(nil, x))
}

func putString(b *bytes.Buffer, s string) {
	putUvarint(b, uint64(len(s)))
	b.WriteString(s)
}

func getString(r *bufio.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<16 {
		return "", fmt.Errorf("text: bad string in model: %v", err)
	}
	buf := make([]byte, n)
	_, err = io.ReadFull(r, buf)
	return string(buf), err
}
