package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"cxm/internal/cx"
	"cxm/internal/ingest"
	"cxm/internal/secret"
	"cxm/internal/store"
	"cxm/internal/web"
)

// benchAnalyticsConfig is what `cxm bench analytics` measures.
type benchAnalyticsConfig struct {
	db        dbFlags
	responses int
	reviews   int
	days      int
	runs      int
	seed      uint64
}

// benchAnalytics fills a workspace with survey responses and reviews
// spread over a year, through the store's own write path (the one the API
// and the survey pages use, so the rollups are kept as they would be), then
// measures the score, goal, driver and emotion-curve queries over HTTP.
func benchAnalytics(ctx context.Context, env environment, args []string) error {
	var cfg benchAnalyticsConfig
	fs := newFlagSet("bench analytics scores", "cxm bench analytics scores [flags]", env)
	fs.StringVar(&cfg.db.databaseURL, "database-url", "", "PostgreSQL URL to measure on (default: SQLite in a temporary directory)")
	fs.IntVar(&cfg.responses, "responses", 200000, "survey responses to store")
	fs.IntVar(&cfg.reviews, "reviews", 20000, "reviews to store")
	fs.IntVar(&cfg.days, "days", 365, "days the responses are spread over, ending today")
	fs.IntVar(&cfg.runs, "runs", 50, "times each query is run")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the generated data")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if cfg.responses < 0 || cfg.reviews < 0 || cfg.days < 1 || cfg.runs < 1 {
		return errors.New("--responses and --reviews must be at least 0, --days and --runs at least 1")
	}
	dir, err := os.MkdirTemp("", "cxm-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, cfg.db.databaseURL, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	b, err := seedAnalytics(ctx, st, cfg, env)
	if err != nil {
		return err
	}
	return b.measure(ctx, st, cfg, env)
}

// analyticsBench is the workspace the queries run on.
type analyticsBench struct {
	wsID, key string
	journey   string
	surveys   []string
	tps       []string
}

