package cx

import "testing"

func TestCaseRuleMatches(t *testing.T) {
	score := func(v float64) *float64 { return &v }
	nps := func(v float64) Feedback {
		return Feedback{CustomerID: "c", QuestionType: QNPS, Score: score(v), ScaleMax: 10}
	}
	review := func(v float64) Feedback {
		return Feedback{CustomerID: "c", Kind: KindReview, Score: score(v), ScaleMin: 1, ScaleMax: 5}
	}
	negative := Feedback{CustomerID: "c", Text: "chờ lâu", Analysis: &TextAnalysis{Aspects: []AspectOpinion{{Aspect: "wait_time", Sentiment: "negative"}}}}
	defaults := DefaultCaseRules()
	npsRule, reviewRule := defaults[0], defaults[1]
	aspect := CaseRule{Kind: RuleAspect, Aspect: "wait_time", Enabled: true}
	csat := CaseRule{Kind: RuleCSAT, MaxScore: 2, Enabled: true}
	for _, tc := range []struct {
		name string
		r    CaseRule
		f    Feedback
		want bool
	}{
		{"detractor", npsRule, nps(6), true},
		{"passive", npsRule, nps(7), false},
		{"nps rule ignores reviews", npsRule, review(1), false},
		{"two stars", reviewRule, review(2), true},
		{"three stars", reviewRule, review(3), false},
		{"no customer", npsRule, Feedback{QuestionType: QNPS, Score: score(0)}, false},
		{"turned off", CaseRule{Kind: RuleNPS, MaxScore: 6}, nps(0), false},
		{"other touchpoint", CaseRule{Kind: RuleNPS, MaxScore: 6, Enabled: true, TouchpointID: "tp_a"}, nps(0), false},
		{"negative aspect", aspect, negative, true},
		{"not analysed yet", aspect, Feedback{CustomerID: "c", Text: "chờ lâu"}, false},
		{"csat 2", csat, Feedback{CustomerID: "c", QuestionType: QCSAT, Score: score(2)}, true},
		{"csat 3", csat, Feedback{CustomerID: "c", QuestionType: QCSAT, Score: score(3)}, false},
	} {
		if got := tc.r.Matches(tc.f); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCaseRuleValidate(t *testing.T) {
	for _, tc := range []struct {
		r     CaseRule
		field string
	}{
		{CaseRule{Kind: "sms"}, "kind"},
		{CaseRule{Kind: RuleNPS, MaxScore: 11}, "max_score"},
		{CaseRule{Kind: RuleReview, MaxScore: 0}, "max_score"},
		{CaseRule{Kind: RuleAspect, Aspect: "Wait Time"}, "aspect"},
		{CaseRule{Kind: RuleNPS, MaxScore: 6, Priority: "now"}, "priority"},
	} {
		err := tc.r.Validate()
		if e, ok := err.(*Error); !ok || e.Field != tc.field {
			t.Errorf("%+v: got %v, want an error about %s", tc.r, err, tc.field)
		}
	}
}

func TestCaseMoves(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{CaseNew, CaseContacted, true}, {CaseNew, CaseReopened, false}, {CaseResolved, CaseReopened, true},
		{CaseClosed, CaseResolved, false}, {CaseClosed, CaseReopened, true}, {CaseContacted, CaseNew, false},
		{CaseReopened, CaseResolved, true}, {CaseNew, "done", false},
	} {
		if err := CheckCaseMove(tc.from, tc.to); (err == nil) != tc.ok {
			t.Errorf("%s → %s: got %v, want allowed %v", tc.from, tc.to, err, tc.ok)
		}
	}
}
