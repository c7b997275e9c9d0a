package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"cxm/internal/cx"
)

// Score rollups: one row per workspace, measure, day, survey, question,
// criterion, touchpoint, stage, phase, channel, source and value, with the
// number of answers. They are kept in the transaction that stores or
// replaces feedback (rollScore), rebuilt from the feedback table by
// RebuildScoreRollups, and read by ScoreCounts. Both paths classify a row
// with cx.ScoreOf, so rebuilt and incremental rollups are the same rows.

// rollupKey is a score rollup row without its count.
type rollupKey struct {
	measure                                        string
	day, week                                      int
	survey, question, criterion, touchpoint, stage string
	phase, channel, source                         string
	value                                          float64
}

// rollupKeyOf classifies a feedback row; ok is false when it counts
// towards no score.
func rollupKeyOf(f cx.Feedback, loc *time.Location) (rollupKey, bool) {
	measure, value, ok := cx.ScoreOf(f)
	if !ok {
		return rollupKey{}, false
	}
	t := f.OccurredAt.In(loc)
	y, m, d := t.Date()
	monday := time.Date(y, m, d, 0, 0, 0, 0, loc).AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return rollupKey{measure: measure, day: DayNumber(t), week: DayNumber(monday), survey: f.SurveyID, question: f.QuestionKey,
		criterion: f.Criterion, touchpoint: f.TouchpointID, stage: f.StageID, phase: f.Phase, channel: f.Channel,
		source: f.Source, value: value}, true
}

// DayNumber writes t's date as the integer YYYYMMDD, as rollups key days.
func DayNumber(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

func (k rollupKey) args() []any {
	return []any{k.measure, k.day, k.week, k.survey, k.question, k.criterion, k.touchpoint, k.stage, k.phase, k.channel, k.source, k.value}
}

const rollupColumns = `measure, day, week, survey_id, question_key, criterion, touchpoint_id, stage_id, phase, channel, source, value`

// rollupMatch matches one rollup row by its key (week follows from day).
const rollupMatch = `workspace_id = ? AND measure = ? AND day = ? AND survey_id = ? AND question_key = ? AND criterion = ?
	AND touchpoint_id = ? AND stage_id = ? AND phase = ? AND channel = ? AND source = ? AND value = ?`

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
	k, _ := rollupKeyOf(f, loc)
	_, err = c.exec(ctx, `INSERT INTO score_rollups (workspace_id, `+rollupColumns+`, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, measure, day, survey_id, question_key, criterion, touchpoint_id, stage_id, phase, channel, source, value)
		DO UPDATE SET n = score_rollups.n + excluded.n`, append(append([]any{wsID}, k.args()...), delta)...)
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
		for _, n := range counts {
			counted += n
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
func rollupsFromFeedback(ctx context.Context, c conn, wsID string, loc *time.Location) (map[rollupKey]int, error) {
	rows, err := c.query(ctx, `SELECT source, kind, COALESCE(survey_id, ''), question_key, question_type, criterion, score, scale_min, scale_max,
		COALESCE(touchpoint_id, ''), COALESCE(stage_id, ''), phase, channel, occurred_at FROM feedback WHERE workspace_id = ? AND score IS NOT NULL`, wsID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[rollupKey]int{}
	for rows.Next() {
		var f cx.Feedback
		var at int64
		if err := rows.Scan(&f.Source, &f.Kind, &f.SurveyID, &f.QuestionKey, &f.QuestionType, &f.Criterion, &f.Score, &f.ScaleMin, &f.ScaleMax,
			&f.TouchpointID, &f.StageID, &f.Phase, &f.Channel, &at); err != nil {
			return nil, err
		}
		f.OccurredAt = fromMS(at)
		if k, ok := rollupKeyOf(f, loc); ok {
			counts[k]++
		}
	}
	return counts, rows.Err()
}

// insertRollups writes rollup rows, a few hundred a statement.
func insertRollups(ctx context.Context, c conn, wsID string, counts map[rollupKey]int) error {
	const perStatement = 200
	row := `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	args := make([]any, 0, perStatement*14)
	flush := func(rows int) error {
		if rows == 0 {
			return nil
		}
		q := `INSERT INTO score_rollups (workspace_id, ` + rollupColumns + `, n) VALUES ` + strings.TrimSuffix(strings.Repeat(row+",", rows), ",")
		_, err := c.exec(ctx, q, args...)
		args = args[:0]
		return err
	}
	rows := 0
	for k, n := range counts {
		args = append(append(append(args, wsID), k.args()...), n)
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

// ScoreQuery asks for answer counts by value of one measure over a range of
// days, grouped by some of the rollup's dimensions.
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

// ScoreCount is the number of answers of one value in one group.
type ScoreCount struct {
	Group []string // the values of the query's Group, in order
	Value float64
	N     int
}

// ScoreCounts sums score rollups: answers by value in each group.
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
	group := strings.Join(append(cols, "value"), ", ")
	rows, err := s.reader().query(ctx, `SELECT `+group+`, SUM(n) FROM score_rollups WHERE `+where+` GROUP BY `+group, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScoreCount
	for rows.Next() {
		sc := ScoreCount{Group: make([]string, len(cols))}
		dest := make([]any, 0, len(cols)+2)
		for i := range sc.Group {
			dest = append(dest, &sc.Group[i])
		}
		var n sql.NullInt64
		dest = append(dest, &sc.Value, &n)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		sc.N = int(n.Int64)
		out = append(out, sc)
	}
	return out, rows.Err()
}
