package cx

// StageTemplate is a stage of a journey template, with desired emotions and
// actions in both languages (seed 002).
type StageTemplate struct {
	Key      string
	Name     Text
	Phase    string
	Emotions []Text
	Actions  []Text
}

// JourneyTemplate returns the stages of a template: lifecycle (seed 002),
// phases (seeds 000 and 003) or discovery (seed 004).
func JourneyTemplate(template string) ([]StageTemplate, error) {
	switch template {
	case TemplateLifecycle:
		return []StageTemplate{
			{"awareness", Text{"Nhận thức", "Awareness"}, PhaseBefore,
				[]Text{{"Tò mò", "Curious"}, {"Hứng thú", "Interested"}},
				[]Text{{"Theo dõi trang mạng xã hội", "Follow the social page"}, {"Ghé thăm website", "Visit the website"}}},
			{"consideration", Text{"Cân nhắc", "Consideration"}, PhaseBefore,
				[]Text{{"Tin tưởng", "Confident"}, {"Được thấu hiểu", "Understood"}},
				[]Text{{"So sánh và đọc đánh giá", "Compare and read reviews"}, {"Hỏi tư vấn", "Ask for advice"}}},
			{"purchase", Text{"Mua hàng", "Purchase"}, PhaseDuring,
				[]Text{{"Dễ dàng", "At ease"}, {"Hài lòng", "Satisfied"}},
				[]Text{{"Hoàn tất đơn hàng", "Complete an order"}}},
			{"onboarding", Text{"Làm quen", "Onboarding"}, PhaseAfter,
				[]Text{{"Tự tin sử dụng", "Confident using it"}},
				[]Text{{"Dùng sản phẩm lần đầu", "Use the product for the first time"}, {"Xem hướng dẫn", "Read the guide"}}},
			{"retention", Text{"Giữ chân", "Retention"}, PhaseAfter,
				[]Text{{"Được quan tâm", "Cared for"}, {"Gắn bó", "Attached"}},
				[]Text{{"Mua lại", "Buy again"}}},
			{"expansion", Text{"Mở rộng", "Expansion"}, PhaseAfter,
				[]Text{{"Được trân trọng", "Valued"}},
				[]Text{{"Mua thêm sản phẩm khác", "Buy other products"}, {"Nâng cấp gói", "Upgrade"}}},
			{"advocacy", Text{"Vận động", "Advocacy"}, PhaseAfter,
				[]Text{{"Tự hào", "Proud"}, {"Trung thành", "Loyal"}},
				[]Text{{"Viết đánh giá", "Write a review"}, {"Giới thiệu bạn bè", "Refer a friend"}}},
		}, nil
	case TemplatePhases:
		return []StageTemplate{
			{"before", Text{"Trước khi mua", "Before purchase"}, PhaseBefore,
				[]Text{{"Tò mò", "Curious"}, {"Tin tưởng", "Confident"}},
				[]Text{{"Tìm hiểu sản phẩm", "Learn about the product"}}},
			{"during", Text{"Trong khi mua", "During purchase"}, PhaseDuring,
				[]Text{{"Dễ dàng", "At ease"}, {"Hài lòng", "Satisfied"}},
				[]Text{{"Hoàn tất đơn hàng", "Complete an order"}}},
			{"after", Text{"Sau khi mua", "After purchase"}, PhaseAfter,
				[]Text{{"Được quan tâm", "Cared for"}, {"Trung thành", "Loyal"}},
				[]Text{{"Mua lại", "Buy again"}, {"Giới thiệu bạn bè", "Refer a friend"}}},
		}, nil
	case TemplateDiscovery:
		return []StageTemplate{
			{"learn", Text{"Tìm hiểu", "Learn"}, PhaseBefore,
				[]Text{{"Tò mò", "Curious"}},
				[]Text{{"Tìm kiếm thông tin", "Look for information"}}},
			{"evaluate", Text{"Đánh giá và cân nhắc", "Evaluate"}, PhaseBefore,
				[]Text{{"Tin tưởng", "Confident"}},
				[]Text{{"So sánh các lựa chọn", "Compare the options"}}},
			{"experience", Text{"Trải nghiệm", "Experience"}, PhaseBefore,
				[]Text{{"Thích thú", "Delighted"}},
				[]Text{{"Dùng thử, ghé cửa hàng", "Try it, visit the store"}}},
			{"purchase", Text{"Mua hàng", "Purchase"}, PhaseDuring,
				[]Text{{"Dễ dàng", "At ease"}},
				[]Text{{"Hoàn tất đơn hàng", "Complete an order"}}},
			{"adopt", Text{"Chuyển đổi", "Adopt"}, PhaseAfter,
				[]Text{{"Gắn bó", "Attached"}},
				[]Text{{"Dùng thường xuyên và mua lại", "Use it often and buy again"}}},
		}, nil
	}
	return nil, FieldErrorf("template", "template must be lifecycle, phases or discovery")
}

