package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// describeLoad says what load a run sends, for the report: a figure
// without its load cannot be compared with another.
func describeLoad(cfg benchConfig) string {
	switch cfg.load {
	case "random":
		anon := "a stable anonymousId per user"
		if cfg.randomAnon {
			anon = "a new anonymousId on every message"
		}
		return fmt.Sprintf("random: each event from a user drawn at random from %d (userId, %s), 1 event in %d an order; %d clients, %d events a request, mode %s",
			cfg.customers, anon, cfg.orderEvery, cfg.clients, cfg.batchSize, cfg.mode)
	default:
		return fmt.Sprintf("sessions: ten events in a row per anonymous visitor, %d visitors, about 1 event in 50 an order; %d clients, %d events a request, mode %s",
			cfg.customers, cfg.clients, cfg.batchSize, cfg.mode)
	}
}

// remoteTarget is a cxm serve in another process: its engine comes from
// /readyz, its memory from the process figures of /metrics.
func remoteTarget(ctx context.Context, cfg benchConfig) (*benchTarget, error) {
	base := strings.TrimRight(cfg.url, "/")
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/readyz", nil)
	if err != nil {
		return nil, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("--url: %w", err)
	}
	defer res.Body.Close()
	var ready struct{ Status, Database string }
	if err := json.NewDecoder(res.Body).Decode(&ready); err != nil || res.StatusCode != 200 {
		return nil, fmt.Errorf("--url: %s/readyz answered %d, not ready", base, res.StatusCode)
	}
	return &benchTarget{url: base, writeKey: cfg.writeKey, engine: ready.Database + " (server at " + base + ")",
		where: "in another process", memory: func() func() (uint64, uint64) { return watchRemoteMemory(base) }, close: func() {}}, nil
}

// watchRemoteMemory samples the server's resident set from its /metrics
// every 250 ms and returns a function that stops and reports the peak.
func watchRemoteMemory(base string) func() (rss, heap uint64) {
	stop := samplePeak(250*time.Millisecond, func() uint64 { return remoteRSS(base) })
	return func() (uint64, uint64) { return stop(), 0 }
}

// remoteRSS reads process_resident_memory_bytes from a server's /metrics.
func remoteRSS(base string) uint64 {
	res, err := http.Get(base + "/metrics")
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	lines := bufio.NewScanner(res.Body)
	for lines.Scan() {
		if v, ok := strings.CutPrefix(lines.Text(), "process_resident_memory_bytes "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return uint64(f)
		}
	}
	return 0
}

// eventGen makes realistic events: browsing, product views, carts and now
// and then an order. The sessions load sends ten events in a row per
// anonymous visitor from a pool, as a site's traffic interleaves sessions;
// the random load sends each event for a user drawn at random, so that
// nearly every event of a batch is about another customer, as a busy
// shop's traffic is, and no cache of recent visitors helps.
type eventGen struct {
	client, n int
	cfg       benchConfig
	rnd       *mrand.Rand
	buf       []byte
}

func newEventGen(client int, cfg benchConfig) *eventGen {
	seed := uint64(time.Now().UnixNano())
	return &eventGen{client: client, cfg: cfg, rnd: mrand.New(mrand.NewPCG(seed, uint64(client)))}
}

// kinds is the mix of events: mostly page and product views. The last is
// the order.
var kinds = []string{
	`"type":"page","name":"Sản phẩm","properties":{"path":"/san-pham/ao-dai-%d","title":"Áo dài","url":"https://shop.example.vn/san-pham/ao-dai-%[1]d"}`,
	`"type":"track","event":"Product Viewed","properties":{"product_id":"p%d","name":"Áo dài lụa","price":450000,"category":"Thời trang"}`,
	`"type":"page","name":"Trang chủ","properties":{"path":"/","referrer":"https://facebook.com","n":%d}`,
	`"type":"track","event":"Page Left","properties":{"time_on_page_ms":%d,"path":"/san-pham"}`,
	`"type":"track","event":"Product Added","properties":{"product_id":"p%d","quantity":1,"price":450000}`,
	`"type":"track","event":"Product Viewed","properties":{"product_id":"p%d","name":"Khăn lụa","price":120000}`,
	`"type":"page","name":"Giỏ hàng","properties":{"path":"/gio-hang","n":%d}`,
	`"type":"track","event":"Order Completed","properties":{"order_id":"o%s","total":570000,"currency":"VND","products":[{"product_id":"p1","price":450000,"quantity":1},{"product_id":"p2","price":120000,"quantity":1}]}`,
}

