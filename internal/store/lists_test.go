package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
)

// wantEmptyList fails unless got is a slice that is empty but not nil, so
// that it encodes as [] and not as null.
func wantEmptyList(t *testing.T, got any) {
	t.Helper()
	v := reflect.ValueOf(got)
	switch {
	case v.Kind() != reflect.Slice:
		t.Fatalf("got %T, want a slice", got)
	case v.IsNil():
		t.Errorf("got a nil %T, want an empty one", got)
	case v.Len() != 0:
		t.Errorf("got %d items, want none: the case does not test an empty list", v.Len())
	}
}

// TestEmptyListsAreNotNil asks every list of the store for nothing: each
// must be an empty slice, never nil.
func TestEmptyListsAreNotNil(t *testing.T) {
	ctx := context.Background()
	s, ws := setup(t)
	var customerID string
	err := s.Ingest(ctx, func(tx *store.IngestTx) error {
		var err error
		customerID, err = tx.NewCustomer(ws.ID, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sv, err := s.CreateSurvey(ctx, ws.ID, npsSurvey(cx.SurveyActive))
	if err != nil {
		t.Fatal(err)
	}
	_, hash := secret.NewToken()
	r, err := s.CreateResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, Channel: "link", Language: "vi"}, hash)
	if err != nil {
		t.Fatal(err)
	}
	none := store.Page{}
	for _, tc := range []struct {
		name string
		list func() (any, error)
	}{
		{"UnmappedEvents", func() (any, error) { return s.UnmappedEvents(ctx, ws.ID) }},
		{"UnmappedAfter", func() (any, error) { return s.UnmappedAfter(ctx, ws.ID, "", 10) }},
		{"IdentityConflicts", func() (any, error) { l, err := s.IdentityConflicts(ctx, ws.ID, "", none); return l.Items, err }},
		{"TriggerWorkspaces", func() (any, error) { return s.TriggerWorkspaces(ctx) }},
		{"EventsAfterCursor", func() (any, error) { return s.EventsAfterCursor(ctx, ws.ID, 10) }},
		{"InvitationRules", func() (any, error) { return s.InvitationRules(ctx, ws.ID, false) }},
		{"Invitations", func() (any, error) { l, err := s.Invitations(ctx, ws.ID, sv.ID, none); return l.Items, err }},
		{"ClaimJobs", func() (any, error) { return s.ClaimJobs(ctx, time.Now(), 10, time.Minute) }},
		{"Jobs", func() (any, error) { return s.Jobs(ctx, ws.ID, store.JobQueued, 10) }},
		{"CustomerIDs", func() (any, error) { return s.CustomerIDs(ctx, ws.ID, customerID, 10) }},
		{"Customer.Identities", func() (any, error) { c, err := s.Customer(ctx, ws.ID, customerID); return c.Identities, err }},
		{"Customer.Stages", func() (any, error) { c, err := s.Customer(ctx, ws.ID, customerID); return c.Stages, err }},
		{"Customer.Merges", func() (any, error) { c, err := s.Customer(ctx, ws.ID, customerID); return c.Merges, err }},
		{"Customer.Consents", func() (any, error) { c, err := s.Customer(ctx, ws.ID, customerID); return c.Consents, err }},
		{"CustomerOrders", func() (any, error) { return s.CustomerOrders(ctx, ws.ID, customerID, 10) }},
		{"Orders", func() (any, error) { l, err := s.Orders(ctx, ws.ID, none); return l.Items, err }},
		{"Timeline", func() (any, error) { l, err := s.Timeline(ctx, ws.ID, customerID, none); return l.Items, err }},
		{"Feedback", func() (any, error) {
			l, err := s.Feedback(ctx, ws.ID, store.FeedbackFilter{}, none)
			return l.Items, err
		}},
		{"CXModel.Standards", func() (any, error) { m, err := s.CXModel(ctx, ws.ID); return m.Standards, err }},
		{"CXModel.Goals", func() (any, error) { m, err := s.CXModel(ctx, ws.ID); return m.Goals, err }},
		{"Milestones", func() (any, error) { l, err := s.Milestones(ctx, ws.ID, none); return l.Items, err }},
		{"APIKeys", func() (any, error) { l, err := s.APIKeys(ctx, ws.ID, none); return l.Items, err }},
		{"Members", func() (any, error) { l, err := s.Members(ctx, ws.ID, none); return l.Items, err }},
		{"Memberships", func() (any, error) { return s.Memberships(ctx, "usr_nobody") }},
		{"UserInvitations", func() (any, error) { l, err := s.UserInvitations(ctx, ws.ID, none); return l.Items, err }},
		{"SurveyQuestions", func() (any, error) { return s.SurveyQuestions(ctx, ws.ID, sv.ID, 99) }},
		{"Response.Answers", func() (any, error) { r, err := s.Response(ctx, ws.ID, r.ID); return r.Answers, err }},
		{"Responses.Answers", func() (any, error) {
			l, err := s.Responses(ctx, ws.ID, sv.ID, none)
			if err != nil || len(l.Items) != 1 {
				return nil, fmt.Errorf("got %d responses, %v, want 1", len(l.Items), err)
			}
			return l.Items[0].Answers, nil
		}},
		{"Responses after the last", func() (any, error) {
			l, err := s.Responses(ctx, ws.ID, sv.ID, store.Page{After: r.ID})
			return l.Items, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.list()
			if err != nil {
				t.Fatal(err)
			}
			wantEmptyList(t, got)
		})
	}
}

// TestEmptyIngestListsAreNotNil does the same for the lists of the
// ingestion transaction, about a customer with no events or orders.
func TestEmptyIngestListsAreNotNil(t *testing.T) {
	ctx := context.Background()
	s, ws := setup(t)
	err := s.Ingest(ctx, func(tx *store.IngestTx) error {
		id, err := tx.NewCustomer(ws.ID, "")
		if err != nil {
			return err
		}
		for _, tc := range []struct {
			name string
			list func() (any, error)
		}{
			{"CustomerEvents", func() (any, error) { return tx.CustomerEvents(ws.ID, id) }},
			{"ImportedOrders", func() (any, error) { return tx.ImportedOrders(ws.ID, id) }},
			{"CustomerEventRefs", func() (any, error) { return tx.CustomerEventRefs(ws.ID, id) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := tc.list()
				if err != nil {
					t.Fatal(err)
				}
				wantEmptyList(t, got)
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
