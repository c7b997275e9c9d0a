package csvio_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"cxm/internal/csvio"
)

// rowsReader generates a customer file of n rows on the fly, so that the
// file itself takes no memory: what the import holds is what is measured.
type rowsReader struct {
	n, i int
	buf  []byte
}

func (r *rowsReader) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) && r.i <= r.n {
		if r.i == 0 {
			r.buf = append(r.buf, "Họ và tên,Số điện thoại,Email,Ngày sinh,Tỉnh/Thành phố,Hạng thẻ\n"...)
		} else {
			r.buf = fmt.Appendf(r.buf, "Nguyễn Thị Khách %d,09%08d,khach%d@example.vn,%02d/%02d/19%02d,Hà Nội,Bạc\n",
				r.i, r.i, r.i, 1+r.i%28, 1+r.i%12, 50+r.i%50)
		}
		r.i++
	}
	if len(r.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.buf)
	r.buf = r.buf[:copy(r.buf, r.buf[n:])]
	return n, nil
}

// peakHeap samples the live heap every few milliseconds until stop is
// closed, and returns the largest value seen.
func peakHeap(stop <-chan struct{}) func() uint64 {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { <-done; mu.Lock(); defer mu.Unlock(); return peak }
}

// importRows imports a generated file of n customers and returns the
// report and the peak heap in MiB.
func importRows(tb testing.TB, n int) (csvio.Report, float64) {
	e := newEnv(tb)
	runtime.GC()
	stop := make(chan struct{})
	peak := peakHeap(stop)
	rep, err := csvio.Import(context.Background(), &rowsReader{n: n}, e.ws, csvio.Customers, csvio.Options{}, csvio.Into(e.p))
	close(stop)
	if err != nil {
		tb.Fatal(err)
	}
	return rep, float64(peak()) / (1 << 20)
}

// TestImportMemoryBounded imports a generated file and checks that the heap
// stays small: the file is streamed, not held. CXM_IMPORT_ROWS sets the
// size (1000000 for the figure in docs/benchmarks.md).
func TestImportMemoryBounded(t *testing.T) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("CXM_IMPORT_ROWS")); err == nil && v > 0 {
		n = v
	}
	if testing.Short() {
		n = 2000
	}
	start := time.Now()
	rep, peakMB := importRows(t, n)
	took := time.Since(start)
	if rep.Added != n || rep.BadRows != 0 {
		t.Fatalf("got %+v, want %d customers added", rep, n)
	}
	t.Logf("%d rows in %s (%.0f rows/s): peak heap in use %.1f MiB", n, took.Round(time.Second), float64(n)/took.Seconds(), peakMB)
	if peakMB > 100 {
		t.Errorf("peak heap %.1f MiB, want at most 100 MiB", peakMB)
	}
}
