package public_test

import (
	"cxm/internal/web/webtest"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// BenchmarkSurveyPage measures the server time of GET /s/{key}, the café
// survey's first question, with requests paced at 1,000 a second by eight
// clients; it reports the p50 and p99 in milliseconds and the rate served.
func BenchmarkSurveyPage(b *testing.B) {
	e := webtest.Start(b)
	_, key := e.Workspace("Bench")
	sv := e.CafeSurvey(key)
	const clients = 8
	interval := clients * time.Millisecond // 8 clients × 125/s = 1,000/s
	times := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			tick := time.NewTicker(interval)
			defer tick.Stop()
			for i := c; i < b.N; i += clients {
				<-tick.C
				req := httptest.NewRequest("GET", "/s/"+sv.PublicKey, nil)
				req.Header.Set("Accept-Language", "vi")
				w := httptest.NewRecorder()
				t0 := time.Now()
				e.Server.ServeHTTP(w, req)
				times[c] = append(times[c], time.Since(t0))
				if w.Code != http.StatusOK {
					b.Errorf("got %d", w.Code)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(times...)
	slices.Sort(all)
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
}
