package store

import "context"

// NegativeComment is a feedback text at a touchpoint that the text
// analysis read as negative: its copy with personal data replaced.
type NegativeComment struct {
	TouchpointID, FeedbackID, Text string
	At                             int64 // Unix ms
}

// NegativeComments returns, for each of the touchpoints named, how many
// feedback rows given in [start, end) the text analysis read as negative,
// and the newest perTouchpoint of them (newest first, then by id), with
// their redacted text and the aspects they mention negatively, by
// feedback id.
func (s *Store) NegativeComments(ctx context.Context, wsID string, touchpointIDs []string, start, end int64, perTouchpoint int) (
	CountByKey, []NegativeComment, map[string][]string, error) {
	if len(touchpointIDs) == 0 {
		return CountByKey{}, nil, map[string][]string{}, nil
	}
	in := placeholders(len(touchpointIDs))
	args := append([]any{wsID}, anys(touchpointIDs)...)
	args = append(args, start, end)
	const from = ` FROM feedback f JOIN feedback_analysis a ON a.workspace_id = f.workspace_id AND a.feedback_id = f.feedback_id
		WHERE f.workspace_id = ? AND a.sentiment = 'negative' AND f.touchpoint_id IN (`
	counts, err := s.countBy(ctx, `SELECT f.touchpoint_id, COUNT(*)`+from+in+`) AND f.occurred_at >= ? AND f.occurred_at < ? GROUP BY f.touchpoint_id`, args...)
	if err != nil {
		return nil, nil, nil, err
	}
	list, err := collect(ctx, s.reader(), func(row scanner) (NegativeComment, error) {
		var c NegativeComment
		return c, row.Scan(&c.TouchpointID, &c.FeedbackID, &c.Text, &c.At)
	}, `SELECT touchpoint_id, feedback_id, redacted, occurred_at FROM (SELECT f.touchpoint_id, f.feedback_id, a.redacted, f.occurred_at,
		ROW_NUMBER() OVER (PARTITION BY f.touchpoint_id ORDER BY f.occurred_at DESC, f.feedback_id) AS k`+from+in+`)
		AND f.occurred_at >= ? AND f.occurred_at < ?) AS x WHERE k <= ? ORDER BY touchpoint_id, occurred_at DESC, feedback_id`, append(args, perTouchpoint)...)
	if err != nil {
		return nil, nil, nil, err
	}
	aspects := map[string][]string{}
	for i := 0; i < len(list); i += 500 {
		ids := make([]string, 0, 500)
		for _, c := range list[i:min(i+500, len(list))] {
			ids = append(ids, c.FeedbackID)
		}
		type row struct{ id, aspect string }
		rows, err := collect(ctx, s.reader(), func(r scanner) (row, error) {
			var v row
			return v, r.Scan(&v.id, &v.aspect)
		}, `SELECT feedback_id, aspect FROM feedback_aspects WHERE workspace_id = ? AND sentiment = 'negative' AND feedback_id IN (`+placeholders(len(ids))+`)
			ORDER BY feedback_id, position`, append([]any{wsID}, anys(ids)...)...)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, r := range rows {
			aspects[r.id] = append(aspects[r.id], r.aspect)
		}
	}
	return counts, list, aspects, nil
}
