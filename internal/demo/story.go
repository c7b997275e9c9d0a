package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/text"
)

// The café's year: more guests in the weeks before Tết and in the summer,
// rush hours at breakfast and lunch, deliveries that were slow until the
// café changed its delivery partner, a queue that shortened when a second
// cashier started. Moods (0 … 1) come from those, and scores from moods.

// tetDates are the first days of the lunar new year.
var tetDates = []time.Time{
	date(2024, 2, 10), date(2025, 1, 29), date(2026, 2, 17), date(2027, 2, 6), date(2028, 1, 26),
	date(2029, 2, 13), date(2030, 2, 3), date(2031, 1, 23), date(2032, 2, 11),
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Improvements the story tells, in days before the end of the history.
const (
	partnerChangeDays = 100 // a faster delivery partner
	secondCashierDays = 150 // a second cashier at rush hour
)

// tetPeak is 1 a week before Tết (gifts, gatherings), fading over about
// two weeks either side.
func tetPeak(t time.Time) float64 {
	best := math.Inf(1)
	for _, d := range tetDates {
		best = math.Min(best, math.Abs(t.Sub(d).Hours()/24+7))
	}
	return math.Exp(-(best / 12) * (best / 12))
}

// summerPeak is 1 at the start of July.
func summerPeak(t time.Time) float64 {
	d := float64(t.YearDay()-182) / 25
	return math.Exp(-d * d)
}

// busy is how busy the café is on a day, relative to an ordinary one.
func busy(t time.Time) float64 { return 1 + 1.5*tetPeak(t) + 0.8*summerPeak(t) }

// rush reports whether an hour is breakfast or lunch rush.
func rush(t time.Time) bool {
	h := t.Hour()*60 + t.Minute()
	return (h >= 7*60 && h < 9*60) || (h >= 11*60+30 && h < 13*60+30)
}

// serveMinutes is how long a drink took at the counter.
func (g *story) serveMinutes(rng *rand.Rand, t time.Time) float64 {
	m := 4 + 2*busy(t) + rng.NormFloat64()*1.2
	if rush(t) {
		m += 8
		if t.After(g.end.AddDate(0, 0, -secondCashierDays)) {
			m -= 5
		}
	}
	return math.Max(2, math.Round(m))
}

// deliveryMinutes is how long a delivery took.
func (g *story) deliveryMinutes(rng *rand.Rand, t time.Time) float64 {
	m := 22 + 22*tetPeak(t) + 8*summerPeak(t) + rng.NormFloat64()*6
	if rush(t) {
		m += 10
	}
	if t.After(g.end.AddDate(0, 0, -partnerChangeDays)) {
		m -= 9
	}
	return math.Max(10, math.Round(m))
}

// mood is how a guest felt about a touchpoint: waiting long makes for a
// low mood; the app and the table QR please most people.
func mood(rng *rand.Rand, topic string, minutes float64) float64 {
	m := 0.0
	switch topic {
	case "counter", "maps":
		m = 0.95 - 0.05*math.Max(0, minutes-6)
	case "delivery", "food_app":
		m = 0.92 - 0.025*math.Max(0, minutes-20)
	case "table":
		m = 0.86
	case "app":
		m = 0.93
	}
	return math.Max(0, math.Min(1, m+rng.NormFloat64()*0.12))
}

// story makes customers' histories between start and end.
type story struct {
	seed       uint64
	start, end time.Time
	loc        *time.Location
}

// person is one demo customer.
type person struct {
	userID, anonID, name, given, salutation, email, phone, city, birthday string
}

func newPerson(rng *rand.Rand, i int) person {
	female := rng.IntN(2) == 0
	family, middle := pick(rng, familyNames), pick(rng, middleNames[female])
	given := pick(rng, givenNames[female])
	p := person{
		userID: fmt.Sprintf("kh-%07d", i+1), anonID: fmt.Sprintf("anon-%07d", i+1),
		name: family + " " + middle + " " + given, given: given, salutation: map[bool]string{false: "anh", true: "chị"}[female],
		city:  pick(rng, cities),
		phone: "+84" + pick(rng, mobilePrefixes) + fmt.Sprintf("%07d", rng.IntN(10_000_000)),
	}
	local := strings.ToLower(text.FoldVietnamese(given + "." + family))
	p.email = fmt.Sprintf("%s%d@%s", local, i+1, pick(rng, emailDomains))
	p.birthday = fmt.Sprintf("%d-%02d-%02d", 1970+rng.IntN(36), 1+rng.IntN(12), 1+rng.IntN(28))
	return p
}

// pending is feedback a customer gives about one of their orders, sent
// once the order's batch is stored and the customer has an id.
type pending struct {
	event  int    // index of the order among the customer's events
	survey string // a survey key, or "" for a review
	source string // a review's source
	topic  string
	mood   float64
	lang   string
	at     time.Time
}

// when picks a moment between from and to (at most the end): busy days
// more often, and an hour of the café's day.
func (g *story) when(rng *rand.Rand, from, to time.Time) time.Time {
	if to.After(g.end) {
		to = g.end
	}
	days := int(to.Sub(from).Hours()/24) + 1
	for {
		day := from.In(g.loc).AddDate(0, 0, rng.IntN(days))
		if rng.Float64()*3.3 > busy(day) {
			continue
		}
		y, m, d := day.Date()
		hours := []int{7, 7, 8, 8, 11, 12, 12, 13, 14, 15, 16, 17, 19, 20, 21}
		t := time.Date(y, m, d, pick(rng, hours), rng.IntN(60), rng.IntN(60), 0, g.loc)
		if !t.Before(from) && t.Before(to) {
			return t
		}
		if days <= 1 {
			return from
		}
	}
}

// firstVisit picks when a customer first came in the history: most were
// guests already when it starts, the others come as the café grows, more
// of them in later months.
func (g *story) firstVisit(rng *rand.Rand) time.Time {
	if rng.IntN(5) < 2 {
		return g.when(rng, g.start, g.start.AddDate(0, 0, 30))
	}
	span := g.end.Sub(g.start)
	for {
		t := g.when(rng, g.start, g.end)
		if rng.Float64() < 0.55+0.45*float64(t.Sub(g.start))/float64(span) {
			return t
		}
	}
}

// newcomer starts customer i's history: their random source and when
// they first came. Their share of the events goes by how long they have
// been coming, so that a late guest's few visits are not crowded.
func (g *story) newcomer(i int) (*rand.Rand, time.Time, float64) {
	rng := rand.New(rand.NewPCG(g.seed, uint64(i)+1))
	t := g.firstVisit(rng)
	return rng, t, math.Max(0.02, float64(g.end.Sub(t))/float64(g.end.Sub(g.start)))
}

// habit is how a customer usually orders.
var habits = []string{"counter", "counter", "counter", "counter", "table_qr", "table_qr", "grabfood", "shopeefood", "shopeefood", "website", "loyalty_app"}

// customer writes customer i's history in exactly n events (n ≥ 1) and up
// to nf pieces of feedback about their orders.
func (g *story) customer(i int, rng *rand.Rand, t time.Time, n, nf int) ([]cx.Event, []pending) {
	c := &history{g: g, rng: rng, p: newPerson(rng, i), n: n, habit: pick(rng, habits)}
	c.events = make([]cx.Event, 0, n)
	c.arrive(t)
	visits := max(1, n/3)
	for len(c.events) < n {
		times := make([]time.Time, visits)
		for k := range times {
			times[k] = g.when(rng, t, g.end)
		}
		slices.SortFunc(times, time.Time.Compare)
		for _, v := range times {
			if len(c.events) >= n {
				break
			}
			c.visit(v)
		}
	}
	slices.SortStableFunc(c.events, func(a, b cx.Event) int { return a.Timestamp.Compare(b.Timestamp) })
	return c.events, c.feedback(nf)
}

// history is one customer's story as it is written.
type history struct {
	g      *story
	rng    *rand.Rand
	p      person
	n      int
	habit  string
	known  bool
	member bool
	zalo   bool
	orders int
	events []cx.Event
	moods  map[string]pending // order's message id → how the guest felt
}

// arrive is how a guest first hears of the café, then their first order.
func (c *history) arrive(t time.Time) {
	switch c.rng.IntN(5) {
	case 0:
		c.page(t, "Trang chủ", "/", map[string]any{"utm_source": "facebook", "utm_medium": "social"})
	case 1:
		c.page(t, "Thực đơn", "/thuc-don", map[string]any{"utm_source": "tiktok", "utm_medium": "video"})
	case 2:
		c.track(t, "Directions Requested", map[string]any{"source": "google_maps", "branch": pick(c.rng, branches)})
	case 3:
		c.track(t, "Fanpage Message Sent", map[string]any{"text": "Quán mở cửa mấy giờ ạ?"})
	}
	c.identify(t.Add(2 * time.Minute))
	c.visit(t.Add(10 * time.Minute))
}

// visit is one time the customer comes by or orders.
func (c *history) visit(t time.Time) {
	switch r := c.rng.IntN(20); {
	case r == 0 && !c.zalo:
		c.zalo = true
		c.track(t, "Zalo OA Followed", nil)
	case r == 1 && c.zalo:
		c.track(t, "Zalo Message Read", map[string]any{"campaign": pick(c.rng, []string{"tet", "sinh-nhat", "mon-moi", "mua-he"})})
	case r == 2 && c.orders > 1 && !c.member:
		c.member = true
		c.track(t, "Loyalty Joined", map[string]any{"source": "loyalty_app"})
	case r == 3 && c.orders > 2:
		c.track(t, "Referral Sent", map[string]any{"channel": "zalo"})
	case r == 4:
		c.page(t, "Thực đơn", "/thuc-don", nil)
		c.track(t.Add(time.Minute), "Product Viewed", productProps(pick(c.rng, menu)))
	case r == 5 && c.orders > 3 && c.rng.IntN(4) == 0:
		c.track(t, "Beans Subscribed", map[string]any{"plan": "250g-monthly", "source": "website"})
	default:
		c.order(t)
	}
}

// order is an "Order Completed" where the customer usually orders (now
// and then elsewhere), with a delivery where there is one.
func (c *history) order(t time.Time) {
	source := c.habit
	if c.rng.IntN(4) == 0 {
		source = pick(c.rng, habits)
	}
	if c.member && c.rng.IntN(3) == 0 {
		source = "loyalty_app"
	}
	if source == "website" {
		c.page(t.Add(-3*time.Minute), "Đặt hàng", "/dat-hang", nil)
	}
	if source == "loyalty_app" {
		c.add(cx.Event{Type: cx.EventScreen, Name: "Đặt món", Timestamp: t.Add(-2 * time.Minute)}, true)
	}
	var products []any
	var total int64
	items := menu[:len(menu)-1] // drinks and cakes
	if source == "website" && c.rng.IntN(3) == 0 {
		items = menu[len(menu)-1:] // the shop's coffee beans
	}
	for k := 0; k < 1+c.rng.IntN(3); k++ {
		pr, qty := pick(c.rng, items), int64(1+c.rng.IntN(2))
		p := productProps(pr)
		p["quantity"] = float64(qty)
		products = append(products, p)
		total += pr.price * qty
	}
	c.orders++
	props := map[string]any{"order_id": "DH" + c.p.userID[3:] + "-" + strconv.Itoa(c.orders), "total": float64(total), "currency": "VND",
		"products": products, "source": source, "branch": pick(c.rng, branches)}
	topic, minutes := "table", 0.0
	switch source {
	case "counter":
		minutes = c.g.serveMinutes(c.rng, t)
		props["serve_minutes"] = minutes
		topic = "counter"
	case "grabfood", "shopeefood", "website":
		minutes, topic = c.g.deliveryMinutes(c.rng, t), "delivery"
	case "loyalty_app":
		topic = "app"
	}
	id := c.messageID(len(c.events))
	if !c.track(t, "Order Completed", props) {
		return
	}
	if c.moods == nil {
		c.moods = map[string]pending{}
	}
	c.moods[id] = c.opinion(source, topic, minutes, t)
	if topic == "delivery" {
		c.track(t.Add(time.Duration(minutes)*time.Minute), "Order Delivered", map[string]any{"order_id": props["order_id"], "minutes": minutes, "source": source})
	}
}

// opinion is what the guest would say about an order, should they answer.
func (c *history) opinion(source, topic string, minutes float64, t time.Time) pending {
	p := pending{topic: topic, mood: mood(c.rng, topic, minutes), lang: cx.LangVi}
	if c.rng.IntN(7) == 0 {
		p.lang = cx.LangEn
	}
	delay := time.Duration(10+c.rng.IntN(40)) * time.Minute
	switch source {
	case "counter":
		p.survey = "instore"
		if c.rng.IntN(4) == 0 {
			p.survey, p.source, p.topic = "", "google_maps", "maps"
			delay = time.Duration(1+c.rng.IntN(36)) * time.Hour
		}
	case "table_qr":
		p.survey = "table"
	case "loyalty_app":
		p.survey = "app"
	case "website":
		p.survey = "delivery"
		delay += time.Duration(minutes) * time.Minute
	default: // the delivery apps
		p.survey = "delivery"
		if c.rng.IntN(5) < 2 {
			p.survey, p.source, p.topic = "", source, "food_app"
		}
		delay += time.Duration(minutes) * time.Minute
	}
	p.at = t.Add(delay)
	return p
}

// feedback picks up to nf of the customer's orders that they gave
// feedback on; event is the order's index among the sorted events.
func (c *history) feedback(nf int) []pending {
	var orders []int // those answered before the end of the history
	for i, e := range c.events {
		if p, ok := c.moods[e.MessageID]; ok && p.at.Before(c.g.end) {
			orders = append(orders, i)
		}
	}
	n := min(nf, len(orders))
	out := make([]pending, 0, n)
	for _, k := range c.rng.Perm(len(orders))[:n] {
		p := c.moods[c.events[orders[k]].MessageID]
		p.event = orders[k]
		out = append(out, p)
	}
	return out
}

func (c *history) messageID(k int) string { return "demo-" + c.p.anonID[5:] + "-" + strconv.Itoa(k) }

func productProps(pr product) map[string]any {
	return map[string]any{"product_id": pr.id, "name": pr.name, "category": pr.category, "price": float64(pr.price), "currency": "VND"}
}

func (c *history) page(t time.Time, name, path string, extra map[string]any) bool {
	props := map[string]any{"path": path, "url": "https://caphe.demo" + path, "title": name, "time_on_page_ms": float64(5000 + c.rng.IntN(120_000))}
	for k, v := range extra {
		props[k] = v
	}
	return c.add(cx.Event{Type: cx.EventPage, Name: name, Timestamp: t, Properties: props}, c.known)
}

func (c *history) identify(t time.Time) bool {
	c.known = true
	p := c.p
	return c.add(cx.Event{Type: cx.EventIdentify, Timestamp: t, Traits: map[string]any{
		"name": p.name, "given_name": p.given, "salutation": p.salutation, "email": p.email, "phone": p.phone,
		"city": p.city, "birthday": p.birthday, "loyalty_card": "TV" + p.userID[3:],
	}}, true)
}

func (c *history) track(t time.Time, name string, props map[string]any) bool {
	return c.add(cx.Event{Type: cx.EventTrack, Name: name, Timestamp: t, Properties: props}, c.known)
}

// add finishes an event, unless the customer's events are all written or
// it would lie after the end: a message id, the customer's ids (the user
// id once they are known) and the receive time. Numbers in properties are
// float64, as in events decoded from JSON.
func (c *history) add(e cx.Event, known bool) bool {
	if len(c.events) >= c.n || !e.Timestamp.Before(c.g.end) {
		return false
	}
	e.MessageID = c.messageID(len(c.events))
	e.AnonymousID = c.p.anonID
	if known {
		e.UserID = c.p.userID
	}
	e.Timestamp = e.Timestamp.UTC()
	e.Context = map[string]any{"library": map[string]any{"name": "cxm-demo"}, "channel": channelOf(e)}
	e.ReceivedAt = e.Timestamp
	c.events = append(c.events, e)
	return true
}

// channelOf is how an event reached cxm: the app, the point of sale, or the web.
func channelOf(e cx.Event) string {
	switch src, _ := e.Properties["source"].(string); {
	case e.Type == cx.EventScreen || src == "loyalty_app":
		return "mobile"
	case src == "counter" || src == "table_qr":
		return "pos"
	case src == "grabfood" || src == "shopeefood":
		return "partner"
	}
	return "web"
}

func pick[T any](rng *rand.Rand, items []T) T { return items[rng.IntN(len(items))] }
