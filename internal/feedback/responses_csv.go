package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"cxm/internal/csvio"
	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/text"
)

// Responses is the kind of a file of survey responses, for the reports.
const Responses = "responses"

// Date orders of a timestamp written with slashes.
const (
	DayFirst   = "dmy" // 30/11/2026: Vietnamese, and Google Forms in a vi or en-GB sheet
	MonthFirst = "mdy" // 11/30/2026: Google Forms in an en-US sheet
)

// ResponseFile says how to read a file of responses to one survey.
type ResponseFile struct {
	SurveyID  string
	DateOrder string // DayFirst (the default) or MonthFirst
}

// ImportResponsesCSV brings a history of answers into a survey of
// workspace wsID, from Google Forms or another tool: one row a response,
// a timestamp column, one column a question matched by key or by its
// Vietnamese or English title (a matrix row as "Title [Row]", as Google
// Forms writes it, or key.row), values as numbers or option labels. Each
// row is checked as the API checks a response, and refused rows are
// reported with their line and column while the others go in; importing
// the same file again adds nothing. The caller bounds r's size.
func (s *Service) ImportResponsesCSV(ctx context.Context, wsID string, r io.Reader, f ResponseFile) (csvio.Report, error) {
	rep := csvio.Report{Kind: Responses, Bad: []csvio.BadLine{}}
	if f.DateOrder == "" {
		f.DateOrder = DayFirst
	}
	if f.DateOrder != DayFirst && f.DateOrder != MonthFirst {
		return rep, cx.FieldErrorf("date_order", "date_order must be dmy or mdy")
	}
	sv, err := s.store.Survey(ctx, wsID, f.SurveyID)
	if err != nil {
		return rep, err
	}
	ws, err := s.store.Workspace(ctx, wsID)
	if err != nil {
		return rep, err
	}
	loc, err := time.LoadLocation(ws.Timezone)
	if err != nil {
		loc = time.UTC
	}
	t, err := openTable(r)
	if err != nil {
		return rep, err
	}
	cols, err := responseColumns(t.header, sv.Questions)
	if err != nil {
		return rep, err
	}
	in := rowReader{cols: cols, loc: loc, order: f.DateOrder}
	for {
		rec, err := t.next()
		if errors.Is(err, io.EOF) {
			return rep, nil
		}
		if err != nil {
			return rep, err
		}
		rep.Rows++
		if err := s.importRow(ctx, wsID, sv, t, in, rec, &rep); err != nil {
			return rep, err
		}
	}
}

// importRow stores one row's response, or reports why not. It returns an
// error only for what is not the row's fault.
func (s *Service) importRow(ctx context.Context, wsID string, sv cx.Survey, t *table, in rowReader, rec []string, rep *csvio.Report) error {
	key := importKey(sv.ID, rec)
	r, err := s.rowResponse(ctx, wsID, sv, t, in, rec)
	if err == nil {
		if _, _, e := s.store.ResponseByToken(ctx, key); e == nil {
			rep.Accepted++
			rep.Duplicates++
			return nil
		}
		err = s.checkSubmission(sv, &r)
	}
	if err == nil {
		_, err = s.saveAs(ctx, wsID, r, key)
	}
	e := cx.AsError(err)
	switch {
	case err == nil:
		rep.Accepted++
		rep.Added++
	case e == nil || e.Code == cx.Internal:
		return err
	default:
		e = byQuestion(e)
		rep.BadRows++
		if len(rep.Bad) < csvio.MaxBadLines {
			rep.Bad = append(rep.Bad, csvio.BadLine{Line: t.line, Field: e.Field, Reason: e.Message, Err: e})
		}
	}
	return nil
}

// byQuestion names an answer's error by its question key, as a file has
// no answers[i], rather than by its place in the response.
func byQuestion(e *cx.Error) *cx.Error {
	i := strings.Index(e.Field, "].")
	if !strings.HasPrefix(e.Field, "answers[") || i < 0 {
		return e
	}
	c := *e
	c.Field, c.Message = e.Field[i+2:], strings.TrimPrefix(e.Message, e.Field+": ")
	return &c
}

// importKey names a row's response so that a second import of the file
// finds it: it stands where a respondent's token hash stands, and the
// prefix keeps it from ever being one.
func importKey(surveyID string, rec []string) string {
	sum := sha256.Sum256([]byte(surveyID + "\x00" + strings.Join(rec, "\x00")))
	return "import:" + hex.EncodeToString(sum[:16])
}

