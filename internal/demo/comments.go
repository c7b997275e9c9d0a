package demo

// What guests write, by topic (the touchpoint they talk about) and
// polarity (neg, mid, pos), so that a comment always says what its score
// says: a slow delivery or a long queue at rush hour for the low scores,
// the taste and the staff for the high ones.
type commentPool map[string]map[string][]string

var commentsVi = commentPool{
	"counter": {
		"neg": {"Giờ cao điểm xếp hàng gần 20 phút mới tới lượt gọi món.", "Buổi sáng đông quá, chờ lâu mà nhân viên không xin lỗi.",
			"Đợi 15 phút mới có ly cà phê, trễ giờ làm luôn.", "Quầy chỉ có một bạn thu ngân, hàng dài ra tận cửa."},
		"mid": {"Đồ uống ổn nhưng buổi trưa hơi đông, chờ khá lâu.", "Cà phê ngon, chỉ mong quầy nhanh hơn vào buổi sáng.",
			"Không gian được, giá hơi cao so với ly nhỏ."},
		"pos": {"Cà phê muối rất ngon, nhân viên thân thiện.", "Phục vụ nhanh, nhân viên nhớ cả món quen của mình.",
			"Bạc xỉu chuẩn vị, không gian yên tĩnh để làm việc.", "Quán sạch sẽ, nhạc nhẹ, sẽ quay lại."},
	},
	"table": {
		"neg": {"Quét mã QR mãi không vào được thực đơn.", "Gọi món qua QR rồi mà 20 phút chưa thấy mang ra."},
		"mid": {"Gọi món bằng QR tiện nhưng hình món hơi nhỏ.", "Món ổn, lần sau mong có thêm món ít ngọt."},
		"pos": {"Gọi món bằng QR tại bàn tiện ghê, khỏi xếp hàng.", "Món ra nhanh, trà đào thơm ngon.", "Tiramisu mềm, cà phê đậm vị."},
	},
	"delivery": {
		"neg": {"Giao hàng chậm gần một tiếng, đá tan hết, cà phê nhạt.", "Đơn giao trễ mà không ai báo trước.",
			"Giao thiếu một ly, gọi lại mãi mới có người nghe.", "Ly bị đổ trong túi, shipper không kiểm tra."},
		"mid": {"Đồ uống ngon nhưng giao hơi lâu.", "Đóng gói ổn, thời gian giao tạm được."},
		"pos": {"Giao nhanh, đóng gói cẩn thận, đá vẫn còn nguyên.", "Đặt lúc 9h, 9h25 đã có cà phê, tuyệt vời.", "Shipper thân thiện, ly được dán kín."},
	},
	"app": {
		"neg": {"App hay bị văng khi thanh toán.", "Điểm thưởng cộng chậm, hỏi mãi không ai trả lời."},
		"mid": {"App dùng được, mong có thêm ưu đãi cho thành viên.", "Tích điểm tiện nhưng giao diện hơi rối."},
		"pos": {"App đặt trước rồi ghé lấy, khỏi chờ, rất tiện.", "Tích điểm đổi ly miễn phí, thích lắm.", "Ưu đãi sinh nhật dễ thương."},
	},
	"maps": {
		"neg": {"Chờ gần 20 phút vào giờ cao điểm, nhân viên lúng túng.", "Bàn chưa lau, chỗ để xe chật."},
		"mid": {"Đồ uống ổn nhưng buổi sáng phải chờ gần 15 phút.", "Không gian đẹp, hơi ồn vào buổi tối."},
		"pos": {"Cà phê muối rất ngon, nhân viên dễ thương.", "Quán đẹp, yên tĩnh, wifi mạnh, rất hợp làm việc.", "Chi nhánh nào uống cũng ngon như nhau."},
	},
	"food_app": {
		"neg": {"Giao trễ 50 phút, cà phê nhạt vì đá tan.", "Thiếu món, shop phản hồi chậm."},
		"mid": {"Vị ổn, giao hơi lâu so với ước tính.", "Đóng gói được, giá trên app cao hơn ở quán."},
		"pos": {"Giao nhanh, đóng gói kỹ, sẽ đặt tiếp.", "Cold brew ngon, ly kín không đổ giọt nào."},
	},
}

// commentsPlain are comments as typed without diacritics or in teencode.
var commentsPlain = commentPool{
	"counter": {"neg": {"gio cao diem xep hang lau qua, cho 20p moi toi luot", "sang nao cug dong, doi lau wa"}, "mid": {"cf ngon nhg cho hoi lau", "ok nhung gia hoi cao"},
		"pos": {"cf muoi ngon xiu, nv de thuong", "phuc vu nhanh, se quay lai"}},
	"table":    {"neg": {"quet qr hoai ko dc"}, "mid": {"goi mon qr tien nhg hinh nho"}, "pos": {"goi mon qr tien ghe, ko can xep hang", "tra dao ngon xuat sac"}},
	"delivery": {"neg": {"giao cham qua, da tan het r", "ship tre 1 tieng ko bao truoc", "giao thieu 1 ly"}, "mid": {"do uong ngon nhg giao hoi lau"}, "pos": {"giao nhanh, dong goi can than", "ship nhanh vl, da con nguyen"}},
	"app":      {"neg": {"app hay bi vang khi thanh toan", "tich diem cong cham qua"}, "mid": {"app xai dc, mong them uu dai"}, "pos": {"app tien, dat truoc ghe lay lien", "tich diem doi ly free thich lam"}},
	"maps":     {"neg": {"cho lau qua, nv lung tung"}, "mid": {"quan dep nhg hoi on"}, "pos": {"quan dep, cf ngon, wifi manh"}},
	"food_app": {"neg": {"giao tre, cf nhat nhech"}, "mid": {"vi on, giao hoi lau"}, "pos": {"giao nhanh, ly kin, 10d"}},
}

var commentsEn = commentPool{
	"counter": {"neg": {"Waited almost 20 minutes at the morning rush.", "The queue went out the door and only one cashier."}, "mid": {"Good coffee, but the lunch queue is slow."},
		"pos": {"Great salted coffee and friendly staff.", "Quick service, lovely quiet space to work."}},
	"table":    {"neg": {"The QR menu would not load."}, "mid": {"QR ordering is handy, pictures are small."}, "pos": {"Ordering by QR at the table is so easy.", "Peach tea was lovely."}},
	"delivery": {"neg": {"Delivery took an hour and the ice had melted.", "Late delivery and one drink missing."}, "mid": {"Tasty, but the delivery was slow."}, "pos": {"Fast delivery, well packed.", "Arrived in 20 minutes, still cold."}},
	"app":      {"neg": {"The app crashes at checkout."}, "mid": {"The app works, could use more member deals."}, "pos": {"Order ahead in the app and skip the queue: great.", "Love the free drink from points."}},
	"maps":     {"neg": {"Long wait at rush hour, staff overwhelmed."}, "mid": {"Nice space, a bit noisy in the evening."}, "pos": {"Great egg coffee and friendly staff.", "Beautiful café, strong wifi."}},
	"food_app": {"neg": {"Very late, the coffee was watery."}, "mid": {"OK taste, slower than the estimate."}, "pos": {"Quick and well packed, will order again."}},
}
