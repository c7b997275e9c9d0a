package public

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"strings"
)

// snippetJS is the tracking snippet that sites load from /js/cxm.js.
//
//go:embed snippet/cxm.js
var snippetJS []byte

// snippetFile is the snippet with its gzipped form and ETag, made once.
type snippetFile struct {
	plain, gzipped []byte
	etag           string
}

func newSnippetFile() snippetFile {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(snippetJS)
	zw.Close()
	sum := sha256.Sum256(snippetJS)
	return snippetFile{plain: snippetJS, gzipped: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}

// serveSnippet serves /js/cxm.js to any site, cached for an hour and
// revalidated by ETag, gzipped when the browser accepts it.
func (h *Handler) Snippet(w http.ResponseWriter, r *http.Request) {
	f := h.snippet
	hdr := w.Header()
	hdr.Set("Content-Type", "text/javascript; charset=utf-8")
	hdr.Set("Cache-Control", "public, max-age=3600")
	hdr.Set("ETag", f.etag)
	hdr.Set("Vary", "Accept-Encoding")
	hdr.Set("Access-Control-Allow-Origin", "*")
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.plain
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		hdr.Set("Content-Encoding", "gzip")
		body = f.gzipped
	}
	w.Write(body)
}
