package store

import (
	"context"

	"cxm/internal/cx"
)

// timelineFeedback is the feedback source of the timeline: every answer,
// review and note linked to the customer.
func timelineFeedback(ctx context.Context, c conn, wsID, customerID string, after *timelineCursor, limit int) ([]cx.TimelineItem, error) {
	cond, args := afterCursor(after, cx.TimelineFeedback, "occurred_at", "feedback_id")
	return collect(ctx, c, scanFeedbackItem, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = ? AND customer_id = ?`+cond+`
		ORDER BY occurred_at DESC, feedback_id DESC LIMIT ?`, append(append([]any{wsID, customerID}, args...), limit)...)
}

func scanFeedbackItem(row scanner) (cx.TimelineItem, error) {
	f, err := scanFeedback(row)
	if err != nil {
		return cx.TimelineItem{}, err
	}
	return cx.TimelineItem{Kind: cx.TimelineFeedback, ID: f.ID, Time: f.OccurredAt, TouchpointID: f.TouchpointID, Feedback: &f}, nil
}

// attachTimelineAnalyses sets the text analysis (sentiment, aspects) of
// the feedback on a page of the timeline.
func (s *Store) attachTimelineAnalyses(ctx context.Context, wsID string, items []cx.TimelineItem) error {
	var ids []string
	for _, it := range items {
		if it.Feedback != nil {
			ids = append(ids, it.Feedback.ID)
		}
	}
	found, err := s.FeedbackAnalyses(ctx, wsID, ids)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Feedback == nil {
			continue
		}
		if a, ok := found[it.Feedback.ID]; ok {
			it.Feedback.Analysis = &a
		}
	}
	return nil
}
