package store

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"time"

	"cxm/internal/cx"
)

// Score rollups: one row per workspace, measure, day, survey, question,
// criterion, touchpoint, stage, phase, channel and source, with the number
// of answers, their sum and sum of squares and how many are at the top and
// the bottom of the scale (rollupStats). They are kept in the transaction that stores or
// replaces feedback (rollScore), rebuilt from the feedback table by
// RebuildScoreRollups, and read by ScoreCounts. Both paths classify a row
// with cx.ScoreOf, so rebuilt and incremental rollups are the same rows.

// rollupKey is a score rollup row without its count.
type rollupKey struct {
	measure                                        string
	day, week                                      int
	survey, question, criterion, touchpoint, stage string
	phase, channel, source                         string
}

// rollupStats is what a rollup row counts. Sums are integers (millionths),
// so that adding answers in any order gives the same row: incremental and
// rebuilt rollups are equal, on both engines.
type rollupStats struct {
	n, total, totalSq, high, low int64
}

// micro is the unit of the sums: values are kept to a millionth (exact for
// every scale but a review's converted rating).
const micro = 1e6

// statsOf is what one answer of value v adds: High counts NPS 9–10, CES
// 5–7 and 4–5 on the other scales; Low counts NPS 0–6.
func statsOf(measure string, v float64) rollupStats {
	st := rollupStats{n: 1, total: int64(math.Round(v * micro)), totalSq: int64(math.Round(v * v * micro))}
	switch measure {
	case cx.MeasureNPS:
		st.high, st.low = b2i(v >= 9), b2i(v <= 6)
	case cx.MeasureCES:
		st.high = b2i(v >= 5)
	default:
		st.high = b2i(v >= 4)
	}
	return st
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (a *rollupStats) add(b rollupStats, sign int64) {
	a.n, a.total, a.totalSq, a.high, a.low = a.n+sign*b.n, a.total+sign*b.total, a.totalSq+sign*b.totalSq, a.high+sign*b.high, a.low+sign*b.low
}

// rollupKeyOf classifies a feedback row and says what it adds; ok is
// false when it counts towards no score.
func rollupKeyOf(f cx.Feedback, loc *time.Location) (rollupKey, rollupStats, bool) {
	measure, value, ok := cx.ScoreOf(f)
	if !ok {
		return rollupKey{}, rollupStats{}, false
	}
	t := f.OccurredAt.In(loc)
	y, m, d := t.Date()
	monday := time.Date(y, m, d, 0, 0, 0, 0, loc).AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return rollupKey{measure: measure, day: DayNumber(t), week: DayNumber(monday), survey: f.SurveyID, question: f.QuestionKey,
		criterion: f.Criterion, touchpoint: f.TouchpointID, stage: f.StageID, phase: f.Phase, channel: f.Channel,
		source: f.Source}, statsOf(measure, value), true
}

// DayNumber writes t's date as the integer YYYYMMDD, as rollups key days.
func DayNumber(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

func (k rollupKey) args() []any {
	return []any{k.measure, k.day, k.week, k.survey, k.question, k.criterion, k.touchpoint, k.stage, k.phase, k.channel, k.source}
}

func (st rollupStats) args() []any { return []any{st.n, st.total, st.totalSq, st.high, st.low} }

const rollupColumns = `measure, day, week, survey_id, question_key, criterion, touchpoint_id, stage_id, phase, channel, source, n, total, total_sq, high, low`

// rollupMatch matches one rollup row by its key (week follows from day).
const rollupMatch = `workspace_id = ? AND measure = ? AND day = ? AND survey_id = ? AND question_key = ? AND criterion = ?
	AND touchpoint_id = ? AND stage_id = ? AND phase = ? AND channel = ? AND source = ?`

// rollScore adds delta (1 or −1) answers of f to its rollup row, in the
// transaction that stores or removes f. On PostgreSQL it first shares the
// workspace's lock, so that a rebuild (which takes it exclusively) never
// runs beside it and loses its row.
func (s *Store) rollScore(ctx context.Context, c conn, wsID string, f cx.Feedback, delta int) error {
	if _, _, ok := cx.ScoreOf(f); !ok {
		return nil
	}
	loc, err := s.rollupZone(ctx, c, wsID)
	if err != nil {
		return err
	}
	k, one, _ := rollupKeyOf(f, loc)
	var st rollupStats
	st.add(one, int64(delta))
	_, err = c.exec(ctx, `INSERT INTO score_rollups (workspace_id, `+rollupColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, measure, day, survey_id, question_key, criterion, touchpoint_id, stage_id, phase, channel, source)
		DO UPDATE SET n = score_rollups.n + excluded.n, total = score_rollups.total + excluded.total,
		total_sq = score_rollups.total_sq + excluded.total_sq, high = score_rollups.high + excluded.high, low = score_rollups.low + excluded.low`,
		append(append([]any{wsID}, k.args()...), st.args()...)...)
	if err != nil || delta > 0 {
		return err
	}
	args := append([]any{wsID}, k.args()...)
	args = append(args[:3], args[4:]...) // the match names no week
	_, err = c.exec(ctx, `DELETE FROM score_rollups WHERE `+rollupMatch+` AND n <= 0`, args...)
	return err
}

// rollupZone is the time zone a workspace's rollups are kept in: the one
// they were last built in, or the workspace's until they are built.
func (s *Store) rollupZone(ctx context.Context, c conn, wsID string) (*time.Location, error) {
	var built, current string
	err := c.queryRow(ctx, `SELECT COALESCE(r.timezone, ''), w.timezone FROM workspaces w
		LEFT JOIN score_rollup_state r ON r.workspace_id = w.workspace_id WHERE w.workspace_id = ?`+s.dialect.forShare("w"), wsID).
		Scan(&built, &current)
	if err != nil {
		return nil, notFound(err, "workspace")
	}
	if built == "" {
		built = current
	}
	return s.Location(built)
}

// Location loads a time zone once and keeps it.
func (s *Store) Location(name string) (*time.Location, error) {
	if l, ok := s.zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	s.zones.Store(name, l)
	return l, nil
}

// RebuildScoreRollups recomputes a workspace's score rollups from its
// feedback, in its current time zone, and returns how many feedback rows
// they count.
func (s *Store) RebuildScoreRollups(ctx context.Context, wsID string) (int, error) {
	var counted int
	err := s.inTx(ctx, func(c conn) error {
		if err := s.dialect.lockWorkspace(ctx, c, wsID); err != nil {
			return err
		}
		var zone string
		if err := c.queryRow(ctx, `SELECT timezone FROM workspaces WHERE workspace_id = ?`, wsID).Scan(&zone); err != nil {
			return notFound(err, "workspace")
		}
		loc, err := s.Location(zone)
		if err != nil {
			return err
		}
		counts, err := rollupsFromFeedback(ctx, c, wsID, loc)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM score_rollups WHERE workspace_id = ?`, wsID); err != nil {
			return err
		}
		for _, st := range counts {
			counted += int(st.n)
		}
		if err := insertRollups(ctx, c, wsID, counts); err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO score_rollup_state (workspace_id, timezone, built_at) VALUES (?, ?, ?)
			ON CONFLICT (workspace_id) DO UPDATE SET timezone = excluded.timezone, built_at = excluded.built_at`, wsID, zone, ms(now()))
		return err
	})
	return counted, err
}

// rollupsFromFeedback counts every scored feedback row of a workspace by
// its rollup key, reading only the columns the key needs.
func rollupsFromFeedback(ctx context.Context, c conn, wsID string, loc *time.Location) (map[rollupKey]rollupStats, error) {
	rows, err := c.query(ctx, `SELECT source, kind, COALESCE(survey_id, ''), question_key, question_type, criterion, score, scale_min, scale_max,
		COALESCE(touchpoint_id, ''), COALESCE(stage_id, ''), phase, channel, occurred_at FROM feedback WHERE workspace_id = ? AND score IS NOT NULL`, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[rollupKey]rollupStats{}
	for rows.Next() {
		var f cx.Feedback
		var at int64
		if err := rows.Scan(&f.Source, &f.Kind, &f.SurveyID, &f.QuestionKey, &f.QuestionType, &f.Criterion, &f.Score, &f.ScaleMin, &f.ScaleMax,
			&f.TouchpointID, &f.StageID, &f.Phase, &f.Channel, &at); err != nil {
			return nil, err
		}
		f.OccurredAt = fromMS(at)
		if k, one, ok := rollupKeyOf(f, loc); ok {
			st := counts[k]
			st.add(one, 1)
			counts[k] = st
		}
	}
	return counts, rows.Err()
}

// insertRollups writes rollup rows, a few hundred a statement.
func insertRollups(ctx context.Context, c conn, wsID string, counts map[rollupKey]rollupStats) error {
	const perStatement = 200
	row := `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	args := make([]any, 0, perStatement*17)
	flush := func(rows int) error {
		if rows == 0 {
			return nil
		}
		q := `INSERT INTO score_rollups (workspace_id, ` + rollupColumns + `) VALUES ` + strings.TrimSuffix(strings.Repeat(row+",", rows), ",")
		_, err := c.exec(ctx, q, args...)
		args = args[:0]
		return err
	}
	rows := 0
	for k, st := range counts {
		args = append(append(append(args, wsID), k.args()...), st.args()...)
		if rows++; rows == perStatement {
			if err := flush(rows); err != nil {
				return err
			}
			rows = 0
		}
	}
	return flush(rows)
}

// StaleScoreRollups lists the workspaces whose rollups were never built or
// were built in another time zone than the workspace's.
func (s *Store) StaleScoreRollups(ctx context.Context) ([]string, error) {
	return collect(ctx, s.reader(), func(row scanner) (string, error) {
		var id string
		return id, row.Scan(&id)
	}, `SELECT w.workspace_id FROM workspaces w LEFT JOIN score_rollup_state r ON r.workspace_id = w.workspace_id
		WHERE r.timezone IS NULL OR r.timezone <> w.timezone ORDER BY w.workspace_id`)
}

// ScoreQuery asks for the answers of one measure over a range of days,
// grouped by some of the rollup's dimensions.
type ScoreQuery struct {
	Measure  string
	From, To int      // days as DayNumber, both included
	Group    []string // of ScoreDimensions
	Equal    map[string]string
	Stages   []string // when not nil, only these stages (a journey's)
	Question string
}

// ScoreDimensions are what score counts may be grouped and filtered by,
// and the column (or expression) each reads. Periods are integers written
// as text: YYYYMMDD for days and weeks (their Monday), YYYYMM for months.
var ScoreDimensions = map[string]string{
	"touchpoint": "touchpoint_id", "stage": "stage_id", "phase": "phase", "channel": "channel", "survey": "survey_id",
	"source": "source", "criterion": "criterion", "question": "question_key",
	"day": "CAST(day AS TEXT)", "week": "CAST(week AS TEXT)", "month": "CAST(day / 100 AS TEXT)",
}

// ScoreCount is what the answers of one group add up to.
type ScoreCount struct {
	Group      []string // the values of the query's Group, in order
	N          int
	Sum, SumSq float64 // of the values and of their squares
	High       int     // answers at the top: NPS 9–10, CES 5–7, others 4–5
	Low        int     // NPS answers 0–6
}

// ScoreCounts sums score rollups: the answers of each group.
func (s *Store) ScoreCounts(ctx context.Context, wsID string, q ScoreQuery) ([]ScoreCount, error) {
	where := `workspace_id = ? AND measure = ? AND day >= ? AND day <= ?`
	args := []any{wsID, q.Measure, q.From, q.To}
	for dim, v := range q.Equal {
		where += ` AND ` + ScoreDimensions[dim] + ` = ?`
		args = append(args, v)
	}
	if q.Question != "" {
		where += ` AND question_key = ?`
		args = append(args, q.Question)
	}
	if q.Stages != nil {
		if len(q.Stages) == 0 {
			return nil, nil
		}
		where += ` AND stage_id IN (` + placeholders(len(q.Stages)) + `)`
		for _, st := range q.Stages {
			args = append(args, st)
		}
	}
	cols := make([]string, len(q.Group))
	for i, g := range q.Group {
		cols[i] = ScoreDimensions[g]
	}
	group := strings.Join(cols, ", ")
	sel, by := group+", ", ` GROUP BY `+group
	if len(cols) == 0 {
		sel, by = "", ""
	}
	rows, err := s.reader().query(ctx, `SELECT `+sel+`CAST(SUM(n) AS BIGINT), CAST(SUM(total) AS BIGINT), CAST(SUM(total_sq) AS BIGINT),
		CAST(SUM(high) AS BIGINT), CAST(SUM(low) AS BIGINT) FROM score_rollups WHERE `+where+by, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScoreCount
	for rows.Next() {
		sc := ScoreCount{Group: make([]string, len(cols))}
		dest := make([]any, 0, len(cols)+5)
		for i := range sc.Group {
			dest = append(dest, &sc.Group[i])
		}
		var n, total, totalSq, high, low sql.NullInt64
		dest = append(dest, &n, &total, &totalSq, &high, &low)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if !n.Valid || n.Int64 == 0 {
			continue // no rows: the sums of nothing
		}
		sc.N, sc.High, sc.Low = int(n.Int64), int(high.Int64), int(low.Int64)
		sc.Sum, sc.SumSq = float64(total.Int64)/micro, float64(totalSq.Int64)/micro
		out = append(out, sc)
	}
	return out, rows.Err()
}
