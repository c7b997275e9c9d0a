package store_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
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

// wordPrefixCustomers are the profiles TestCustomerSearchByWordPrefix
// searches: Lan, An and Ánh.
var wordPrefixCustomers = []cx.Customer{
	{FullName: "Nguyễn Thị Lan", Email: "lan@example.vn", Phone: "+84912345678"},
	{FullName: "Nguyễn Văn An", Email: "an.nguyen@example.vn", Phone: "+84987654321"},
	{FullName: "Lê Ngọc Ánh", Email: "anh@example.vn"},
}

func TestCustomerSearchByWordPrefix(t *testing.T) {
	check := func(t *testing.T, s *store.Store, wsID string, ids []string) {
		lan, an, anh := ids[0], ids[1], ids[2]
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
			{"an.nguyen@ van", []string{an}}, // an e-mail and a name word
			{"lan@ van", nil},
			{"example", nil},               // a name word is not an e-mail
			{"0987 654 321", []string{an}}, // phone as written
			{"654321", []string{an}},       // trailing digits
			{"@", nil},
		} {
			if got := searchIDs(t, s, wsID, tc.q); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("search %q = %v, want %v", tc.q, got, tc.want)
			}
		}
	}
	t.Run("as written", func(t *testing.T) {
		s, ws := setup(t)
		var ids []string
		for _, c := range wordPrefixCustomers {
			ids = append(ids, store.SeedCustomer(t, s, ws.ID, c, nil, nil))
		}
		check(t, s, ws.ID, ids)
	})
	t.Run("upgraded from 0008", func(t *testing.T) {
		s := openEmpty(t)
		store.MigrateTo(t, s, 8)
		ws := storetest.Workspace(t, s, "Cà phê Sáng")
		ids := store.SeedBeforeSearchIndex(t, s, ws.ID, wordPrefixCustomers)
		if _, err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		check(t, s, ws.ID, ids)
	})
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
