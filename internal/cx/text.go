package cx

import (
	"strings"
	"unicode/utf8"
)

// Languages cxm speaks. Vietnamese first: it is the default everywhere.
const (
	LangVi = "vi"
	LangEn = "en"
)

// Text is a user-facing text in Vietnamese and English.
type Text struct {
	Vi string `json:"vi"`
	En string `json:"en"`
}

// In returns the text in lang, falling back to the other language when that
// one is empty.
func (t Text) In(lang string) string {
	if lang == LangEn && t.En != "" {
		return t.En
	}
	if t.Vi != "" {
		return t.Vi
	}
	return t.En
}

// trimmed returns t with surrounding white space removed.
func (t Text) trimmed() Text {
	return Text{Vi: strings.TrimSpace(t.Vi), En: strings.TrimSpace(t.En)}
}

// validateText checks that at least one language is given and neither is
// longer than max characters.
func validateText(field string, t Text, max int, required bool) error {
	if required && t.Vi == "" && t.En == "" {
		return FieldErrorf(field, "%s is required, in Vietnamese or English", field)
	}
	if utf8.RuneCountInString(t.Vi) > max {
		return FieldErrorf(field+".vi", "%s.vi is longer than %d characters", field, max)
	}
	if utf8.RuneCountInString(t.En) > max {
		return FieldErrorf(field+".en", "%s.en is longer than %d characters", field, max)
	}
	return nil
}

// validateString checks a plain text field's length.
func validateString(field, s string, max int, required bool) error {
	if required && s == "" {
		return FieldErrorf(field, "%s is required", field)
	}
	if utf8.RuneCountInString(s) > max {
		return FieldErrorf(field, "%s is longer than %d characters", field, max)
	}
	return nil
}

// validateList checks a list of short texts.
func validateList(field string, items []string, maxItems, maxLen int) error {
	if len(items) > maxItems {
		return FieldErrorf(field, "%s has more than %d items", field, maxItems)
	}
	for _, s := range items {
		if err := validateString(field, s, maxLen, true); err != nil {
			return err
		}
	}
	return nil
}

// cleanList trims the items and drops empty ones.
func cleanList(items []string) []string {
	out := make([]string, 0, len(items))
	for _, s := range items {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// oneOf reports whether v is one of the allowed values.
func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}
