package demo

import (
	"context"
	"fmt"

	"cxm/internal/cx"
	"cxm/internal/store"
)

// cafeTouchpoint is a place where the café's guests meet it, on the stage
// (lifecycle template) it belongs to.
type cafeTouchpoint struct {
	key, vi, en, phase, stage, channel, mode, status, owner string
	targets                                                 []cx.Target
}

// cafeTouchpoints replace the 18 generic defaults: what a Vietnamese café
// chain with an online shop actually runs. Online orders for the shop's
// coffee beans come through the website; drinks through the counter, the
// table QR code and the delivery apps.
var cafeTouchpoints = []cafeTouchpoint{
	{"fanpage", "Fanpage Facebook", "Facebook fanpage", cx.PhaseBefore, "awareness", "social", "online", "active", "Marketing", nil},
	{"tiktok", "Kênh TikTok", "TikTok channel", cx.PhaseBefore, "awareness", "social", "online", "active", "Marketing", nil},
	{"google_maps", "Đánh giá Google Maps", "Google Maps reviews", cx.PhaseBefore, "consideration", "reviews", "online", "active", "Quản lý cửa hàng",
		[]cx.Target{{KPI: "stars", Comparator: ">=", Value: 4.5}}},
	{"website_menu", "Thực đơn trên website", "Menu on the website", cx.PhaseBefore, "consideration", "website", "online", "active", "Marketing", nil},
	{"counter", "Quầy gọi món", "Order counter", cx.PhaseDuring, "purchase", "store", "offline", "active", "Quản lý cửa hàng",
		[]cx.Target{{KPI: "csat", Comparator: ">=", Value: 85}}},
	{"table_qr", "Gọi món bằng QR tại bàn", "Table QR ordering", cx.PhaseDuring, "purchase", "store", "offline", "active", "Quản lý cửa hàng", nil},
	{"website_order", "Đặt hàng trên website", "Website orders", cx.PhaseDuring, "purchase", "website", "online", "active", "Thương mại điện tử",
		[]cx.Target{{KPI: "conversion_rate", Comparator: ">=", Value: 3}}},
	{"grabfood", "GrabFood", "GrabFood", cx.PhaseDuring, "purchase", "marketplace", "online", "active", "Thương mại điện tử", nil},
	{"shopeefood", "ShopeeFood", "ShopeeFood", cx.PhaseDuring, "purchase", "marketplace", "online", "active", "Thương mại điện tử",
		[]cx.Target{{KPI: "stars", Comparator: ">=", Value: 4.5}}},
	{"delivery", "Giao hàng", "Delivery", cx.PhaseAfter, "purchase", "delivery", "both", "active", "Vận hành",
		[]cx.Target{{KPI: "csat", Comparator: ">=", Value: 80}}},
	{"loyalty_app", "Ứng dụng thành viên", "Loyalty app", cx.PhaseAfter, "onboarding", "app", "online", "active", "CRM",
		[]cx.Target{{KPI: "nps", Comparator: ">=", Value: 50}}},
	{"zalo_oa", "Zalo OA", "Zalo Official Account", cx.PhaseAfter, "retention", "zalo", "online", "active", "CRM",
		[]cx.Target{{KPI: "response_rate", Comparator: ">=", Value: 20}}},
	{"beans_subscription", "Gói cà phê hạt định kỳ", "Coffee-bean subscription", cx.PhaseAfter, "expansion", "website", "online", "ideal", "Thương mại điện tử", nil},
	{"referral", "Giới thiệu bạn bè", "Refer a friend", cx.PhaseAfter, "advocacy", "word_of_mouth", "both", "active", "CRM", nil},
	{"table_booking", "Đặt bàn trước", "Table booking", cx.PhaseBefore, "consideration", "phone", "both", "missing", "Quản lý cửa hàng", nil},
}

