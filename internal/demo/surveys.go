package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// cafeSurvey is one of the café's surveys, stored, with the touchpoint it
// asks about and the channel its answers come by.
type cafeSurvey struct {
	key, touchpoint, channel string
	id                       string
}

func q(key, typ, vi, en string) cx.Question {
	return cx.Question{Key: key, Type: typ, Title: cx.Text{Vi: vi, En: en}}
}

func options(typ string, keyed ...[3]string) []cx.Option {
	var out []cx.Option
	for _, o := range keyed {
		out = append(out, cx.Option{Key: o[0], Label: cx.Text{Vi: o[1], En: o[2]}})
	}
	return out
}

// surveyDefs are the café's four surveys: at the counter, at the table
// (QR), after a delivery (sent on Zalo) and in the loyalty app.
func surveyDefs() []struct {
	s  cafeSurvey
	sv cx.Survey
} {
	t := func(vi, en string) cx.Text { return cx.Text{Vi: vi, En: en} }
	nps := q("nps", cx.QNPS, "Bạn có sẵn lòng giới thiệu quán cho bạn bè không?", "How likely are you to recommend us to a friend?")
	nps.Required = true
	matrix := q("criteria", cx.QMatrix, "Bạn hài lòng thế nào với…", "How satisfied are you with…")
	matrix.Overall = true
	matrix.Options = options(cx.QMatrix, [3]string{"taste", "Hương vị", "Taste"}, [3]string{"service", "Phục vụ", "Service"},
		[3]string{"price", "Giá cả", "Price"}, [3]string{"space", "Không gian", "Space"}, [3]string{"wait", "Thời gian chờ", "Wait time"})
	comment := q("comment", cx.QText, "Chúng tôi nên cải thiện điều gì?", "What should we improve?")
	csat := q("csat", cx.QCSAT, "Bạn hài lòng với đơn giao hàng này chứ?", "How satisfied are you with this delivery?")
	csat.Required = true
	ces := q("ces", cx.QCES, "Đặt món và nhận hàng dễ dàng thế nào?", "How easy was it to order and receive it?")
	problem := q("problem", cx.QSingle, "Đơn hàng có vấn đề gì không?", "Was anything wrong with the order?")
	problem.Options = options(cx.QSingle, [3]string{"none", "Không có vấn đề", "Nothing"}, [3]string{"late", "Giao trễ", "Late"},
		[3]string{"melted", "Đá tan, đồ uống bị nhạt", "Ice melted"}, [3]string{"missing", "Thiếu món", "Something missing"}, [3]string{"spilled", "Đổ, rò ly", "Spilled"})
	stars := q("stars", cx.QRating, "Bạn chấm món hôm nay mấy sao?", "How many stars for today's order?")
	stars.Required = true
	appCES := q("ces", cx.QCES, "Đặt món trên app dễ dàng thế nào?", "How easy is ordering in the app?")
	return []struct {
		s  cafeSurvey
		sv cx.Survey
	}{
		{cafeSurvey{key: "instore", touchpoint: "counter", channel: "qr"}, cx.Survey{Name: t("Góp ý tại quán", "In-store feedback"), Questions: []cx.Question{nps, matrix, comment}}},
		{cafeSurvey{key: "table", touchpoint: "table_qr", channel: "qr"}, cx.Survey{Name: t("Món hôm nay thế nào?", "How was your order today?"), Questions: []cx.Question{stars, comment}}},
		{cafeSurvey{key: "delivery", touchpoint: "delivery", channel: "zalo"}, cx.Survey{Name: t("Đánh giá đơn giao hàng", "Rate your delivery"), Questions: []cx.Question{csat, ces, problem, nps, comment}}},
		{cafeSurvey{key: "app", touchpoint: "loyalty_app", channel: "widget"}, cx.Survey{Name: t("Trải nghiệm app thành viên", "The loyalty app"), Questions: []cx.Question{nps, appCES, comment}}},
	}
}

