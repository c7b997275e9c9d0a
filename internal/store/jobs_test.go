package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestJobsRetryBackoffAndDeadLetters(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	ws := storetest.Workspace(t, s, "Jobs")
	job := store.Job{WorkspaceID: ws.ID, Kind: "test", Payload: `{"n":1}`, MaxAttempts: 2, DedupeKey: "k1"}
	if err := s.EnqueueJob(ctx, job); err != nil {
		t.Fatal(err)
	}
	if err := s.EnqueueJob(ctx, job); err != nil { // same key: not added twice
		t.Fatal(err)
	}
	got, err := s.ClaimJobs(ctx, time.Now(), 10, time.Minute)
	if err != nil || len(got) != 1 || got[0].Attempts != 1 {
		t.Fatalf("got %+v, %v, want one job on its first attempt", got, err)
	}
	if again, _ := s.ClaimJobs(ctx, time.Now(), 10, time.Minute); len(again) != 0 {
		t.Fatalf("a leased job was claimed twice")
	}
	if err := s.FailJob(ctx, got[0], errors.New("SMTP down")); err != nil {
		t.Fatal(err)
	}
	queued, _ := s.Jobs(ctx, ws.ID, store.JobQueued, 10)
	if len(queued) != 1 || queued[0].LastError != "SMTP down" || time.Until(queued[0].RunAt) < 25*time.Second {
		t.Fatalf("got %+v, want the job queued again after a backoff", queued)
	}
	got[0].Attempts = 2 // its last attempt
	if err := s.FailJob(ctx, got[0], errors.New("SMTP down")); err != nil {
		t.Fatal(err)
	}
	dead, _ := s.Jobs(ctx, ws.ID, store.JobDead, 10)
	if len(dead) != 1 {
		t.Fatalf("got %d dead jobs, want 1", len(dead))
	}
	for attempt, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 4: 4 * time.Minute, 30: 24 * time.Hour} {
		if got := store.Backoff(attempt); got != want {
			t.Errorf("Backoff(%d) = %s, want %s", attempt, got, want)
		}
	}
}
