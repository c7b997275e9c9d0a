package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cxm/internal/cx"
	"cxm/internal/ingest"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/web"
)

// benchConfig is what `cxm bench ingest` measures.
type benchConfig struct {
	db        dbFlags
	mode      string // batch, single or both
	events    int
	duration  time.Duration
	clients   int
	batchSize int
	customers int
	profile   string

	load       string // sessions or random: the shape of the traffic, see eventGen
	orderEvery int    // random load: one event in orderEvery is an order
	randomAnon bool   // random load: a new anonymousId on every message, as RudderStack's Go library sends
	url        string // a server in another process ("" starts one in this process)
	writeKey   string // its write key
}

// benchCommand measures cxm on this machine.
func benchCommand(ctx context.Context, env environment, args []string) error {
	if len(args) > 0 && args[0] == "analytics" {
		// Two sets of cases: the scores (rollups of answers) and the
		// behaviour measures (per-customer state); each generates its data.
		switch {
		case len(args) > 1 && args[1] == "scores":
			return benchAnalytics(ctx, env, args[2:])
		case len(args) > 1 && args[1] == "behaviour":
			return benchBehaviour(ctx, env, args[2:])
		}
		return errors.New("usage: cxm bench analytics scores|behaviour [flags]")
	}
	if len(args) == 0 || args[0] != "ingest" {
		return errors.New("usage: cxm bench ingest [--load sessions|random] [--mode batch|single|both] [--events N] [--duration D] [--clients C] [--url URL --write-key KEY]")
	}
	var cfg benchConfig
	fs := newFlagSet("bench ingest", "cxm bench ingest [flags]", env)
	fs.StringVar(&cfg.db.databaseURL, "database-url", "", "PostgreSQL URL to measure on (default: SQLite in a temporary directory)")
	fs.StringVar(&cfg.mode, "mode", "both", "batch (/v1/batch), single (/v1/track) or both")
	fs.IntVar(&cfg.events, "events", 200000, "events to send through /v1/batch (0: use --duration)")
	fs.DurationVar(&cfg.duration, "duration", 10*time.Second, "how long to send single events, and batches when --events is 0")
	fs.IntVar(&cfg.clients, "clients", 8, "concurrent clients")
	fs.IntVar(&cfg.batchSize, "batch", 100, "events per /v1/batch request")
	fs.IntVar(&cfg.customers, "customers", 50000, "distinct visitors the events come from")
	fs.StringVar(&cfg.profile, "cpuprofile", "", "write a CPU profile of the run to this file (in-process server only)")
	fs.StringVar(&cfg.load, "load", "sessions", "sessions (ten events in a row per anonymous visitor) or random (each event a user drawn at random)")
	fs.IntVar(&cfg.orderEvery, "order-every", 20, "random load: one event in this many is an order")
	fs.BoolVar(&cfg.randomAnon, "random-anonymous-id", false, "random load: a new anonymousId on every message (RudderStack's Go library)")
	fs.StringVar(&cfg.url, "url", "", "base URL of a cxm serve in another process (default: start one in this process)")
	fs.StringVar(&cfg.writeKey, "write-key", "", "write key of the workspace at --url (env CXM_BENCH_WRITE_KEY)")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	if cfg.writeKey == "" {
		cfg.writeKey = env.getenv("CXM_BENCH_WRITE_KEY")
	}
	if cfg.clients < 1 || cfg.batchSize < 1 || cfg.customers < 1 || cfg.orderEvery < 1 || !slices.Contains([]string{"batch", "single", "both"}, cfg.mode) ||
		!slices.Contains([]string{"sessions", "random"}, cfg.load) {
		return errors.New("--clients, --batch, --customers and --order-every must be positive; --mode batch, single or both; --load sessions or random")
	}
	if cfg.url != "" && cfg.writeKey == "" {
		return errors.New("--url needs --write-key (or CXM_BENCH_WRITE_KEY)")
	}
	return runBench(ctx, env, cfg)
}

// benchTarget is the server the load goes to: in this process or another.
type benchTarget struct {
	url, writeKey string
	engine        string
	where         string                           // where the load generator runs, for the report
	memory        func() func() (rss, heap uint64) // starts watching the server's memory
	close         func()
}

func startBenchTarget(ctx context.Context, cfg benchConfig) (*benchTarget, error) {
	dir, err := os.MkdirTemp("", "cxm-bench-")
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.db.databaseURL, dir)
	if err == nil {
		_, err = st.Migrate(ctx)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	w, err := st.CreateWorkspace(ctx, cx.Workspace{Name: "Bench " + time.Now().Format(time.RFC3339)}, cx.TemplateLifecycle)
	if err != nil {
		return nil, err
	}
	key, hash, prefix := secret.NewAPIKey(cx.KeyWrite)
	if _, err := st.CreateAPIKey(ctx, cx.APIKey{WorkspaceID: w.ID, Kind: cx.KeyWrite, Hash: hash, Prefix: prefix, Name: "bench"}); err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pipe := ingest.New(st, log)
	pipe.Start(ctx)
	srv, err := web.New(web.Config{Version: version}, st, pipe, log)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return &benchTarget{url: "http://" + ln.Addr().String(), writeKey: key, engine: st.Engine(),
		where: "in the same process as the server", memory: watchMemory, close: func() {
			hs.Shutdown(context.Background())
			pipe.Close()
			st.Close()
			os.RemoveAll(dir)
		}}, nil
}

