package cx_test

import (
	"strings"
	"sync"
	"testing"

	"cxm/internal/cx"
)

func TestIDsIncrease(t *testing.T) {
	var g cx.IDs
	const n = 10000
	seen := make(map[string]bool, n)
	prev := ""
	for i := range n {
		id := g.New("tp")
		if len(id) != len("tp_")+26 || !strings.HasPrefix(id, "tp_") {
			t.Fatalf("got %q, want tp_ and 26 characters", id)
		}
		for _, c := range id[3:] {
			if !strings.ContainsRune("0123456789abcdefghjkmnpqrstvwxyz", c) {
				t.Fatalf("got %q, with %q outside Crockford base32", id, c)
			}
		}
		if seen[id] {
			t.Fatalf("got %q twice, at call %d", id, i)
		}
		seen[id] = true
		if id <= prev {
			t.Fatalf("got %q after %q at call %d, want strictly increasing", id, prev, i)
		}
		prev = id
	}
}

func TestIDsConcurrent(t *testing.T) {
	var g cx.IDs
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev := ""
			for range 1000 {
				id := g.New("x")
				if id <= prev {
					t.Errorf("got %q after %q in one goroutine, want increasing", id, prev)
					return
				}
				prev = id
				mu.Lock()
				if seen[id] {
					t.Errorf("got %q twice", id)
				}
				seen[id] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 4000 {
		t.Errorf("got %d distinct ids, want 4000", len(seen))
	}
}

func TestRandomToken(t *testing.T) {
	for _, tc := range []struct{ bytes, chars int }{{1, 2}, {5, 8}, {16, 26}, {32, 52}} {
		a, b := cx.RandomToken(tc.bytes), cx.RandomToken(tc.bytes)
		if len(a) != tc.chars {
			t.Errorf("got %d characters for %d bytes, want %d", len(a), tc.bytes, tc.chars)
		}
		if tc.bytes >= 16 && a == b {
			t.Errorf("got the same %d-byte token twice: %q", tc.bytes, a)
		}
	}
}
