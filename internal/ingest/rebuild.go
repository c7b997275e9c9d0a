package ingest

import (
	"context"

	"cxm/internal/store"
)

// rebuildChunk is how many customers one rebuild transaction takes: small
// enough that ingestion, which shares the writer, waits little.
const rebuildChunk = 100

// Rebuild works out again, from the raw events, the summary, the orders
// and the stages of every customer of a workspace, as ingestion keeps them
// while events arrive. It is for after a change of rules, or a repair; it
// returns how many customers it went through. Events without a touchpoint
// are mapped again first. Identities and merges stay as they are: the
// events already belong to the right customers.
func Rebuild(ctx context.Context, st *store.Store, wsID string) (int, error) {
	if _, err := Remap(ctx, st, wsID, 0); err != nil {
		return 0, err
	}
	after, total := "", 0
	for {
		ids, err := st.CustomerIDs(ctx, wsID, after, rebuildChunk)
		if err != nil || len(ids) == 0 {
			return total, err
		}
		err = st.Ingest(ctx, func(tx *store.IngestTx) error {
			raw, err := tx.Setup(wsID)
			if err != nil {
				return err
			}
			set := newSetup(raw)
			for _, id := range ids {
				if err := rebuildCustomer(tx, set, wsID, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		after, total = ids[len(ids)-1], total+len(ids)
	}
}

// rebuildCustomer replays one customer's events in the order they arrived.
func rebuildCustomer(tx *store.IngestTx, set *setup, wsID, id string) error {
	if err := tx.ResetCustomer(wsID, id); err != nil {
		return err
	}
	events, err := tx.CustomerEvents(wsID, id)
	if err != nil {
		return err
	}
	var sum store.SummaryDelta
	refs := make([]store.EventRef, len(events))
	for i := range events {
		e := &events[i]
		refs[i] = store.EventRef{ID: e.ID, Name: e.Name, At: e.Timestamp}
		// An order stored before the money rules and beyond them is left
		// out: its amounts mean nothing, and the rest of the customer stays.
		d, order, _ := effects(e, set.Currency)
		if order != nil {
			stored, err := tx.InsertOrder(wsID, *order)
			if err != nil {
				return err
			}
			if stored {
				addOrder(&d, order)
			}
		}
		sum.Add(d)
	}
	imported, err := tx.ImportedOrders(wsID, id)
	if err != nil {
		return err
	}
	for i := range imported {
		var d store.SummaryDelta
		addOrder(&d, &imported[i])
		sum.Add(d)
	}
	if err := tx.AddSummary(wsID, id, sum); err != nil {
		return err
	}
	_, err = set.replay(refs, func(journey, from string, to reached) error {
		return tx.MoveStage(wsID, id, journey, from, to.stage, to.eventID, to.at)
	})
	return err
}

// RebuildAll rebuilds every workspace of the server.
func RebuildAll(ctx context.Context, st *store.Store) (map[string]int, error) {
	wss, err := st.Workspaces(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, w := range wss {
		n, err := Rebuild(ctx, st, w.ID)
		if err != nil {
			return out, err
		}
		out[w.ID] = n
	}
	return out, nil
}