// cafeRules map the demo's events to the café's touchpoints: where an
// order came from is its properties.source.
var cafeRules = []struct {
	rule cx.MappingRule
	key  string
}{
	{cx.MappingRule{EventType: cx.EventTrack, Property: "source", PropertyValue: "counter"}, "counter"},
	{cx.MappingRule{EventType: cx.EventTrack, Property: "source", PropertyValue: "table_qr"}, "table_qr"},
	{cx.MappingRule{EventType: cx.EventTrack, Property: "source", PropertyValue: "website"}, "website_order"},
	{cx.MappingRule{EventType: cx.EventTrack, Property: "source", PropertyValue: "grabfood"}, "grabfood"},
	{cx.MappingRule{EventType: cx.EventTrack, Property: "source", PropertyValue: "shopeefood"}, "shopeefood"},
	{cx.MappingRule{EventType: cx.EventTrack, Property: "source", PropertyValue: "loyalty_app"}, "loyalty_app"},
	{cx.MappingRule{EventType: cx.EventTrack, EventName: "Order Delivered"}, "delivery"},
	{cx.MappingRule{EventType: cx.EventTrack, EventName: "Loyalty Joined"}, "loyalty_app"},
	{cx.MappingRule{EventType: cx.EventScreen}, "loyalty_app"},
	{cx.MappingRule{EventType: cx.EventTrack, EventName: "Zalo OA Followed"}, "zalo_oa"},
	{cx.MappingRule{EventType: cx.EventTrack, EventName: "Zalo Message Read"}, "zalo_oa"},
	{cx.MappingRule{EventType: cx.EventTrack, EventName: "Fanpage Message Sent"}, "fanpage"},
	{cx.MappingRule{Property: "utm_source", PropertyValue: "facebook"}, "fanpage"},
	{cx.MappingRule{Property: "utm_source", PropertyValue: "tiktok"}, "tiktok"},
	{cx.MappingRule{EventType: cx.EventTrack, EventName: "Directions Requested"}, "google_maps"},
	{cx.MappingRule{EventType: cx.EventTrack, EventName: "Referral Sent"}, "referral"},
	{cx.MappingRule{EventType: cx.EventTrack, EventName: "Product Viewed"}, "website_menu"},
	{cx.MappingRule{EventType: cx.EventPage, PathPrefix: "/dat-hang"}, "website_order"},
	{cx.MappingRule{EventType: cx.EventPage}, "website_menu"},
}

// cafe is the demo café's structure once stored: ids by key.
type cafe struct {
	journeyID   string
	stages      map[string]string // stage key → id
	touchpoints map[string]string // touchpoint key → id
	surveys     []cafeSurvey
}

// setUp gives a new workspace the café's structure: its touchpoints in
// place of the defaults, their mapping rules, the CX model, milestones
// and the surveys.
func setUp(ctx context.Context, st *store.Store, wsID string) (*cafe, error) {
	c := &cafe{stages: map[string]string{}, touchpoints: map[string]string{}}
	js, err := st.Journeys(ctx, wsID, store.Page{Limit: 1})
	if err != nil || len(js.Items) == 0 {
		return nil, fmt.Errorf("demo: the workspace has no journey: %v", err)
	}
	c.journeyID = js.Items[0].ID
	for _, s := range js.Items[0].Stages {
		c.stages[s.Key] = s.ID
	}
	if err := c.replaceTouchpoints(ctx, st, wsID); err != nil {
		return nil, err
	}
	for i, r := range cafeRules {
		rule := r.rule
		rule.TouchpointID, rule.Position = c.touchpoints[r.key], i
		if _, err := st.CreateMappingRule(ctx, wsID, rule); err != nil {
			return nil, fmt.Errorf("demo: mapping rule %d: %w", i, err)
		}
	}
	for _, r := range []cx.StageRule{{EventName: "Zalo OA Followed", StageID: c.stages["awareness"]}, {EventName: "Loyalty Joined", StageID: c.stages["onboarding"]},
		{EventName: "Beans Subscribed", StageID: c.stages["expansion"]}} {
		if _, err := st.CreateStageRule(ctx, wsID, r); err != nil {
			return nil, fmt.Errorf("demo: stage rule: %w", err)
		}
	}
	if _, err := st.ReplaceCXModel(ctx, wsID, c.model()); err != nil {
		return nil, fmt.Errorf("demo: CX model: %w", err)
	}
	for _, m := range c.milestones() {
		if _, err := st.CreateMilestone(ctx, wsID, m); err != nil {
			return nil, fmt.Errorf("demo: milestone: %w", err)
		}
	}
	return c, c.createSurveys(ctx, st, wsID)
}

// replaceTouchpoints removes the default touchpoints (their mapping rules
// go with them) and stores the café's.
func (c *cafe) replaceTouchpoints(ctx context.Context, st *store.Store, wsID string) error {
	old, err := st.AllTouchpoints(ctx, wsID, store.TouchpointFilter{})
	if err != nil {
		return err
	}
	for _, t := range old {
		if err := st.DeleteTouchpoint(ctx, wsID, t.ID); err != nil {
			return err
		}
	}
	for i, d := range cafeTouchpoints {
		t, err := st.CreateTouchpoint(ctx, wsID, cx.Touchpoint{Key: d.key, Name: cx.Text{Vi: d.vi, En: d.en}, Phase: d.phase,
			StageID: c.stages[d.stage], Channel: d.channel, Mode: d.mode, Status: d.status, Owner: d.owner, Position: i, Targets: d.targets})
		if err != nil {
			return fmt.Errorf("demo: touchpoint %s: %w", d.key, err)
		}
		c.touchpoints[d.key] = t.ID
	}
	return nil
}

