package store

import (
	"strings"
	"sync"
	"testing"
)

func TestIDsIncrease(t *testing.T) {
	var g idGen
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
	var g idGen
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
