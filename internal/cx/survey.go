package cx

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Survey is a questionnaire tied to a touchpoint (and so to a stage and a
// phase). Its questions live in numbered versions: editing a survey that has
// answers makes a new version, so answers already given keep the questions
// they answered.
type Survey struct {
	ID           string     `json:"id"`
	Name         Text       `json:"name"`
	Intro        Text       `json:"intro"`
	Thanks       Text       `json:"thanks"`        // the thank-you page's text
	NextURL      string     `json:"next_url"`      // optional next step after thanks
	NextLabel    Text       `json:"next_label"`    // the next step's link text
	TouchpointID string     `json:"touchpoint_id"` // "" for none
	Status       string     `json:"status"`        // draft, active, closed
	Version      int        `json:"version"`       // the current version
	PublicKey    string     `json:"public_key"`    // the anonymous link /s/{public_key}
	Questions    []Question `json:"questions"`     // of the current version
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Survey statuses.
const (
	SurveyDraft  = "draft"
	SurveyActive = "active"
	SurveyClosed = "closed"
)

// SurveyStatuses lists the statuses.
var SurveyStatuses = []string{SurveyDraft, SurveyActive, SurveyClosed}

// TakesAnswers returns why the survey takes no answers, or nil when it does:
// a draft is not open yet and a closed survey is over. This is the one
// statement of the rule: the store enforces it in the transaction that
// writes a response, and the survey flow asks it to tell a respondent
// before they start.
func (s Survey) TakesAnswers() error {
	switch s.Status {
	case SurveyClosed:
		return Errorf(Conflict, "this survey is closed and takes no more answers")
	case SurveyDraft:
		return Errorf(Conflict, "this survey is not open yet")
	}
	return nil
}

// Question types.
const (
	QNPS      = "nps"      // 0–10
	QCSAT     = "csat"     // 1–5
	QCES      = "ces"      // 1–7
	QRating   = "rating"   // stars 1–5
	QMatrix   = "matrix"   // several criteria on one scale
	QSingle   = "single"   // one option
	QMultiple = "multiple" // several options
	QText     = "text"     // free text
	QConsent  = "consent"  // may we contact / quote you: yes or no
)

// QuestionTypes lists the question types.
var QuestionTypes = []string{QNPS, QCSAT, QCES, QRating, QMatrix, QSingle, QMultiple, QText, QConsent}

// MaxAnswerText is the longest text answer, in characters.
const MaxAnswerText = 5000

// Question is one question of a survey version.
type Question struct {
	Key      string   `json:"key"` // stable within a survey, such as "nps"
	Type     string   `json:"type"`
	Title    Text     `json:"title"`
	Required bool     `json:"required"`
	Options  []Option `json:"options,omitempty"` // choices, or a matrix's criteria
	Overall  bool     `json:"overall,omitempty"` // matrix: add an overall row
	ShowIf   *Branch  `json:"show_if,omitempty"` // shown only when this holds
}

// Option is a choice of a single or multiple choice question, or a
// criterion of a rating matrix.
type Option struct {
	Key   string `json:"key"`
	Label Text   `json:"label"`
}

// Branch shows a question only when an earlier question's score compares
// so with Value, such as NPS <= 6, or when its choice equals Choice.
type Branch struct {
	Question string  `json:"question"`
	Op       string  `json:"op"` // <=, >=, =, choice
	Value    float64 `json:"value,omitempty"`
	Choice   string  `json:"choice,omitempty"`
}

// OverallKey is the criterion key of a matrix's overall row.
const OverallKey = "overall"

// Scale returns the lowest and highest score of a scored question type.
func Scale(qtype string) (lo, hi float64, ok bool) {
	switch qtype {
	case QNPS:
		return 0, 10, true
	case QCSAT, QRating, QMatrix:
		return 1, 5, true
	case QCES:
		return 1, 7, true
	}
	return 0, 0, false
}

// Criteria returns a matrix's rows: its options, then the overall row.
func (q Question) Criteria() []Option {
	if q.Type != QMatrix {
		return nil
	}
	out := append([]Option(nil), q.Options...)
	if q.Overall {
		out = append(out, Option{Key: OverallKey, Label: Text{Vi: "Đánh giá chung", En: "Overall"}})
	}
	return out
}

// Validate cleans and checks a survey and its questions.
func (s *Survey) Validate() error {
	s.Name, s.Intro, s.Thanks, s.NextLabel = s.Name.trimmed(), s.Intro.trimmed(), s.Thanks.trimmed(), s.NextLabel.trimmed()
	s.NextURL = strings.TrimSpace(s.NextURL)
	if err := validateText("name", s.Name, 200, true); err != nil {
		return err
	}
	if err := validateText("intro", s.Intro, 2000, false); err != nil {
		return err
	}
	if err := validateText("thanks", s.Thanks, 2000, false); err != nil {
		return err
	}
	if err := validateText("next_label", s.NextLabel, 200, false); err != nil {
		return err
	}
	if s.NextURL != "" {
		u, err := url.Parse(s.NextURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return FieldErrorf("next_url", "next_url must be an http or https address")
		}
	}
	if s.Status == "" {
		s.Status = SurveyDraft
	}
	if !oneOf(s.Status, SurveyStatuses) {
		return FieldErrorf("status", "status must be draft, active or closed")
	}
	return ValidateQuestions(s.Questions)
}

// ValidateQuestions checks a list of questions: valid and unique keys (the
// store makes missing ones from titles and labels first), known types,
// options where needed, and branches that look back at earlier questions.
func ValidateQuestions(qs []Question) error {
	if len(qs) > 50 {
		return FieldErrorf("questions", "a survey has at most 50 questions")
	}
	seen := map[string]Question{}
	for i := range qs {
		if err := qs[i].validate(seen); err != nil {
			return PrefixField(err, "questions", i)
		}
		seen[qs[i].Key] = qs[i]
	}
	return nil
}

func (q *Question) validate(earlier map[string]Question) error {
	q.Title = q.Title.trimmed()
	if !oneOf(q.Type, QuestionTypes) {
		return FieldErrorf("type", "type must be one of %s", strings.Join(QuestionTypes, ", "))
	}
	if !IsSlug(q.Key) {
		return FieldErrorf("key", "key must be 1 to 40 lower-case letters, digits, - or _")
	}
	if _, dup := earlier[q.Key]; dup {
		return FieldErrorf("key", "two questions have the key %s", q.Key)
	}
	if err := validateText("title", q.Title, 500, true); err != nil {
		return err
	}
	if err := q.validateOptions(); err != nil {
		return err
	}
	if q.ShowIf != nil {
		return q.ShowIf.validate(earlier)
	}
	return nil
}

func (q *Question) validateOptions() error {
	needs := q.Type == QSingle || q.Type == QMultiple || q.Type == QMatrix
	if !needs {
		q.Options, q.Overall = nil, false
		return nil
	}
	if len(q.Options) < 1 || len(q.Options) > 30 {
		return FieldErrorf("options", "this question needs 1 to 30 options")
	}
	keys := map[string]bool{}
	for i := range q.Options {
		o := &q.Options[i]
		o.Label = o.Label.trimmed()
		if !IsSlug(o.Key) || keys[o.Key] || o.Key == OverallKey && q.Overall {
			return FieldErrorf("options", "option keys must be unique: 1 to 40 lower-case letters, digits, - or _")
		}
		keys[o.Key] = true
		if err := validateText("options", o.Label, 200, true); err != nil {
			return err
		}
	}
	return nil
}

func (b *Branch) validate(earlier map[string]Question) error {
	q, ok := earlier[b.Question]
	if !ok {
		return FieldErrorf("show_if", "show_if must refer to an earlier question")
	}
	switch b.Op {
	case "<=", ">=", "=":
		if _, _, scored := Scale(q.Type); !scored || q.Type == QMatrix {
			return FieldErrorf("show_if", "show_if compares the score of an NPS, CSAT, CES or rating question")
		}
	case "choice":
		if q.Type != QSingle && q.Type != QMultiple && q.Type != QConsent {
			return FieldErrorf("show_if", "show_if with a choice needs a choice or consent question")
		}
	default:
		return FieldErrorf("show_if", "show_if op must be <=, >=, = or choice")
	}
	return nil
}

// Answer is a respondent's answer to one question: a score, choices or a
// text, by the question's type. A matrix answer holds one score a criterion.
type Answer struct {
	Question string             `json:"question"`
	Score    *float64           `json:"score,omitempty"`
	Choices  []string           `json:"choices,omitempty"`
	Text     string             `json:"text,omitempty"`
	Scores   map[string]float64 `json:"scores,omitempty"` // matrix: criterion → score
}

// Empty reports whether the answer says nothing.
func (a Answer) Empty() bool {
	return a.Score == nil && len(a.Choices) == 0 && strings.TrimSpace(a.Text) == "" && len(a.Scores) == 0
}

// Check validates an answer against its question.
func (q Question) Check(a *Answer) error {
	a.Text = strings.TrimSpace(a.Text)
	if !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, 0) {
		// Any question may carry a text; a database stores neither (found
		// by FuzzCheckResponse: an NPS answer with a NUL in its text).
		return FieldErrorf(q.Key, "the text holds a NUL character or bytes that are not UTF-8")
	}
	if n := utf8.RuneCountInString(a.Text); n > MaxAnswerText {
		return FieldErrorf(q.Key, "the text is %d characters long: at most %d are allowed", n, MaxAnswerText)
	}
	if a.Empty() {
		if q.Required {
			return FieldErrorf(q.Key, "please answer this question")
		}
		return nil
	}
	switch q.Type {
	case QNPS, QCSAT, QCES, QRating:
		return checkScore(q.Key, q.Type, a.Score)
	case QMatrix:
		return q.checkMatrix(a)
	case QSingle, QMultiple, QConsent:
		return q.checkChoices(a)
	}
	return nil
}

func checkScore(field, qtype string, score *float64) error {
	lo, hi, _ := Scale(qtype)
	if score == nil || *score < lo || *score > hi || *score != float64(int(*score)) {
		return FieldErrorf(field, "the score must be a whole number from %d to %d", int(lo), int(hi))
	}
	return nil
}

func (q Question) checkMatrix(a *Answer) error {
	rows := q.Criteria()
	for key, v := range a.Scores {
		known := false
		for _, r := range rows {
			known = known || r.Key == key
		}
		if !known {
			return FieldErrorf(q.Key, "unknown option %q", key)
		}
		if err := checkScore(q.Key+"."+key, QMatrix, &v); err != nil {
			return err
		}
	}
	if q.Required && len(a.Scores) < len(rows) {
		return FieldErrorf(q.Key, "please rate every row")
	}
	return nil
}

func (q Question) checkChoices(a *Answer) error {
	allowed := []string{"yes", "no"}
	if q.Type != QConsent {
		allowed = allowed[:0]
		for _, o := range q.Options {
			allowed = append(allowed, o.Key)
		}
	}
	if q.Type != QMultiple && len(a.Choices) > 1 {
		return FieldErrorf(q.Key, "choose only one option")
	}
	for _, c := range a.Choices {
		if !oneOf(c, allowed) {
			return FieldErrorf(q.Key, "unknown option %q", c)
		}
	}
	return nil
}

// Visible reports whether q is shown, given the answers so far.
func (q Question) Visible(answers map[string]Answer) bool {
	b := q.ShowIf
	if b == nil {
		return true
	}
	a, ok := answers[b.Question]
	if !ok {
		return false
	}
	switch b.Op {
	case "choice":
		return oneOf(b.Choice, a.Choices)
	case "<=":
		return a.Score != nil && *a.Score <= b.Value
	case ">=":
		return a.Score != nil && *a.Score >= b.Value
	case "=":
		return a.Score != nil && *a.Score == b.Value
	}
	return false
}

// NextQuestion returns the index of the first question after the one keyed
// after ("" for the start) that the answers so far make visible, or -1
// when none is left.
func NextQuestion(qs []Question, answers map[string]Answer, after string) int {
	start := 0
	if after != "" {
		for i, q := range qs {
			if q.Key == after {
				start = i + 1
			}
		}
	}
	for i := start; i < len(qs); i++ {
		if qs[i].Visible(answers) {
			return i
		}
	}
	return -1
}

// AnswerMap indexes answers by question key.
func AnswerMap(answers []Answer) map[string]Answer {
	m := make(map[string]Answer, len(answers))
	for _, a := range answers {
		m[a.Question] = a
	}
	return m
}

// CheckResponse validates a whole response against its questions: every
// answer to a known question that the other answers make visible, every
// visible required question answered. Errors name the answer's index.
func CheckResponse(qs []Question, answers []Answer) error {
	byKey := AnswerMap(answers)
	if len(byKey) != len(answers) {
		return FieldErrorf("answers", "each question may be answered once")
	}
	known := map[string]Question{}
	for _, q := range qs {
		known[q.Key] = q
	}
	for i := range answers {
		q, ok := known[answers[i].Question]
		if !ok {
			return PrefixField(FieldErrorf("question", "no question %q in this survey", answers[i].Question), "answers", i)
		}
		if !q.Visible(byKey) {
			return PrefixField(FieldErrorf("question", "question %q is not asked after these answers", q.Key), "answers", i)
		}
		if err := q.Check(&answers[i]); err != nil {
			return PrefixField(err, "answers", i)
		}
	}
	byKey = AnswerMap(answers)
	for _, q := range qs {
		if a, ok := byKey[q.Key]; q.Required && q.Visible(byKey) && (!ok || a.Empty()) {
			return FieldErrorf(q.Key, "please answer the question %q", q.Key)
		}
	}
	return nil
}
