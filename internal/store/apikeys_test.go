package store_test

import (
	"context"
	"fmt"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func newKey(t *testing.T, s *store.Store, wsID, kind, name string) cx.APIKey {
	t.Helper()
	k, err := s.CreateAPIKey(context.Background(), cx.APIKey{WorkspaceID: wsID, Kind: kind, Name: name, Prefix: "cxm_" + name, Hash: secret.RandomToken(32)})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestCreateAPIKey(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	k, err := s.CreateAPIKey(ctx, cx.APIKey{WorkspaceID: w.ID, Kind: cx.KeySecret, Name: "  CRM sync ", Prefix: "cxm_sk_ab", Hash: "hash-1"})
	if err != nil {
		t.Fatal(err)
	}
	if k.ID == "" || k.Name != "CRM sync" || k.CreatedAt.IsZero() || k.RevokedAt != nil {
		t.Fatalf("got %+v, want an id, a trimmed name, a creation time and no revocation", k)
	}
	for _, get := range []struct {
		name string
		do   func() (cx.APIKey, error)
	}{
		{"by hash", func() (cx.APIKey, error) { return s.APIKeyByHash(ctx, "hash-1") }},
		{"by id", func() (cx.APIKey, error) { return s.APIKey(ctx, w.ID, k.ID) }},
	} {
		t.Run(get.name, func(t *testing.T) {
			got, err := get.do()
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(k) {
				t.Errorf("got %+v, want %+v", got, k)
			}
		})
	}

	for _, tc := range []struct {
		name  string
		key   cx.APIKey
		code  string
		field string
	}{
		{"bad kind", cx.APIKey{WorkspaceID: w.ID, Kind: "admin", Hash: "h2"}, cx.Invalid, "kind"},
		{"no kind", cx.APIKey{WorkspaceID: w.ID, Hash: "h2"}, cx.Invalid, "kind"},
		{"long name", cx.APIKey{WorkspaceID: w.ID, Kind: cx.KeyWrite, Name: string(make([]rune, 101)), Hash: "h2"}, cx.Invalid, "name"},
		{"same hash", cx.APIKey{WorkspaceID: w.ID, Kind: cx.KeyWrite, Hash: "hash-1"}, cx.Conflict, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateAPIKey(ctx, tc.key)
			storetest.WantErr(t, err, tc.code, tc.field)
		})
	}
	_, err = s.APIKeyByHash(ctx, "no-such-hash")
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = s.APIKey(ctx, w.ID, "key_nope")
	storetest.WantErr(t, err, cx.NotFound, "")
}

func TestAPIKeysPaging(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")
	var want []string
	for i := range 5 {
		want = append(want, newKey(t, s, a.ID, cx.KeyWrite, fmt.Sprint("k", i)).ID)
	}
	newKey(t, s, b.ID, cx.KeySecret, "b")
	for _, tc := range []struct {
		limit int
		pages int
	}{{1, 5}, {2, 3}, {5, 1}, {0, 1}, {1000, 1}} {
		t.Run(fmt.Sprint("limit ", tc.limit), func(t *testing.T) {
			var got []string
			p := store.Page{Limit: tc.limit}
			pages := 0
			for {
				pages++
				if pages > 10 {
					t.Fatal("paging does not end")
				}
				l, err := s.APIKeys(ctx, a.ID, p)
				if err != nil {
					t.Fatal(err)
				}
				for _, k := range l.Items {
					got = append(got, k.ID)
				}
				if l.Next == "" {
					break
				}
				p.After = l.Next
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || pages != tc.pages {
				t.Errorf("got %v in %d pages, want %v in %d", got, pages, want, tc.pages)
			}
		})
	}
}

func TestRevokeAPIKey(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	a := storetest.Workspace(t, s, "A")
	b := storetest.Workspace(t, s, "B")
	k := newKey(t, s, a.ID, cx.KeySecret, "crm")
	other := newKey(t, s, a.ID, cx.KeyWrite, "site")

	r1, err := s.RevokeAPIKey(ctx, a.ID, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r1.RevokedAt == nil {
		t.Fatalf("got no revocation time, want one")
	}
	r2, err := s.RevokeAPIKey(ctx, a.ID, k.ID)
	if err != nil {
		t.Fatalf("got %v revoking twice, want nil", err)
	}
	if r2.RevokedAt == nil || !r2.RevokedAt.Equal(*r1.RevokedAt) {
		t.Errorf("got revoked at %v the second time, want %v kept", r2.RevokedAt, r1.RevokedAt)
	}
	byHash, err := s.APIKeyByHash(ctx, k.Hash)
	if err != nil || byHash.RevokedAt == nil {
		t.Errorf("got %+v, %v, want the revoked key found by hash, marked revoked", byHash, err)
	}
	if o, _ := s.APIKey(ctx, a.ID, other.ID); o.RevokedAt != nil {
		t.Errorf("got the other key revoked, want it live")
	}

	_, err = s.RevokeAPIKey(ctx, b.ID, other.ID)
	storetest.WantErr(t, err, cx.NotFound, "")
	_, err = s.APIKey(ctx, b.ID, other.ID)
	storetest.WantErr(t, err, cx.NotFound, "")
	if o, _ := s.APIKey(ctx, a.ID, other.ID); o.RevokedAt != nil {
		t.Errorf("got the key revoked through workspace B, want it live")
	}
	_, err = s.RevokeAPIKey(ctx, a.ID, "key_nope")
	storetest.WantErr(t, err, cx.NotFound, "")
}
