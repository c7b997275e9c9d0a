package alerts

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"cxm/internal/analytics"
	"cxm/internal/cx"
	"cxm/internal/feedback"
	"cxm/internal/store"
)

// Evaluator checks every enabled alert rule on each tick and fires what
// holds: an alert is stored under its dedupe key (rule, condition and
// period) first, so that it fires once however often the condition is
// seen, then mailed to the rule's recipients. Now is its clock.
type Evaluator struct {
	st   *store.Store
	mail feedback.Sender // nil: alerts are listed but not mailed
	base string
	log  *slog.Logger
	Now  func() time.Time
	Poll time.Duration
}

// NewEvaluator returns the alert evaluator; mail may be nil.
func NewEvaluator(st *store.Store, mail feedback.Sender, baseURL string, log *slog.Logger) *Evaluator {
	return &Evaluator{st: st, mail: mail, base: strings.TrimSuffix(baseURL, "/"), log: log, Now: time.Now, Poll: time.Minute}
}

// Run ticks until ctx ends.
func (e *Evaluator) Run(ctx context.Context) {
	analytics.Every(ctx, e.Poll, e.log, "alert evaluator", e.Step)
}

// Step evaluates every workspace's enabled rules once.
func (e *Evaluator) Step(ctx context.Context) error {
	wss, err := e.st.AlertWorkspaces(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, ws := range wss {
		if err := e.Workspace(ctx, ws); err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", ws, err))
		}
	}
	return errors.Join(errs...)
}

// condition is what a rule found holding now.
type condition struct {
	key, period     string
	subject, detail cx.Text
	link            string
	value           *float64
}

// Workspace evaluates one workspace's enabled rules. A rule that fails is
// logged and the others still run.
func (e *Evaluator) Workspace(ctx context.Context, wsID string) error {
	ev := &evaluation{st: e.st, measure: analytics.New(e.st, e.Now), wsID: wsID, now: e.Now()}
	var errs []error
	for p := (store.Page{Limit: store.MaxLimit}); ; {
		l, err := e.st.AlertRules(ctx, wsID, p)
		if err != nil {
			return err
		}
		for _, r := range l.Items {
			if !r.Enabled {
				continue
			}
			conds, err := ev.check(ctx, r)
			if err != nil {
				errs = append(errs, fmt.Errorf("rule %s: %w", r.ID, err))
				continue
			}
			for _, c := range conds {
				if err := e.fire(ctx, wsID, r, c); err != nil {
					errs = append(errs, fmt.Errorf("rule %s: %w", r.ID, err))
				}
			}
		}
		if p.After = l.Next; p.After == "" {
			return errors.Join(errs...)
		}
	}
}

// fire stores the alert unless its key fired already, then mails it.
func (e *Evaluator) fire(ctx context.Context, wsID string, r cx.AlertRule, c condition) error {
	a, fired, err := e.st.FireAlert(ctx, wsID, cx.Alert{RuleID: r.ID, Kind: r.Kind, Key: r.ID + "|" + c.key, Subject: c.subject, Detail: c.detail,
		Link: c.link, Value: c.value, Period: c.period, FiredAt: e.Now().UTC().Truncate(time.Millisecond)})
	if err != nil || !fired || e.mail == nil {
		return err
	}
	var sent []string
	for _, id := range r.Recipients {
		m, err := e.st.Member(ctx, wsID, id)
		if err != nil {
			e.log.Warn("alert recipient gone", "rule", r.ID, "user", id, "err", err)
			continue
		}
		subject, detail := c.subject.Vi, c.detail.Vi
		if m.Language == cx.LangEn || subject == "" {
			subject, detail = c.subject.En, c.detail.En
		}
		link := e.base + c.link
		text := detail + "\n\n" + link + "\n"
		page := "<p>" + html.EscapeString(detail) + "</p>\n<p><a href=\"" + html.EscapeString(link) + "\">" + html.EscapeString(link) + "</a></p>\n"
		if err := e.mail.Send(ctx, feedback.Message{To: m.Email, Subject: "[cxm] " + subject, Text: text, HTML: page}); err != nil {
			e.log.Warn("alert email not sent", "rule", r.ID, "err", err)
			continue
		}
		sent = append(sent, m.Email)
	}
	if len(sent) == 0 {
		return nil
	}
	return e.st.AlertSent(ctx, wsID, a.ID, sent)
}

// evaluation is one workspace's tick.
type evaluation struct {
	st      *store.Store
	measure *analytics.Service
	wsID    string
	now     time.Time
	loc     *time.Location
}

func (ev *evaluation) zone(ctx context.Context) (*time.Location, error) {
	if ev.loc != nil {
		return ev.loc, nil
	}
	ws, err := ev.st.Workspace(ctx, ev.wsID)
	if err != nil {
		return nil, err
	}
	if ev.loc, err = time.LoadLocation(ws.Timezone); err != nil {
		ev.loc = time.UTC
	}
	return ev.loc, nil
}

