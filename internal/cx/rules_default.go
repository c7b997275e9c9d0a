package cx

// DefaultMappingRule is a mapping rule of a new workspace, naming its
// touchpoint by key (one of DefaultTouchpoints).
type DefaultMappingRule struct {
	Rule          MappingRule
	TouchpointKey string
}

// DefaultMappingRules returns the rules every workspace starts with, in
// order: the Segment e-commerce and email events first, then campaign
// sources, then page paths (English and Vietnamese), so that the most
// specific evidence wins.
func DefaultMappingRules() []DefaultMappingRule {
	event := func(name, key string) DefaultMappingRule {
		return DefaultMappingRule{MappingRule{EventType: EventTrack, EventName: name}, key}
	}
	prop := func(property, value, key string) DefaultMappingRule {
		return DefaultMappingRule{MappingRule{Property: property, PropertyValue: value}, key}
	}
	path := func(prefix, key string) DefaultMappingRule {
		return DefaultMappingRule{MappingRule{EventType: EventPage, PathPrefix: prefix}, key}
	}
	return []DefaultMappingRule{
		event("Products Searched", "product_catalogue"),
		event("Product List Viewed", "product_catalogue"),
		event("Product List Filtered", "product_catalogue"),
		event("Product Clicked", "product_catalogue"),
		event("Product Viewed", "product_catalogue"),
		event("Product Added", "marketplace"),
		event("Product Removed", "marketplace"),
		event("Cart Viewed", "marketplace"),
		event("Checkout Started", "marketplace"),
		event("Checkout Step Viewed", "payment"),
		event("Checkout Step Completed", "payment"),
		event("Payment Info Entered", "payment"),
		event("Order Completed", "payment"),
		event("Order Updated", "payment"),
		event("Order Refunded", "after_sales_support"),
		event("Order Cancelled", "after_sales_support"),
		event("Promotion Viewed", "promotions"),
		event("Promotion Clicked", "promotions"),
		event("Coupon Entered", "promotions"),
		event("Coupon Applied", "promotions"),
		event("Product Reviewed", "ratings_reviews"),
		event("Product Shared", "word_of_mouth"),
		event("Cart Shared", "word_of_mouth"),
		event("Referral Sent", "word_of_mouth"),
		event("Email Opened", "marketing_email"),
		event("Email Link Clicked", "marketing_email"),
		event("Unsubscribed", "marketing_email"),
		event("Order Confirmation Opened", "transactional_email"),
		event("Thank You Letter Received", "thank_you_letter"),
		event("Help Article Viewed", "help_centre"),
		event("Support Ticket Created", "customer_service"),
		event("Live Chat Conversation Started", "customer_service"),
		event("Store Visited", "store"),
		event("Event Attended", "events"),
		prop("utm_source", "facebook", "social_media"),
		prop("utm_source", "zalo", "social_media"),
		prop("utm_source", "tiktok", "social_media"),
		prop("utm_source", "instagram", "social_media"),
		prop("utm_source", "youtube", "social_media"),
		prop("utm_medium", "email", "marketing_email"),
		prop("utm_medium", "cpc", "mass_media_ads"),
		prop("utm_medium", "display", "mass_media_ads"),
		prop("utm_source", "shopee", "marketplace"),
		prop("utm_source", "lazada", "marketplace"),
		prop("utm_source", "tiki", "marketplace"),
		path("/checkout", "payment"),
		path("/thanh-toan", "payment"),
		path("/cart", "marketplace"),
		path("/gio-hang", "marketplace"),
		path("/products", "product_catalogue"),
		path("/san-pham", "product_catalogue"),
		path("/promotions", "promotions"),
		path("/khuyen-mai", "promotions"),
		path("/help", "help_centre"),
		path("/ho-tro", "help_centre"),
		path("/reviews", "ratings_reviews"),
		path("/danh-gia", "ratings_reviews"),
		path("/contact", "customer_service"),
		path("/lien-he", "customer_service"),
		path("/news", "pr"),
		path("/tin-tuc", "pr"),
	}
}

// DefaultStageRule is a stage rule of a new workspace, naming its stage by
// key. It is seeded into every journey that has a stage with that key.
type DefaultStageRule struct {
	EventName  string
	Occurrence int
	StageKey   string
}

// DefaultStageRules returns the stage rules every workspace starts with,
// written for the lifecycle template (seed 002): browsing products is
// consideration, the first order is a purchase, the second is retention, a
// review or a referral is advocacy.
func DefaultStageRules() []DefaultStageRule {
	return []DefaultStageRule{
		{"Product Viewed", 1, "consideration"},
		{"Product List Viewed", 1, "consideration"},
		{"Order Completed", 1, "purchase"},
		{"Order Completed", 2, "retention"},
		{"Product Reviewed", 1, "advocacy"},
		{"Referral Sent", 1, "advocacy"},
	}
}
