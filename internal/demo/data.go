// Package demo makes a living sample business for newcomers: the café
// "Cà phê Demo" with about two hundred customers who visited, looked at
// products, ordered and reviewed over the last ninety days. Everything goes
// in through the ingestion pipeline, as real events would, so summaries,
// orders and stages are what cxm itself computed.
package demo

// Vietnamese names, in the usual family, middle, given order.
var (
	// familyNames repeats the commonest names about as often as they occur.
	familyNames = []string{"Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Phạm", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middleNames = map[bool][]string{
		false: {"Văn", "Minh", "Quốc", "Đức", "Gia", "Hoàng", "Thanh", "Hữu"},
		true:  {"Thị", "Ngọc", "Thu", "Thanh", "Bảo", "Khánh", "Mai", "Phương"},
	}
	givenNames = map[bool][]string{
		false: {"An", "Bình", "Dũng", "Hải", "Hiếu", "Hùng", "Khoa", "Long", "Minh", "Nam", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Trung", "Tuấn", "Việt"},
		true:  {"Anh", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Phương", "Tâm", "Thảo", "Trang", "Vy", "Yến"},
	}
	cities = []string{"Hà Nội", "Hà Nội", "Hà Nội", "TP. Hồ Chí Minh", "TP. Hồ Chí Minh", "TP. Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Huế", "Nha Trang", "Đà Lạt"}
	// mobilePrefixes are today's Vietnamese mobile prefixes.
	mobilePrefixes = []string{"32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79", "81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "93", "94", "96", "97", "98"}
	emailDomains   = []string{"gmail.com", "gmail.com", "gmail.com", "yahoo.com.vn", "outlook.com", "fpt.vn"}
)

// product is something the café sells, at a price in whole VND.
type product struct {
	id, name, category string
	price              int64
}

var menu = []product{
	{"cf-sua-da", "Cà phê sữa đá", "Cà phê", 29000},
	{"bac-xiu", "Bạc xỉu", "Cà phê", 35000},
	{"cf-muoi", "Cà phê muối", "Cà phê", 39000},
	{"cold-brew", "Cold brew cam vàng", "Cà phê", 49000},
	{"tra-dao", "Trà đào cam sả", "Trà", 45000},
	{"tra-sen", "Trà sen vàng", "Trà", 45000},
	{"banh-mi", "Bánh mì chả lụa", "Bánh", 25000},
	{"croissant", "Bánh sừng bò", "Bánh", 35000},
	{"tiramisu", "Tiramisu", "Bánh", 45000},
	{"hat-cf", "Cà phê hạt Arabica Cầu Đất 250 g", "Cà phê hạt", 165000},
}

// pages are the café website's pages, with the path and a dwell time range
// in seconds.
var pages = []struct {
	name, path string
}{
	{"Trang chủ", "/"}, {"Thực đơn", "/thuc-don"}, {"Khuyến mãi", "/khuyen-mai"}, {"Cửa hàng", "/cua-hang"}, {"Về chúng tôi", "/ve-chung-toi"},
}

var reviews = []string{
	"Cà phê ngon, nhân viên thân thiện.", "Không gian đẹp, hơi ồn vào buổi tối.", "Giao hàng nhanh, đóng gói cẩn thận.",
	"Bạc xỉu hơi ngọt, lần sau sẽ dặn ít đường.", "Giá hợp lý, sẽ quay lại.", "Đợi hơi lâu vào giờ cao điểm.",
}
