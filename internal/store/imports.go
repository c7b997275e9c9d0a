package store

import (
	"context"
	"time"
)

// Import is a file uploaded in the dashboard and imported in the
// background by a job of kind JobImport: what the status page shows.
type Import struct {
	WorkspaceID string    `json:"workspace_id"`
	ID          string    `json:"id"`
	Kind        string    `json:"kind"` // customers, orders, feedback
	FileName    string    `json:"file_name"`
	Path        string    `json:"-"` // the file under the data directory, removed when the import ends
	Size        int64     `json:"size"`
	Options     string    `json:"-"`      // JSON: the column map
	Status      string    `json:"status"` // queued, running, done, failed
	BytesRead   int64     `json:"bytes_read"`
	Runs        int       `json:"runs"`   // more than one: it started again after a restart
	Report      string    `json:"report"` // JSON, when done
	Error       string    `json:"-"`      // JSON of the *cx.Error, when failed
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Import statuses besides the job's queued and running.
const (
	ImportDone   = "done"
	ImportFailed = "failed"
)

// JobImport is the kind of the job that runs an import; its payload is
// the import's id.
const JobImport = "import"

// CreateImport records an upload and queues the job that imports it, in
// one transaction: an import is never recorded without its job.
func (s *Store) CreateImport(ctx context.Context, im Import, maxAttempts int) (Import, error) {
	im.ID, im.Status = s.ids.New("imp"), JobQueued
	im.CreatedAt = now()
	im.UpdatedAt = im.CreatedAt
	err := s.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO imports (workspace_id, import_id, kind, file_name, path, size, options, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			im.WorkspaceID, im.ID, im.Kind, im.FileName, im.Path, im.Size, im.Options, im.Status, im.CreatedBy, ms(im.CreatedAt), ms(im.UpdatedAt))
		if err != nil {
			return err
		}
		return s.enqueue(ctx, c, Job{WorkspaceID: im.WorkspaceID, Kind: JobImport, Payload: toJSON(map[string]string{"import_id": im.ID}),
			MaxAttempts: maxAttempts, DedupeKey: "import:" + im.ID})
	})
	return im, err
}

// Import returns one import of a workspace.
func (s *Store) Import(ctx context.Context, wsID, id string) (Import, error) {
	im, err := scanImport(s.reader().queryRow(ctx, `SELECT `+importColumns+` FROM imports WHERE workspace_id = ? AND import_id = ?`, wsID, id))
	return im, notFound(err, "import")
}

// StartImport marks an import running and counts the run.
func (s *Store) StartImport(ctx context.Context, wsID, id string) error {
	res, err := s.writer().exec(ctx, `UPDATE imports SET status = ?, bytes_read = 0, runs = runs + 1, updated_at = ? WHERE workspace_id = ? AND import_id = ?`,
		JobRunning, ms(now()), wsID, id)
	return mustAffect(res, err, "import")
}

// ImportProgress records how much of the file an import has read.
func (s *Store) ImportProgress(ctx context.Context, wsID, id string, bytesRead int64) error {
	_, err := s.writer().exec(ctx, `UPDATE imports SET bytes_read = ?, updated_at = ? WHERE workspace_id = ? AND import_id = ?`,
		bytesRead, ms(now()), wsID, id)
	return err
}

// EndImport records how an import ended: ImportDone with its report, or
// ImportFailed with its error. The caller removes the file then.
func (s *Store) EndImport(ctx context.Context, wsID, id, status, report, errJSON string) error {
	res, err := s.writer().exec(ctx, `UPDATE imports SET status = ?, report = ?, error = ?, updated_at = ? WHERE workspace_id = ? AND import_id = ?`,
		status, report, errJSON, ms(now()), wsID, id)
	return mustAffect(res, err, "import")
}

const importColumns = `workspace_id, import_id, kind, file_name, path, size, options, status, bytes_read, runs, report, error, created_by, created_at, updated_at`

func scanImport(row scanner) (Import, error) {
	var im Import
	var created, updated int64
	err := row.Scan(&im.WorkspaceID, &im.ID, &im.Kind, &im.FileName, &im.Path, &im.Size, &im.Options, &im.Status, &im.BytesRead, &im.Runs,
		&im.Report, &im.Error, &im.CreatedBy, &created, &updated)
	im.CreatedAt, im.UpdatedAt = fromMS(created), fromMS(updated)
	return im, err
}
