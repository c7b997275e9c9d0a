package httpio

import "net/http"

// WriteImage answers with an image made for this request (a survey's QR
// code), which the browser may keep for an hour.
func WriteImage(w http.ResponseWriter, img []byte, mediaType string) error {
	w.Header().Set("Content-Type", mediaType)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, err := w.Write(img)
	return err
}
