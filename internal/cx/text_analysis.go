package cx

import "time"

// TextAnalysis is what cxm read in one feedback text (internal/text does
// the reading): its language, sentiment and score, whether it mixes praise
// and complaint, the aspects it mentions with their own sentiment, a copy
// with personal data replaced, and the model that read it.
type TextAnalysis struct {
	FeedbackID   string          `json:"-"`
	Language     string          `json:"language"`  // vi, en, other
	Sentiment    string          `json:"sentiment"` // one of Sentiments
	Score        float64         `json:"score"`     // −1 … 1
	Mixed        bool            `json:"mixed"`
	Aspects      []AspectOpinion `json:"aspects"`
	Redacted     string          `json:"redacted"`
	ModelVersion string          `json:"model_version"`
	AnalyzedAt   time.Time       `json:"analyzed_at"`
	// Correction is set when a member corrected the labels: Sentiment and
	// Aspects above are then the corrected ones.
	Correction *LabelCorrection `json:"correction,omitempty"`
}

// AspectOpinion is one aspect a text mentions and its sentiment there.
type AspectOpinion struct {
	Aspect    string `json:"aspect"`
	Sentiment string `json:"sentiment"`
}

// Sentiments, from bad to good.
var Sentiments = []string{"negative", "neutral", "positive"}

// TextLanguages are the languages the text analysis tells apart.
var TextLanguages = []string{LangVi, LangEn, "other"}

// The three sentiments by name.
const (
	SentimentNegative = "negative"
	SentimentNeutral  = "neutral"
	SentimentPositive = "positive"
)

// NegativeComment reports whether a text is a negative comment: the one
// rule everything that acts on "negative comments" (cases, alerts,
// analytics) shares — its sentiment, as analysed or as a member corrected
// it, is negative. A text not analysed yet is not one.
func NegativeComment(a *TextAnalysis) bool {
	return a != nil && a.Sentiment == SentimentNegative
}

// LabelCorrection is what a member said the analysis of a text should have
// read: its sentiment and, when they corrected them too, its aspects. The
// analysis shows the corrected labels, and the workspace's model learns
// from them.
type LabelCorrection struct {
	FeedbackID       string          `json:"feedback_id"`
	Sentiment        string          `json:"sentiment"`
	AspectsCorrected bool            `json:"aspects_corrected"`
	Aspects          []AspectOpinion `json:"aspects"`         // the corrected aspects, when AspectsCorrected
	ModelSentiment   string          `json:"model_sentiment"` // what the model had read
	CorrectedBy      string          `json:"corrected_by"`    // the member's or the API key's id
	CorrectedAt      time.Time       `json:"corrected_at"`
}

// CorrectLabel is a correction as the API and the inbox take it: a
// sentiment, and the aspects when they are corrected too (nil: keep what
// the analysis found).
type CorrectLabel struct {
	Sentiment string           `json:"sentiment"`
	Aspects   *[]AspectOpinion `json:"aspects"`
}

// TextAspect is an aspect a workspace adds to the default taxonomy, or
// phrases it adds to a default aspect (with that aspect's key).
type TextAspect struct {
	Key       string    `json:"key"`
	Name      Text      `json:"name"`
	Phrases   []string  `json:"phrases"`
	Default   bool      `json:"default"` // one of the default taxonomy's keys
	UpdatedAt time.Time `json:"updated_at"`
}
