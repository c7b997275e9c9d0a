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
