// Package demo makes a living sample business: the café chain "Cà phê
// Demo" with an online shop, its touchpoints, CX model and surveys, and a
// year of customers who found it, ordered at the counter, at the table,
// through delivery apps and the loyalty app, and said what they thought.
// Everything goes in through the ingestion pipeline and the feedback use
// cases, as real traffic would, so summaries, orders, stages and scores
// are what cxm itself computed. The same seed makes the same café, at any
// size up to the benchmark's million customers.
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

// branches are the chain's cafés.
var branches = []string{"Quận 1", "Quận 3", "Thảo Điền", "Phú Nhuận", "Hoàn Kiếm", "Cầu Giấy"}
