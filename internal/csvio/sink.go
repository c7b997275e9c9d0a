package csvio

import (
	"context"

	"cxm/internal/cx"
	"cxm/internal/ingest"
)

// Into sends an import's events through the ingestion pipeline, so that
// imported customers and orders get their summaries and stages exactly as
// live events do.
func Into(p *ingest.Pipeline) Sink {
	return func(ctx context.Context, wsID string, events []cx.Event) (int, int, error) {
		r, err := p.Ingest(ctx, wsID, events)
		return r.New, r.Duplicates, err
	}
}