// rowResponse reads a row into a response dated by its timestamp.
func (s *Service) rowResponse(ctx context.Context, wsID string, sv cx.Survey, t *table, in rowReader, rec []string) (cx.Response, error) {
	r := cx.Response{SurveyID: sv.ID, Channel: "import", Language: cx.LangVi}
	answers := map[string]*cx.Answer{}
	for i, v := range rec {
		if err := csvio.CheckText(t.column(i), t.column(i), v); err != nil {
			return r, err
		}
		v = strings.TrimSpace(csvio.UnescapeCell(v))
		if i >= len(in.cols) || v == "" {
			continue
		}
		c := in.cols[i]
		if err := in.read(ctx, s, wsID, c, v, &r, answers); err != nil {
			return r, inColumn(err, c.header)
		}
	}
	for _, q := range sv.Questions {
		if a, ok := answers[q.Key]; ok {
			r.Answers = append(r.Answers, *a)
		}
	}
	if r.CompletedAt == nil {
		return r, cx.FieldErrorf("submitted_at", "the timestamp is empty")
	}
	return r, nil
}

// inColumn names the column of a cell's error that names no field.
func inColumn(err error, header string) error {
	if e := cx.AsError(err); e != nil && e.Field == "" {
		c := *e
		c.Field = header
		return &c
	}
	return err
}

// column is what a column of a response file holds.
type column struct {
	header    string
	kind      string // timestamp, customer_id, user_id, email, phone, language or question
	q         cx.Question
	criterion string // a matrix row
}

// Column names besides questions, folded (see fold).
var responseFields = map[string]string{
	"timestamp": "timestamp", "submitted_at": "timestamp", "dau thoi gian": "timestamp", "thoi gian": "timestamp", "ngay gio": "timestamp",
	"email": "email", "email address": "email", "dia chi email": "email", "phone": "phone", "so dien thoai": "phone",
	"user_id": "user_id", "customer_id": "customer_id", "language": "language", "ngon ngu": "language",
}

// fold is how headers, titles and labels are compared: without case,
// diacritics, surrounding spaces or the punctuation that ends a question.
func fold(s string) string {
	s = strings.ToLower(text.FoldVietnamese(strings.Join(strings.Fields(s), " ")))
	return strings.TrimRight(s, " ?:.*…")
}

var gridHeader = regexp.MustCompile(`^(.*\S)\s*\[(.+)\]$`)

// responseColumns matches the header to the survey. A column that names
// nothing known stops the import, so that a typo is not silently dropped.
func responseColumns(header []string, qs []cx.Question) ([]column, error) {
	out := make([]column, len(header))
	seen := map[string]string{}
	for i, h := range header {
		c, ok := matchColumn(h, qs)
		if !ok {
			return nil, cx.FieldErrorf("columns["+strconv.Itoa(i+1)+"]", "column %q is not a question of this survey, nor timestamp, email, phone, user_id, customer_id or language", h)
		}
		id := c.kind + ":" + c.q.Key + "." + c.criterion
		if other, dup := seen[id]; dup {
			return nil, cx.FieldErrorf("columns["+strconv.Itoa(i+1)+"]", "columns %q and %q say the same", other, h)
		}
		seen[id] = h
		out[i] = c
	}
	if _, ok := seen["timestamp:."]; !ok {
		return nil, cx.FieldErrorf("columns", "the file needs a timestamp column (Timestamp, Dấu thời gian or submitted_at)")
	}
	return out, nil
}

func matchColumn(h string, qs []cx.Question) (column, bool) {
	f := fold(h)
	if kind, ok := responseFields[f]; ok {
		return column{header: h, kind: kind}, true
	}
	for _, q := range qs {
		if names(q.Key, q.Title)[f] && q.Type != cx.QMatrix {
			return column{header: h, kind: "question", q: q}, true
		}
	}
	// A matrix row: "Title [Row]" as Google Forms writes grids, or key.row.
	title, row := "", ""
	if m := gridHeader.FindStringSubmatch(h); m != nil {
		title, row = fold(m[1]), fold(m[2])
	} else if k, r, ok := strings.Cut(h, "."); ok {
		title, row = fold(k), fold(r)
	}
	for _, q := range qs {
		if q.Type != cx.QMatrix || !names(q.Key, q.Title)[title] {
			continue
		}
		for _, o := range q.Criteria() {
			if names(o.Key, o.Label)[row] {
				return column{header: h, kind: "question", q: q, criterion: o.Key}, true
			}
		}
	}
	return column{}, false
}

// names are the folded names a question or an option goes by.
func names(key string, t cx.Text) map[string]bool {
	return map[string]bool{fold(key): true, fold(t.Vi): t.Vi != "", fold(t.En): t.En != ""}
}

// rowReader reads the cells of a row.
type rowReader struct {
	cols  []column
	loc   *time.Location
	order string
}

