// Package public holds what respondents and sites call without signing in:
// the survey pages under /s/, the survey widget's API, the tracking snippet
// /js/cxm.js, the Segment-compatible ingestion under /v1 and what the
// official browser SDKs load (sdk.go).
package public

import (
	"log/slog"
	"time"

	"cxm/internal/account"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/web/view"
)

// Handler serves the public surfaces. Its methods are listed in web's
// routes.go.
type Handler struct {
	ingest      *ingest.Pipeline  // events sent to /v1
	accounts    *account.Service  // write keys
	feedback    *feedback.Service // answering surveys
	pages       *view.Pages
	log         *slog.Logger
	snippet     jsFile
	sdk         sdkFiles   // the browser SDKs' settings and the vendored analytics-next
	surveyLimit *ipLimiter // answers per IP on the public survey pages
	pageLimit   *ipLimiter // survey page views per IP, apart so that reading never uses up answering
}

// New returns the public handlers. baseURL is the address browsers reach
// cxm at: the browser SDKs' settings tell them to send events there.
func New(ing *ingest.Pipeline, accounts *account.Service, surveys *feedback.Service, pages *view.Pages, baseURL string, log *slog.Logger) *Handler {
	return &Handler{ingest: ing, accounts: accounts, feedback: surveys, pages: pages, log: log,
		snippet: newJSFile(snippetJS), sdk: newSDKFiles(baseURL), surveyLimit: newIPLimiter(30, 2*time.Second),
		pageLimit: newIPLimiter(30, 2*time.Second)}
}
