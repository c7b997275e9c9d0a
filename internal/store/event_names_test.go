package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// ingestEvents stores events of one customer as the pipeline's writer does.
func ingestEvents(t *testing.T, s *store.Store, wsID, customerID string, events ...cx.Event) {
	t.Helper()
	err := s.Ingest(context.Background(), func(tx *store.IngestTx) error {
		var rows []store.EventRow
		for i := range events {
			e := &events[i]
			e.ID, e.MessageID, e.CustomerID = tx.NewEventID(), fmt.Sprint("m-", time.Now().UnixNano(), "-", i), customerID
			rows = append(rows, store.EventRow{Event: e})
		}
		return tx.InsertEvents(wsID, rows)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEventNamesCountsWhatTheWriterStores(t *testing.T) {
	s, w := setup(t)
	ctx := context.Background()
	cus := store.SeedCustomer(t, s, w.ID, cx.Customer{FullName: "Lan"}, nil, nil)
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	ev := func(typ, name string, at time.Time) cx.Event {
		return cx.Event{Type: typ, Name: name, Timestamp: at, ReceivedAt: at}
	}
	ingestEvents(t, s, w.ID, cus, ev(cx.EventTrack, "Order Completed", t0), ev(cx.EventTrack, "Table Booked", t0),
		ev(cx.EventTrack, "Order Completed", t0.Add(time.Hour)), ev(cx.EventIdentify, "", t0), ev(cx.EventPage, "Menu", t0))
	ingestEvents(t, s, w.ID, cus, ev(cx.EventTrack, "Order Completed", t0.Add(-time.Hour)))
	got, err := s.EventNames(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 3 {
		t.Fatalf("got %+v, want the three kinds seen first", got)
	}
	first := got[0]
	if first.Name != "Order Completed" || first.Type != cx.EventTrack || first.Count != 3 || !first.Standard ||
		first.LastSeen == nil || !first.LastSeen.Equal(t0.Add(time.Hour)) {
		t.Errorf("got %+v, want Order Completed 3 times, last at %v, standard", first, t0.Add(time.Hour))
	}
	seen := map[string]int64{}
	standard := 0
	for _, e := range got {
		seen[e.Type+" "+e.Name] = e.Count
		if e.Count == 0 {
			standard++
			if !e.Standard || e.LastSeen != nil || e.Name == "Order Completed" {
				t.Errorf("got %+v, want only standard events not seen yet, without a last time", e)
			}
		}
	}
	if seen["track Table Booked"] != 1 || seen["page Menu"] != 1 || standard != len(cx.StandardEvents)-1 {
		t.Errorf("got %v with %d standard events unseen, want Table Booked and Menu once and %d unseen", seen, standard, len(cx.StandardEvents)-1)
	}
	other, _ := setup(t)
	if got, _ := other.EventNames(ctx, w.ID); len(got) != len(cx.StandardEvents) {
		t.Errorf("got %d names in another store, want the %d standard ones", len(got), len(cx.StandardEvents))
	}
}

func TestMigrationKeepsStageTextsAndCountsEvents(t *testing.T) {
	ctx := context.Background()
	s := openEmpty(t)
	_, known, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	store.MigrateTo(t, s, known-1)
	w, err := s.CreateWorkspace(ctx, cx.Workspace{Name: "Cà phê Sáng"}, cx.TemplatePhases)
	if err != nil {
		t.Fatal(err)
	}
	j := firstJourney(t, s, w.ID)
	st := j.Stages[0]
	store.SetStageTexts(t, s, w.ID, st.ID, `["Tò mò","Hứng thú"]`, `[]`)
	at := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	store.SeedCustomer(t, s, w.ID, cx.Customer{FullName: "Lan"}, []cx.Event{
		{Type: cx.EventTrack, Name: "Order Completed", MessageID: "a", Timestamp: at},
		{Type: cx.EventTrack, Name: "Order Completed", MessageID: "b", Timestamp: at.Add(time.Minute)},
		{Type: cx.EventIdentify, MessageID: "c", Timestamp: at},
	}, nil)
	if n, err := s.Migrate(ctx); err != nil || n != 1 {
		t.Fatalf("got %d, %v, want 1 migration applied", n, err)
	}
	emotions, actions := store.StageTexts(t, s, w.ID, st.ID)
	if !strings.Contains(emotions, `"vi"`) || !strings.Contains(emotions, "Hứng thú") || strings.TrimSpace(actions) != "[]" {
		t.Errorf("stored %s and %s, want lists of {vi, en}", emotions, actions)
	}
	j = firstJourney(t, s, w.ID)
	if got := j.Stages[0].DesiredEmotions; fmt.Sprint(got) != "[{Tò mò } {Hứng thú }]" || j.Stages[0].DesiredActions == nil || len(j.Stages[0].DesiredActions) != 0 {
		t.Errorf("got emotions %+v and actions %+v (stored %s, %s), want the strings kept as Vietnamese", got, j.Stages[0].DesiredActions, emotions, actions)
	}
	if got := j.Stages[1].DesiredEmotions; len(got) == 0 || got[0].Vi == "" || got[0].En == "" {
		t.Errorf("got %+v, want the texts written bilingual left as they were", got)
	}
	names, err := s.EventNames(ctx, w.ID)
	if err != nil || len(names) == 0 || names[0].Name != "Order Completed" || names[0].Count != 2 || !names[0].LastSeen.Equal(at.Add(time.Minute)) {
		t.Errorf("got %+v, %v, want Order Completed counted twice from the events already stored", names, err)
	}
}
