package public_test

import (
	"bytes"
	"compress/gzip"
	"cxm/internal/web/webtest"
	"io"
	"net/http"
	"os"
	"testing"
)

// The snippet must stay under 10 KB gzipped, and be served gzipped and
// revalidated by ETag.
func TestSnippetServed(t *testing.T) {
	e := webtest.Start(t)
	req := e.Request("GET", "/js/cxm.js", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	zipped, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("got %d, encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	if len(zipped) >= 10*1024 {
		t.Errorf("cxm.js is %d bytes gzipped, want under 10 KB", len(zipped))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	snippetJS, err := os.ReadFile("snippet/cxm.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, snippetJS) {
		t.Error("the gzipped snippet does not unpack to the snippet")
	}
	t.Logf("cxm.js: %d bytes, %d gzipped", len(plain), len(zipped))

	again := e.Request("GET", "/js/cxm.js", nil)
	again.Header.Set("If-None-Match", res.Header.Get("ETag"))
	if status, _ := e.Send(again); status != http.StatusNotModified {
		t.Errorf("revalidation: got %d, want 304", status)
	}
}
