package httpio

import (
	"net/http"
	"strings"

	"cxm/internal/csvio"
)

// Table is a result that can also be written as CSV: a header row and the
// rows under it. Every analytics result is one.
type Table interface {
	CSV() (header []string, rows [][]string)
}

// WantsCSV reports whether the client asked for CSV, with ?format=csv or
// an Accept header that names text/csv.
func WantsCSV(r *http.Request) bool {
	if r.URL.Query().Get("format") == "csv" {
		return true
	}
	return strings.Contains(r.Header.Get("Accept"), "text/csv")
}

// RespondTable writes v as JSON, or as CSV when the client asks for it,
// unless err says otherwise. name is the file name offered for download,
// without its extension.
func RespondTable(w http.ResponseWriter, r *http.Request, name string, v Table, err error) error {
	if err != nil {
		return err
	}
	if !WantsCSV(r) {
		WriteJSON(w, http.StatusOK, v)
		return nil
	}
	header, rows := v.CSV()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	cw := csvio.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return nil // the client went away; the status is already sent
	}
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return nil
		}
	}
	_ = cw.Flush()
	return nil
}
