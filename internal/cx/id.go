package cx

import (
	"crypto/rand"
	"strings"
)

const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// RandomToken returns n random bytes in URL-safe base32, for secrets such as
// session tokens and API keys.
func RandomToken(n int) string {
	buf := make([]byte, n)
	if _, err := rand.Read(buf); err != nil {
		panic("cx: no randomness: " + err.Error())
	}
	var b strings.Builder
	var acc uint32
	bits := 0
	for _, c := range buf {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			b.WriteByte(crockford[(acc>>uint(bits))&31])
		}
	}
	if bits > 0 {
		b.WriteByte(crockford[(acc<<uint(5-bits))&31])
	}
	return b.String()
}
