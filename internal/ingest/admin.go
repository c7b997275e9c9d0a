package ingest

import (
	"context"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// Ways to resolve an identity conflict.
const (
	ResolveMerge   = "merge"   // the two profiles are one person: merge the claimant into the holder
	ResolveDismiss = "dismiss" // they are two people: leave them apart
)

// ResolveConflict settles an open identity conflict as a person decided. A
// merge runs in the writer, like ingestion, so that it never races with
// events of the same customers.
func (p *Pipeline) ResolveConflict(ctx context.Context, wsID, id, action string) (cx.IdentityConflict, error) {
	if action != ResolveMerge && action != ResolveDismiss {
		return cx.IdentityConflict{}, cx.FieldErrorf("action", "action must be merge or dismiss")
	}
	j := &job{ws: wsID, fn: func(b *batch) error {
		c, err := b.tx.OpenConflict(wsID, id)
		if err != nil {
			return err
		}
		if action == ResolveDismiss {
			return b.tx.CloseConflict(wsID, id, cx.ConflictDismissed)
		}
		if err := b.merge(c.ClaimantID, c.CustomerID, cx.MergeConflict, c.EventID); err != nil {
			return err
		}
		if err := b.flush(); err != nil {
			return err
		}
		return b.tx.CloseConflict(wsID, id, cx.ConflictMerged)
	}}
	if err := p.run(ctx, j); err != nil {
		return cx.IdentityConflict{}, err
	}
	return p.st.IdentityConflict(ctx, wsID, id)
}

// remapChunk is how many events one remapping transaction takes.
const remapChunk = 500

// Remap applies the workspace's mapping rules to the events that have no
// touchpoint, at most limit of them (0 for all), and returns how many
// gained one: after a rule is added, its past events count too.
func Remap(ctx context.Context, st *store.Store, wsID string, limit int) (int, error) {
	rules, err := st.MappingRules(ctx, wsID)
	if err != nil {
		return 0, err
	}
	after, seen, mapped := "", 0, 0
	for limit == 0 || seen < limit {
		rows, err := st.UnmappedAfter(ctx, wsID, after, remapChunk)
		if err != nil || len(rows) == 0 {
			return mapped, err
		}
		found := map[string]string{}
		for _, r := range rows {
			e := cx.Event{Type: r.Type, Name: r.Name, Properties: r.Properties, Context: r.Context}
			if tp := Touchpoint(rules, &e); tp != "" {
				found[r.ID] = tp
			}
		}
		if err := st.SetTouchpoints(ctx, wsID, found); err != nil {
			return mapped, err
		}
		after, seen, mapped = rows[len(rows)-1].ID, seen+len(rows), mapped+len(found)
	}
	return mapped, nil
}
