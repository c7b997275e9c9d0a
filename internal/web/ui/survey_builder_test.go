package ui_test

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cxm/internal/cx"
	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// builderQuestion is a question as the builder's controls post it.
type builderQuestion struct {
	key, typ, vi, en, required string
	options                    [][3]string // key, Vietnamese, English
	ifQuestion, ifOp, ifValue  string
}

// controlsForm is a survey typed into the builder's form controls: every
// option a row of inputs, the condition three controls; the advanced text
// forms left as the page showed them (empty for a new survey).
func controlsForm(qs []builderQuestion) url.Values {
	f := url.Values{"name_vi": {"Góp ý"}, "name_en": {"Feedback"}, "status": {"active"}, "op": {"save"}}
	for i, q := range qs {
		f.Add("q_key", q.key)
		f.Add("q_type", q.typ)
		f.Add("q_title_vi", q.vi)
		f.Add("q_title_en", q.en)
		f.Add("q_required", q.required)
		f.Add("q_overall", "false")
		f.Add("q_if_question", q.ifQuestion)
		f.Add("q_if_op", q.ifOp)
		f.Add("q_if_value", q.ifValue)
		for _, name := range []string{"q_options", "q_options_was", "q_show_if", "q_show_if_was"} {
			f.Add(name, "")
		}
		n := string(rune('0' + i))
		for _, o := range append(q.options, [3]string{}) { // and the empty row at the end
			f.Add("q_opt_key_"+n, o[0])
			f.Add("q_opt_vi_"+n, o[1])
			f.Add("q_opt_en_"+n, o[2])
		}
	}
	return f
}

// textForm is the same survey in the text forms the builder had before.
func textForm(options, showIf []string, qs []builderQuestion) url.Values {
	f := url.Values{"name_vi": {"Góp ý"}, "name_en": {"Feedback"}, "status": {"active"}}
	for i, q := range qs {
		f.Add("q_key", q.key)
		f.Add("q_type", q.typ)
		f.Add("q_title_vi", q.vi)
		f.Add("q_title_en", q.en)
		f.Add("q_required", q.required)
		f.Add("q_overall", "false")
		f.Add("q_options", options[i])
		f.Add("q_show_if", showIf[i])
	}
	return f
}

var builderSurvey = []builderQuestion{
	{"nps", "nps", "Bạn có giới thiệu quán không?", "Would you recommend us?", "true", nil, "", "<=", ""},
	{"why", "single", "Điều gì chưa tốt?", "What went wrong?", "false",
		[][3]string{{"wait", "Chờ lâu", "Long wait"}, {"", "Đồ uống", "Drinks"}}, "nps", "<=", "6"},
	{"again", "single", "Bạn sẽ quay lại chứ?", "Will you come back?", "false",
		[][3]string{{"yes", "Có", "Yes"}, {"no", "Không", ""}}, "why", "choice", "wait"},
}

// savedQuestions posts a builder form and returns the questions stored.
func savedQuestions(t *testing.T, a *webtest.Env, c *webtest.Client, wsID string, form url.Values) string {
	t.Helper()
	c.Post("/surveys", form).Want(200, "Đã lưu")
	id := regexp.MustCompile(`action="/surveys/(sv_[a-z0-9]+)"`).FindStringSubmatch(c.Body)[1]
	sv, err := a.Store.Survey(context.Background(), wsID, id)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(sv.Questions)
	return string(b)
}

