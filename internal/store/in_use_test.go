package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// A stage that a milestone's condition, a goal or a standard refers to is
// in use: removing it is a conflict that changes nothing.
func TestStageInUse(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		use  func(t *testing.T, s storeT, wsID string, j cx.Journey)
	}{
		{"milestone condition", func(t *testing.T, s storeT, wsID string, j cx.Journey) {
			_, err := s.CreateMilestone(ctx, wsID, cx.Milestone{Name: cx.Text{En: "M"}, JourneyID: j.ID, StageID: j.Stages[0].ID, DueDays: 7,
				Condition: cx.Condition{Type: "stage", StageID: j.Stages[1].ID}})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"goal", func(t *testing.T, s storeT, wsID string, j cx.Journey) {
			_, err := s.ReplaceCXModel(ctx, wsID, cx.CXModel{Goals: []cx.Goal{
				{Name: cx.Text{En: "G"}, KPI: "nps", Comparator: ">", Target: 1, Scope: cx.Scope{Kind: cx.ScopeStage, ID: j.Stages[1].ID}}}})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"standard", func(t *testing.T, s storeT, wsID string, j cx.Journey) {
			_, err := s.ReplaceCXModel(ctx, wsID, cx.CXModel{Standards: []cx.Standard{
				{Name: cx.Text{En: "S"}, Metric: "wait", Comparator: "<=", Threshold: 60, Unit: "seconds", Scope: cx.Scope{Kind: cx.ScopeStage, ID: j.Stages[1].ID}}}})
			if err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, w := setup(t)
			j, err := s.CreateJourney(ctx, w.ID, cx.Journey{Name: cx.Text{En: "X"}, Stages: customStages("a", "b")})
			if err != nil {
				t.Fatal(err)
			}
			tc.use(t, s, w.ID, j)
			shorter := j
			shorter.Stages = j.Stages[:1]
			_, err = s.UpdateJourney(ctx, w.ID, shorter)
			storetest.WantErr(t, err, cx.Conflict, "")
			if got, _ := s.Journey(ctx, w.ID, j.ID); len(got.Stages) != 2 {
				t.Errorf("got %d stages after a refused update, want 2", len(got.Stages))
			}
			storetest.WantErr(t, s.DeleteJourney(ctx, w.ID, j.ID), cx.Conflict, "")
			// The model read back saves unchanged: nothing points nowhere.
			m, err := s.CXModel(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.ReplaceCXModel(ctx, w.ID, m); err != nil {
				t.Errorf("re-saving the model unchanged: %v", err)
			}
		})
	}
}

func TestJourneyScopedGoalKeepsJourney(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	j, err := s.CreateJourney(ctx, w.ID, cx.Journey{Name: cx.Text{En: "X"}, Stages: customStages("a")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceCXModel(ctx, w.ID, cx.CXModel{Goals: []cx.Goal{
		{Name: cx.Text{En: "J"}, KPI: "nps", Comparator: ">", Target: 1, Scope: cx.Scope{Kind: cx.ScopeJourney, ID: j.ID}}}}); err != nil {
		t.Fatal(err)
	}
	storetest.WantErr(t, s.DeleteJourney(ctx, w.ID, j.ID), cx.Conflict, "")
}

// An unknown workspace is reported as such, never as a duplicate.
func TestUnknownWorkspace(t *testing.T) {
	ctx := context.Background()
	s, _ := setup(t)
	_, _, err := s.AddUser(ctx, "ws_nope", cx.User{Email: "a@example.vn"}, cx.RoleOwner)
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = s.CreateTouchpoint(ctx, "ws_nope", cx.Touchpoint{Name: cx.Text{En: "X"}, Phase: "before"})
	if e := cx.AsError(err); e == nil || e.Field == "key" {
		t.Errorf("CreateTouchpoint in an unknown workspace: got %v, want an error that is not about the key", err)
	}
}

// Two owners demoting each other at once leave one owner; two deletions of
// a workspace's last two journeys leave one journey. On PostgreSQL a third
// transaction holds the workspace row until both wait, so that they really
// race; SQLite runs write transactions one at a time.
func TestConcurrentInvariants(t *testing.T) {
	ctx := context.Background()
	t.Run("owners", func(t *testing.T) {
		s, w := setup(t)
		lan, _, _ := s.AddUser(ctx, w.ID, cx.User{Email: "lan@example.vn"}, cx.RoleOwner)
		minh, _, _ := s.AddUser(ctx, w.ID, cx.User{Email: "minh@example.vn"}, cx.RoleOwner)
		errs := race(t, s, w.ID,
			func() error { return s.SetRole(ctx, w.ID, lan.ID, cx.RoleAdmin) },
			func() error { return s.SetRole(ctx, w.ID, minh.ID, cx.RoleAdmin) })
		if n := countConflicts(errs); n != 1 {
			t.Errorf("got errors %v, want exactly one conflict", errs)
		}
		var owners int
		s.DB().QueryRowContext(ctx, rebind(s, `SELECT COUNT(*) FROM memberships WHERE workspace_id = ? AND role = 'owner'`), w.ID).Scan(&owners)
		if owners != 1 {
			t.Errorf("got %d owners, want 1", owners)
		}
	})
	t.Run("journeys", func(t *testing.T) {
		s, w := setup(t)
		seeded := firstJourney(t, s, w.ID)
		j, err := s.CreateJourney(ctx, w.ID, cx.Journey{Template: cx.TemplatePhases})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, rebind(s, `DELETE FROM touchpoints WHERE workspace_id = ?`), w.ID); err != nil {
			t.Fatal(err)
		}
		errs := race(t, s, w.ID,
			func() error { return s.DeleteJourney(ctx, w.ID, seeded.ID) },
			func() error { return s.DeleteJourney(ctx, w.ID, j.ID) })
		if n := countConflicts(errs); n != 1 {
			t.Errorf("got errors %v, want exactly one conflict", errs)
		}
	})
}

type storeT = *store.Store

// rebind makes a one-placeholder test query fit the engine.
func rebind(s *store.Store, q string) string {
	if s.Engine() == "postgres" {
		return strings.Replace(q, "?", "$1", 1)
	}
	return q
}

// race runs both functions at once. On PostgreSQL it first takes the
// workspace row and lets go only when both wait for it.
func race(t *testing.T, s *store.Store, wsID string, a, b func() error) []error {
	t.Helper()
	ctx := context.Background()
	var release func()
	if s.Engine() == "postgres" {
		blocker, err := s.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := blocker.ExecContext(ctx, `SELECT 1 FROM workspaces WHERE workspace_id = $1 FOR UPDATE`, wsID); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { blocker.Rollback() }) // also when the test fails first
		release = func() { blocker.Commit() }
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, f := range []func() error{a, b} {
		wg.Go(func() { errs[i] = f() })
	}
	if release != nil {
		waitForLockWaiters(t, s.DB(), 2)
		release()
	}
	wg.Wait()
	return errs
}

func waitForLockWaiters(t *testing.T, db *sql.DB, want int) {
	t.Helper()
	for i := 0; i < 500; i++ {
		var n int
		db.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT workspace_id FROM workspaces%FOR UPDATE'`).Scan(&n)
		if n >= want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the two transactions never both waited for the workspace row")
}

func countConflicts(errs []error) int {
	n := 0
	for _, err := range errs {
		var e *cx.Error
		if errors.As(err, &e) && e.Code == cx.Conflict {
			n++
		} else if err != nil {
			n += 100 // any other error is wrong
		}
	}
	return n
}
