package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// seedLan creates "Nguyễn Thị Lan" with identities, a stage, events, an
// order and a merge, and returns her id.
func seedLan(t *testing.T, s *store.Store, ws cx.Workspace) string {
	t.Helper()
	j := firstJourney(t, s, ws.ID)
	seen := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	c := cx.Customer{
		UserID: "u-lan", FullName: "Nguyễn Thị Lan", Email: "lan@example.vn", Phone: "+84912345678", City: "Hà Nội",
		Traits: map[string]any{"plan": "gold", "visits": 3},
		Identities: []cx.Identity{
			{Kind: cx.IDUser, Value: "u-lan"}, {Kind: cx.IDEmail, Value: "lan@example.vn"},
			{Kind: cx.IDPhone, Value: "+84912345678"}, {Kind: cx.IDAnonymous, Value: "anon-1"},
		},
		Stages:  []cx.CustomerStage{{JourneyID: j.ID, StageID: stageByKey(t, j, "purchase").ID}},
		Merges:  []cx.CustomerMerge{{MergedID: "cus_old", Reason: "alias"}},
		Summary: cx.Summary{LastSeen: &seen, RevenueVND: 250000},
	}
	var events []cx.Event
	for i := 0; i < 5; i++ {
		events = append(events, cx.Event{MessageID: fmt.Sprintf("m-lan-%d", i), Type: cx.EventTrack, Name: "Product Viewed",
			Timestamp: seen.Add(time.Duration(i) * time.Hour), Properties: map[string]any{"n": i}})
	}
	orders := []cx.Order{{ID: "DH-1", Total: 250000, Currency: "VND", PlacedAt: seen,
		Items: []cx.OrderItem{{ProductID: "p1", Name: "Cà phê sữa đá", Quantity: 2, Price: 125000}}}}
	return store.SeedCustomer(t, s, ws.ID, c, events, orders)
}

