package cx

// Score measures: what an answer or a review counts towards. docs/metrics.md
// has the formulas.
const (
	MeasureNPS       = "nps"       // NPS questions, 0–10
	MeasureCSAT      = "csat"      // CSAT questions, 1–5
	MeasureCES       = "ces"       // CES questions, 1–7
	MeasureStars     = "stars"     // star questions and reviews with a rating, on 1–5
	MeasureCriterion = "criterion" // each row of a rating matrix, 1–5
)

// Measures lists the score measures.
var Measures = []string{MeasureNPS, MeasureCSAT, MeasureCES, MeasureStars, MeasureCriterion}

// AnswerChannels lists how an answer may come: a survey link, its QR code, an
// email invitation, the site widget, the API, a file import, Zalo or SMS.
var AnswerChannels = []string{"link", "qr", "email", "widget", "api", "import", "zalo", "sms"}

// ScoreOf says which measure a feedback row counts towards and its value on
// that measure's scale; ok is false for rows that count towards none (text,
// choices, notes, rows without a score). A review's rating on another scale
// is converted linearly to 1–5. This is the one rule: rollups are built and
// rebuilt with it.
func ScoreOf(f Feedback) (measure string, value float64, ok bool) {
	if f.Score == nil {
		return "", 0, false
	}
	s := *f.Score
	if f.Source == "survey" {
		switch f.QuestionType {
		case QNPS:
			return MeasureNPS, s, true
		case QCSAT:
			return MeasureCSAT, s, true
		case QCES:
			return MeasureCES, s, true
		case QRating:
			return MeasureStars, s, true
		case QMatrix:
			return MeasureCriterion, s, true
		}
		return "", 0, false
	}
	if f.Kind != KindReview || f.ScaleMax <= f.ScaleMin {
		return "", 0, false
	}
	if f.ScaleMin == 1 && f.ScaleMax == 5 {
		return MeasureStars, s, true
	}
	return MeasureStars, 1 + 4*(s-f.ScaleMin)/(f.ScaleMax-f.ScaleMin), true
}