func (c *cafe) createSurveys(ctx context.Context, st *store.Store, wsID string) error {
	for _, d := range surveyDefs() {
		sv := d.sv
		sv.TouchpointID, sv.Status = c.touchpoints[d.s.touchpoint], cx.SurveyActive
		sv.Thanks = cx.Text{Vi: "Cảm ơn bạn đã góp ý! Hẹn gặp lại ở quán.", En: "Thank you! See you soon."}
		stored, err := st.CreateSurvey(ctx, wsID, sv)
		if err != nil {
			return fmt.Errorf("demo: survey %s: %w", d.s.key, err)
		}
		s := d.s
		s.id = stored.ID
		c.surveys = append(c.surveys, s)
	}
	return nil
}

// survey returns the café's survey with the key.
func (c *cafe) survey(key string) cafeSurvey {
	for _, s := range c.surveys {
		if s.key == key {
			return s
		}
	}
	panic("demo: no survey " + key)
}

// score turns a mood (0 bad … 1 delighted) into a whole score on lo…hi,
// with some noise: moods make the story, the noise makes it real.
func score(rng *rand.Rand, mood, lo, hi, noise float64) *float64 {
	v := math.Round(lo + mood*(hi-lo) + rng.NormFloat64()*noise)
	v = math.Max(lo, math.Min(hi, v))
	return &v
}

// answers makes one response to a survey from a guest's mood, with a
// comment that says what the score says, in the response's language.
func answers(rng *rand.Rand, key string, mood float64, lang string, why string) []cx.Answer {
	var out []cx.Answer
	nps := cx.Answer{Question: "nps", Score: score(rng, mood, 0, 10, 1.0)}
	switch key {
	case "instore":
		scores := map[string]float64{}
		for _, k := range []string{"taste", "service", "price", "space", "wait", cx.OverallKey} {
			m := mood + 0.1
			switch k {
			case "wait":
				m = mood - 0.15
			case "price":
				m = mood - 0.05
			}
			scores[k] = *score(rng, math.Max(0, math.Min(1, m)), 1, 5, 0.6)
		}
		out = append(out, nps, cx.Answer{Question: "criteria", Scores: scores})
	case "table":
		out = append(out, cx.Answer{Question: "stars", Score: score(rng, mood, 1, 5, 0.5)})
	case "delivery":
		out = append(out, cx.Answer{Question: "csat", Score: score(rng, mood, 1, 5, 0.5)}, cx.Answer{Question: "ces", Score: score(rng, mood+0.05, 1, 7, 0.7)})
		problem := "none"
		if mood < 0.5 {
			problem = pick(rng, []string{"late", "late", "late", "melted", "missing", "spilled"})
		}
		out = append(out, cx.Answer{Question: "problem", Choices: []string{problem}}, nps)
	case "app":
		out = append(out, nps, cx.Answer{Question: "ces", Score: score(rng, mood, 1, 7, 0.7)})
	}
	if rng.IntN(5) < 2 {
		out = append(out, cx.Answer{Question: "comment", Text: comment(rng, why, polarity(out[0]), lang)})
	}
	return out
}

// polarity says what the response's first score says, as the analytics
// read it: an NPS of 0–6 or a CSAT or star rating of 1–2 is negative, 9–10
// or 4–5 positive, the rest in between.
func polarity(a cx.Answer) string {
	low, high := 2.0, 4.0
	if a.Question == "nps" {
		low, high = 6, 9
	}
	switch s := *a.Score; {
	case s <= low:
		return "neg"
	case s >= high:
		return "pos"
	}
	return "mid"
}

// comment picks what a guest writes about a touchpoint in a polarity
// (neg, mid, pos): in Vietnamese with diacritics, sometimes without them
// or in teencode as people type on their phones, or in English.
func comment(rng *rand.Rand, topic, p, lang string) string {
	if lang == cx.LangEn {
		return pick(rng, commentsEn[topic][p])
	}
	if rng.IntN(5) == 0 {
		return pick(rng, commentsPlain[topic][p])
	}
	return pick(rng, commentsVi[topic][p])
}