func (ev *evaluation) check(ctx context.Context, r cx.AlertRule) ([]condition, error) {
	switch r.Kind {
	case cx.AlertGoalMissed:
		return ev.goalMissed(ctx, r.Params)
	case cx.AlertScoreDrop:
		return ev.scoreDrop(ctx, r.Params)
	case cx.AlertStandardBreaches:
		return ev.standardBreaches(ctx, r.Params)
	case cx.AlertNegativeAspect:
		return ev.negativeAspect(ctx, r.Params)
	}
	return nil, nil
}

// goalMissed: a goal whose status is missed, once per goal and period
// (its calendar month or quarter, or for a rolling window the month of
// its last day).
func (ev *evaluation) goalMissed(ctx context.Context, p cx.AlertParams) ([]condition, error) {
	res, err := ev.measure.Goals(ctx, ev.wsID)
	if err != nil {
		return nil, err
	}
	var out []condition
	for _, g := range res.Items {
		if g.Status != analytics.GoalMissed || p.GoalID != "" && g.ID != p.GoalID {
			continue
		}
		period := g.From
		if g.Window == cx.GoalRolling30 {
			period = g.To[:7]
		}
		actual := "—"
		if g.Actual != nil {
			actual = fmt.Sprintf("%.1f", *g.Actual)
		}
		name := g.Name
		out = append(out, condition{key: "goal|" + g.ID + "|" + period, period: g.From + "/" + g.To, value: g.Actual,
			subject: cx.Text{Vi: "Mục tiêu không đạt: " + textVi(name), En: "Goal missed: " + textEn(name)},
			detail: cx.Text{
				Vi: fmt.Sprintf("%s: thực tế %s, mục tiêu %s %g, từ %s đến %s (n = %d).", g.KPI, actual, g.Comparator, g.Target, g.From, g.To, g.N),
				En: fmt.Sprintf("%s: actual %s, target %s %g, from %s to %s (n = %d).", g.KPI, actual, g.Comparator, g.Target, g.From, g.To, g.N)},
			link: "/model/goals/" + g.ID})
	}
	return out, nil
}

// scoreDrop: this week (or month) so far against the whole one before,
// when the score fell by more than chance (analytics.Significant over
// both periods' standard errors), once per period.
func (ev *evaluation) scoreDrop(ctx context.Context, p cx.AlertParams) ([]condition, error) {
	loc, err := ev.zone(ctx)
	if err != nil {
		return nil, err
	}
	grain := analytics.Grain(p.Period)
	today := ev.now.In(loc)
	cur := analytics.PeriodStart(today, grain)
	prev := analytics.PeriodStart(cur.AddDate(0, 0, -1), grain)
	w := analytics.Window{From: prev, To: analytics.PeriodStart(today, analytics.Day), Loc: loc}
	res, err := ev.measure.Score(ctx, ev.wsID, analytics.ScoreQuery{Measure: p.Measure, By: []string{"period"}, Grain: grain, Window: w,
		Filter: analytics.Filter{Touchpoint: p.TouchpointID}})
	if err != nil {
		return nil, err
	}
	key := analytics.PeriodKey(cur, grain)
	for _, it := range res.Items {
		if it.Group["period"] != key || it.Change == nil || *it.Change >= 0 || !it.Significant {
			continue
		}
		from, to := w.From.Format(analytics.DateLayout), w.To.Format(analytics.DateLayout)
		q := url.Values{"measure": {p.Measure}, "by": {"period"}, "grain": {p.Period}, "from": {from}, "to": {to}}
		if p.TouchpointID != "" {
			q.Set("touchpoint", p.TouchpointID)
		}
		m := strings.ToUpper(p.Measure)
		return []condition{{key: "score|" + p.Measure + "|" + p.TouchpointID + "|" + key, period: key, value: it.Value,
			subject: cx.Text{Vi: fmt.Sprintf("%s giảm %s điểm", m, viDecimal(-*it.Change)), En: fmt.Sprintf("%s dropped %.1f points", m, -*it.Change)},
			detail: cx.Text{
				Vi: fmt.Sprintf("%s từ %s: %s (n = %d), kỳ trước %s (n = %d); mức giảm vượt biên sai số 95 %%.", m, key, viDecimal(*it.Value), it.N, viDecimal(*it.Previous.Value), it.Previous.N),
				En: fmt.Sprintf("%s since %s: %.1f (n = %d), previous period %.1f (n = %d); the drop is beyond the 95 %% margin of error.", m, key, *it.Value, it.N, *it.Previous.Value, it.Previous.N)},
			link: "/scores?" + q.Encode()}}, nil
	}
	return nil, nil
}

