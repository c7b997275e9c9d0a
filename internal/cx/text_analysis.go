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