func (in rowReader) read(ctx context.Context, s *Service, wsID string, c column, v string, r *cx.Response, answers map[string]*cx.Answer) error {
	switch c.kind {
	case "timestamp":
		t, err := ParseTimestamp(v, in.loc, in.order)
		r.CompletedAt = &t
		return err
	case "language":
		if l := fold(v); l == "en" || l == "english" || l == "tieng anh" {
			r.Language = cx.LangEn
		}
		return nil
	case "question":
		a := answers[c.q.Key]
		if a == nil {
			a = &cx.Answer{Question: c.q.Key}
			answers[c.q.Key] = a
		}
		return readAnswer(c, v, a)
	}
	if r.CustomerID != "" {
		return nil // the first identity that matches names the respondent
	}
	id, err := s.respondent(ctx, wsID, c.kind, v)
	r.CustomerID = id
	return err
}

// respondent finds the customer an identity names; "" for none known.
func (s *Service) respondent(ctx context.Context, wsID, kind, v string) (string, error) {
	if kind == "customer_id" {
		return v, nil // the store refuses an id of another workspace
	}
	k := map[string]string{"user_id": cx.IDUser, "email": cx.IDEmail, "phone": cx.IDPhone}[kind]
	value, err := store.NormalizeIdentity(k, v)
	if err != nil {
		return "", nil // a malformed e-mail or phone names nobody
	}
	c, err := s.store.CustomerByIdentity(ctx, wsID, k, value)
	if code := cx.ErrorCode(err); code == cx.NotFound || code == cx.Invalid {
		return "", nil
	}
	return c.ID, err
}

// readAnswer reads a cell into the answer to its question: a number for a
// score, an option's key or label for a choice (several separated by ; or
// ", " as Google Forms joins them), the text as it is.
func readAnswer(c column, v string, a *cx.Answer) error {
	switch c.q.Type {
	case cx.QNPS, cx.QCSAT, cx.QCES, cx.QRating:
		n, err := readScore(v)
		a.Score = &n
		return err
	case cx.QMatrix:
		n, err := readScore(v)
		if a.Scores == nil {
			a.Scores = map[string]float64{}
		}
		a.Scores[c.criterion] = n
		return err
	case cx.QSingle, cx.QMultiple, cx.QConsent:
		keys, err := readChoices(c.q, v)
		a.Choices = keys
		return err
	}
	a.Text = v
	return nil
}

var leadingNumber = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)(?:\s*[-–:.)]|\s+\S|$)`)

// readScore reads "9", "9.0" or a label that starts with its number, such
// as "5 - Rất hài lòng".
func readScore(v string) (float64, error) {
	m := leadingNumber.FindStringSubmatch(v)
	if m == nil {
		return 0, cx.FieldErrorf("", "%q is not a score", v)
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "."), 64)
	if err != nil {
		return 0, cx.FieldErrorf("", "%q is not a score", v)
	}
	return n, nil
}

func readChoices(q cx.Question, v string) ([]string, error) {
	opts := q.Options
	if q.Type == cx.QConsent {
		opts = []cx.Option{{Key: "yes", Label: cx.Text{Vi: "Có", En: "Yes"}}, {Key: "no", Label: cx.Text{Vi: "Không", En: "No"}}}
	}
	find := func(s string) (string, bool) {
		for _, o := range opts {
			if names(o.Key, o.Label)[fold(s)] {
				return o.Key, true
			}
		}
		return "", false
	}
	if k, ok := find(v); ok {
		return []string{k}, nil
	}
	parts := strings.Split(v, ";")
	if len(parts) == 1 {
		parts = strings.Split(v, ", ")
	}
	var keys []string
	for _, p := range parts {
		k, ok := find(p)
		if !ok {
			return nil, cx.FieldErrorf("", "unknown option %q", strings.TrimSpace(p))
		}
		keys = append(keys, k)
	}
	return keys, nil
}

var slashDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)

// ParseTimestamp reads when a response was submitted: RFC 3339 (with its
// offset), YYYY-MM-DD HH:MM[:SS], or a date with slashes and an optional
// time as Google Forms and spreadsheets write it — 30/11/2026 17:54:03 by
// default, 11/30/2026 17:54:03 with MonthFirst. Times without an offset
// are in loc, the workspace's zone. A slash date that cannot be in the
// order asked (a month of 13 or more) is refused and says so, rather than
// read in the other order: a file holds one order throughout.
func ParseTimestamp(s string, loc *time.Location, order string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	m := slashDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, cx.FieldErrorf("submitted_at", "%q is not a timestamp: use 30/11/2026 17:54:03 or 2026-11-30T17:54:03+07:00", s)
	}
	n := make([]int, 6)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	day, month := n[0], n[1]
	if order == MonthFirst {
		day, month = month, day
	}
	t := time.Date(n[2], time.Month(month), day, n[3], n[4], n[5], 0, loc)
	if month < 1 || month > 12 || t.Day() != day || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		if order == DayFirst && n[1] > 12 && n[0] <= 12 {
			return time.Time{}, cx.FieldErrorf("submitted_at", "%q is not a day/month/year date: import the file with the date order month/day/year", s)
		}
		return time.Time{}, cx.FieldErrorf("submitted_at", "%q is not a valid date and time", s)
	}
	return t, nil
}
