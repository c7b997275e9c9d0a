package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// searchIDs returns the ids a query finds, sorted.
func searchIDs(t *testing.T, s *store.Store, wsID, q string) []string {
	t.Helper()
	out := searchOrder(t, s, wsID, q)
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
		wsID := store.BareWorkspace(t, s, "Cà phê Sáng")
		ids := store.SeedBeforeSearchIndex(t, s, wsID, wordPrefixCustomers)
		if _, err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		check(t, s, wsID, ids)
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

// searchWord is a word of a generated name, as written and folded.
type searchWord struct{ written, folded string }

// TestCustomerSearchOrderAndPaging pages through searches over enough
// customers to take every path of the search (a common word walked by last
// seen, a rare one read whole, a prefix of many words) and compares each
// page with the customers worked out here, in search order: last seen
// first, never seen last, then by id, both descending.
func TestCustomerSearchOrderAndPaging(t *testing.T) {
	s, ws := setup(t)
	r := rand.New(rand.NewPCG(7, 9))
	pick := func(list []searchWord, weights ...int) searchWord {
		n := r.IntN(100)
		for i, w := range weights {
			if n < w {
				return list[i]
			}
			n -= w
		}
		return list[len(list)-1]
	}
	surnames := []searchWord{{"Nguyễn", "nguyen"}, {"Trần", "tran"}, {"Lê", "le"}, {"Khúc", "khuc"}}
	middles := []searchWord{{"Thị", "thi"}, {"Văn", "van"}}
	givens := []searchWord{{"Trang", "trang"}, {"Lan", "lan"}, {"Ánh", "anh"}, {"Anh", "anh"}}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const n = 4500
	cs := make([]cx.Customer, n)
	words := make([][]string, n)
	for i := range cs {
		sur, mid, giv := pick(surnames, 60, 25, 14), pick(middles, 50), pick(givens, 30, 30, 20)
		tag := fmt.Sprintf("Kk%d", i%100) // 100 words starting with kk
		cs[i] = cx.Customer{FullName: strings.Join([]string{sur.written, mid.written, giv.written, tag}, " "),
			Email: fmt.Sprintf("c%d@example.vn", i), Phone: fmt.Sprintf("+8490%07d", i)}
		if r.IntN(20) > 0 { // one in twenty never seen
			seen := start.Add(time.Duration(r.IntN(40)) * time.Hour) // many share a last seen
			cs[i].Summary.LastSeen = &seen
		}
		words[i] = []string{sur.folded, mid.folded, giv.folded, strings.ToLower(tag)}
	}
	ids := store.SeedSearchCustomers(t, s, ws.ID, cs)
	key := func(i int) string {
		var seen int64
		if cs[i].Summary.LastSeen != nil {
			seen = cs[i].Summary.LastSeen.UnixMilli()
		}
		return fmt.Sprintf("%020d %s", seen, ids[i])
	}
	// want returns the ids of the customers with every word, in search order.
	want := func(query []string, seenAfter time.Time) []string {
		var match []int
		for i := range cs {
			if !seenAfter.IsZero() && (cs[i].Summary.LastSeen == nil || cs[i].Summary.LastSeen.Before(seenAfter)) {
				continue
			}
			all := true
			for _, q := range query {
				all = all && slices.ContainsFunc(words[i], func(w string) bool {
					return w == q || len(q) >= 2 && strings.HasPrefix(w, q)
				})
			}
			if all {
				match = append(match, i)
			}
		}
		sort.Slice(match, func(a, b int) bool { return key(match[a]) > key(match[b]) })
		out := []string{}
		for _, i := range match {
			out = append(out, ids[i])
		}
		return out
	}
	for _, tc := range []struct {
		q         string
		words     []string // q folded, as want matches it
		seenAfter time.Time
	}{
		{"nguyen", []string{"nguyen"}, time.Time{}},               // common: walked by last seen
		{"Nguyễn", []string{"nguyen"}, start.Add(30 * time.Hour)}, // and another condition
		{"ngu", []string{"ngu"}, time.Time{}},
		{"tr", []string{"tr"}, time.Time{}}, // tran and trang, both walked; some have both
		{"nguyen thi trang", []string{"nguyen", "thi", "trang"}, time.Time{}},
		{"Trần Văn Ánh", []string{"tran", "van", "anh"}, time.Time{}},
		{"khuc lan", []string{"khuc", "lan"}, time.Time{}}, // rare: read whole
		{"kk", []string{"kk"}, time.Time{}},                // 100 words: read whole
		{"kk7 nguyen", []string{"kk7", "nguyen"}, time.Time{}},
		{"le kk42", []string{"le", "kk42"}, time.Time{}},
		{"khuc tran", []string{"khuc", "tran"}, time.Time{}}, // nobody
	} {
		t.Run(tc.q, func(t *testing.T) {
			all := want(tc.words, tc.seenAfter)
			var got []string
			p := store.Page{Limit: 40}
			for page := 0; page < 6; page++ {
				l, err := s.Customers(context.Background(), ws.ID, store.CustomerFilter{Query: tc.q, SeenAfter: tc.seenAfter}, p)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range l.Items {
					got = append(got, c.ID)
				}
				if (l.Next == "") != (len(got) == len(all)) {
					t.Fatalf("page %d: next %q after %d of %d", page, l.Next, len(got), len(all))
				}
				if l.Next == "" {
					break
				}
				p.After = l.Next
			}
			if len(all) > len(got) {
				all = all[:len(got)]
			}
			if fmt.Sprint(got) != fmt.Sprint(all) {
				t.Errorf("got %d customers %v,\nwant %d %v", len(got), got, len(all), all)
			}
		})
	}
	_, err := s.Customers(context.Background(), ws.ID, store.CustomerFilter{Query: "nguyen"}, store.Page{After: ids[0]})
	storetest.WantErr(t, err, cx.Invalid, "after")
}

// TestCustomerSearchFollowsLastSeen changes last seen in every way the
// store does and checks that search order follows at once.
func TestCustomerSearchFollowsLastSeen(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	day := func(d int) *time.Time { v := time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC); return &v }
	a := store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: "Nguyễn Thị Lan", Summary: cx.Summary{LastSeen: day(1)}}, nil, nil)
	b := store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: "Nguyễn Văn Hà", Summary: cx.Summary{LastSeen: day(2)}}, nil, nil)
	c := store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: "Nguyễn Minh Anh", Email: "anh@example.vn"}, nil, nil)
	ingest := func(fn func(tx *store.IngestTx) error) {
		t.Helper()
		if err := s.Ingest(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		name string
		do   func()
		want []string
	}{
		{"as seeded", func() {}, []string{b, a, c}},
		{"a seen again", func() {
			ingest(func(tx *store.IngestTx) error {
				return tx.AddSummary(ws.ID, a, store.SummaryDelta{Events: 1, FirstSeen: day(3).UnixMilli(), LastSeen: day(3).UnixMilli()})
			})
		}, []string{a, b, c}},
		{"c seen with an order", func() {
			ingest(func(tx *store.IngestTx) error {
				return tx.AddSummary(ws.ID, c, store.SummaryDelta{Events: 1, Orders: 1, RevenueVND: 1000, FirstSeen: day(4).UnixMilli(), LastSeen: day(4).UnixMilli(),
					FirstOrder: day(4).UnixMilli(), LastOrder: day(4).UnixMilli()})
			})
		}, []string{c, a, b}},
		{"a reset for a rebuild", func() {
			ingest(func(tx *store.IngestTx) error { return tx.ResetCustomer(ws.ID, a) })
		}, []string{c, b, a}},
		{"c renamed", func() {
			if _, err := s.UpdateCustomerTraits(ctx, ws.ID, c, map[string]any{cx.TraitFullName: "Nguyễn Minh Châu"}); err != nil {
				t.Fatal(err)
			}
		}, []string{c, b, a}},
		{"b merged into a", func() {
			ingest(func(tx *store.IngestTx) error { return tx.Merge(ws.ID, b, a, "alias", "") })
		}, []string{c, a}},
	} {
		step.do()
		if got := searchOrder(t, s, ws.ID, "nguyen"); fmt.Sprint(got) != fmt.Sprint(step.want) {
			t.Errorf("%s: got %v, want %v", step.name, got, step.want)
		}
		if n := store.StaleSearchTerms(t, s); n != 0 {
			t.Errorf("%s: %d term rows with another last seen than their customer's", step.name, n)
		}
	}
}

// searchOrder returns the ids a query finds, in the order found.
func searchOrder(t *testing.T, s *store.Store, wsID, q string) []string {
	t.Helper()
	l, err := s.Customers(context.Background(), wsID, store.CustomerFilter{Query: q}, store.Page{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range l.Items {
		out = append(out, c.ID)
	}
	return out
}
