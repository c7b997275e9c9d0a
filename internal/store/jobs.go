package store

import (
	"context"
	"math"
	"strings"
	"time"

	"cxm/internal/cx"
)

// Job is a unit of background work, kept in the database so that it
// survives restarts: retried with exponential backoff, and dead (kept for
// a person to look at) after MaxAttempts failures.
type Job struct {
	WorkspaceID string    `json:"workspace_id"`
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Payload     string    `json:"payload"` // JSON
	Status      string    `json:"status"`  // queued, running, done, dead
	Attempts    int       `json:"attempts"`
	MaxAttempts int       `json:"max_attempts"`
	RunAt       time.Time `json:"run_at"`
	LastError   string    `json:"last_error"`
	DedupeKey   string    `json:"dedupe_key,omitempty"`
}

// Job statuses.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobDead    = "dead"
)

// JobBackoff is the wait before the first retry; each retry doubles it.
const JobBackoff = 30 * time.Second

// EnqueueJob adds a job. A job whose dedupe key is already queued or
// done is not added twice.
func (s *Store) EnqueueJob(ctx context.Context, j Job) error {
	return s.enqueue(ctx, s.writer(), j)
}

func (s *Store) enqueue(ctx context.Context, c conn, j Job) error {
	if j.MaxAttempts == 0 {
		j.MaxAttempts = 8
	}
	if j.RunAt.IsZero() {
		j.RunAt = now()
	}
	t := ms(now())
	_, err := c.exec(ctx, `INSERT INTO jobs (workspace_id, job_id, kind, payload, status, attempts, max_attempts, run_at, dedupe_key, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, dedupe_key) DO NOTHING`,
		j.WorkspaceID, s.ids.New("job"), j.Kind, j.Payload, j.MaxAttempts, ms(j.RunAt), nullable(j.DedupeKey), t, t)
	return err
}

// ClaimJobs takes up to limit jobs of the given kinds (every kind when
// none is given) that are due at the time at, across workspaces, and
// leases them for lease: a worker that dies holding one lets it run again
// when the lease ends. Each worker claims its own kinds, so that a long
// import never waits behind invitations, nor they behind it.
func (s *Store) ClaimJobs(ctx context.Context, at time.Time, limit int, lease time.Duration, kinds ...string) ([]Job, error) {
	t := ms(at)
	args := []any{t, t}
	q := `SELECT ` + jobColumns + ` FROM jobs WHERE ((status = 'queued' AND run_at <= ?) OR (status = 'running' AND locked_until < ?))`
	if len(kinds) > 0 {
		q += ` AND kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	due, err := collect(ctx, s.reader(), scanJob, q+` ORDER BY run_at LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	claimed := []Job{}
	for _, j := range due {
		// Only one worker wins the update: the status it read must still hold.
		res, err := s.writer().exec(ctx, `UPDATE jobs SET status = 'running', locked_until = ?, attempts = attempts + 1, updated_at = ?
			WHERE workspace_id = ? AND job_id = ? AND status = ? AND attempts = ?`,
			ms(at.Add(lease)), t, j.WorkspaceID, j.ID, j.Status, j.Attempts)
		if err := mustAffect(res, err, "job"); err != nil {
			if cx.ErrorCode(err) == cx.NotFound {
				continue
			}
			return claimed, err
		}
		j.Status, j.Attempts = JobRunning, j.Attempts+1
		claimed = append(claimed, j)
	}
	return claimed, nil
}

// ExtendJob renews the lease of a claimed job that is still running, such
// as a long import, so that no other claim takes it meanwhile.
func (s *Store) ExtendJob(ctx context.Context, j Job, until time.Time) error {
	_, err := s.writer().exec(ctx, `UPDATE jobs SET locked_until = ?, updated_at = ? WHERE workspace_id = ? AND job_id = ? AND status = 'running'`,
		ms(until), ms(now()), j.WorkspaceID, j.ID)
	return err
}

// FinishJob marks a claimed job done and empties its payload, which may
// hold a personal link's token: it waits in the table only until used.
func (s *Store) FinishJob(ctx context.Context, j Job) error {
	_, err := s.writer().exec(ctx, `UPDATE jobs SET status = 'done', payload = '{}', last_error = '', updated_at = ? WHERE workspace_id = ? AND job_id = ?`,
		ms(now()), j.WorkspaceID, j.ID)
	return err
}

// FailJob records a failed attempt: the job runs again after a backoff that
// doubles each time, or is dead once it has used its attempts.
func (s *Store) FailJob(ctx context.Context, j Job, cause error) error {
	status, runAt := JobQueued, now().Add(Backoff(j.Attempts))
	if j.Attempts >= j.MaxAttempts {
		status = JobDead
	}
	msg := cause.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	_, err := s.writer().exec(ctx, `UPDATE jobs SET status = ?, run_at = ?, last_error = ?, updated_at = ? WHERE workspace_id = ? AND job_id = ?`,
		status, ms(runAt), msg, ms(now()), j.WorkspaceID, j.ID)
	return err
}

// Backoff is the wait after the nth failed attempt: 30 s, 1 min, 2 min …,
// at most a day.
func Backoff(attempt int) time.Duration {
	d := float64(JobBackoff) * math.Pow(2, float64(max(attempt-1, 0)))
	return time.Duration(min(d, float64(24*time.Hour)))
}

// Jobs lists a workspace's jobs of one status, newest first.
func (s *Store) Jobs(ctx context.Context, wsID, status string, limit int) ([]Job, error) {
	return collect(ctx, s.reader(), scanJob, `SELECT `+jobColumns+`
		FROM jobs WHERE workspace_id = ? AND status = ? ORDER BY job_id DESC LIMIT ?`, wsID, status, limit)
}

const jobColumns = `workspace_id, job_id, kind, payload, status, attempts, max_attempts, run_at, last_error, COALESCE(dedupe_key, '')`

func scanJob(row scanner) (Job, error) {
	var j Job
	var runAt int64
	err := row.Scan(&j.WorkspaceID, &j.ID, &j.Kind, &j.Payload, &j.Status, &j.Attempts, &j.MaxAttempts, &runAt, &j.LastError, &j.DedupeKey)
	j.RunAt = fromMS(runAt)
	return j, err
}

// JobCount is how many jobs of one kind are in each state that matters to
// an operator. Due jobs are queued and may run now; Retrying ones are
// queued after a failed attempt (due or not).
type JobCount struct {
	Kind                         string
	Due, Running, Retrying, Dead int
}

// JobCounts counts the jobs not done, by kind, across workspaces, as of at.
func (s *Store) JobCounts(ctx context.Context, at time.Time) ([]JobCount, error) {
	return collect(ctx, s.reader(), func(row scanner) (JobCount, error) {
		var c JobCount
		err := row.Scan(&c.Kind, &c.Due, &c.Running, &c.Retrying, &c.Dead)
		return c, err
	}, `SELECT kind,
		COALESCE(SUM(CASE WHEN status = 'queued' AND run_at <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'queued' AND attempts > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END), 0)
		FROM jobs WHERE status IN ('queued', 'running', 'dead') GROUP BY kind ORDER BY kind`, ms(at))
}
