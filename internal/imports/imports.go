// Package imports runs the files people upload in the dashboard —
// customers, orders, external feedback — as background jobs on the
// durable job queue, so that an import of a million rows outlives the
// request that sent it, shows its progress, ends with its report, and
// starts again after a restart.
//
// The file waits under the data directory until its import ends. Running
// a file again is safe because every import is idempotent: a customer
// row's message id is a hash of what it says, an order's is its order
// id, and feedback rows are matched by their content or external id, so
// rows imported before a restart count as duplicates the second time.
package imports

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/store"
)

// Kinds of file, besides csvio's Customers and Orders: external feedback,
// and responses to one survey (feedback.Responses).
const (
	Feedback  = "feedback"
	Responses = feedback.Responses
)

// DefaultMaxUpload is the largest file the dashboard takes unless the
// server is configured otherwise: a million-row customer file is about
// 100 MB.
const DefaultMaxUpload = 200 << 20

// maxRuns is how many times an import may start: a file that stops the
// server twice more after its first run is reported failed.
const maxRuns = 3

// Service starts imports and runs them.
type Service struct {
	st    *store.Store
	ing   *ingest.Pipeline
	fb    *feedback.Service
	dir   string
	max   int64
	log   *slog.Logger
	kick  chan struct{}
	Poll  time.Duration    // how often the worker looks for jobs when not woken
	Clock func() time.Time // the time jobs are due by; time.Now but in tests
}

// New builds the service. Uploads wait in dir (under the data directory,
// so that a restarted server finds them); files larger than maxBytes are
// refused.
func New(st *store.Store, ing *ingest.Pipeline, fb *feedback.Service, dir string, maxBytes int64, log *slog.Logger) *Service {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxUpload
	}
	return &Service{st: st, ing: ing, fb: fb, dir: dir, max: maxBytes, log: log, kick: make(chan struct{}, 1),
		Poll: 2 * time.Second, Clock: time.Now}
}

// Dir is where uploads wait; MaxBytes the largest file taken.
func (s *Service) Dir() string     { return s.dir }
func (s *Service) MaxBytes() int64 { return s.max }

// Upload is a received file, already written to a file in Dir.
type Upload struct {
	Kind     string                // csvio.Customers, csvio.Orders or Feedback
	FileName string                // as the person's computer named it
	Map      string                // column=field lines, for customers and orders
	Survey   feedback.ResponseFile // for responses: the survey, the date order
	Path     string
	Size     int64
}

// Start queues the import of an upload made by userID in workspace wsID.
// The import owns the file from then on; when Start fails, it removes it.
func (s *Service) Start(ctx context.Context, wsID, userID string, u Upload) (store.Import, error) {
	im, err := s.start(ctx, wsID, userID, u)
	if err != nil {
		os.Remove(u.Path)
		return im, err
	}
	select {
	case s.kick <- struct{}{}:
	default:
	}
	return im, nil
}

func (s *Service) start(ctx context.Context, wsID, userID string, u Upload) (store.Import, error) {
	switch u.Kind {
	case csvio.Customers, csvio.Orders, Feedback:
	case Responses:
		if _, err := s.st.Survey(ctx, wsID, u.Survey.SurveyID); err != nil {
			return store.Import{}, err
		}
		return s.st.CreateImport(ctx, store.Import{WorkspaceID: wsID, Kind: u.Kind, FileName: cx.Shorten(u.FileName, 200), Path: u.Path,
			Size: u.Size, Options: toJSON(u.Survey), CreatedBy: userID}, maxRuns)
	default:
		return store.Import{}, cx.FieldErrorf("kind", "kind must be customers or orders")
	}
	if u.Path == "" || u.Size == 0 {
		return store.Import{}, cx.FieldErrorf("file", "choose a CSV file to import")
	}
	if filepath.Dir(u.Path) != filepath.Clean(s.dir) {
		return store.Import{}, cx.Errorf(cx.Internal, "an upload must wait in the upload directory") // our bug, never the person's
	}
	lines := mapLines(u.Map)
	if _, err := csvio.ParseMap(lines); err != nil {
		return store.Import{}, err
	}
	return s.st.CreateImport(ctx, store.Import{WorkspaceID: wsID, Kind: u.Kind, FileName: cx.Shorten(u.FileName, 200), Path: u.Path,
		Size: u.Size, Options: toJSON(lines), CreatedBy: userID}, maxRuns)
}

// mapLines splits the mapping box: one column=field a line.
func mapLines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Status is an import as its page shows it.
type Status struct {
	store.Import
	Percent  int                 // of the file read
	Report   *csvio.Report       // customers and orders, when done (or stopped part way)
	Feedback *store.ImportResult // feedback, when done
	Err      *cx.Error           // why it failed
}

// Finished reports whether the import has ended, well or not.
func (st Status) Finished() bool {
	return st.Status == store.ImportDone || st.Status == store.ImportFailed
}

// Status returns an import of the workspace.
func (s *Service) Status(ctx context.Context, wsID, id string) (Status, error) {
	im, err := s.st.Import(ctx, wsID, id)
	if err != nil {
		return Status{}, err
	}
	st := Status{Import: im}
	if im.Size > 0 {
		st.Percent = int(min(100, im.BytesRead*100/im.Size))
	}
	if st.Finished() {
		st.Percent = 100
	}
	if im.Report != "" {
		if im.Kind == Feedback {
			st.Feedback = &store.ImportResult{}
			json.Unmarshal([]byte(im.Report), st.Feedback)
		} else {
			st.Report = decodeReport(im.Report)
			if st.Report.Rows == 0 && im.Status == store.ImportFailed {
				st.Report = nil // stopped before the first row: the error says it all
			}
		}
	}
	if im.Error != "" {
		st.Err = decodeError(im.Error)
	}
	return st, nil
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
