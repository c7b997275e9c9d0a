// Package feedback owns what customers say and how cxm asks them: answering
// a survey, importing feedback from elsewhere, the survey's links, QR codes
// and personal invitations, survey emails and the background worker that
// sends invitations and turns events into them.
//
// Every surface calls the same functions: the public survey page and the
// widget answer through one flow, the JSON API and the dashboard import
// through one function. None of them takes anything from net/http, so a
// rule such as "a required question must be answered" or "a personal link
// takes one response" holds the same on every surface.
package feedback

import (
	"strings"
	"time"

	"cxm/internal/ingest"
	"cxm/internal/store"
)

// Service is the feedback use cases on one store. One Service serves the
// whole process; it keeps nothing in memory.
type Service struct {
	store   *store.Store
	ingest  *ingest.Pipeline // makes profiles for the widget's new visitors
	baseURL string
	now     func() time.Time
}

// New returns the feedback use cases on st. Survey links start with
// baseURL; the widget's visitors cxm has not seen yet get their profile
// through ing; now is the clock (time.Now outside tests) that personal
// links expire by.
func New(st *store.Store, ing *ingest.Pipeline, baseURL string, now func() time.Time) *Service {
	return &Service{store: st, ingest: ing, baseURL: strings.TrimSuffix(baseURL, "/"), now: now}
}

// SurveyURL is the public address of a survey token: a survey's public key
// (the anonymous link) or an invitation's token (a personal link).
func (s *Service) SurveyURL(token string) string {
	return surveyURL(s.baseURL, token)
}

// surveyURL is where the public survey pages (web/public) answer a token:
// the one place that knows the /s/ path, for the service and the mail worker.
func surveyURL(baseURL, token string) string { return baseURL + "/s/" + token }
