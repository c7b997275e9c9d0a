package web

import (
	"net/http"

	"cxm/internal/cx"
)

// pages renders the dashboard. (Placeholder until the dashboard lands.)
type pages struct{}

func newPages() (*pages, error) { return &pages{}, nil }

func (s *Server) registerPages() {}

// renderError shows an error page.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, p *principal, err error) {
	e := cx.AsError(err)
	if e == nil {
		s.log.Error("page failed", "path", r.URL.Path, "err", err)
		e = &cx.Error{Code: cx.Internal, Message: "internal error"}
	}
	http.Error(w, e.Message, statusOf(e.Code))
}
