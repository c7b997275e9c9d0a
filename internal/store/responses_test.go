package store_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
)

// answersText writes answers in order, one word each, to compare them.
func answersText(as []cx.Answer) string {
	var words []string
	for _, a := range as {
		w := a.Question
		if a.Score != nil {
			w += fmt.Sprintf("=%g", *a.Score)
		}
		if len(a.Choices) > 0 {
			w += fmt.Sprint(a.Choices)
		}
		if a.Text != "" {
			w += ":" + a.Text
		}
		if len(a.Scores) > 0 {
			w += fmt.Sprint(a.Scores)
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

func TestResponsesGiveEachResponseItsAnswers(t *testing.T) {
	ctx := context.Background()
	s, ws := setup(t)
	opts := func(keys ...string) []cx.Option {
		var out []cx.Option
		for _, k := range keys {
			out = append(out, cx.Option{Key: k, Label: cx.Text{Vi: k}})
		}
		return out
	}
	sv, err := s.CreateSurvey(ctx, ws.ID, cx.Survey{Name: cx.Text{Vi: "Khảo sát"}, Status: cx.SurveyActive, Questions: []cx.Question{
		{Key: "nps", Type: cx.QNPS, Title: cx.Text{Vi: "Giới thiệu?"}},
		{Key: "why", Type: cx.QText, Title: cx.Text{Vi: "Vì sao?"}},
		{Key: "pick", Type: cx.QMultiple, Title: cx.Text{Vi: "Chọn"}, Options: opts("a", "b", "c")},
		{Key: "grid", Type: cx.QMatrix, Title: cx.Text{Vi: "Chấm"}, Options: opts("taste", "price")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateSurvey(ctx, ws.ID, npsSurvey(cx.SurveyActive))
	if err != nil {
		t.Fatal(err)
	}
	submit := func(surveyID string, answers ...cx.Answer) string {
		t.Helper()
		_, hash := secret.NewToken()
		r, err := s.SubmitResponse(ctx, ws.ID, cx.Response{SurveyID: surveyID, Channel: "api", Language: "vi", Answers: answers}, hash)
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	r1 := submit(sv.ID, cx.Answer{Question: "nps", Score: score(9)}, cx.Answer{Question: "why", Text: "Ngon"},
		cx.Answer{Question: "grid", Scores: map[string]float64{"taste": 5, "price": 3}})
	submit(other.ID, cx.Answer{Question: "nps", Score: score(0)}, cx.Answer{Question: "why", Text: "Not this survey"})
	r2 := submit(sv.ID)
	// Answered step by step, going back to nps: the new nps comes last.
	_, hash := secret.NewToken()
	r3, err := s.CreateResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, Channel: "link", Language: "vi"}, hash)
	if err != nil {
		t.Fatal(err)
	}
	steps := [][]cx.Answer{{{Question: "nps", Score: score(4)}}, {{Question: "pick", Choices: []string{"a", "c"}}}, {{Question: "nps", Score: score(6)}}}
	for _, step := range steps {
		if err := s.AnswerResponse(ctx, ws.ID, r3.ID, step, step[0].Question, false); err != nil {
			t.Fatal(err)
		}
	}
	want := []struct{ id, answers string }{
		{r1, "nps=9 why:Ngon grid" + fmt.Sprint(map[string]float64{"price": 3, "taste": 5})},
		{r2, ""},
		{r3.ID, "pick[a c] nps=6"},
	}

	check := func(t *testing.T, got []cx.Response, want []struct{ id, answers string }) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("got %d responses, want %d", len(got), len(want))
		}
		for i, w := range want {
			if got[i].ID != w.id {
				t.Errorf("response %d: got %s, want %s", i, got[i].ID, w.id)
			}
			if a := answersText(got[i].Answers); a != w.answers {
				t.Errorf("response %d: got answers %q, want %q", i, a, w.answers)
			}
			one, err := s.Response(ctx, ws.ID, got[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[i], one) {
				t.Errorf("response %d: got %+v in the list, %+v alone", i, got[i], one)
			}
		}
	}
	t.Run("one page", func(t *testing.T) {
		l, err := s.Responses(ctx, ws.ID, sv.ID, store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		check(t, l.Items, want)
		if l.Next != "" {
			t.Errorf("got next %q, want none", l.Next)
		}
	})
	t.Run("two pages", func(t *testing.T) {
		l, err := s.Responses(ctx, ws.ID, sv.ID, store.Page{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		check(t, l.Items, want[:2])
		if l.Next != r2 {
			t.Fatalf("got next %q, want %s", l.Next, r2)
		}
		l, err = s.Responses(ctx, ws.ID, sv.ID, store.Page{After: l.Next, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		check(t, l.Items, want[2:])
	})
}
