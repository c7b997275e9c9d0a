package store_test

import (
	"context"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/store/storetest"
)

func npsSurvey(status string) cx.Survey {
	return cx.Survey{Name: cx.Text{Vi: "Khảo sát"}, Status: status, Questions: []cx.Question{
		{Key: "nps", Type: cx.QNPS, Required: true, Title: cx.Text{Vi: "Giới thiệu?"}},
		{Key: "why", Type: cx.QText, Title: cx.Text{Vi: "Vì sao?"}},
	}}
}

func score(f float64) *float64 { return &f }

func TestSurveyVersionsKeepAnswers(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	ws := storetest.Workspace(t, s, "Quán A")
	sv, err := s.CreateSurvey(ctx, ws.ID, npsSurvey(cx.SurveyActive))
	if err != nil {
		t.Fatal(err)
	}
	// No response yet: editing rewrites version 1.
	sv.Questions[1].Title = cx.Text{Vi: "Tại sao?"}
	if sv, err = s.UpdateSurvey(ctx, ws.ID, sv); err != nil || sv.Version != 1 {
		t.Fatalf("got version %d, err %v, want 1", sv.Version, err)
	}
	_, hash := secret.NewToken()
	r, err := s.SubmitResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, Channel: "api", Language: "vi",
		Answers: []cx.Answer{{Question: "nps", Score: score(8)}, {Question: "why", Text: "Ngon"}}}, hash)
	if err != nil {
		t.Fatal(err)
	}
	// With a response, a changed question makes version 2.
	sv.Questions = append(sv.Questions[:1], cx.Question{Key: "stars", Type: cx.QRating, Title: cx.Text{Vi: "Chấm sao"}})
	if sv, err = s.UpdateSurvey(ctx, ws.ID, sv); err != nil || sv.Version != 2 {
		t.Fatalf("got version %d, err %v, want 2", sv.Version, err)
	}
	vs, err := s.SurveyVersions(ctx, ws.ID, sv.ID)
	if err != nil || len(vs) != 2 || vs[0].Questions[1].Key != "why" || vs[1].Questions[1].Key != "stars" {
		t.Fatalf("got versions %+v, err %v", vs, err)
	}
	got, err := s.Response(ctx, ws.ID, r.ID)
	if err != nil || got.Version != 1 || len(got.Answers) != 2 || got.Answers[1].Text != "Ngon" {
		t.Fatalf("got response %+v, err %v: the old answers must keep version 1", got, err)
	}
	// A survey with responses is closed, not deleted.
	storetest.WantErr(t, s.DeleteSurvey(ctx, ws.ID, sv.ID), cx.Conflict, "")
	sv.Status = cx.SurveyClosed
	if _, err := s.UpdateSurvey(ctx, ws.ID, sv); err != nil {
		t.Fatal(err)
	}
	_, hash = secret.NewToken()
	_, err = s.SubmitResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, Answers: []cx.Answer{{Question: "nps", Score: score(1)}}}, hash)
	storetest.WantErr(t, err, cx.Conflict, "")
	other := storetest.Workspace(t, s, "Quán B")
	storetest.WantErr(t, s.DeleteSurvey(ctx, other.ID, sv.ID), cx.NotFound, "")
}

func TestPersonalLinkTakesOneResponse(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	ws := storetest.Workspace(t, s, "Quán A")
	sv, _ := s.CreateSurvey(ctx, ws.ID, npsSurvey(cx.SurveyActive))
	_, invHash := secret.NewToken()
	inv, err := s.CreateInvitation(ctx, ws.ID, cx.Invitation{SurveyID: sv.ID, Email: "lan@example.vn"}, invHash)
	if err != nil || inv.Language != "vi" || inv.Channel != "link" {
		t.Fatalf("got %+v, %v", inv, err)
	}
	_, h1 := secret.NewToken()
	r, err := s.CreateResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, InvitationID: inv.ID, Channel: "link", Language: "vi"}, h1)
	if err != nil {
		t.Fatal(err)
	}
	_, h2 := secret.NewToken()
	_, err = s.CreateResponse(ctx, ws.ID, cx.Response{SurveyID: sv.ID, InvitationID: inv.ID, Channel: "link", Language: "vi"}, h2)
	storetest.WantErr(t, err, cx.Conflict, "")
	if err := s.AnswerResponse(ctx, ws.ID, r.ID, []cx.Answer{{Question: "nps", Score: score(10)}}, "nps", true); err != nil {
		t.Fatal(err)
	}
	storetest.WantErr(t, s.AnswerResponse(ctx, ws.ID, r.ID, []cx.Answer{{Question: "why", Text: "x"}}, "why", true), cx.Conflict, "")
	inv, _ = s.Invitation(ctx, ws.ID, inv.ID)
	if inv.Status != "responded" || inv.ResponseID != r.ID || inv.RespondedAt == nil {
		t.Errorf("got invitation %+v, want responded", inv)
	}
	// Unsubscribed people are not invited again.
	if err := s.Unsubscribe(ctx, ws.ID, inv); err != nil {
		t.Fatal(err)
	}
	_, h3 := secret.NewToken()
	_, err = s.CreateInvitation(ctx, ws.ID, cx.Invitation{SurveyID: sv.ID, Email: "LAN@example.vn"}, h3)
	storetest.WantErr(t, err, cx.Conflict, "")
}

func TestExternalFeedbackOnceAndLinked(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	ws := storetest.Workspace(t, s, "Shop")
	rows := []cx.ExternalFeedback{
		{Source: "shopee", Rating: score(2), Text: "Giao hàng chậm", Author: "minh_88", Date: "2026-11-01"},
		{Source: "google_maps", Rating: score(5), Text: "Tuyệt vời", ExternalID: "gm-1"},
		{Source: "call_centre", Text: "Khách hỏi đổi size", Agent: "Hà", DurationS: 240},
	}
	res, err := s.ImportFeedback(ctx, ws.ID, rows)
	if err != nil || res.Added != 3 {
		t.Fatalf("got %+v, %v, want 3 added", res, err)
	}
	res, err = s.ImportFeedback(ctx, ws.ID, rows)
	if err != nil || res.Added != 0 || res.Unchanged != 3 {
		t.Fatalf("re-import got %+v, %v, want nothing added", res, err)
	}
	bad := append(rows[:1:1], cx.ExternalFeedback{Source: "shopee", Rating: score(6), Text: "x"})
	_, err = s.ImportFeedback(ctx, ws.ID, bad)
	storetest.WantErr(t, err, cx.Invalid, "rows[3].rating")
	l, err := s.Feedback(ctx, ws.ID, store.FeedbackFilter{}, store.Page{})
	if err != nil || len(l.Items) != 3 {
		t.Fatalf("got %d feedback, %v, want 3", len(l.Items), err)
	}
	call, _ := s.Feedback(ctx, ws.ID, store.FeedbackFilter{Source: "call_centre"}, store.Page{})
	if len(call.Items) != 1 || call.Items[0].Kind != cx.KindCall || call.Items[0].Agent != "Hà" || call.Items[0].DurationS != 240 {
		t.Errorf("got call notes %+v", call.Items)
	}
	low, _ := s.Feedback(ctx, ws.ID, store.FeedbackFilter{MaxScore: score(3)}, store.Page{})
	if len(low.Items) != 1 || low.Items[0].Source != "shopee" || low.Items[0].ScaleMax != 5 {
		t.Errorf("got low scores %+v", low.Items)
	}
}
