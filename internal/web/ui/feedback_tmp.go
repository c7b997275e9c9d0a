package ui

import (
	"context"
	"cxm/internal/feedback"
	"cxm/internal/store"
)

func (s *Handler) importFeedbackCSV(ctx context.Context, wsID string, body interface{ Read([]byte) (int, error) }) (store.ImportResult, error) {
	tps, err := s.store.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		return store.ImportResult{}, err
	}
	keys := map[string]string{}
	for _, tp := range tps {
		keys[tp.Key] = tp.ID
	}
	items, err := feedback.ParseCSV(body, keys)
	if err != nil {
		return store.ImportResult{}, err
	}
	return s.store.ImportFeedback(ctx, wsID, items)
}
