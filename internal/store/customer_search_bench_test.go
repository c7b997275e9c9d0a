package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// Vietnamese names by rough frequency: surnames and given names early in
// each list are drawn far more often than late ones.
var (
	benchSurnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Tôn", "Khúc"}
	benchMiddles  = []string{"Thị", "Văn", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Quốc", "Bảo", "Gia"}
	benchGivens   = []string{"Anh", "Linh", "Hương", "Trang", "Tuấn", "Hùng", "Lan", "Nam", "Hà", "Mai", "Dũng", "Thảo", "Bình", "Châu", "Khánh", "Phúc", "Quân", "Tâm", "Vy", "Yến", "Xuân", "Khuê"}
)

// benchSearchQueries are the 20 queries timed: common and rare names, with
// and without diacritics, word prefixes, an e-mail and phones.
var benchSearchQueries = []string{
	"nguyen", "Nguyễn", "ngu", "tran", "Trần Thị", "le van", "pham minh anh", "hoang", "lan", "Hương",
	"huong", "tuan", "nguyen thi lan", "Lý", "khue", "Khúc Gia Khuê", "ton bao", "u12345@example.vn", "+84900012345", "0900 000 777",
}

// skewed picks from list, favouring its first entries.
func skewed(r *rand.Rand, list []string) string {
	i := int(float64(len(list)) * r.Float64() * r.Float64())
	return list[i]
}

// benchCustomers generates n customers, the same ones on every run: a
// skewed Vietnamese name, an e-mail and a phone each, last seen at a random
// hour of 300 days.
func benchCustomers(n int) []cx.Customer {
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cs := make([]cx.Customer, n)
	for i := range cs {
		seen := start.Add(time.Duration(r.IntN(300*24)) * time.Hour)
		cs[i] = cx.Customer{
			FullName: skewed(r, benchSurnames) + " " + skewed(r, benchMiddles) + " " + skewed(r, benchGivens),
			Email:    fmt.Sprintf("u%d@example.vn", i), Phone: fmt.Sprintf("+849%08d", i),
			Summary: cx.Summary{LastSeen: &seen},
		}
	}
	return cs
}

// BenchmarkCustomerSearch times the customer list's search over
// CXM_BENCH_CUSTOMERS generated customers (20,000 unless set) and reports
// the 95th percentile of the 20 queries, each run five times per iteration
// (run it with -benchtime 1x at large sizes: seeding happens per run).
func BenchmarkCustomerSearch(b *testing.B) {
	n := 20000
	if v := os.Getenv("CXM_BENCH_CUSTOMERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("CXM_BENCH_CUSTOMERS=%q: want a positive number", v)
		}
	}
	s := storetest.Open(b)
	ws := storetest.Workspace(b, s, "Bench")
	t0 := time.Now()
	store.SeedSearchCustomers(b, s, ws.ID, benchCustomers(n))
	b.Logf("seeded %d customers in %s", n, time.Since(t0).Round(time.Millisecond))
	ctx := context.Background()
	var took []time.Duration
	slowest := make([]time.Duration, len(benchSearchQueries))
	found := make([]int, len(benchSearchQueries))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for range 5 {
			for j, q := range benchSearchQueries {
				t := time.Now()
				l, err := s.Customers(ctx, ws.ID, store.CustomerFilter{Query: q}, store.Page{Limit: 50})
				if err != nil {
					b.Fatal(err)
				}
				d := time.Since(t)
				took, slowest[j], found[j] = append(took, d), max(slowest[j], d), len(l.Items)
			}
		}
	}
	b.StopTimer()
	for j, q := range benchSearchQueries {
		b.Logf("%-20q %2d found, slowest %s", q, found[j], slowest[j].Round(10*time.Microsecond))
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
}