// body returns the next request: /v1/batch of size events, or one event
// to /v1/track or /v1/page.
func (g *eventGen) body(size int) ([]byte, string) {
	b := g.buf[:0]
	ts := time.Now().UTC().Format(time.RFC3339Nano)
	if size > 1 {
		b = append(b, `{"sentAt":"`+ts+`","batch":[`...)
	}
	for i := range size {
		if i > 0 {
			b = append(b, ',')
		}
		g.n++
		b = append(b, '{')
		if g.cfg.load == "random" {
			b = g.random(b)
		} else {
			b = g.session(b)
		}
		b = append(b, `,"messageId":"`...)
		b = appendUUID(b)
		b = append(b, `","timestamp":"`+ts+`","context":{"library":{"name":"cxm-bench"},"locale":"vi-VN"}}`...)
	}
	g.buf = b
	if size > 1 {
		b = append(b, "]}"...)
		g.buf = b
		return b, "/v1/batch"
	}
	if bytes.Contains(b, []byte(`"type":"page"`)) {
		return b, "/v1/page"
	}
	return b, "/v1/track"
}

// session appends the next event of the sessions load: the visitor's
// session is ten events in a row, and about one event in fifty an order.
func (g *eventGen) session(b []byte) []byte {
	kind := kinds[g.n%len(kinds)]
	if kind == kinds[len(kinds)-1] {
		if g.n%50 == 7 {
			return g.order(b, "anonymousId", "v"+strconv.Itoa(g.visitor()))
		}
		kind = kinds[1]
	}
	b = fmt.Appendf(b, kind, g.n)
	b = append(b, `,"anonymousId":"v`...)
	b = strconv.AppendInt(b, int64(g.visitor()), 10)
	return append(b, '"')
}

func (g *eventGen) visitor() int { return ((g.n/10)*7919 + g.client*104729) % g.cfg.customers }

// random appends the next event of the random load: a user drawn at
// random, one event in orderEvery an order.
func (g *eventGen) random(b []byte) []byte {
	user := strconv.Itoa(g.rnd.IntN(g.cfg.customers))
	anon := "a" + user
	if g.cfg.randomAnon {
		anon = string(appendUUID(nil))
	}
	if g.n%g.cfg.orderEvery == 0 {
		b = g.order(b, "userId", "u"+user)
	} else {
		b = fmt.Appendf(b, kinds[g.rnd.IntN(len(kinds)-1)], g.n)
		b = append(b, `,"userId":"u`+user+`"`...)
	}
	return append(b, `,"anonymousId":"`+anon+`"`...)
}

// order appends an order with an id of its own, for who.
func (g *eventGen) order(b []byte, key, who string) []byte {
	b = fmt.Appendf(b, kinds[len(kinds)-1], string(appendUUID(nil)))
	return append(b, `,"`+key+`":"`+who+`"`...)
}

// appendUUID appends a random version-4 UUID, as the SDKs make message ids:
// random, so that the index of message ids is written all over, as it is
// in production.
func appendUUID(b []byte) []byte {
	var u [16]byte
	rand.Read(u[:])
	u[6], u[8] = u[6]&0x0f|0x40, u[8]&0x3f|0x80
	h := hex.EncodeToString(u[:])
	return append(b, h[0:8]+"-"+h[8:12]+"-"+h[12:16]+"-"+h[16:20]+"-"+h[20:]...)
}
