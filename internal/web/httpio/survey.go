package httpio

import (
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"net/http"
	"strings"
)

// SurveyLink is the public address of a survey's key or a personal token:
// the /s/ pages that web/public serves.
func SurveyLink(baseURL, token string) string {
	return strings.TrimSuffix(baseURL, "/") + "/s/" + token
}

// WriteQR answers with the QR code of link as a PNG or an SVG image.
func WriteQR(w http.ResponseWriter, format, link string) error {
	var data []byte
	var err error
	switch format {
	case "", "png":
		w.Header().Set("Content-Type", "image/png")
		data, err = feedback.QRPNG(link, 512)
	case "svg":
		w.Header().Set("Content-Type", "image/svg+xml")
		data, err = feedback.QRSVG(link)
	default:
		return cx.FieldErrorf("format", "format must be png or svg")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, err = w.Write(data)
	return err
}
