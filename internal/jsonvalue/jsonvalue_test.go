package jsonvalue

import "testing"

func TestCheck(t *testing.T) {
	for _, c := range []struct{ raw, at, reason string }{
		{`{"name":"Lan","age":30,"tags":["a","b"]}`, "", ""},
		{`{"text":"ngon\u0000"}`, "text", HasNUL},
		{`{"traits":{"city":"H\u0000N"}}`, "traits.city", HasNUL},
		{`{"items":[{"x":1},{"x":"a\u0000"}]}`, "items[1].x", HasNUL},
		{`{"a\u0000":1}`, `a\u0000`, "has a name with a NUL character"},
		{`{"n":1e400}`, "n", TooBig},
		{`{"deep":{"n":[1,-2e999]}}`, "deep.n[1]", TooBig},
		{"{\"text\":\"caf\xe9\"}", "text", NotUTF8},
		{"{\"k\xff\":1}", "k\ufffd", NotUTF8}, // the path itself must be text
		{`not json \u0000`, "", ""},
	} {
		at, reason := Check([]byte(c.raw))
		if at != c.at || reason != c.reason {
			t.Errorf("Check(%q) = %q, %q; want %q, %q", c.raw, at, reason, c.at, c.reason)
		}
	}
}
