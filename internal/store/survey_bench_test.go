package store_test

import (
	"context"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store/storetest"
)

// BenchmarkAnswers stores answers as the survey page does: one answer a
// transaction (each step of each respondent), every fifth answer starting
// a new response. It reports answers stored a second.
func BenchmarkAnswers(b *testing.B) {
	ctx := context.Background()
	s := storetest.Open(b)
	ws := storetest.Workspace(b, s, "Bench")
	sv, err := s.CreateSurvey(ctx, ws.ID, npsSurvey(cx.SurveyActive))
	if err != nil {
		b.Fatal(err)
	}
	var respID string
	start := time.Now()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%5 == 0 {
			_, hash := secret.NewToken()
			r, err := s.CreateResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, Channel: "link", Language: "vi"}, hash)
			if err != nil {
				b.Fatal(err)
			}
			respID = r.ID
		}
		a := cx.Answer{Question: "why", Text: "Ngon, phục vụ nhanh"}
		if i%2 == 0 {
			a = cx.Answer{Question: "nps", Score: score(float64(i % 11))}
		}
		if err := s.AnswerResponse(ctx, ws.ID, respID, []cx.Answer{a}, a.Question, false); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "answers/s")
}
