package store_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// searchIDs returns the ids a query finds, sorted.
func searchIDs(t *testing.T, s *store.Store, wsID, q string) []string {
	t.Helper()
	l, err := s.Customers(context.Background(), wsID, store.CustomerFilter{Query: q}, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range l.Items {
		out = append(out, c.ID)
	}
	sort.Strings(out)
	return out
}

func sorted(ids ...string) []string { sort.Strings(ids); return ids }

func TestCustomerSearchByWordPrefix(t *testing.T) {
	s, ws := setup(t)
	lan := seedLan(t, s, ws)
	an := store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: "Nguyễn Văn An", Email: "an.nguyen@example.vn", Phone: "+84987654321"}, nil, nil)
	anh := store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: "Lê Ngọc Ánh", Email: "anh@example.vn"}, nil, nil)
	check := func(t *testing.T) {
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{"ngu", sorted(lan, an)},     // word prefix without diacritics
			{"NGUYỄN", sorted(lan, an)},  // whole word with diacritics
			{"lan", []string{lan}},       // a later word of the name
			{"nguyen la", []string{lan}}, // every word must match
			{"ngoc anh", []string{anh}},  // ọ and Á folded
			{"an", sorted(an, anh)},      // an, and ánh: two letters are a prefix
			{"guy", nil},                 // inside a word, not a prefix
			{"n", nil},                   // one letter is no prefix…
			{"a", nil},                   // …nor a word of anyone
			{"anh@example.vn", []string{anh}},
			{"an.nguyen@", []string{an}},
			{"0987 654 321", []string{an}}, // phone as written
			{"654321", []string{an}},       // trailing digits
			{"@", nil},
		} {
			if got := searchIDs(t, s, ws.ID, tc.q); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("search %q = %v, want %v", tc.q, got, tc.want)
			}
		}
	}
	t.Run("as written", check)
	store.RebuildCustomerTerms(t, s)
	t.Run("after the migration's backfill", check)
}

func TestCustomerSearchFollowsRenames(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	lan := seedLan(t, s, ws)
	if _, err := s.UpdateCustomerTraits(ctx, ws.ID, lan, map[string]any{
		cx.TraitFullName: "Phạm Minh Châu", cx.TraitEmail: "chau@example.vn", cx.TraitPhone: "0903 111 222",
	}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"chau", "Châu", "pham minh", "chau@example.vn", "0903111222"} {
		if got := searchIDs(t, s, ws.ID, q); fmt.Sprint(got) != fmt.Sprint([]string{lan}) {
			t.Errorf("new %q = %v, want %v", q, got, []string{lan})
		}
	}
	for _, q := range []string{"nguyen", "lan", "lan@example.vn", "0912 345 678"} {
		if got := searchIDs(t, s, ws.ID, q); got != nil {
			t.Errorf("old %q = %v, want nothing", q, got)
		}
	}
}
