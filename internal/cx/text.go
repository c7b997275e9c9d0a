package cx

import (
	"encoding/json"
	"strconv"
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

// oneOf reports whether v is one of the allowed values.
func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// Texts is a list of short texts in both languages, such as a stage's
// desired emotions. In JSON each item is {"vi": …, "en": …}; a plain string
// item is read as the Vietnamese text, so that lists written before the
// texts became bilingual (and clients that send strings) still read.
type Texts []Text

// UnmarshalJSON reads a list whose items are objects or strings.
func (ts *Texts) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(Texts, 0, len(raw))
	for _, r := range raw {
		var t Text
		var s string
		if err := json.Unmarshal(r, &s); err == nil {
			t.Vi = s
		} else if err := json.Unmarshal(r, &t); err != nil {
			return err
		}
		out = append(out, t)
	}
	*ts = out
	return nil
}

// In returns the texts in lang, each falling back to the other language.
func (ts Texts) In(lang string) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(lang)
	}
	return out
}

// PairTexts makes a list from two lists of lines, the i-th English line
// translating the i-th Vietnamese one; lines empty in both are dropped.
func PairTexts(vi, en []string) Texts {
	n := max(len(vi), len(en))
	out := make(Texts, 0, n)
	for i := 0; i < n; i++ {
		var t Text
		if i < len(vi) {
			t.Vi = vi[i]
		}
		if i < len(en) {
			t.En = en[i]
		}
		if t = t.trimmed(); t != (Text{}) {
			out = append(out, t)
		}
	}
	return out
}

// cleanTexts trims the items and drops empty ones.
func cleanTexts(items Texts) Texts {
	out := make(Texts, 0, len(items))
	for _, t := range items {
		if t = t.trimmed(); t != (Text{}) {
			out = append(out, t)
		}
	}
	return out
}

// validateTexts checks a list of short bilingual texts.
func validateTexts(field string, items Texts, maxItems, maxLen int) error {
	if len(items) > maxItems {
		return FieldErrorf(field, "%s has more than %d items", field, maxItems)
	}
	for i, t := range items {
		if err := validateText(field+"["+strconv.Itoa(i)+"]", t, maxLen, true); err != nil {
			return err
		}
	}
	return nil
}