// TestUISurveyBuilderControlsSaveWhatTheTextDid: options typed as rows of
// inputs and a condition chosen in selects make the very survey the old
// mini-syntax made (it was the only way: "mã | tiếng Việt | tiếng Anh",
// "nps <= 6").
func TestUISurveyBuilderControlsSaveWhatTheTextDid(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	c.Get("/surveys/new").Want(200, "Thêm phương án", "Luôn hỏi", "Nâng cao: viết dạng văn bản")
	if !strings.Contains(c.Body, `name="q_opt_vi_0"`) || !strings.Contains(c.Body, `<select id="q-if_op-1" name="q_if_op">`) {
		t.Fatal("the builder has no option inputs or condition controls")
	}
	fromText := savedQuestions(t, a, c, ws, textForm(
		[]string{"", "wait | Chờ lâu | Long wait\nĐồ uống | Drinks", "yes | Có | Yes\nno | Không | "},
		[]string{"", "nps <= 6", "why = wait"}, builderSurvey))
	fromControls := savedQuestions(t, a, c, ws, controlsForm(builderSurvey))
	if fromText != fromControls {
		t.Errorf("the controls saved\n%s\nthe text saved\n%s", fromControls, fromText)
	}
	var qs []cx.Question
	_ = json.Unmarshal([]byte(fromControls), &qs)
	if len(qs) != 3 || len(qs[1].Options) != 2 || qs[1].Options[1].Key == "" || qs[1].ShowIf == nil || qs[1].ShowIf.Value != 6 ||
		qs[2].ShowIf == nil || qs[2].ShowIf.Op != "choice" || qs[2].ShowIf.Choice != "wait" {
		t.Errorf("got %s, want two options with keys and both conditions", fromControls)
	}
	// The saved survey shows in the controls, and saving it untouched
	// changes nothing.
	if !strings.Contains(c.Body, `value="Chờ lâu"`) || !strings.Contains(c.Body, `<option value="nps" selected>`) {
		t.Error("the saved survey does not show its options and condition in the controls")
	}

	// A text changed in the advanced part wins over the controls.
	form := controlsForm(builderSurvey)
	form["q_show_if"] = []string{"", "nps <= 8", ""}
	if got := savedQuestions(t, a, c, ws, form); !strings.Contains(got, `"value":8`) {
		t.Errorf("got %s, want the condition typed as text", got)
	}

	// A condition on a number that is none is refused with the field named.
	bad := controlsForm(builderSurvey)
	bad["q_if_value"] = []string{"", "sáu", ""}
	bad["q_if_op"] = []string{"<=", "<=", "choice"}
	c.Post("/surveys", bad).Want(400, "Viết điều kiện theo dạng")
}

// TestUISurveyBuilderAddsAndRemovesOptions: without JavaScript, "add an
// option" and × show the form again with the row added or gone, keeping
// what was typed and saving nothing.
func TestUISurveyBuilderAddsAndRemovesOptions(t *testing.T) {
	a := webtest.Start(t)
	c := a.Setup("vi")
	ws := uiWorkspace(t, a)
	form := controlsForm(builderSurvey)
	form.Set("op", "add_option:1")
	c.Post("/surveys", form).Want(200, "Khảo sát mới")
	for _, want := range []string{`id="q-opt-vi-1-1" name="q_opt_vi_1" value="Đồ uống"`, `id="q-opt-vi-1-2" name="q_opt_vi_1" value=""`, `id="q-opt-vi-1-3" name="q_opt_vi_1" value=""`} {
		if !strings.Contains(c.Body, want) {
			t.Errorf("after adding an option the form lacks %s", want)
		}
	}
	if strings.Contains(c.Body, `id="q-opt-vi-1-4"`) {
		t.Error("adding an option added more than one row")
	}
	form.Set("op", "remove_option:1:0")
	c.Post("/surveys", form).Want(200)
	if !strings.Contains(c.Body, `id="q-opt-vi-1-0" name="q_opt_vi_1" value="Đồ uống"`) || strings.Contains(c.Body, `value="Chờ lâu"`) {
		t.Error("removing the first option did not leave the second first")
	}
	if l, _ := a.Store.Surveys(context.Background(), ws, store.Page{}); len(l.Items) != 0 {
		t.Errorf("got %d surveys saved by the add and remove buttons, want none", len(l.Items))
	}
}
