package feedback_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/ingest"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

// FuzzImportResponsesCSV feeds any file to the response importer, on one
// real store. It never panics; a refused file is refused with a code;
// every response it stored is dated no later than the clock allows, and
// holds only text a database keeps.
func FuzzImportResponsesCSV(f *testing.F) {
	for _, s := range []string{
		googleForms,
		"Timestamp,nps\n30/11/2026 10:00:00,9\n",
		"submitted_at;nps;improve\n2026-11-30T10:00:00+07:00;1e400;x\n",
		"Dấu thời gian,nps\n11/30/2026 10:00,NaN\n",
		"Timestamp,nps,improve\n30/11/2026,10,=cmd|' /C calc'!A0\n",
		"Timestamp,nps\n\"30/11/2026,9\n",
		"Timestamp,criteria.taste,criteria.wait,criteria.overall,nps\n01/01/2026 00:00:00,5,5,5,0\n",
	} {
		f.Add([]byte(s))
	}
	ctx := context.Background()
	st := storetest.Open(f)
	pipe := ingest.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	pipe.Start(ctx)
	f.Cleanup(pipe.Close)
	now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	fb := feedback.New(st, pipe, "", func() time.Time { return now })
	wsID := storetest.Workspace(f, st, "Cà phê Mờ").ID
	sv := (&env{t: f, ctx: ctx, st: st, fb: fb, wsID: wsID}).surveyIn(wsID, cx.SurveyActive)
	f.Fuzz(func(t *testing.T, file []byte) {
		rep, err := fb.ImportResponsesCSV(ctx, wsID, strings.NewReader(string(file)), feedback.ResponseFile{SurveyID: sv.ID})
		if err != nil && cx.AsError(err) == nil {
			t.Fatalf("refused without a code: %v", err)
		}
		if rep.Added+rep.Duplicates != rep.Accepted || rep.Accepted+rep.BadRows != rep.Rows {
			t.Fatalf("report does not add up: %+v", rep)
		}
		l, err := st.Responses(ctx, wsID, sv.ID, store.Page{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range l.Items {
			if r.CompletedAt == nil || r.CompletedAt.After(now.Add(feedback.MaxClockSkew)) {
				t.Fatalf("response %+v dated beyond the clock", r)
			}
			for _, a := range r.Answers {
				if !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, 0) {
					t.Fatalf("answer %+v holds text a database refuses", a)
				}
			}
		}
	})
}
