package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/text"
)

// TestSlugsAreKeys checks that every key text.Slug makes, which the store
// gives a stage, touchpoint, question or option saved without one, is one
// cx.IsSlug accepts.
func TestSlugsAreKeys(t *testing.T) {
	for _, in := range []string{"Đánh giá và cân nhắc", "Word of mouth", "  --Hello,   World!!  ", "After-sales support",
		"Bước 2: Mua hàng", "", "!!!", "日本", strings.Repeat("abcdefghij ", 10), strings.Repeat("a", 39) + " b"} {
		t.Run(in, func(t *testing.T) {
			if got := text.Slug(in); !cx.IsSlug(got) {
				t.Errorf("got %q, which IsSlug refuses", got)
			}
		})
	}
}

func TestStageKeysFromNames(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	j, err := s.CreateJourney(ctx, w.ID, cx.Journey{Name: cx.Text{En: "J"}, Stages: []cx.Stage{
		{Key: "a", Name: cx.Text{En: "A"}},
		{Name: cx.Text{Vi: "Cân nhắc", En: "Think it over"}},
		{Name: cx.Text{Vi: " Mua hàng ", En: "  "}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if k := stageKeys(j); k != "[a think_it_over mua_hang]" {
		t.Errorf("got stages %s, want [a think_it_over mua_hang]: the English name, else the Vietnamese", k)
	}
	j.Stages = append(j.Stages, cx.Stage{Name: cx.Text{Vi: "Mua lại"}})
	j.Stages[0].Key = ""
	got, err := s.UpdateJourney(ctx, w.ID, j)
	if err != nil {
		t.Fatal(err)
	}
	if k := stageKeys(got); k != "[a think_it_over mua_hang mua_lai]" {
		t.Errorf("got stages %s after an update, want [a think_it_over mua_hang mua_lai]", k)
	}
}

func TestTouchpointKeyFromName(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	tp, err := s.CreateTouchpoint(ctx, w.ID, cx.Touchpoint{Name: cx.Text{Vi: "Thư cảm ơn", En: " "}, Phase: cx.PhaseAfter})
	if err != nil {
		t.Fatal(err)
	}
	if tp.Key != "thu_cam_on" {
		t.Errorf("got key %q, want thu_cam_on", tp.Key)
	}
	tp.Key, tp.Name = "", cx.Text{Vi: "Thư", En: "Thank-you card"}
	if tp, err = s.UpdateTouchpoint(ctx, w.ID, tp); err != nil {
		t.Fatal(err)
	}
	if tp.Key != "thank_you_card" {
		t.Errorf("got key %q after an update, want thank_you_card", tp.Key)
	}
}

func TestQuestionKeysFromTitles(t *testing.T) {
	ctx := context.Background()
	s, w := setup(t)
	sv, err := s.CreateSurvey(ctx, w.ID, cx.Survey{Name: cx.Text{Vi: "Khảo sát"}, Questions: []cx.Question{
		{Key: "nps", Type: cx.QNPS, Title: cx.Text{Vi: "Giới thiệu?"}},
		{Type: cx.QSingle, Title: cx.Text{Vi: "Bạn thấy thế nào?", En: "How was it?"},
			Options: []cx.Option{{Label: cx.Text{Vi: "Rất tốt", En: "Very good"}}, {Key: "bad", Label: cx.Text{Vi: "Tệ"}}, {Label: cx.Text{Vi: "Bình thường"}}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := questionKeys(sv.Questions); got != "[nps how_was_it:[very_good bad binh_thuong]]" {
		t.Errorf("got %s, want [nps how_was_it:[very_good bad binh_thuong]]", got)
	}
	sv.Questions = append(sv.Questions, cx.Question{Type: cx.QText, Title: cx.Text{Vi: "Góp ý"}})
	if sv, err = s.UpdateSurvey(ctx, w.ID, sv); err != nil {
		t.Fatal(err)
	}
	if got := questionKeys(sv.Questions); got != "[nps how_was_it:[very_good bad binh_thuong] gop_y]" {
		t.Errorf("got %s after an update, want [nps how_was_it:[very_good bad binh_thuong] gop_y]", got)
	}
}

// TestFillQuestionKeys checks the filling the builder's preview uses: keys
// from titles and labels, given keys kept, and the result valid.
func TestFillQuestionKeys(t *testing.T) {
	qs := []cx.Question{
		{Type: cx.QNPS, Title: cx.Text{Vi: "Giới thiệu cho bạn bè?", En: " Recommend us? "}},
		{Key: "kept", Type: cx.QMatrix, Title: cx.Text{Vi: "Đánh giá"}, Overall: true,
			Options: []cx.Option{{Label: cx.Text{Vi: "Đồ uống"}}, {Key: "staff", Label: cx.Text{Vi: "Nhân viên"}}}},
	}
	store.FillQuestionKeys(qs)
	if got := questionKeys(qs); got != "[recommend_us kept:[do_uong staff]]" {
		t.Errorf("got %s, want [recommend_us kept:[do_uong staff]]", got)
	}
	if err := cx.ValidateQuestions(qs); err != nil {
		t.Errorf("got %v, want the filled questions valid", err)
	}
}

// questionKeys lists question keys, each with its option keys if any.
func questionKeys(qs []cx.Question) string {
	var out []string
	for _, q := range qs {
		k := q.Key
		if len(q.Options) > 0 {
			var opts []string
			for _, o := range q.Options {
				opts = append(opts, o.Key)
			}
			k += ":" + fmt.Sprint(opts)
		}
		out = append(out, k)
	}
	return fmt.Sprint(out)
}
