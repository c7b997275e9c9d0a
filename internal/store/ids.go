package store

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"sync"
	"time"
)

// idGen makes the identifiers the store assigns to the rows it creates: a
// short prefix naming the kind of object, then 26 characters that sort by
// creation time (a ULID in lower-case Crockford base32). IDs made by one
// idGen are strictly increasing, so lists ordered by id keep the order in
// which things were created.
type idGen struct {
	mu     sync.Mutex
	lastMS uint64
	last   [10]byte
}

// crockford is the lower-case Crockford base32 alphabet: no i, l, o or u.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// New returns a new id such as "tp_01jd3…".
func (g *idGen) New(prefix string) string {
	g.mu.Lock()
	ms := uint64(time.Now().UnixMilli())
	if ms <= g.lastMS {
		ms = g.lastMS
		increment(&g.last)
	} else {
		if _, err := rand.Read(g.last[:]); err != nil {
			panic("store: no randomness: " + err.Error())
		}
		g.lastMS = ms
	}
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[0:8], ms<<16)
	copy(raw[6:], g.last[:])
	g.mu.Unlock()

	var b strings.Builder
	b.Grow(len(prefix) + 27)
	b.WriteString(prefix)
	b.WriteByte('_')
	// 128 bits as 26 base32 digits: the first digit holds 3 bits.
	hi := binary.BigEndian.Uint64(raw[0:8])
	lo := binary.BigEndian.Uint64(raw[8:16])
	for i := 25; i >= 0; i-- {
		shift := uint(i * 5)
		var v uint64
		switch {
		case shift >= 64:
			v = hi >> (shift - 64)
		case shift > 59:
			v = lo>>shift | hi<<(64-shift)
		default:
			v = lo >> shift
		}
		b.WriteByte(crockford[v&31])
	}
	return b.String()
}

// increment adds one to the random part, for a second id in the same
// millisecond.
func increment(b *[10]byte) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i]++
		if b[i] != 0 {
			return
		}
	}
}
