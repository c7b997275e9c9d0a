package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
)

// rollupRows writes every score rollup row of a workspace, sorted, to
// compare two states of the table.
func rollupRows(t *testing.T, s *store.Store, wsID string) string {
	t.Helper()
	dims := []string{"day", "week", "survey", "question", "criterion", "touchpoint", "stage", "phase", "channel", "source"}
	var lines []string
	for _, m := range cx.Measures {
		counts, err := s.ScoreCounts(context.Background(), wsID, store.ScoreQuery{Measure: m, From: 0, To: 99991231, Group: dims})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			lines = append(lines, fmt.Sprintf("%s %v n %d sum %g sq %g high %d low %d", m, c.Group, c.N, c.Sum, c.SumSq, c.High, c.Low))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestScoreRollupsRebuildEqualsIncremental stores answers (some replaced,
// as a respondent going back does), a matrix, reviews on other scales and
// text-only feedback, then checks that rebuilding the rollups from the
// feedback table gives the very rows kept as the data arrived; and that a
// change of time zone moves answers to their day in the new zone.
func TestScoreRollupsRebuildEqualsIncremental(t *testing.T) {
	ctx := context.Background()
	s, ws := setup(t)
	stage := firstJourney(t, s, ws.ID).Stages[2]
	tp, err := s.CreateTouchpoint(ctx, ws.ID, cx.Touchpoint{Name: cx.Text{Vi: "Quầy"}, Phase: cx.PhaseDuring, StageID: stage.ID, Channel: "store", Mode: "offline"})
	if err != nil {
		t.Fatal(err)
	}
	sv, err := s.CreateSurvey(ctx, ws.ID, cx.Survey{Name: cx.Text{Vi: "Sau mua"}, Status: cx.SurveyActive, TouchpointID: tp.ID, Questions: []cx.Question{
		{Key: "nps", Type: cx.QNPS, Title: cx.Text{Vi: "Giới thiệu?"}},
		{Key: "csat", Type: cx.QCSAT, Title: cx.Text{Vi: "Hài lòng?"}},
		{Key: "m", Type: cx.QMatrix, Title: cx.Text{Vi: "Chấm điểm"}, Overall: true,
			Options: []cx.Option{{Key: "speed", Label: cx.Text{Vi: "Nhanh"}}, {Key: "taste", Label: cx.Text{Vi: "Ngon"}}}},
		{Key: "note", Type: cx.QText, Title: cx.Text{Vi: "Góp ý"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC is already the next day in Hồ Chí Minh city.
	at := time.Date(2026, 10, 4, 23, 30, 0, 0, time.UTC)
	for i, ch := range []string{"link", "qr", "email", "api"} {
		when := at.Add(time.Duration(i) * 24 * time.Hour)
		_, hash := secret.NewToken()
		_, err := s.SubmitResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, Channel: ch, Language: cx.LangVi, CompletedAt: &when, Answers: []cx.Answer{
			{Question: "nps", Score: score(float64(6 + i))}, {Question: "csat", Score: score(float64(2 + i%4))},
			{Question: "m", Scores: map[string]float64{"speed": float64(1 + i), "taste": 5, cx.OverallKey: 4}},
			{Question: "note", Text: "ổn"},
		}}, hash)
		if err != nil {
			t.Fatal(err)
		}
	}
	// A respondent on the survey page answers, goes back and changes
	// their NPS and matrix: the first answers leave the rollups.
	_, hash := secret.NewToken()
	r, err := s.CreateResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, Channel: "link", Language: cx.LangVi}, hash)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []float64{0, 10} {
		err := s.AnswerResponse(ctx, ws.ID, r.ID, []cx.Answer{{Question: "nps", Score: score(v)},
			{Question: "m", Scores: map[string]float64{"speed": 1 + v*0.4, "taste": 3}}}, "m", v == 10)
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, x := range []cx.ExternalFeedback{
		{Source: "google_maps", Rating: score(4), Text: "ngon", Date: "2026-10-06T09:00:00+07:00", TouchpointID: tp.ID},
		{Source: "shopee", Rating: score(7), ScaleMin: 1, ScaleMax: 10, Text: "giao chậm", Date: "2026-10-06"},
		{Source: "facebook", Text: "không chấm điểm", Date: "2026-10-06"},
	} {
		if _, _, err := s.AddFeedback(ctx, ws.ID, x); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ImportFeedback(ctx, ws.ID, []cx.ExternalFeedback{{Source: "google_maps", Rating: score(2), Text: "chờ lâu", Date: "2026-10-07"}}); err != nil {
		t.Fatal(err)
	}

	incremental := rollupRows(t, s, ws.ID)
	row := func(measure string, value string, group ...string) string {
		return fmt.Sprintf("%s %v n 1 sum %s ", measure, group, value)
	}
	for _, want := range []string{
		row("nps", "6", "20261005", "20261005", sv.ID, "nps", "", tp.ID, stage.ID, "during", "link", "survey"),
		row("stars", "4", "20261006", "20261005", "", "", "", tp.ID, stage.ID, "during", "api", "google_maps"),
		row("stars", "3.666667", "20261006", "20261005", "", "", "", "", "", "", "api", "shopee"),
		row("stars", "2", "20261007", "20261005", "", "", "", "", "", "", "import", "google_maps"),
		row("criterion", "4", "20261005", "20261005", sv.ID, "m", "overall", tp.ID, stage.ID, "during", "link", "survey"),
	} {
		if !strings.Contains(incremental, want) {
			t.Errorf("rollups lack %q:\n%s", want, incremental)
		}
	}
	// The respondent who went back: their NPS of 0 and speed of 1 were
	// replaced by 10 and 5, so today holds one NPS answer, a promoter.
	if !strings.Contains(incremental, " link survey] n 1 sum 10 sq 100 high 1 low 0") || strings.Count(incremental, "nps [") != 5 {
		t.Errorf("the first answers of the respondent who went back are still counted:\n%s", incremental)
	}
	if n, err := s.RebuildScoreRollups(ctx, ws.ID); err != nil || n != 4*5+3+3 {
		t.Fatalf("rebuild counted %d rows (%v), want %d", n, err, 4*5+3+3)
	}
	if rebuilt := rollupRows(t, s, ws.ID); rebuilt != incremental {
		t.Errorf("rebuilt rollups differ from incremental ones:\nrebuilt\n%s\nincremental\n%s", rebuilt, incremental)
	}

	// In New York the answer of 23:30 UTC on 4 October is still on the 4th.
	ws.Timezone = "America/New_York"
	if _, err := s.UpdateWorkspace(ctx, ws); err != nil {
		t.Fatal(err)
	}
	if stale, err := s.StaleScoreRollups(ctx); err != nil || !slices.Contains(stale, ws.ID) {
		t.Fatalf("stale = %v (%v), want %s listed after its time zone changed", stale, err, ws.ID)
	}
	if _, err := s.RebuildScoreRollups(ctx, ws.ID); err != nil {
		t.Fatal(err)
	}
	if stale, _ := s.StaleScoreRollups(ctx); slices.Contains(stale, ws.ID) {
		t.Errorf("still stale after the rebuild")
	}
	if newYork := rollupRows(t, s, ws.ID); !strings.Contains(newYork, "nps [20261004 20260928 "+sv.ID) {
		t.Errorf("after moving to New York the first answer is not on 4 October (week of 28 September):\n%s", newYork)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
