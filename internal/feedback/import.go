package feedback

import (
	"context"
	"io"

	"cxm/internal/store"
)

// ImportCSV imports external feedback (reviews, comments, notes, calls)
// from a CSV file in the format ParseCSV reads, into workspace wsID: every
// row or none, and importing the same file again adds nothing. A
// touchpoint_key column names the workspace's touchpoints by key. The API
// and the dashboard both import through it; the caller bounds r's size.
func (s *Service) ImportCSV(ctx context.Context, wsID string, r io.Reader) (store.ImportResult, error) {
	keys, err := s.touchpointKeys(ctx, wsID)
	if err != nil {
		return store.ImportResult{}, err
	}
	items, err := ParseCSV(r, keys)
	if err != nil {
		return store.ImportResult{}, err
	}
	return s.store.ImportFeedback(ctx, wsID, items)
}

// touchpointKeys maps the key of every touchpoint of a workspace to its id.
func (s *Service) touchpointKeys(ctx context.Context, wsID string) (map[string]string, error) {
	keys := map[string]string{}
	page := store.Page{Limit: store.MaxLimit}
	for {
		l, err := s.store.Touchpoints(ctx, wsID, store.TouchpointFilter{}, page)
		if err != nil {
			return nil, err
		}
		for _, tp := range l.Items {
			keys[tp.Key] = tp.ID
		}
		if l.Next == "" {
			return keys, nil
		}
		page.After = l.Next
	}
}
