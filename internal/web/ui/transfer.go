package ui

import (
	"context"
	"io"
	"net/http"
	"strings"

	"cxm/internal/account"
	"cxm/internal/csvio"
	"cxm/internal/cx"
)

// transferView is the import and export page, with the report of the
// import just made, if any.
type transferView struct {
	Kind    string
	Map     string
	Report  *csvio.Report
	Fields  map[string][]string
	Aliases []string
}

func (h *Handler) Transfer(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	h.pages.Render(w, r, p, http.StatusOK, "transfer", "transfer.title", newTransferView(), nil)
	return nil
}

func newTransferView() *transferView {
	return &transferView{Kind: csvio.Customers, Fields: csvio.Fields(),
		Aliases: []string{"Họ và tên", "Số điện thoại", "Email", "Ngày sinh", "Tỉnh/Thành phố", "Giới tính", "Mã khách hàng",
			"Mã đơn hàng", "Ngày đặt", "Tổng tiền", "Sản phẩm", "Số lượng", "Đơn giá"}}
}

// importUpload imports the uploaded file and shows the report on the same
// page. The multipart form is parsed with files over 32 MB kept on disk,
// not in memory, and the file is then streamed into the import.
func (h *Handler) ImportUpload(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	v := newTransferView()
	v.Kind, v.Map = r.PostFormValue("kind"), r.PostFormValue("map")
	file, _, err := r.FormFile("file")
	if err != nil {
		h.pages.Render(w, r, p, http.StatusBadRequest, "transfer", "transfer.title", v, cx.FieldErrorf("file", "choose a CSV file to import"))
		return nil
	}
	defer file.Close()
	overrides, err := csvio.ParseMap(mapLines(v.Map))
	if err != nil {
		h.pages.Render(w, r, p, http.StatusBadRequest, "transfer", "transfer.title", v, err)
		return nil
	}
	rep, err := h.importCSV(r.Context(), p.WorkspaceID, v.Kind, file, overrides)
	status, ok := http.StatusOK, true
	if err != nil {
		if status, ok = formError(err); !ok {
			return err
		}
	}
	v.Report = &rep
	h.pages.Render(w, r, p, status, "transfer", "transfer.title", v, err)
	return nil
}

// mapLines splits the mapping box: one column=field a line.
func mapLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// exportDownload sends the workspace's customers or orders as a CSV file.
func (h *Handler) ExportDownload(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	kind := strings.TrimSuffix(r.PathValue("file"), ".csv")
	export := csvio.ExportCustomers
	switch kind {
	case csvio.Customers:
	case csvio.Orders:
		export = csvio.ExportOrders
	default:
		return cx.Errorf(cx.NotFound, "%s not found", "file")
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff") // cells from the public are never read as HTML
	w.Header().Set("Content-Disposition", `attachment; filename="cxm-`+kind+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("\xef\xbb\xbf")) // a byte-order mark, so that Excel reads UTF-8
	_, err := export(r.Context(), h.store, p.WorkspaceID, w)
	if err != nil {
		h.log.Error("export", "kind", kind, "err", err) // the header is sent: the file ends short
	}
	return nil
}

// importCSV runs one import through the server's ingestion pipeline.
func (h *Handler) importCSV(ctx context.Context, wsID, kind string, r io.Reader, overrides map[string]string) (csvio.Report, error) {
	return csvio.Import(ctx, r, wsID, kind, csvio.Options{Map: overrides}, csvio.Into(h.ingest))
}