// model is the café's CX model: the vision, the service standards it
// promises and the goals it measures itself by.
func (c *cafe) model() cx.CXModel {
	stage := func(key string) cx.Scope { return cx.Scope{Kind: cx.ScopeStage, ID: c.stages[key]} }
	tp := func(key string) cx.Scope { return cx.Scope{Kind: cx.ScopeTouchpoint, ID: c.touchpoints[key]} }
	whole := cx.Scope{Kind: cx.ScopeJourney, ID: c.journeyID}
	t := func(vi, en string) cx.Text { return cx.Text{Vi: vi, En: en} }
	return cx.CXModel{
		Vision: t("Mỗi ly cà phê là một khoảnh khắc dễ chịu: ngon như nhau ở mọi chi nhánh, nhanh lúc đông khách, ấm áp như người quen.",
			"Every cup is a pleasant moment: the same taste at every branch, quick at rush hour, as warm as a friend."),
		Standards: []cx.Standard{
			{Name: t("Đồ uống ra trong 7 phút", "Drinks served within 7 minutes"), Metric: "serve_time", Comparator: "<=", Threshold: 7, Unit: "minutes", Scope: tp("counter"), Owner: "Quản lý cửa hàng"},
			{Name: t("Đơn giao đến trong 30 phút", "Deliveries arrive within 30 minutes"), Metric: "delivery_time", Comparator: "<=", Threshold: 30, Unit: "minutes", Scope: tp("delivery"), Owner: "Vận hành"},
			{Name: t("Trả lời tin nhắn fanpage trong 15 phút", "Fanpage messages answered within 15 minutes"), Metric: "reply_time", Comparator: "<=", Threshold: 15, Unit: "minutes", Scope: tp("fanpage"), Owner: "Marketing"},
			{Name: t("Phản hồi mọi đánh giá 1–2 sao trong 24 giờ", "Every 1–2 star review answered within 24 hours"), Metric: "review_reply_time", Comparator: "<=", Threshold: 24, Unit: "hours", Scope: tp("google_maps"), Owner: "Quản lý cửa hàng"},
		},
		Goals: []cx.Goal{
			{Name: t("NPS ≥ 40 ở giai đoạn Mua hàng", "NPS ≥ 40 in the Purchase stage"), KPI: "nps", Comparator: ">=", Target: 40, Scope: stage("purchase"), Owner: "Giám đốc vận hành"},
			{Name: t("CSAT giao hàng ≥ 80 %", "Delivery CSAT ≥ 80 %"), KPI: "csat", Comparator: ">=", Target: 80, Scope: tp("delivery"), Owner: "Vận hành"},
			{Name: t("Google Maps từ 4,5 sao", "Google Maps at 4.5 stars or more"), KPI: "stars", Comparator: ">=", Target: 4.5, Scope: tp("google_maps"), Owner: "Quản lý cửa hàng"},
			{Name: t("Tỷ lệ mua lại ≥ 35 %", "Repeat-purchase rate ≥ 35 %"), KPI: "repeat_purchase_rate", Comparator: ">=", Target: 35, Scope: whole, Owner: "CRM"},
			{Name: t("Đặt món trên app dễ dàng: CES ≥ 5,5", "Ordering in the app is easy: CES ≥ 5.5"), KPI: "ces", Comparator: ">=", Target: 5.5, Scope: tp("loyalty_app"), Owner: "CRM"},
		},
	}
}

// milestones are what the café's customer-success staff follow.
func (c *cafe) milestones() []cx.Milestone {
	t := func(vi, en string) cx.Text { return cx.Text{Vi: vi, En: en} }
	return []cx.Milestone{
		{Name: t("Đơn thứ hai trong 30 ngày", "A second order within 30 days"), Description: t("Khách mới quay lại lần hai trong 30 ngày sau đơn đầu tiên.", "A new guest comes back within 30 days of the first order."),
			JourneyID: c.journeyID, StageID: c.stages["purchase"], DueDays: 30, Condition: cx.Condition{Type: "event", Event: "Order Completed", Count: 2}},
		{Name: t("Tham gia app thành viên trong 14 ngày", "Joins the loyalty app within 14 days"), Description: t("Sau đơn đầu tiên, khách cài app và đăng ký thẻ thành viên.", "After the first order, the guest installs the app and joins."),
			JourneyID: c.journeyID, StageID: c.stages["purchase"], DueDays: 14, Condition: cx.Condition{Type: "stage", StageID: c.stages["onboarding"]}},
		{Name: t("Đơn thứ năm trong 90 ngày", "A fifth order within 90 days"), Description: t("Khách thân thiết: năm đơn trong ba tháng đầu.", "A regular: five orders in the first three months."),
			JourneyID: c.journeyID, StageID: c.stages["purchase"], DueDays: 90, Condition: cx.Condition{Type: "event", Event: "Order Completed", Count: 5}},
	}
}
