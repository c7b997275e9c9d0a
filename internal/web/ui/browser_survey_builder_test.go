package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"cxm/internal/store"
	"cxm/internal/web/webtest"
)

// TestBrowserSurveyBuilderByKeyboard builds a question on a 375 px phone
// with the keyboard alone: a single-choice question, two options typed in
// their rows (the second added with "Add an option"), asked only when the
// NPS is at most 6; Enter saves, and the survey shows them.
func TestBrowserSurveyBuilderByKeyboard(t *testing.T) {
	env := webtest.Start(t)
	c := env.Setup("vi")
	ws := uiWorkspace(t, env)
	pc := env.NewPageChecker(t, c)
	ctx := pc.Ctx()
	run := webtest.BrowserRunner(t, ctx)
	eval := webtest.BrowserEvaluator(t, ctx)
	focused := func(want string) {
		t.Helper()
		if got := eval(`document.activeElement.id`); got != want {
			t.Fatalf("focus is on %q, want %q", got, want)
		}
	}
	keys := func(what, s string) { t.Helper(); run(what, chromedp.KeyEvent(s)) }

	run("open the builder on a phone", chromedp.EmulateViewport(375, 800, webtest.BrowserMobile(375)),
		chromedp.Navigate(env.URL+"/surveys/new"), chromedp.WaitVisible(chromedp.CSS(`#q-title_vi-1`)))
	if hidden := eval(`document.getElementById("q-opts-0").hidden`); hidden != true {
		t.Error("the options of the NPS question show")
	}
	run("the name", chromedp.Focus(chromedp.CSS(`#f-name_vi`)))
	keys("type the name", "Góp ý sau bữa\tAfter the meal")
	run("the type of question 2", chromedp.Focus(chromedp.CSS(`#q-type-1`)))
	for range 5 { // nps, csat, ces, rating, matrix, single
		keys("choose the type", kb.ArrowDown)
	}
	if v := eval(`document.getElementById("q-type-1").value`); v != "single" {
		t.Fatalf("the type is %v, want single", v)
	}
	if hidden := eval(`document.getElementById("q-opts-1").hidden`); hidden != false {
		t.Fatal("the options of a single-choice question do not show")
	}
	run("the title", chromedp.Focus(chromedp.CSS(`#q-title_vi-1`)))
	keys("type the title", "Điều gì chưa tốt?\tWhat went wrong?")
	run("the first option", chromedp.Focus(chromedp.CSS(`#q-opt-key-1-0`)))
	keys("type the first option", "wait\tChờ lâu\tLong wait\t")
	focused("") // the × button has no id
	keys("to Add an option", "\t")
	if got := eval(`document.activeElement.dataset.addOption`); got != "1" {
		t.Fatalf("focus is on %v, want the Add an option button of question 2", got)
	}
	keys("add an option", kb.Enter)
	focused("q-opt-key-1-1")
	keys("type the second option", "drinks\tĐồ uống\tDrinks")

	run("the condition", chromedp.Focus(chromedp.CSS(`#q-if_question-1`)))
	keys("ask after the NPS", kb.ArrowDown)
	if v := eval(`document.getElementById("q-if_question-1").value + " " + document.getElementById("q-if_op-1").value`); v != "nps <=" {
		t.Fatalf("the condition reads %v, want nps <=", v)
	}
	run("the value", chromedp.Focus(chromedp.CSS(`#q-if_value-1`)))
	keys("at most 6", "6")
	saveShot(t, ctx, webtest.BrowserShots(t), "vi-survey-builder-typed-375")
	keys("save with Enter", kb.Enter)
	waitCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(waitCtx, chromedp.WaitVisible(chromedp.CSS(`p.notice`))); err != nil {
		saveShot(t, ctx, webtest.BrowserShots(t), "vi-survey-builder-not-saved-375")
		t.Fatalf("Enter did not save the survey: %v", err)
	}

	l, err := env.Store.Surveys(context.Background(), ws, store.Page{})
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("got %v, %v, want one survey saved", l.Items, err)
	}
	qs := l.Items[0].Questions
	if len(qs) != 2 || qs[1].Type != "single" || len(qs[1].Options) != 2 || qs[1].Options[0].Key != "wait" || qs[1].Options[1].Label.En != "Drinks" ||
		qs[1].ShowIf == nil || qs[1].ShowIf.Question != "nps" || qs[1].ShowIf.Op != "<=" || qs[1].ShowIf.Value != 6 {
		t.Fatalf("got questions %+v, want the second with two options, shown when nps <= 6", qs)
	}
	body := eval(`document.querySelector("main").innerText`).(string)
	for _, want := range []string{"Chờ lâu", "Long wait", "Đồ uống", "Drinks"} {
		if !strings.Contains(body, want) {
			t.Errorf("the saved survey's preview lacks %q", want)
		}
	}
	for _, sel := range []string{`#q-opt-vi-1-0[value="Chờ lâu"]`, `#q-opt-en-1-1[value="Drinks"]`, `#q-if_question-1 option[value="nps"][selected]`, `#q-if_value-1[value="6"]`} {
		if n := eval(`document.querySelectorAll(` + "`" + sel + "`" + `).length`); n != float64(1) {
			t.Errorf("the saved survey's form lacks %s", sel)
		}
	}
	for _, p := range pc.Check("vi-survey-builder", env.URL+"/surveys/"+l.Items[0].ID, 375, 1280) {
		t.Error(p)
	}
}

// saveShot writes a screenshot of the whole page into dir.
func saveShot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
