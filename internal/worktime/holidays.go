package worktime

import (
	"time"
)

// Holiday is a day off with its names.
type Holiday struct {
	Date   string // local date, DateLayout
	NameVi string
	NameEn string
}

// lunarDates are, for each year, the solar dates of Tết (the first day of
// the first lunar month) and of the Hùng Kings' commemoration (the tenth
// day of the third lunar month), in the Vietnamese lunar calendar, which
// is reckoned at UTC+7 (so Tết 2030 is on 2 February in Vietnam and on
// 3 February in China). Source: Hồ Ngọc Đức's published algorithm for the
// Vietnamese calendar (new moons after Jean Meeus, "Astronomical
// Algorithms"), computed for UTC+7 (TestLunarDates keeps the weekdays).
var lunarDates = map[int][2]string{
	2026: {"2026-02-17", "2026-04-26"},
	2027: {"2027-02-06", "2027-04-16"},
	2028: {"2028-01-26", "2028-04-04"},
	2029: {"2029-02-13", "2029-04-23"},
	2030: {"2030-02-02", "2030-04-12"},
}

// VietnamYears are the years VietnamHolidays knows.
const (
	VietnamFirstYear = 2026
	VietnamLastYear  = 2030
)

// VietnamHolidays returns Vietnam's public holidays of a year from 2026 to
// 2030 (none for another year), as the Labour Code 2019 (article 112)
// lists them: New Year's Day; Tết, five days from the last day of the
// lunar year; the Hùng Kings' commemoration; Reunification Day (30 April);
// Labour Day (1 May); National Day (2 September and the day before). The
// days the government moves or adds in lieu each year are for the
// workspace to edit.
func VietnamHolidays(year int) []Holiday {
	lunar, ok := lunarDates[year]
	if !ok {
		return nil
	}
	tet, _ := time.Parse(DateLayout, lunar[0])
	out := []Holiday{{Date: date(year, 1, 1), NameVi: "Tết Dương lịch", NameEn: "New Year's Day"}}
	for i := -1; i < 4; i++ {
		out = append(out, Holiday{Date: tet.AddDate(0, 0, i).Format(DateLayout), NameVi: "Tết Nguyên đán", NameEn: "Lunar New Year (Tết)"})
	}
	return append(out,
		Holiday{Date: lunar[1], NameVi: "Giỗ Tổ Hùng Vương", NameEn: "Hùng Kings' Commemoration"},
		Holiday{Date: date(year, 4, 30), NameVi: "Ngày Giải phóng miền Nam", NameEn: "Reunification Day"},
		Holiday{Date: date(year, 5, 1), NameVi: "Ngày Quốc tế Lao động", NameEn: "International Labour Day"},
		Holiday{Date: date(year, 9, 1), NameVi: "Quốc khánh", NameEn: "National Day"},
		Holiday{Date: date(year, 9, 2), NameVi: "Quốc khánh", NameEn: "National Day"},
	)
}

func date(y int, m time.Month, d int) string {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(DateLayout)
}
