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

// jsFile is a script that sites load, with its gzipped form and ETag, made
// once at start.
type jsFile struct {
	plain, gzipped []byte
	etag           string
}

func newJSFile(js []byte) jsFile {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(js)
	zw.Close()
	sum := sha256.Sum256(js)
	return jsFile{plain: js, gzipped: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}

// serve sends the script to any site with the given Cache-Control,
// revalidated by ETag, gzipped when the browser accepts it.
func (f jsFile) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/javascript; charset=utf-8")
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("ETag", f.etag)
	hdr.Set("Vary", "Accept-Encoding")
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("X-Content-Type-Options", "nosniff")
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

// Snippet serves /js/cxm.js, cached for an hour.
func (h *Handler) Snippet(w http.ResponseWriter, r *http.Request) {
	h.snippet.serve(w, r, "public, max-age=3600")
}
