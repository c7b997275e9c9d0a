package store

import (
	"context"

	"cxm/internal/cx"
)

// timelineFeedback is the feedback source of the timeline: every answer,
// review and note linked to the customer.
func timelineFeedback(ctx context.Context, c conn, wsID, customerID string, after *timelineCursor, limit int) ([]cx.TimelineItem, error) {
	cond, args := afterCursor(after, cx.TimelineFeedback, "occurred_at", "feedback_id")
	rows, err := c.query(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = ? AND customer_id = ?`+cond+`
		ORDER BY occurred_at DESC, feedback_id DESC LIMIT ?`, append(append([]any{wsID, customerID}, args...), limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cx.TimelineItem
	for rows.Next() {
		f, err := scanFeedback(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, cx.TimelineItem{Kind: cx.TimelineFeedback, ID: f.ID, Time: f.OccurredAt, TouchpointID: f.TouchpointID, Feedback: &f})
	}
	return out, rows.Err()
}
