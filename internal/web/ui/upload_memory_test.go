package ui_test

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store/storetest"
	"cxm/internal/web/webtest"
)

// TestUIUploadMemory uploads a generated customer file to the dashboard
// and reports the peak heap and resident memory of the process (server
// and client together) until the import has ended: the figure in
// docs/benchmarks.md. The file is generated as it is sent, so that it
// takes no memory of its own. Two shapes: "cell", the header and one row
// whose phone cell fills the file (the 100 MB cell), and "rows",
// one customer a row. CXM_UPLOAD_MB sets the size (default 1).
func TestUIUploadMemory(t *testing.T) {
	mb := 1
	if v, err := strconv.Atoi(os.Getenv("CXM_UPLOAD_MB")); err == nil && v > 0 {
		mb = v
	}
	for _, shape := range []string{"cell", "rows"} {
		t.Run(shape, func(t *testing.T) {
			a := webtest.Start(t)
			ws := storetest.Workspace(t, a.Store, "Cà phê Sáng").ID
			token := a.Session(ws, cx.RoleOwner)
			runtime.GC()
			stop := make(chan struct{})
			peak := samplePeak(stop)
			start := time.Now()
			status, page := uploadGenerated(t, a, token, shape, int64(mb)<<20)
			took := time.Since(start)
			close(stop)
			heap, rss := peak()
			t.Logf("%s, %d MB: status %d in %s; peak heap in use %.1f MiB, peak RSS %.1f MiB", shape, mb, status, took.Round(time.Millisecond), heap, rss)
			if status != 200 || !strings.Contains(page, "Đã xong") {
				t.Fatalf("got %d, page %.300q; want the import done", status, webtest.Squash(webtest.HTMLText(page)))
			}
			if heap > 100 {
				t.Errorf("peak heap %.1f MiB, want at most 100 MiB whatever the file's size", heap)
			}
		})
	}
}

// uploadGenerated posts a generated file of about size bytes to the
// import form, follows it to the import's page and reloads that until the
// import ends; it returns the last status and page.
func uploadGenerated(t *testing.T, a *webtest.Env, token, shape string, size int64) (int, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	csrf := secret.CSRFToken(token)
	go func() {
		mw.WriteField("csrf", csrf)
		mw.WriteField("kind", "customers")
		fw, _ := mw.CreateFormFile("file", "khach.csv")
		io.WriteString(fw, "Họ và tên,Số điện thoại,Email\n")
		if shape == "cell" {
			io.WriteString(fw, "Nguyễn Thị Lan,")
			chunk := []byte(strings.Repeat("9", 64<<10))
			for n := int64(0); n < size; n += int64(len(chunk)) {
				fw.Write(chunk)
			}
			io.WriteString(fw, ",lan@example.vn\n")
		} else {
			var b []byte
			for i, n := 0, int64(0); n < size; i++ {
				b = fmt.Appendf(b[:0], "Nguyễn Thị Khách %d,09%08d,khach%d@example.vn\n", i, i%100_000_000, i)
				fw.Write(b)
				n += int64(len(b))
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	req, _ := http.NewRequest("POST", a.URL+"/customers/transfer?csrf="+csrf, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", a.URL)
	status, page, where := send(t, req, token)
	for deadline := time.Now().Add(time.Hour); strings.HasPrefix(where, "/imports/") && strings.Contains(page, `hx-trigger="every`); {
		if time.Now().After(deadline) {
			t.Fatal("the import has not ended in an hour")
		}
		time.Sleep(200 * time.Millisecond)
		req, _ := http.NewRequest("GET", a.URL+where, nil)
		status, page, where = send(t, req, token)
	}
	return status, page
}

// send sends a request signed in with token and returns the status, the
// page (its first 64 KiB: an echoed file is read, not kept) and the path
// the redirects ended at.
func send(t *testing.T, req *http.Request, token string) (int, string, string) {
	req.AddCookie(&http.Cookie{Name: "cxm_session", Value: token})
	c := &http.Client{CheckRedirect: func(r *http.Request, via []*http.Request) error {
		r.AddCookie(&http.Cookie{Name: "cxm_session", Value: token})
		return nil
	}}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	io.Copy(io.Discard, res.Body)
	return res.StatusCode, string(b), res.Request.URL.Path
}

// samplePeak samples the heap in use and the resident memory every few
// milliseconds until stop is closed, and returns the largest of each in
// MiB.
func samplePeak(stop <-chan struct{}) func() (heap, rss float64) {
	var mu sync.Mutex
	var peakHeap, peakRSS uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peakHeap, peakRSS = max(peakHeap, m.HeapInuse), max(peakRSS, residentBytes())
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() (float64, float64) {
		<-done
		mu.Lock()
		defer mu.Unlock()
		return float64(peakHeap) / (1 << 20), float64(peakRSS) / (1 << 20)
	}
}

// residentBytes is the process's resident memory, from /proc on Linux (0
// elsewhere).
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}
