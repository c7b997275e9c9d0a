package ui

import (
	"net/http"
	"strings"

	"cxm/internal/account"
	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/imports"
	"cxm/internal/store"
	"cxm/internal/web/httpio"
)

// transferView is the import and export page.
type transferView struct {
	Kind    string
	Map     string
	Fields  map[string][]string
	Aliases []string
	MaxMB   int64
}

func (h *Handler) Transfer(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	h.pages.Render(w, r, p, http.StatusOK, "transfer", "transfer.title", h.newTransferView(), nil)
	return nil
}

func (h *Handler) newTransferView() *transferView {
	return &transferView{Kind: csvio.Customers, Fields: csvio.Fields(), MaxMB: h.imports.MaxBytes() >> 20,
		Aliases: []string{"Họ và tên", "Số điện thoại", "Email", "Ngày sinh", "Tỉnh/Thành phố", "Giới tính", "Mã khách hàng",
			"Mã đơn hàng", "Ngày đặt", "Tổng tiền", "Sản phẩm", "Số lượng", "Đơn giá"}}
}

// ImportUpload streams the uploaded file to disk and queues its import,
// then shows the import's page, which follows it to its report.
func (h *Handler) ImportUpload(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	u, err := httpio.ReadUpload(w, r, "file", h.imports.Dir(), h.imports.MaxBytes())
	v := h.newTransferView()
	v.Kind, v.Map = u.Values["kind"], u.Values["map"]
	var im store.Import
	if err == nil {
		im, err = h.imports.Start(r.Context(), p.WorkspaceID, memberID(p),
			imports.Upload{Kind: v.Kind, FileName: u.FileName, Map: v.Map, Path: u.Path, Size: u.Size})
	}
	if err != nil {
		status, ok := formError(err)
		if !ok {
			return err
		}
		h.pages.Render(w, r, p, status, "transfer", "transfer.title", v, err)
		return nil
	}
	http.Redirect(w, r, "/imports/"+im.ID, http.StatusSeeOther)
	return nil
}

func memberID(p *account.Principal) string {
	if p.Member != nil {
		return p.Member.ID
	}
	return ""
}

// Import shows an import under way, or its report once it has ended.
func (h *Handler) Import(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	st, err := h.imports.Status(r.Context(), p.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.pages.Render(w, r, p, http.StatusOK, "import", "import.title", st, nil)
	return nil
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
	w.Write([]byte("\xef\xbb\xbf"))                                                        // a byte-order mark, so that Excel reads UTF-8
	_, err := export(r.Context(), h.store, p.WorkspaceID, w, r.URL.Query().Get("headers")) // Vietnamese unless ?headers=en
	if err != nil {
		h.log.Error("export", "kind", kind, "err", err) // the header is sent: the file ends short
	}
	return nil
}