// standardBreaches: a standard broken more than max_per_day times at a
// touchpoint today or yesterday, once per standard, touchpoint and day.
func (ev *evaluation) standardBreaches(ctx context.Context, p cx.AlertParams) ([]condition, error) {
	loc, err := ev.zone(ctx)
	if err != nil {
		return nil, err
	}
	today := ev.now.In(loc)
	from, to := today.AddDate(0, 0, -1).Format(analytics.DateLayout), today.Format(analytics.DateLayout)
	rows, err := ev.st.Breaches(ctx, ev.wsID, from, to)
	if err != nil {
		return nil, err
	}
	m, err := ev.st.CXModel(ctx, ev.wsID)
	if err != nil {
		return nil, err
	}
	names := map[string]cx.Text{}
	for _, st := range m.Standards {
		names[st.ID] = st.Name
	}
	var out []condition
	for _, b := range rows {
		name, ok := names[b.StandardID]
		if !ok || p.StandardID != "" && b.StandardID != p.StandardID || b.Breaches <= int64(p.MaxPerDay) {
			continue
		}
		v := float64(b.Breaches)
		out = append(out, condition{key: "standard|" + b.StandardID + "|" + b.TouchpointID + "|" + b.Day, period: b.Day, value: &v,
			subject: cx.Text{Vi: fmt.Sprintf("Tiêu chuẩn bị vi phạm %d lần: %s", b.Breaches, textVi(name)), En: fmt.Sprintf("Standard broken %d times: %s", b.Breaches, textEn(name))},
			detail: cx.Text{
				Vi: fmt.Sprintf("Ngày %s: %d vi phạm trên %d lần đo (ngưỡng cảnh báo: hơn %d một ngày).", b.Day, b.Breaches, b.Measured, p.MaxPerDay),
				En: fmt.Sprintf("On %s: %d breaches out of %d measurements (alert above %d a day).", b.Day, b.Breaches, b.Measured, p.MaxPerDay)},
			link: "/model/standards/" + b.StandardID})
	}
	return out, nil
}

// negativeAspect: the negative mentions of an aspect in the last days
// reach min_count and factor times those of the days before, once per
// aspect and block of days.
func (ev *evaluation) negativeAspect(ctx context.Context, p cx.AlertParams) ([]condition, error) {
	loc, err := ev.zone(ctx)
	if err != nil {
		return nil, err
	}
	span := time.Duration(p.Days) * 24 * time.Hour
	end := ev.now
	cur, err := ev.st.NegativeAspectCounts(ctx, ev.wsID, end.Add(-span).UnixMilli(), end.UnixMilli()+1)
	if err != nil {
		return nil, err
	}
	prev, err := ev.st.NegativeAspectCounts(ctx, ev.wsID, end.Add(-2*span).UnixMilli(), end.Add(-span).UnixMilli())
	if err != nil {
		return nil, err
	}
	aspects := make([]string, 0, len(cur))
	for a := range cur {
		aspects = append(aspects, a)
	}
	sort.Strings(aspects)
	block := end.In(loc).Format(analytics.DateLayout)
	if days := int(end.Unix() / 86400); p.Days > 1 {
		block = time.Unix(int64(days-days%p.Days)*86400, 0).UTC().Format(analytics.DateLayout)
	}
	var out []condition
	for _, a := range aspects {
		n, before := cur[a], prev[a]
		if p.Aspect != "" && a != p.Aspect || n < p.MinCount || float64(n) < p.Factor*float64(before) {
			continue
		}
		v := float64(n)
		from := end.Add(-span).In(loc).Format(analytics.DateLayout)
		q := url.Values{"aspect": {a}, "sentiment": {"negative"}, "from": {from}, "to": {end.In(loc).Format(analytics.DateLayout)}}
		out = append(out, condition{key: "aspect|" + a + "|" + block, period: block, value: &v,
			subject: cx.Text{Vi: fmt.Sprintf("Góp ý tiêu cực về %q tăng vọt", a), En: fmt.Sprintf("Negative comments about %q jumped", a)},
			detail: cx.Text{
				Vi: fmt.Sprintf("%d góp ý tiêu cực về %q trong %d ngày qua, so với %d trong %d ngày trước đó.", n, a, p.Days, before, p.Days),
				En: fmt.Sprintf("%d negative comments about %q in the last %d days, against %d in the %d days before.", n, a, p.Days, before, p.Days)},
			link: "/feedback?" + q.Encode()})
	}
	return out, nil
}

func textVi(t cx.Text) string {
	if t.Vi != "" {
		return t.Vi
	}
	return t.En
}

func textEn(t cx.Text) string {
	if t.En != "" {
		return t.En
	}
	return t.Vi
}

// viDecimal writes a number with one decimal the Vietnamese way: 12,5.
func viDecimal(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 1, 64), ".", ",", 1)
}