// seedAnalytics creates the workspace, six surveys at six touchpoints and
// the responses and reviews. Scores lean on the touchpoint and the month,
// so that every breakdown has something to show.
func seedAnalytics(ctx context.Context, st *store.Store, cfg benchAnalyticsConfig, env environment) (*analyticsBench, error) {
	w, err := st.CreateWorkspace(ctx, cx.Workspace{Name: "Bench analytics"}, cx.TemplateLifecycle)
	if err != nil {
		return nil, err
	}
	b := &analyticsBench{wsID: w.ID}
	js, err := st.Journeys(ctx, w.ID, store.Page{})
	if err != nil {
		return nil, err
	}
	j := js.Items[0]
	b.journey = j.ID
	matrix := cx.Question{Key: "m", Type: cx.QMatrix, Title: cx.Text{Vi: "Chấm điểm"}, Overall: true, Options: []cx.Option{
		{Key: "speed", Label: cx.Text{Vi: "Nhanh"}}, {Key: "taste", Label: cx.Text{Vi: "Ngon"}}, {Key: "price", Label: cx.Text{Vi: "Giá"}}}}
	for i := 0; i < 6; i++ {
		tp, err := st.CreateTouchpoint(ctx, w.ID, cx.Touchpoint{Name: cx.Text{Vi: fmt.Sprintf("Điểm chạm %d", i+1)}, Phase: j.Stages[i].Phase,
			StageID: j.Stages[i].ID, Channel: "store", Mode: "offline"})
		if err != nil {
			return nil, err
		}
		sv, err := st.CreateSurvey(ctx, w.ID, cx.Survey{Name: cx.Text{Vi: fmt.Sprintf("Khảo sát %d", i+1)}, Status: cx.SurveyActive, TouchpointID: tp.ID,
			Questions: []cx.Question{{Key: "nps", Type: cx.QNPS, Title: cx.Text{Vi: "Giới thiệu?"}}, {Key: "csat", Type: cx.QCSAT, Title: cx.Text{Vi: "Hài lòng?"}},
				{Key: "ces", Type: cx.QCES, Title: cx.Text{Vi: "Dễ dàng?"}}, {Key: "stars", Type: cx.QRating, Title: cx.Text{Vi: "Mấy sao?"}}, matrix}})
		if err != nil {
			return nil, err
		}
		b.tps, b.surveys = append(b.tps, tp.ID), append(b.surveys, sv.ID)
	}
	goals := []cx.Goal{
		{Name: cx.Text{Vi: "NPS ≥ 40 ở Mua hàng"}, KPI: "nps", Comparator: ">=", Target: 40, Scope: cx.Scope{Kind: cx.ScopeStage, ID: j.Stages[2].ID}},
		{Name: cx.Text{Vi: "CSAT ≥ 80"}, KPI: "csat", Comparator: ">=", Target: 80, Window: cx.GoalMonth},
		{Name: cx.Text{Vi: "CES ≥ 5"}, KPI: "ces", Comparator: ">=", Target: 5, Window: cx.GoalQuarter},
		{Name: cx.Text{Vi: "Sao ≥ 4"}, KPI: "stars", Comparator: ">=", Target: 4},
		{Name: cx.Text{Vi: "Phản hồi ≥ 20 %"}, KPI: "response_rate", Comparator: ">=", Target: 20},
	}
	if _, err := st.ReplaceCXModel(ctx, w.ID, cx.CXModel{Goals: goals}); err != nil {
		return nil, err
	}
	key, hash, prefix := secret.NewAPIKey(cx.KeySecret)
	if _, err := st.CreateAPIKey(ctx, cx.APIKey{WorkspaceID: w.ID, Kind: cx.KeySecret, Hash: hash, Prefix: prefix, Name: "bench"}); err != nil {
		return nil, err
	}
	b.key = key
	start := time.Now()
	if err := b.fill(ctx, st, cfg); err != nil {
		return nil, err
	}
	fmt.Fprintf(env.stdout, "stored %d responses and %d reviews over %d days in %s (%s)\n", cfg.responses, cfg.reviews, cfg.days,
		time.Since(start).Round(time.Second), st.Engine())
	return b, nil
}

// fill stores the responses and reviews, each at a random moment of the
// window, with scores that depend on the touchpoint and the month.
func (b *analyticsBench) fill(ctx context.Context, st *store.Store, cfg benchAnalyticsConfig) error {
	rng := rand.New(rand.NewPCG(cfg.seed, 7))
	end := time.Now().UTC()
	span := time.Duration(cfg.days) * 24 * time.Hour
	channels := []string{"link", "qr", "email", "widget"}
	score := func(lo, hi int, lean float64) *float64 {
		v := float64(lo) + math01(rng.Float64()+lean)*float64(hi-lo)
		v = float64(int(v + 0.5))
		return &v
	}
	var batch []cx.Response
	var hashes []string
	for i := 0; i < cfg.responses; i++ {
		at := end.Add(-time.Duration(rng.Int64N(int64(span))))
		k := rng.IntN(len(b.surveys))
		lean := float64(k)/10 - 0.25 + 0.1*float64(at.Month()%4) - 0.15
		answers := []cx.Answer{{Question: "nps", Score: score(0, 10, lean)}, {Question: "csat", Score: score(1, 5, lean)}}
		if i%2 == 0 {
			answers = append(answers, cx.Answer{Question: "ces", Score: score(1, 7, lean)}, cx.Answer{Question: "stars", Score: score(1, 5, lean)})
		} else {
			answers = append(answers, cx.Answer{Question: "m", Scores: map[string]float64{"speed": *score(1, 5, lean-0.2), "taste": *score(1, 5, lean+0.1),
				"price": *score(1, 5, lean), cx.OverallKey: *score(1, 5, lean)}})
		}
		_, hash := secret.NewToken()
		batch = append(batch, cx.Response{SurveyID: b.surveys[k], Channel: channels[rng.IntN(len(channels))], Language: cx.LangVi,
			CompletedAt: &at, Answers: answers})
		hashes = append(hashes, hash)
		if len(batch) == 500 || i == cfg.responses-1 {
			if err := st.SubmitResponses(ctx, b.wsID, batch, hashes); err != nil {
				return err
			}
			batch, hashes = batch[:0], hashes[:0]
		}
	}
	sources := []string{"google_maps", "facebook", "shopee"}
	for i := 0; i < cfg.reviews; i++ {
		at := end.Add(-time.Duration(rng.Int64N(int64(span))))
		x := cx.ExternalFeedback{Source: sources[i%3], Kind: cx.KindReview, Rating: score(1, 5, 0), Text: fmt.Sprintf("đánh giá %d", i),
			Date: at.Format(time.RFC3339), TouchpointID: b.tps[rng.IntN(len(b.tps))], ExternalID: fmt.Sprint(i)}
		if _, _, err := st.AddFeedback(ctx, b.wsID, x); err != nil {
			return err
		}
	}
	return nil
}

