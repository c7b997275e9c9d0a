package store

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"cxm/internal/cx"
)

// A timeline merges several sources (events now, feedback later) newest
// first. Items are ordered by time, then kind, then id, all descending, and
// a page's cursor is the last item's "ms:kind:id", so each source can fetch
// just the items after it without offsets.
type timelineCursor struct {
	ms   int64
	kind string
	id   string
}

// timelineSource fetches up to limit items of one kind for a customer,
// after cursor in timeline order (all when cursor is nil).
type timelineSource struct {
	kind  string
	fetch func(ctx context.Context, c conn, wsID, customerID string, after *timelineCursor, limit int) ([]cx.TimelineItem, error)
}

// timelineSources lists every source of the timeline. A new kind of item
// adds its source here; nothing else changes.
var timelineSources = []timelineSource{
	{kind: cx.TimelineEvent, fetch: timelineEvents},
	{kind: cx.TimelineFeedback, fetch: timelineFeedback},
}

// Timeline returns one page of what happened with a customer, newest first.
// Page.After is the Next of the previous page.
func (s *Store) Timeline(ctx context.Context, wsID, customerID string, p Page) (List[cx.TimelineItem], error) {
	r := s.reader()
	if err := exists(ctx, r, "customers", "customer_id", wsID, customerID, "customer"); err != nil {
		return List[cx.TimelineItem]{}, err
	}
	after, err := parseTimelineCursor(p.After)
	if err != nil {
		return List[cx.TimelineItem]{}, err
	}
	var items []cx.TimelineItem
	for _, src := range timelineSources {
		got, err := src.fetch(ctx, r, wsID, customerID, after, p.limit())
		if err != nil {
			return List[cx.TimelineItem]{}, err
		}
		items = append(items, got...)
	}
	sort.Slice(items, func(i, j int) bool { return timelineBefore(items[i], items[j]) })
	if len(items) > p.limit() {
		items = items[:p.limit()]
	}
	if err := s.attachTimelineAnalyses(ctx, wsID, items); err != nil {
		return List[cx.TimelineItem]{}, err
	}
	return cut(items, p, func(it cx.TimelineItem) string {
		return strconv.FormatInt(ms(it.Time), 10) + ":" + it.Kind + ":" + it.ID
	}), nil
}

// timelineBefore reports whether a comes before b on the timeline.
func timelineBefore(a, b cx.TimelineItem) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.After(b.Time)
	}
	if a.Kind != b.Kind {
		return a.Kind > b.Kind
	}
	return a.ID > b.ID
}

func parseTimelineCursor(s string) (*timelineCursor, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.SplitN(s, ":", 3)
	if len(parts) == 3 {
		if v, err := strconv.ParseInt(parts[0], 10, 64); err == nil && parts[1] != "" && parts[2] != "" {
			return &timelineCursor{ms: v, kind: parts[1], id: parts[2]}, nil
		}
	}
	return nil, cx.FieldErrorf("after", "after is not a timeline cursor")
}

// afterCursor returns the SQL condition, and its arguments, that selects a
// source's items after the cursor: timeColumn and idColumn are the source's
// time (Unix ms) and id columns, kind its item kind.
func afterCursor(after *timelineCursor, kind, timeColumn, idColumn string) (string, []any) {
	switch {
	case after == nil:
		return "", nil
	case kind < after.kind:
		return ` AND ` + timeColumn + ` <= ?`, []any{after.ms}
	case kind > after.kind:
		return ` AND ` + timeColumn + ` < ?`, []any{after.ms}
	}
	return ` AND (` + timeColumn + ` < ? OR (` + timeColumn + ` = ? AND ` + idColumn + ` < ?))`, []any{after.ms, after.ms, after.id}
}

// timelineEvents is the events source of the timeline.
func timelineEvents(ctx context.Context, c conn, wsID, customerID string, after *timelineCursor, limit int) ([]cx.TimelineItem, error) {
	cond, args := afterCursor(after, cx.TimelineEvent, "occurred_at", "event_id")
	return collect(ctx, c, c.scanEventItem, `SELECT `+eventColumns+` FROM events WHERE workspace_id = ? AND customer_id = ?`+cond+`
		ORDER BY occurred_at DESC, event_id DESC LIMIT ?`, append(append([]any{wsID, customerID}, args...), limit)...)
}

func (c conn) scanEventItem(row scanner) (cx.TimelineItem, error) {
	e, err := c.scanEvent(row)
	if err != nil {
		return cx.TimelineItem{}, err
	}
	return cx.TimelineItem{Kind: cx.TimelineEvent, ID: e.ID, Time: e.Timestamp, TouchpointID: e.TouchpointID, Event: &e}, nil
}

const eventColumns = `event_id, message_id, customer_id, type, name, COALESCE(touchpoint_id, ''), properties, context, occurred_at, received_at`

// scanEvent reads an event row. Identify traits are kept in properties by
// ingestion, so they are shown as the event's properties.
func (c conn) scanEvent(row scanner) (cx.Event, error) {
	var e cx.Event
	var props, ctxJSON string
	var occurred, received int64
	err := row.Scan(&e.ID, &e.MessageID, &e.CustomerID, &e.Type, &e.Name, &e.TouchpointID, &props, &ctxJSON, &occurred, &received)
	if err != nil {
		return e, err
	}
	e.Timestamp, e.ReceivedAt = fromMS(occurred), fromMS(received)
	e.Properties = c.odd.object(props, "events.properties", e.ID)
	e.Context = c.odd.object(ctxJSON, "events.context", e.ID)
	return e, nil
}