func runBench(ctx context.Context, env environment, cfg benchConfig) error {
	var t *benchTarget
	var err error
	if cfg.url != "" {
		t, err = remoteTarget(ctx, cfg)
	} else {
		t, err = startBenchTarget(ctx, cfg)
	}
	if err != nil {
		return err
	}
	defer t.close()
	if cfg.profile != "" && cfg.url == "" {
		f, err := os.Create(cfg.profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	mem := t.memory()
	fmt.Fprintf(env.stdout, "cxm bench ingest: %s, %d cores, GOMAXPROCS %d, load generator %s\n",
		t.engine, runtime.NumCPU(), runtime.GOMAXPROCS(0), t.where)
	fmt.Fprintf(env.stdout, "load: %s\n", describeLoad(cfg))
	if cfg.mode != "single" {
		r := drive(ctx, t, cfg, cfg.batchSize, cfg.events, cfg.duration)
		fmt.Fprintf(env.stdout, "/v1/batch (%d events a request): %s\n", cfg.batchSize, r)
	}
	if cfg.mode != "batch" {
		r := drive(ctx, t, cfg, 1, 0, cfg.duration)
		fmt.Fprintf(env.stdout, "/v1/track and /v1/page (1 event a request): %s\n", r)
	}
	rss, heap := mem()
	if heap > 0 {
		fmt.Fprintf(env.stdout, "peak memory: RSS %d MB, Go heap in use %d MB\n", rss>>20, heap>>20)
	} else {
		fmt.Fprintf(env.stdout, "peak memory of the server (its /metrics, sampled every 250 ms): RSS %d MB\n", rss>>20)
	}
	return nil
}

// benchResult is what one run of requests measured.
type benchResult struct {
	events, requests, failed int64
	elapsed                  time.Duration
	latencies                []time.Duration
}

func (r benchResult) String() string {
	slices.Sort(r.latencies)
	q := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[int(p*float64(len(r.latencies)-1))]
	}
	sec := r.elapsed.Seconds()
	return fmt.Sprintf("%d events in %.1f s: %.0f events/s, %.0f requests/s, latency p50 %.1f ms p99 %.1f ms, %d failed",
		r.events, sec, float64(r.events)/sec, float64(r.requests)/sec, ms(q(.5)), ms(q(.99)), r.failed)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// drive sends requests of size events from cfg.clients clients until total
// events went in (total > 0) or for duration.
func drive(ctx context.Context, t *benchTarget, cfg benchConfig, size, total int, duration time.Duration) benchResult {
	var sent, failed, requests atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	deadline := time.Now().Add(duration)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range cfg.clients {
		wg.Go(func() {
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}, Timeout: 30 * time.Second}
			gen := newEventGen(c, cfg)
			var lat []time.Duration
			for ctx.Err() == nil {
				if total > 0 && sent.Add(int64(size)) > int64(total) || total == 0 && time.Now().After(deadline) {
					break
				}
				body, path := gen.body(size)
				begin := time.Now()
				ok := post(client, t.url+path, t.writeKey, body)
				lat = append(lat, time.Since(begin))
				requests.Add(1)
				if !ok {
					failed.Add(1)
				}
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	r := benchResult{requests: requests.Load(), failed: failed.Load(), elapsed: time.Since(start), latencies: all}
	r.events = (r.requests - r.failed) * int64(size)
	return r
}

func post(client *http.Client, url, writeKey string, body []byte) bool {
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.SetBasicAuth(writeKey, "")
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return false
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 && debugBench {
		fmt.Fprintf(os.Stderr, "%d %s\n", res.StatusCode, b)
	}
	return res.StatusCode == 200
}

var debugBench = os.Getenv("CXM_BENCH_DEBUG") != ""

// watchMemory samples the Go heap every 100 ms and returns a function that
// stops and reports the peak RSS (from the kernel's high-water mark) and
// the peak heap in use.
func watchMemory() func() (rss, heap uint64) {
	var m runtime.MemStats
	stop := samplePeak(100*time.Millisecond, func() uint64 {
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	})
	return func() (uint64, uint64) {
		heap := stop()
		return peakRSS(), heap
	}
}

// samplePeak calls read at once and then every period, in the background,
// and returns a function that stops it and reports the largest value read.
func samplePeak(period time.Duration, read func() uint64) (stop func() uint64) {
	var peak atomic.Uint64
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-quit:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(quit)
		<-done
		return peak.Load()
	}
}

// peakRSS reads VmHWM from /proc/self/status (0 where there is none).
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