func TestCustomer(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	id := seedLan(t, s, ws)
	c, err := s.Customer(ctx, ws.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.FullName != "Nguyễn Thị Lan" || c.Email != "lan@example.vn" || c.Traits["plan"] != "gold" {
		t.Errorf("got %+v, want Lan's profile", c)
	}
	if len(c.Identities) != 4 || len(c.Stages) != 1 || len(c.Merges) != 1 || c.Merges[0].MergedID != "cus_old" {
		t.Errorf("got identities %v, stages %v, merges %v; want 4, 1, 1", c.Identities, c.Stages, c.Merges)
	}
	if c.Summary.Events != 5 || c.Summary.Orders != 1 || c.Summary.LastSeen == nil {
		t.Errorf("got summary %+v, want 5 events, 1 order, last seen", c.Summary)
	}
	_, err = s.Customer(ctx, ws.ID, "cus_nope")
	storetest.WantErr(t, err, cx.NotFound, "")
}

func TestCustomerByIdentity(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	id := seedLan(t, s, ws)
	for _, tc := range []struct{ kind, value string }{
		{cx.IDEmail, "  LAN@Example.VN "}, {cx.IDPhone, "0912 345 678"}, {cx.IDPhone, "+84 91 234 5678"},
		{cx.IDUser, "u-lan"}, {cx.IDAnonymous, "anon-1"},
	} {
		c, err := s.CustomerByIdentity(ctx, ws.ID, tc.kind, tc.value)
		if err != nil || c.ID != id {
			t.Errorf("CustomerByIdentity(%s, %q) = %s, %v; want %s", tc.kind, tc.value, c.ID, err, id)
		}
	}
	_, err := s.CustomerByIdentity(ctx, ws.ID, cx.IDEmail, "other@example.vn")
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = s.CustomerByIdentity(ctx, ws.ID, cx.IDEmail, "not an email")
	storetest.WantErr(t, err, cx.Invalid, "email")
	_, err = s.CustomerByIdentity(ctx, ws.ID, cx.IDPhone, "12")
	storetest.WantErr(t, err, cx.Invalid, "phone")
	_, err = s.CustomerByIdentity(ctx, ws.ID, "fax", "1")
	storetest.WantErr(t, err, cx.Invalid, "kind")
}

func TestCustomersSearchAndFilters(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	lan := seedLan(t, s, ws)
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	binh := store.SeedCustomer(t, s, ws.ID, cx.Customer{UserID: "u-binh", FullName: "Trần Văn Bình", Email: "binh@example.vn",
		Phone: "+84323456789", City: "Đà Nẵng", Traits: map[string]any{"plan": "free"}, Summary: cx.Summary{LastSeen: &old}}, nil, nil)
	stage := stageByKey(t, firstJourney(t, s, ws.ID), "purchase")
	cases := []struct {
		name string
		f    store.CustomerFilter
		want []string
	}{
		{"all, newest first", store.CustomerFilter{}, []string{binh, lan}},
		{"name without diacritics", store.CustomerFilter{Query: "nguyen thi"}, []string{lan}},
		{"name in capitals with diacritics", store.CustomerFilter{Query: "BÌNH"}, []string{binh}},
		{"email part", store.CustomerFilter{Query: "binh@"}, []string{binh}},
		{"phone as written", store.CustomerFilter{Query: "0912 345 678"}, []string{lan}},
		{"old phone prefix", store.CustomerFilter{Query: "01623456789"}, []string{binh}},
		{"phone digits", store.CustomerFilter{Query: "3456789"}, []string{binh}},
		{"user id", store.CustomerFilter{Query: "u-lan"}, []string{lan}},
		{"like wildcards are literal", store.CustomerFilter{Query: "%"}, nil},
		{"stage", store.CustomerFilter{StageID: stage.ID}, []string{lan}},
		{"city folded", store.CustomerFilter{City: "ha noi"}, []string{lan}},
		{"trait in JSON", store.CustomerFilter{Traits: map[string]string{"plan": "free"}}, []string{binh}},
		{"numeric trait", store.CustomerFilter{Traits: map[string]string{"visits": "3"}}, []string{lan}},
		{"trait with a column", store.CustomerFilter{Traits: map[string]string{"city": "Đà Nẵng"}}, []string{binh}},
		{"seen after", store.CustomerFilter{SeenAfter: old.Add(time.Hour)}, []string{lan}},
		{"seen before", store.CustomerFilter{SeenBefore: old.Add(time.Hour)}, []string{binh}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, err := s.Customers(ctx, ws.ID, tc.f, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range l.Items {
				got = append(got, c.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	_, err := s.Customers(ctx, ws.ID, store.CustomerFilter{Traits: map[string]string{"a'b": "x"}}, store.Page{})
	storetest.WantErr(t, err, cx.Invalid, "trait")
}

func TestCustomersPaging(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	var ids []string
	for i := 0; i < 5; i++ {
		ids = append([]string{store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: fmt.Sprint("Khách ", i)}, nil, nil)}, ids...)
	}
	var got []string
	p := store.Page{Limit: 2}
	for pages := 0; pages < 10; pages++ {
		l, err := s.Customers(ctx, ws.ID, store.CustomerFilter{}, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range l.Items {
			got = append(got, c.ID)
		}
		if l.Next == "" {
			break
		}
		p.After = l.Next
	}
	if fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Errorf("got %v, want %v", got, ids)
	}
}

func TestUpdateCustomerTraits(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	lan := seedLan(t, s, ws)
	binh := store.SeedCustomer(t, s, ws.ID, cx.Customer{FullName: "Bình", Email: "binh@example.vn",
		Identities: []cx.Identity{{Kind: cx.IDEmail, Value: "binh@example.vn"}}}, nil, nil)
	c, err := s.UpdateCustomerTraits(ctx, ws.ID, lan, map[string]any{
		"city": "Huế", "birthday": "05/03/1990", "phone": "0987 654 321", "plan": nil, "tier": "vip",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.City != "Huế" || c.Birthday != "1990-03-05" || c.Phone != "+84987654321" || c.FullName != "Nguyễn Thị Lan" {
		t.Errorf("got %+v, want city, birthday and phone changed, name kept", c)
	}
	if _, ok := c.Traits["plan"]; ok || c.Traits["tier"] != "vip" || c.Traits["visits"] != float64(3) {
		t.Errorf("got traits %v, want plan removed, tier added, visits kept", c.Traits)
	}
	if got, err := s.CustomerByIdentity(ctx, ws.ID, cx.IDPhone, "0987654321"); err != nil || got.ID != lan {
		t.Errorf("new phone finds %s, %v; want %s", got.ID, err, lan)
	}
	for _, tc := range []struct {
		traits      map[string]any
		code, field string
	}{
		{map[string]any{"email": "binh@example.vn"}, cx.Conflict, "email"},
		{map[string]any{"email": "nope"}, cx.Invalid, "email"},
		{map[string]any{"phone": "12"}, cx.Invalid, "phone"},
		{map[string]any{"birthday": "31/02/1990"}, cx.Invalid, "birthday"},
		{map[string]any{"full_name": 7}, cx.Invalid, "full_name"},
		{map[string]any{}, cx.Invalid, "traits"},
	} {
		_, err := s.UpdateCustomerTraits(ctx, ws.ID, lan, tc.traits)
		storetest.WantErr(t, err, tc.code, tc.field)
	}
	if c2, _ := s.Customer(ctx, ws.ID, lan); c2.Email != "lan@example.vn" {
		t.Errorf("a refused edit changed the email to %q", c2.Email)
	}
	_, err = s.UpdateCustomerTraits(ctx, ws.ID, "cus_nope", map[string]any{"city": "Huế"})
	storetest.WantErr(t, err, cx.NotFound, "")
	_ = binh
}

func TestDeleteCustomer(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	lan := seedLan(t, s, ws)
	other := storetest.Workspace(t, s, "Tiệm Bánh")
	keep := seedLan(t, s, other)
	if err := s.DeleteCustomer(ctx, ws.ID, lan); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"customers", "identities", "events", "orders", "customer_stages", "stage_transitions", "customer_merges"} {
		if n := store.CountRows(t, s, table, ws.ID); n != 0 {
			t.Errorf("%s: got %d rows after delete, want 0", table, n)
		}
		if n := store.CountRows(t, s, table, other.ID); n == 0 {
			t.Errorf("%s: the other workspace lost its rows", table)
		}
	}
	storetest.WantErr(t, s.DeleteCustomer(ctx, ws.ID, lan), cx.NotFound, "")
	storetest.WantErr(t, s.DeleteCustomer(ctx, ws.ID, keep), cx.NotFound, "")
}

func TestTimeline(t *testing.T) {
	s, ws := setup(t)
	ctx := context.Background()
	lan := seedLan(t, s, ws)
	var got []time.Time
	p := store.Page{Limit: 2}
	for pages := 0; pages < 10; pages++ {
		l, err := s.Timeline(ctx, ws.ID, lan, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range l.Items {
			if it.Kind != cx.TimelineEvent || it.Event == nil || it.Event.Name != "Product Viewed" {
				t.Errorf("got item %+v, want a Product Viewed event", it)
			}
			got = append(got, it.Time)
		}
		if l.Next == "" {
			break
		}
		p.After = l.Next
	}
	if len(got) != 5 {
		t.Fatalf("got %d items, want 5", len(got))
	}
	for i := 1; i < len(got); i++ {
		if !got[i].Before(got[i-1]) {
			t.Errorf("item %d at %v is not older than %v", i, got[i], got[i-1])
		}
	}
	_, err := s.Timeline(ctx, ws.ID, lan, store.Page{After: "garbage"})
	storetest.WantErr(t, err, cx.Invalid, "after")
	_, err = s.Timeline(ctx, ws.ID, "cus_nope", store.Page{})
	storetest.WantErr(t, err, cx.NotFound, "")
}