// math01 keeps a number within 0 and 1.
func math01(v float64) float64 { return max(0, min(1, v)) }

// measure runs each query cfg.runs times over HTTP and prints its p50,
// p95 and worst time.
func (b *analyticsBench) measure(ctx context.Context, st *store.Store, cfg benchAnalyticsConfig, env environment) error {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pipe := ingest.New(st, log)
	pipe.Start(ctx)
	defer pipe.Close()
	srv, err := web.New(web.Config{Version: version}, st, pipe, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Shutdown(context.Background())
	base := "http://" + ln.Addr().String() + "/api/v1/analytics/"
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh") // the workspace's zone
	if err != nil {
		return err
	}
	today := time.Now().In(hcm)
	year := "&from=" + today.AddDate(0, 0, -cfg.days+1).Format("2006-01-02")
	queries := []string{
		"scores?measure=nps",
		"scores?measure=nps&by=touchpoint,period&grain=month" + year,
		"scores?measure=nps&by=period&grain=week" + year,
		"scores?measure=csat&by=stage",
		"scores?measure=csat&by=period&grain=day&from=" + today.AddDate(0, 0, -89).Format("2006-01-02"),
		"scores?measure=ces&by=channel",
		"scores?measure=stars&by=source" + year,
		"scores?measure=criterion&question=m&by=touchpoint",
		"scores?measure=nps&by=channel&survey=" + b.surveys[0] + year,
		"goals",
		"emotion-curve",
		"drivers?survey=" + b.surveys[0] + "&question=m",
		"drivers?survey=" + b.surveys[0] + "&question=m&outcome=nps" + year,
	}
	fmt.Fprintf(env.stdout, "%-80s %8s %8s %8s %8s\n", "query (GET /api/v1/analytics/…)", "p50", "p95", "max", "cpu")
	for _, q := range queries {
		before := cpuTime()
		times, err := timeQuery(ctx, base+q, b.key, cfg.runs)
		if err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		cpu := (cpuTime() - before) / time.Duration(cfg.runs+1)
		slices.Sort(times)
		fmt.Fprintf(env.stdout, "%-80s %8s %8s %8s %8s\n", shorten(q, b), millis(times[len(times)/2]), millis(times[(len(times)*95+99)/100-1]),
			millis(times[len(times)-1]), millis(cpu))
	}
	return nil
}

// timeQuery calls one URL runs times, one after the other, after one call
// that warms the caches.
func timeQuery(ctx context.Context, url, key string, runs int) ([]time.Duration, error) {
	times := make([]time.Duration, 0, runs)
	for i := -1; i < runs; i++ {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+key)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		var body json.RawMessage
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			return nil, fmt.Errorf("status %d %s %v", resp.StatusCode, body, err)
		}
		if i >= 0 {
			times = append(times, time.Since(start))
		}
	}
	return times, nil
}

func millis(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// shorten writes a query with the survey id left out.
func shorten(q string, b *analyticsBench) string {
	return strings.ReplaceAll(q, b.surveys[0], "S1")
}
