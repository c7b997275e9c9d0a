package store_test

import (
	"context"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func TestConsents(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	lan := seedLan(t, s, ws)
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	set := func(c ...cx.Consent) error { return s.SetConsents(ctx, ws.ID, lan, c) }

	if err := set(cx.Consent{Purpose: "marketing", Channel: "email", Granted: true, Source: "api", UpdatedAt: at},
		cx.Consent{Purpose: "marketing", Channel: "zalo", Granted: false, Source: "api", UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	// A newer answer replaces one; an older one never does.
	if err := set(cx.Consent{Purpose: "marketing", Channel: "email", Granted: false, Source: "dashboard", UpdatedAt: at.Add(time.Hour)},
		cx.Consent{Purpose: "marketing", Channel: "zalo", Granted: true, Source: "identify", UpdatedAt: at.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Customer(ctx, ws.ID, lan)
	if err != nil {
		t.Fatal(err)
	}
	want := []cx.Consent{
		{Purpose: "marketing", Channel: "email", Granted: false, Source: "dashboard", UpdatedAt: at.Add(time.Hour)},
		{Purpose: "marketing", Channel: "zalo", Granted: false, Source: "api", UpdatedAt: at},
	}
	if len(c.Consents) != len(want) {
		t.Fatalf("got %+v, want %+v", c.Consents, want)
	}
	for i := range want {
		if c.Consents[i] != want[i] {
			t.Errorf("consent %d: got %+v, want %+v", i, c.Consents[i], want[i])
		}
	}

	for _, tc := range []struct {
		c     cx.Consent
		field string
	}{
		{cx.Consent{Purpose: "spam", Channel: "email", Source: "api"}, "consents[0].purpose"},
		{cx.Consent{Purpose: "marketing", Channel: "fax", Source: "api"}, "consents[0].channel"},
		{cx.Consent{Purpose: "marketing", Channel: "email", Source: "rumour"}, "consents[0].source"},
	} {
		storetest.WantErr(t, set(tc.c), cx.Invalid, tc.field)
	}
	other := storetest.Workspace(t, s, "Tiệm Bánh")
	storetest.WantErr(t, s.SetConsents(ctx, other.ID, lan, nil), cx.NotFound, "")
	if err := s.DeleteCustomer(ctx, ws.ID, lan); err != nil {
		t.Fatal(err)
	}
	if n := store.CountRows(t, s, "customer_consents", ws.ID); n != 0 {
		t.Errorf("got %d consents after the customer was deleted, want 0", n)
	}
}

func TestConsentsFromTrait(t *testing.T) {
	at := time.Now()
	got, err := cx.ConsentsFromTrait(map[string]any{"surveys": map[string]any{"email": true}}, "identify", at)
	if err != nil || len(got) != 1 || got[0] != (cx.Consent{Purpose: "surveys", Channel: "email", Granted: true, Source: "identify", UpdatedAt: at}) {
		t.Errorf("got %+v, %v", got, err)
	}
	for _, bad := range []any{"yes", map[string]any{"marketing": true}, map[string]any{"marketing": map[string]any{"email": "yes"}},
		map[string]any{"gossip": map[string]any{"email": true}}} {
		if _, err := cx.ConsentsFromTrait(bad, "identify", at); cx.ErrorCode(err) != cx.Invalid {
			t.Errorf("%v: got %v, want invalid", bad, err)
		}
	}
}
