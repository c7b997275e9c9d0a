package imports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
)

// lease is how long a running import holds its job without news: it
// renews it as it reads, so after a crash or a restart the job is free
// again within a minute and the import starts over.
const lease = time.Minute

// progressEvery is how often a running import records how far it read.
const progressEvery = time.Second

// Run imports queued files, one at a time, until ctx ends. An import cut
// short by ctx (a shutdown) keeps its job running: the lease ends and the
// next server starts it again.
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(s.Poll)
	defer tick.Stop()
	for {
		if err := s.Step(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("imports", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.kick:
		}
	}
}

// Step runs the imports that are due, one after the other.
func (s *Service) Step(ctx context.Context) error {
	for ctx.Err() == nil {
		jobs, err := s.st.ClaimJobs(ctx, s.Clock(), 1, lease, store.JobImport)
		if err != nil || len(jobs) == 0 {
			return err
		}
		s.runJob(ctx, jobs[0])
	}
	return nil
}

func (s *Service) runJob(ctx context.Context, j store.Job) {
	var p struct {
		ImportID string `json:"import_id"`
	}
	json.Unmarshal([]byte(j.Payload), &p)
	im, err := s.st.Import(ctx, j.WorkspaceID, p.ImportID)
	if err == nil {
		err = s.runImport(ctx, j, im)
	}
	switch {
	case ctx.Err() != nil:
		return // shutting down: the job resumes after the restart
	case cx.ErrorCode(err) == cx.NotFound && im.ID == "":
		err = s.st.FinishJob(ctx, j) // the workspace was deleted meanwhile
	case err != nil:
		s.log.Warn("import failed", "import", im.ID, "run", j.Attempts, "err", err)
		if err = s.st.FailJob(ctx, j, err); j.Attempts >= j.MaxAttempts {
			err = errors.Join(err, s.end(ctx, im, store.ImportFailed, "", cx.Errorf(cx.Internal, "internal error")))
		}
	default:
		err = s.st.FinishJob(ctx, j)
	}
	if err != nil && ctx.Err() == nil {
		s.log.Error("import state", "import", im.ID, "err", err)
	}
}

// runImport runs an import once. It returns an error only for what may
// pass (the database away): what the file says ends the import with its
// report.
func (s *Service) runImport(ctx context.Context, j store.Job, im store.Import) error {
	switch {
	case im.Status == store.ImportDone || im.Status == store.ImportFailed:
		os.Remove(im.Path) // ended, but the server stopped before removing it
		return nil
	case j.Attempts > maxRuns:
		return s.end(ctx, im, store.ImportFailed, "", cx.Errorf(cx.Invalid, "the import was interrupted %d times: import the file again", maxRuns))
	}
	if err := s.st.StartImport(ctx, im.WorkspaceID, im.ID); err != nil {
		return err
	}
	f, err := os.Open(im.Path)
	if err != nil {
		s.log.Error("import file", "import", im.ID, "err", err)
		return s.end(ctx, im, store.ImportFailed, "", cx.Errorf(cx.Invalid, "the uploaded file is gone: import it again"))
	}
	defer f.Close()
	r := &progress{r: f, report: func(n int64) {
		s.st.ImportProgress(ctx, im.WorkspaceID, im.ID, n)
		s.st.ExtendJob(ctx, j, s.Clock().Add(lease))
	}}
	report, err := s.importFile(ctx, im, r)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if e := cx.AsError(err); e != nil || err == nil {
		status := store.ImportDone
		if e != nil {
			status = store.ImportFailed
		}
		return s.end(ctx, im, status, report, e)
	}
	return err
}

// importFile imports the file through the use case of its kind and
// returns the report as JSON.
func (s *Service) importFile(ctx context.Context, im store.Import, r io.Reader) (string, error) {
	if im.Kind == Feedback {
		res, err := s.fb.ImportCSV(ctx, im.WorkspaceID, newLineGuard(r, MaxLine, false))
		if err != nil {
			return "", err
		}
		return toJSON(res), nil
	}
	if im.Kind == Responses {
		var f feedback.ResponseFile
		json.Unmarshal([]byte(im.Options), &f)
		g := newLineGuard(r, MaxLine, true)
		rep, err := s.fb.ImportResponsesCSV(ctx, im.WorkspaceID, g, f)
		for _, line := range g.Long {
			addBad(&rep, csvio.BadLine{Line: line, Err: cx.Errorf(cx.Invalid, "line %d is longer than %d bytes", line, MaxLine)})
		}
		return encodeReport(rep), err
	}
	var lines []string
	json.Unmarshal([]byte(im.Options), &lines)
	overrides, err := csvio.ParseMap(lines)
	if err != nil {
		return "", err
	}
	g := newLineGuard(r, MaxLine, true)
	rep, err := csvio.Import(ctx, g, im.WorkspaceID, im.Kind, csvio.Options{Map: overrides}, csvio.Into(s.ing))
	for _, line := range g.Long {
		addBad(&rep, csvio.BadLine{Line: line, Err: cx.Errorf(cx.Invalid, "line %d is longer than %d bytes", line, MaxLine)})
	}
	return encodeReport(rep), err
}

// addBad adds a row the guard refused to a report, in line order.
func addBad(rep *csvio.Report, b csvio.BadLine) {
	rep.Rows++
	rep.BadRows++
	b.Reason = b.Err.Message
	if len(rep.Bad) >= csvio.MaxBadLines {
		return
	}
	i := len(rep.Bad)
	for i > 0 && rep.Bad[i-1].Line > b.Line {
		i--
	}
	rep.Bad = slices.Insert(rep.Bad, i, b)
}

// end records how an import ended and removes its file.
func (s *Service) end(ctx context.Context, im store.Import, status, report string, e *cx.Error) error {
	errJSON := ""
	if e != nil {
		errJSON = encodeError(e)
	}
	if err := s.st.EndImport(ctx, im.WorkspaceID, im.ID, status, report, errJSON); err != nil {
		return fmt.Errorf("end import: %w", err)
	}
	if err := os.Remove(im.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		s.log.Warn("removing an upload", "import", im.ID, "err", err)
	}
	return nil
}

// progress counts what is read of a file and reports it at most every
// progressEvery.
type progress struct {
	r      io.Reader
	n      int64
	last   time.Time
	report func(n int64)
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if now := time.Now(); now.Sub(p.last) >= progressEvery {
		p.last = now
		p.report(p.n)
	}
	return n, err
}
