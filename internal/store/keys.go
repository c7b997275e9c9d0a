package store

import (
	"strings"

	"cxm/internal/cx"
	"cxm/internal/text"
)

// Keys made from names. A stage, touchpoint, question or option saved
// without a key gets one made from its name here, just before it is
// validated, because every surface (API, pages, import, demo) saves through
// the store; cx itself only refuses a key that is not a slug.

// keyFrom makes a key from a name: the English one, else the Vietnamese,
// without surrounding white space.
func keyFrom(name cx.Text) string {
	name = cx.Text{Vi: strings.TrimSpace(name.Vi), En: strings.TrimSpace(name.En)}
	return text.Slug(name.In(cx.LangEn))
}

// fillStageKeys gives each stage without a key one made from its name.
func fillStageKeys(stages []cx.Stage) {
	for i := range stages {
		if stages[i].Key == "" {
			stages[i].Key = keyFrom(stages[i].Name)
		}
	}
}

// fillTouchpointKey gives a touchpoint without a key one made from its name.
func fillTouchpointKey(t *cx.Touchpoint) {
	if t.Key == "" {
		t.Key = keyFrom(t.Name)
	}
}

// FillQuestionKeys gives each question without a key one made from its
// title, and each option without a key one made from its label, as saving a
// survey does; the survey builder's preview calls it before
// cx.ValidateQuestions.
func FillQuestionKeys(qs []cx.Question) {
	for i := range qs {
		q := &qs[i]
		if q.Key == "" {
			q.Key = keyFrom(q.Title)
		}
		for j := range q.Options {
			if q.Options[j].Key == "" {
				q.Options[j].Key = keyFrom(q.Options[j].Label)
			}
		}
	}
}
