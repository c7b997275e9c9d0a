package cx

// AnalyticsSettings are a workspace's choices for the behaviour measures.
type AnalyticsSettings struct {
	// ConversionDays is how long after a touch an order still counts as its
	// conversion, and the lookback of attribution.
	ConversionDays int `json:"conversion_days"`
	// ChurnDays is how long a one-time buyer may go without a second order
	// before they are at risk of churning.
	ChurnDays int `json:"churn_days"`
}

// DefaultAnalyticsSettings are the settings of a workspace that never set them.
var DefaultAnalyticsSettings = AnalyticsSettings{ConversionDays: 7, ChurnDays: 90}

// Validate checks the settings.
func (s AnalyticsSettings) Validate() error {
	if s.ConversionDays < 1 || s.ConversionDays > 365 {
		return FieldErrorf("conversion_days", "conversion_days must be between 1 and 365")
	}
	if s.ChurnDays < 1 || s.ChurnDays > 3650 {
		return FieldErrorf("churn_days", "churn_days must be between 1 and 3650")
	}
	return nil
}
