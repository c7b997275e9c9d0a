package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/text"
)

// Size of the demo.
const (
	Customers = 200
	Days      = 90
)

// Events returns the demo's events in time order: for each of n customers,
// anonymous visits with page and product views, an identify with their
// details, orders, and now and then a review or a referral. The same seed
// gives the same café; times end at now.
func Events(seed uint64, n int, now time.Time) []cx.Event {
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: now}
	for i := 0; i < n; i++ {
		g.customer(i)
	}
	sortByTime(g.events)
	return g.events
}

type generator struct {
	rng    *rand.Rand
	now    time.Time
	events []cx.Event
	seq    int
}

// person is one demo customer.
type person struct {
	userID, anonID, name, given, salutation, email, phone, city, birthday string
}

func (g *generator) person(i int) person {
	female := g.rng.IntN(2) == 0
	family, middle := pick(g.rng, familyNames), pick(g.rng, middleNames[female])
	given := pick(g.rng, givenNames[female])
	p := person{
		userID: fmt.Sprintf("kh-%04d", i+1), anonID: fmt.Sprintf("anon-demo-%04d", i+1),
		name: family + " " + middle + " " + given, given: given, salutation: map[bool]string{false: "anh", true: "chị"}[female],
		city:  pick(g.rng, cities),
		phone: "+84" + pick(g.rng, mobilePrefixes) + fmt.Sprintf("%07d", g.rng.IntN(10_000_000)),
	}
	local := strings.ToLower(text.FoldVietnamese(given + "." + family))
	p.email = fmt.Sprintf("%s%d@%s", local, i+1, pick(g.rng, emailDomains))
	p.birthday = fmt.Sprintf("%d-%02d-%02d", 1970+g.rng.IntN(36), 1+g.rng.IntN(12), 1+g.rng.IntN(28))
	return p
}

// customer writes one customer's story: a first visit some day in the
// last Days days, then more visits, orders for most, and a review or
// referral for some of the loyal ones.
func (g *generator) customer(i int) {
	p := g.person(i)
	start := g.now.Add(-time.Duration(g.rng.IntN(Days*24*60)) * time.Minute)
	at := start
	visits := 1 + g.rng.IntN(5)
	for v := 0; v < visits && at.Before(g.now); v++ {
		switch {
		case v == 0:
			g.visit(p, at, false)
			if g.rng.IntN(10) < 8 {
				g.identify(p, at.Add(3*time.Minute))
			}
		case g.rng.IntN(3) == 0:
			// A new phone or laptop: anonymous until they sign in, which
			// merges that visitor into their profile.
			device := p
			device.anonID = fmt.Sprintf("%s-%d", p.anonID, v)
			g.visit(device, at, false)
			g.identify(device, at.Add(5*time.Minute))
		default:
			g.visit(p, at, true)
		}
		if v == 0 || g.rng.IntN(3) > 0 {
			g.order(p, at.Add(10*time.Minute))
		}
		at = at.Add(time.Duration(1+g.rng.IntN(20)) * 24 * time.Hour)
	}
	if g.rng.IntN(6) == 0 && at.Before(g.now) {
		g.track(p, at, "Product Reviewed", map[string]any{"product_id": pick(g.rng, menu).id, "rating": float64(3 + g.rng.IntN(3)), "review_body": pick(g.rng, reviews)})
	}
	if g.rng.IntN(12) == 0 && at.Before(g.now) {
		g.track(p, at.Add(time.Hour), "Referral Sent", map[string]any{"channel": "zalo"})
	}
}

// visit is a session on the website: a few pages with time on page, and
// products looked at. Known customers come back signed in.
func (g *generator) visit(p person, at time.Time, known bool) {
	for k := 0; k < 1+g.rng.IntN(4); k++ {
		pg := pages[g.rng.IntN(len(pages))]
		dwell := 5000 + g.rng.IntN(120_000)
		g.add(p, known, cx.Event{Type: cx.EventPage, Name: pg.name, Timestamp: at,
			Properties: map[string]any{"path": pg.path, "url": "https://caphe.demo" + pg.path, "title": pg.name, "time_on_page_ms": float64(dwell)}})
		at = at.Add(time.Duration(dwell) * time.Millisecond)
	}
	for k := 0; k < g.rng.IntN(3); k++ {
		pr := pick(g.rng, menu)
		g.track(p, at, "Product Viewed", map[string]any{"product_id": pr.id, "name": pr.name, "category": pr.category, "price": float64(pr.price), "currency": "VND"})
		at = at.Add(time.Minute)
	}
}

func (g *generator) identify(p person, at time.Time) {
	g.add(p, true, cx.Event{Type: cx.EventIdentify, Timestamp: at, Traits: map[string]any{
		"name": p.name, "given_name": p.given, "salutation": p.salutation, "email": p.email, "phone": p.phone,
		"city": p.city, "birthday": p.birthday, "loyalty_card": "TV" + p.userID[3:],
	}})
}

// order is an "Order Completed" of one to three items.
func (g *generator) order(p person, at time.Time) {
	var products []any
	var total int64
	for k := 0; k < 1+g.rng.IntN(3); k++ {
		pr, qty := pick(g.rng, menu), int64(1+g.rng.IntN(3))
		products = append(products, map[string]any{"product_id": pr.id, "name": pr.name, "category": pr.category, "price": float64(pr.price), "quantity": float64(qty)})
		total += pr.price * qty
	}
	g.seq++
	g.track(p, at, "Order Completed", map[string]any{"order_id": fmt.Sprintf("DH%06d", g.seq), "total": float64(total), "currency": "VND", "products": products})
}

func (g *generator) track(p person, at time.Time, name string, props map[string]any) {
	g.add(p, true, cx.Event{Type: cx.EventTrack, Name: name, Timestamp: at, Properties: props})
}

// add finishes an event: a message id, the customer's ids (the user id
// only once they are known), and the receive time. Numbers in properties
// are float64, as in events decoded from JSON.
func (g *generator) add(p person, known bool, e cx.Event) {
	if e.Timestamp.After(g.now) {
		return
	}
	e.MessageID = fmt.Sprintf("demo-%s-%d", p.anonID, len(g.events))
	e.AnonymousID = p.anonID
	if known {
		e.UserID = p.userID
	}
	e.Context = map[string]any{"library": map[string]any{"name": "cxm-demo"}, "channel": "web"}
	e.ReceivedAt = e.Timestamp
	g.events = append(g.events, e)
}

func pick[T any](rng *rand.Rand, items []T) T { return items[rng.IntN(len(items))] }

// sortByTime orders events by time, keeping the order of equal times.
func sortByTime(events []cx.Event) {
	slices.SortStableFunc(events, func(a, b cx.Event) int { return a.Timestamp.Compare(b.Timestamp) })
}