// DefaultTouchpoint is one of the 18 touchpoints of seed 003, with the stage
// it belongs to in each journey template.
type DefaultTouchpoint struct {
	Key     string
	Name    Text
	Phase   string
	Channel string
	Mode    string
	Stage   map[string]string // template → stage key
}

// DefaultTouchpoints returns the 18 touchpoints of seed 003, six before,
// six during and six after purchase.
func DefaultTouchpoints() []DefaultTouchpoint {
	at := func(lifecycle, discovery, phase string) map[string]string {
		return map[string]string{TemplateLifecycle: lifecycle, TemplateDiscovery: discovery, TemplatePhases: phase}
	}
	return []DefaultTouchpoint{
		{"social_media", Text{"Truyền thông trên mạng xã hội", "Social media"}, PhaseBefore, "social", "online", at("awareness", "learn", "before")},
		{"mass_media_ads", Text{"Quảng cáo trên các phương tiện thông tin đại chúng", "Mass-media advertising"}, PhaseBefore, "ads", "both", at("awareness", "learn", "before")},
		{"word_of_mouth", Text{"Lời truyền miệng", "Word of mouth"}, PhaseBefore, "word_of_mouth", "offline", at("consideration", "evaluate", "before")},
		{"events", Text{"Tổ chức hội thảo, sự kiện", "Seminars and events"}, PhaseBefore, "event", "offline", at("consideration", "experience", "before")},
		{"ratings_reviews", Text{"Xếp hạng và đánh giá", "Ratings and reviews"}, PhaseBefore, "reviews", "online", at("consideration", "evaluate", "before")},
		{"pr", Text{"PR, truyền thông", "PR and media relations"}, PhaseBefore, "pr", "both", at("awareness", "learn", "before")},
		{"marketplace", Text{"Sàn thương mại điện tử", "E-commerce marketplace"}, PhaseDuring, "marketplace", "online", at("purchase", "purchase", "during")},
		{"store", Text{"Văn phòng, cửa hàng kinh doanh", "Office and store"}, PhaseDuring, "store", "offline", at("purchase", "experience", "during")},
		{"promotions", Text{"Khuyến mãi", "Promotions"}, PhaseDuring, "promotion", "both", at("purchase", "purchase", "during")},
		{"sales_staff", Text{"Đội ngũ nhân viên bán hàng", "Sales staff"}, PhaseDuring, "sales_staff", "offline", at("purchase", "purchase", "during")},
		{"customer_service", Text{"Dịch vụ chăm sóc khách hàng", "Customer service"}, PhaseDuring, "customer_service", "both", at("purchase", "purchase", "during")},
		{"product_catalogue", Text{"Danh mục sản phẩm", "Product catalogue"}, PhaseDuring, "catalogue", "both", at("purchase", "experience", "during")},
		{"payment", Text{"Thanh toán", "Payment"}, PhaseAfter, "payment", "both", at("purchase", "purchase", "after")},
		{"marketing_email", Text{"Email tiếp thị", "Marketing email"}, PhaseAfter, "email", "online", at("expansion", "adopt", "after")},
		{"transactional_email", Text{"Email giao dịch", "Transactional email"}, PhaseAfter, "email", "online", at("onboarding", "adopt", "after")},
		{"thank_you_letter", Text{"Thư cảm ơn", "Thank-you letter"}, PhaseAfter, "letter", "both", at("retention", "adopt", "after")},
		{"help_centre", Text{"Trung tâm hỗ trợ trực tuyến", "Online help centre"}, PhaseAfter, "help_centre", "online", at("onboarding", "adopt", "after")},
		{"after_sales_support", Text{"Nhóm dịch vụ và hỗ trợ sau mua", "After-sales service and support team"}, PhaseAfter, "after_sales", "both", at("retention", "adopt", "after")},
	}
}

// NewJourney returns a journey built from a template, its desired emotions
// and actions in both languages (they are the business's own words after
// that).
func NewJourney(template string) (Journey, error) {
	stages, err := JourneyTemplate(template)
	if err != nil {
		return Journey{}, err
	}
	j := Journey{Name: Text{"Hành trình khách hàng", "Customer journey"}, Template: template}
	for i, st := range stages {
		s := Stage{Key: st.Key, Name: st.Name, Phase: st.Phase, Position: i}
		s.DesiredEmotions = append(Texts(nil), st.Emotions...)
		s.DesiredActions = append(Texts(nil), st.Actions...)
		j.Stages = append(j.Stages, s)
	}
	return j, nil
}

// NewDefaultTouchpoints returns the 18 default touchpoints placed in the
// stages of j, which was made from template.
func NewDefaultTouchpoints(j Journey) []Touchpoint {
	stageID := map[string]string{}
	for _, s := range j.Stages {
		stageID[s.Key] = s.ID
	}
	var out []Touchpoint
	for i, d := range DefaultTouchpoints() {
		out = append(out, Touchpoint{
			Key: d.Key, Name: d.Name, Phase: d.Phase, Channel: d.Channel, Mode: d.Mode,
			StageID: stageID[d.Stage[j.Template]], Status: "active", Position: i,
		})
	}
	return out
}
