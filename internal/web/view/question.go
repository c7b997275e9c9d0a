package view

import (
	"slices"
	"strconv"

	"cxm/internal/cx"
)

// Question is one survey question as the respondent's page shows it; the
// dashboard's builder previews questions with it too.
type Question struct {
	Survey    cx.Survey
	Q         cx.Question
	Step      int       // 1-based position of the question among all
	Total     int       // the number of questions
	Answer    cx.Answer // the earlier answer, shown selected
	Scale     []int     // the scores to choose from
	Criteria  []cx.Option
	Action    string
	Resp      string // the anonymous respondent's token
	LangForm  string
	Via       string
	Back      string            // the previous question's link, if any
	Last      bool              // no question can follow
	LangLinks map[string]string // vi/en switch
	Preview   bool              // the dashboard's preview: no form posts
	// ConfirmScore is the score a link chose (an email's score link): the
	// page shows it chosen and one button posts it; the GET stored nothing.
	ConfirmScore string
}

// Confirm shows a the link carried as chosen, for the respondent to post
// with one tap; an answer the question refuses is ignored.
func (q *Question) Confirm(a cx.Answer) {
	if q.Q.Check(&a) != nil || a.Empty() {
		return
	}
	q.Answer = a
	if a.Score != nil && q.Q.Type != cx.QMatrix {
		q.ConfirmScore = strconv.Itoa(int(*a.Score))
	}
}

// Score reports whether the earlier answer chose n.
func (q Question) Score(n int) bool {
	return q.Answer.Score != nil && *q.Answer.Score == float64(n)
}

// RowScore reports whether the earlier answer gave row the score n.
func (q Question) RowScore(row string, n int) bool {
	v, ok := q.Answer.Scores[row]
	return ok && v == float64(n)
}

// Chose reports whether the earlier answer chose option key.
func (q Question) Chose(key string) bool { return slices.Contains(q.Answer.Choices, key) }

// scaleOf lists the scores of a question type's scale.
func scaleOf(qtype string) []int {
	lo, hi, ok := cx.Scale(qtype)
	if !ok {
		return nil
	}
	var out []int
	for n := int(lo); n <= int(hi); n++ {
		out = append(out, n)
	}
	return out
}

// NewQuestion prepares question i of qs for the page.
func NewQuestion(sv cx.Survey, qs []cx.Question, answers map[string]cx.Answer, i int) *Question {
	q := qs[i]
	qv := &Question{Survey: sv, Q: q, Step: i + 1, Total: len(qs), Answer: answers[q.Key], Scale: scaleOf(q.Type), Criteria: q.Criteria()}
	if q.Type == cx.QMatrix {
		qv.Scale = scaleOf(cx.QMatrix)
	}
	qv.Last = i == len(qs)-1
	return qv
}
