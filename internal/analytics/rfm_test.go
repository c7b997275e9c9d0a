package analytics

import (
	"testing"

	"cxm/internal/store"
)

// Scores by quintile with equal values sharing a score, worked out by hand:
// score = 1 + ⌊5 × (customers with a worse value) ÷ n⌋.
func TestRFMScoresShareTies(t *testing.T) {
	// Ten customers' orders: 1 ×4, 2 ×3, 3, 5, 9. Worse than 1: 0 → 1;
	// than 2: 4 → 3; than 3: 7 → 4; than 5: 8 → 5; than 9: 9 → 5.
	f := []store.ValueCount{{Value: 1, Count: 4}, {Value: 2, Count: 3}, {Value: 3, Count: 1}, {Value: 5, Count: 1}, {Value: 9, Count: 1}}
	cuts := cutsOf(f, 10, true)
	for v, want := range map[int64]int{1: 1, 2: 3, 3: 4, 5: 5, 9: 5, 4: 4, 100: 5} {
		if got := scoreOf(v, cuts, true); got != want {
			t.Errorf("F %d: got %d, want %d (cuts %v)", v, got, want, cuts)
		}
	}
	// Recency in days, fewer is better: 3 at 200 days, 2 at 30, 5 at 0.
	// Worse than 200: 0 → 1; than 30: 3 → 2; than 0: 5 → 3.
	r := []store.ValueCount{{Value: 0, Count: 5}, {Value: 30, Count: 2}, {Value: 200, Count: 3}}
	rc := cutsOf(r, 10, false)
	for v, want := range map[int64]int{200: 1, 30: 2, 0: 3} {
		if got := scoreOf(v, rc, false); got != want {
			t.Errorf("R %d days: got %d, want %d (cuts %v)", v, got, want, rc)
		}
	}
	// Everybody alike: everybody scores 1.
	if got := scoreOf(7, cutsOf([]store.ValueCount{{Value: 7, Count: 12}}, 12, true), true); got != 1 {
		t.Errorf("all equal: got %d, want 1", got)
	}
}

func TestSegmentGrid(t *testing.T) {
	cases := []struct {
		r, f, m int
		want    string
	}{
		{5, 5, 5, "Champions"}, {5, 1, 1, "New customers"}, {4, 3, 3, "Loyal"}, {4, 1, 2, "Potential loyalist"},
		{4, 1, 1, "Promising"}, {3, 2, 2, "Need attention"}, {3, 1, 1, "About to sleep"}, {2, 3, 4, "At risk"},
		{1, 5, 5, "Can't lose them"}, {2, 1, 1, "Hibernating"}, {1, 1, 1, "Lost"},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if got := SegmentOf(c.r, c.f, c.m); got != c.want {
			t.Errorf("R%d F%d M%d: got %s, want %s", c.r, c.f, c.m, got, c.want)
		}
		seen[c.want] = true
	}
	if len(seen) != len(segmentNames) {
		t.Errorf("got %d segments named, want all %d", len(seen), len(segmentNames))
	}
}
