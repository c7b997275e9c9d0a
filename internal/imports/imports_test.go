package imports_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/imports"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

type env struct {
	t   *testing.T
	st  *store.Store
	svc *imports.Service
	dir string
	ws  string
}

func newEnv(t *testing.T) *env {
	st := storetest.Open(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ing := ingest.New(st, log)
	ing.Start(context.Background())
	t.Cleanup(ing.Close)
	dir := filepath.Join(t.TempDir(), "uploads")
	os.MkdirAll(dir, 0o750)
	svc := imports.New(st, ing, feedback.New(st, ing, "http://cxm.test", time.Now), dir, 0, log)
	return &env{t: t, st: st, svc: svc, dir: dir, ws: storetest.Workspace(t, st, "Cà phê Sáng").ID}
}

// upload writes content to a file in the upload directory and starts its
// import.
func (e *env) upload(kind, content string) store.Import {
	e.t.Helper()
	f, err := os.CreateTemp(e.dir, "upload-*.csv")
	if err != nil {
		e.t.Fatal(err)
	}
	f.WriteString(content)
	f.Close()
	im, err := e.svc.Start(context.Background(), e.ws, "", imports.Upload{Kind: kind, FileName: "khach.csv", Path: f.Name(), Size: int64(len(content))})
	if err != nil {
		e.t.Fatal(err)
	}
	return im
}

func customers(n int) string {
	var b strings.Builder
	b.WriteString("Họ và tên,Số điện thoại\n")
	for i := range n {
		fmt.Fprintf(&b, "Khách %d,09%08d\n", i, i)
	}
	return b.String()
}

// TestImportResumesAfterRestart: a server that stopped in the middle of an
// import (its job claimed and running, the rows half sent) leaves the job
// to the next server once the lease ends; that one imports the file again
// from the start, and the rows sent before count as duplicates, because
// customer rows are idempotent. The file is removed when it ends.
func TestImportResumesAfterRestart(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	file := customers(50)
	im := e.upload(csvio.Customers, file)

	// The first server: it claims the job, starts, imports the first 20
	// rows, and dies.
	jobs, err := e.st.ClaimJobs(ctx, time.Now(), 1, time.Minute, store.JobImport)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: got %v, %v; want the import's job", jobs, err)
	}
	if err := e.st.StartImport(ctx, e.ws, im.ID); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	first := ingest.New(e.st, log)
	first.Start(ctx)
	if _, err := csvio.Import(ctx, strings.NewReader(customers(20)), e.ws, csvio.Customers, csvio.Options{}, csvio.Into(first)); err != nil {
		t.Fatal(err)
	}
	first.Close()

	// The next server: nothing to do while the lease holds; after it, the
	// import runs to its end.
	if err := e.svc.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ := e.svc.Status(ctx, e.ws, im.ID); st.Finished() {
		t.Fatalf("got %s while the dead server's lease holds, want running", st.Status)
	}
	e.svc.Clock = func() time.Time { return time.Now().Add(2 * time.Minute) }
	if err := e.svc.Step(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.Status(ctx, e.ws, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != store.ImportDone || st.Runs != 2 || st.Percent != 100 || st.Report == nil {
		t.Fatalf("got %+v, want done on its second run with a report", st)
	}
	if r := st.Report; r.Rows != 50 || r.Added != 30 || r.Duplicates != 20 {
		t.Errorf("got %+v, want 50 rows: 30 added, the 20 of the first run duplicates", r)
	}
	if _, err := os.Stat(im.Path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the upload %s is still there (%v), want it removed", im.Path, err)
	}
	if n, err := e.st.Jobs(ctx, e.ws, store.JobDone, 10); err != nil || len(n) != 1 {
		t.Errorf("got done jobs %v, %v; want the import's", n, err)
	}
}

// TestImportRefusesALongRecord: a record longer than MaxLine is refused
// as a row, with its line named, without being held in memory; the rows
// around it are imported and keep their line numbers.
func TestImportRefusesALongRecord(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	file := customers(3) + "Khách dài,\"" + strings.Repeat("9\n", imports.MaxLine/2+10) + "\"\n" + "Khách sau,0987654321\n" + "Khách sai,12\n"
	im := e.upload(csvio.Customers, file)
	if err := e.svc.Step(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.Status(ctx, e.ws, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != store.ImportDone || st.Report == nil {
		t.Fatalf("got %s %v, want done with a report", st.Status, st.Err)
	}
	r := st.Report
	if r.Rows != 6 || r.Added != 4 || r.BadRows != 2 || len(r.Bad) != 2 {
		t.Fatalf("got %+v, want 6 rows: 4 added, the long one and the bad phone refused", r)
	}
	long, phone := r.Bad[0], r.Bad[1]
	if long.Line != 5 || long.Err == nil || long.Err.Format != "line %d is longer than %d bytes" {
		t.Errorf("got %+v, want line 5 refused as too long", long)
	}
	if want := 5 + imports.MaxLine/2 + 10 + 2; phone.Line != want || phone.Field != "phone" {
		t.Errorf("got %+v, want line %d's phone refused: the lines after the long record keep their numbers", phone, want)
	}
}

// TestImportFeedbackStopsAtALongRecord: feedback imports store every row
// or none, so a record longer than MaxLine stops the file, named.
func TestImportFeedbackStopsAtALongRecord(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	im := e.upload(imports.Feedback, "source,text\ngoogle_maps,ngon\ngoogle_maps,"+strings.Repeat("a", imports.MaxLine)+"\n")
	if err := e.svc.Step(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.Status(ctx, e.ws, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != store.ImportFailed || st.Err == nil || st.Err.Format != "line %d is longer than %d bytes: the import stopped there" || st.Err.Args[0] != 3 {
		t.Fatalf("got %s %+v, want failed at line 3", st.Status, st.Err)
	}
	if cx.ErrorCode(st.Err) != cx.Invalid {
		t.Errorf("got code %s, want invalid", cx.ErrorCode(st.Err))
	}
}
