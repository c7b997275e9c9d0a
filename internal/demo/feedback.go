package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
)

// surveyRespondents is how many demo customers answered the café's survey.
const surveyRespondents = 60

// seedFeedback gives the demo café what its customers said: the in-store
// survey (NPS, five criteria, a suggestion) answered by some customers, and
// reviews, comments and a call-centre note from other sources.
func seedFeedback(ctx context.Context, st *store.Store, surveys *feedback.Service, wsID string, now time.Time) error {
	tps, err := st.Touchpoints(ctx, wsID, store.TouchpointFilter{}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	tp := map[string]string{}
	for _, t := range tps.Items {
		tp[t.Key] = t.ID
	}
	sv, err := st.CreateSurvey(ctx, wsID, cafeSurvey(tp["store"]))
	if err != nil {
		return err
	}
	customers, err := st.Customers(ctx, wsID, store.CustomerFilter{}, store.Page{Limit: surveyRespondents})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 4))
	for _, c := range customers.Items {
		r := cx.Response{SurveyID: sv.ID, CustomerID: c.ID, Channel: "link", Language: cx.LangVi, Answers: cafeAnswers(rng)}
		if _, err := surveys.SubmitResponse(ctx, wsID, r); err != nil {
			return err
		}
	}
	for i, rv := range elsewhere {
		x := rv
		x.TouchpointID = tp[x.TouchpointID]
		x.Date = now.AddDate(0, 0, -3*i-1).Format("2006-01-02")
		x.ExternalID = "demo-" + x.Source + "-" + x.Date
		if _, _, err := st.AddFeedback(ctx, wsID, x); err != nil {
			return err
		}
	}
	return nil
}

func cafeSurvey(storeTP string) cx.Survey {
	q := func(key, typ, vi, en string) cx.Question {
		return cx.Question{Key: key, Type: typ, Title: cx.Text{Vi: vi, En: en}}
	}
	nps := q("nps", cx.QNPS, "Bạn có sẵn lòng giới thiệu quán cho bạn bè không?", "How likely are you to recommend us to a friend?")
	nps.Required = true
	matrix := q("criteria", cx.QMatrix, "Bạn hài lòng thế nào với…", "How satisfied are you with…")
	matrix.Overall = true
	for _, o := range [][3]string{{"taste", "Hương vị", "Taste"}, {"service", "Phục vụ", "Service"}, {"price", "Giá cả", "Price"},
		{"space", "Không gian", "Space"}, {"wait", "Thời gian chờ", "Wait time"}} {
		matrix.Options = append(matrix.Options, cx.Option{Key: o[0], Label: cx.Text{Vi: o[1], En: o[2]}})
	}
	improve := q("improve", cx.QText, "Chúng tôi nên cải thiện điều gì?", "What should we improve?")
	return cx.Survey{Name: cx.Text{Vi: "Góp ý tại quán", En: "In-store feedback"}, TouchpointID: storeTP, Status: cx.SurveyActive,
		Thanks: cx.Text{Vi: "Cảm ơn bạn đã góp ý!", En: "Thank you for your feedback!"}, Questions: []cx.Question{nps, matrix, improve}}
}

// cafeAnswers makes one plausible response: most guests are happy, the
// wait at busy hours is what they complain about.
func cafeAnswers(rng *rand.Rand) []cx.Answer {
	nps := float64(min(10, 5+rng.IntN(6)+rng.IntN(2)))
	scores := map[string]float64{}
	for _, k := range []string{"taste", "service", "price", "space", "wait", cx.OverallKey} {
		s := 3 + rng.IntN(3)
		if k == "wait" {
			s = 2 + rng.IntN(3)
		}
		scores[k] = float64(s)
	}
	answers := []cx.Answer{{Question: "nps", Score: &nps}, {Question: "criteria", Scores: scores}}
	if rng.IntN(3) == 0 {
		answers = append(answers, cx.Answer{Question: "improve", Text: pick(rng, suggestions)})
	}
	return answers
}

var suggestions = []string{
	"Giờ cao điểm chờ hơi lâu, nên thêm người pha chế.",
	"Thêm ổ cắm điện gần cửa sổ.",
	"Nhạc hơi to vào buổi tối.",
	"Có thêm món ít ngọt thì tốt.",
	"Bãi giữ xe chật, khó tìm chỗ.",
	"Wifi đôi lúc chập chờn.",
}

func rating(v float64) *float64 { return &v }

// elsewhere is what people wrote on other sites; TouchpointID holds a touchpoint
// key until seedFeedback swaps in the id.
var elsewhere = []cx.ExternalFeedback{
	{Source: "google_maps", Kind: "review", Rating: rating(5), Author: "Minh Anh", Text: "Cà phê muối rất ngon, nhân viên dễ thương.", TouchpointID: "ratings_reviews"},
	{Source: "google_maps", Kind: "review", Rating: rating(3), Author: "Tuấn", Text: "Đồ uống ổn nhưng buổi sáng phải chờ gần 15 phút.", TouchpointID: "ratings_reviews"},
	{Source: "shopee", Kind: "review", Rating: rating(4), Author: "hoa_tran", Text: "Cà phê rang xay giao nhanh, đóng gói cẩn thận.", TouchpointID: "marketplace"},
	{Source: "shopee", Kind: "review", Rating: rating(2), Author: "khachhang88", Text: "Giao thiếu một gói, shop có nhắn lại nhưng hơi chậm.", TouchpointID: "marketplace"},
	{Source: "facebook", Kind: "comment", Author: "Lan Phạm", Text: "Không gian tầng 2 đẹp, cuối tuần hơi đông.", TouchpointID: "social_media"},
	{Source: "tiktok", Kind: "comment", Author: "@caphe.saigon", Text: "Bạc xỉu ở đây đỉnh nha mọi người!", TouchpointID: "social_media"},
	{Source: "zalo", Kind: "comment", Author: "Chị Thảo", Text: "Cho mình hỏi quán có nhận đặt bàn 10 người không?", TouchpointID: "customer_service"},
	{Source: "call_centre", Kind: "call", Agent: "Ngọc", DurationS: 184, Text: "Khách phản ánh ly mang đi bị rò; đã xin lỗi và tặng phiếu giảm giá.", TouchpointID: "customer_service"},
	{Source: "google_maps", Kind: "review", Rating: rating(5), Author: "David", Language: cx.LangEn, Text: "Great egg coffee and friendly staff.", TouchpointID: "ratings_reviews"},
}
