package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"cxm/internal/cx"
)

// The survey builder's questions. Each question row has its options as
// rows of inputs (key, Vietnamese, English) and its condition as three
// controls (question, comparison, value). The text forms of both — one
// option a line, "key | Vietnamese | English", and "nps <= 6" — stay as an
// advanced choice: a text changed from the one the page showed wins over
// the controls. Both read into the same question, so a survey saved from
// either is the same survey.

// optionRow is an option of the builder form, as typed.
type optionRow struct{ Key, Vi, En string }

func (o optionRow) blank() bool { return o.Key == "" && o.Vi == "" && o.En == "" }

// questionRow is a question of the builder form, as typed. Posted is the
// row's place in the posted form, which its inputs' names and buttons use.
type questionRow struct {
	Key, Type, TitleVi, TitleEn, Required, Overall string
	Opts                                           []optionRow // the options, then the empty rows to fill
	IfQuestion, IfOp, IfValue                      string      // the condition's controls
	Options, OptionsWas, ShowIf, ShowIfWas         string      // the text forms, and as the page showed them
	Posted                                         int
}

// branchOps are the comparisons a condition's control offers.
var branchOps = []string{"<=", ">=", "=", "choice"}

// Ops lists the comparisons a condition's control offers.
func (f *surveyForm) Ops() []string { return branchOps }

// setQuestion fills the row's controls and text forms from q.
func (row *questionRow) setQuestion(q cx.Question) {
	row.Opts = nil
	for _, o := range q.Options {
		row.Opts = append(row.Opts, optionRow{Key: o.Key, Vi: o.Label.Vi, En: o.Label.En})
	}
	row.Options = optionsText(q.Options)
	row.OptionsWas = row.Options
	row.IfQuestion, row.IfOp, row.IfValue = "", "<=", ""
	if b := q.ShowIf; b != nil {
		row.IfQuestion, row.IfOp = b.Question, b.Op
		if b.Op == "choice" {
			row.IfValue = b.Choice
		} else {
			row.IfValue = strconv.FormatFloat(b.Value, 'f', -1, 64)
		}
	}
	row.ShowIf = showIfText(q.ShowIf)
	row.ShowIfWas = row.ShowIf
}

// withBlank adds empty option rows until there are n at the end.
func (row *questionRow) withBlank(n int) {
	blank := 0
	for i := len(row.Opts) - 1; i >= 0 && row.Opts[i].blank(); i-- {
		blank++
	}
	for ; blank < n; blank++ {
		row.Opts = append(row.Opts, optionRow{})
	}
}

// optionsText is the text form of options: "key | Vietnamese | English".
func optionsText(opts []cx.Option) string {
	var lines []string
	for _, o := range opts {
		lines = append(lines, o.Key+" | "+o.Label.Vi+" | "+o.Label.En)
	}
	return strings.Join(lines, "\n")
}

// showIfText is the text form of a condition: "nps <= 6", "quote = yes".
func showIfText(b *cx.Branch) string {
	switch {
	case b == nil:
		return ""
	case b.Op == "choice":
		return b.Question + " = " + b.Choice
	default:
		return b.Question + " " + b.Op + " " + strconv.FormatFloat(b.Value, 'f', -1, 64)
	}
}

// parseOptions reads the text form of options, one a line: "key |
// Vietnamese | English", key and English optional.
func parseOptions(text string) []cx.Option {
	var out []cx.Option
	for _, line := range strings.Split(text, "\n") {
		parts := strings.Split(line, "|")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		switch {
		case len(parts) >= 3:
			out = append(out, cx.Option{Key: parts[0], Label: cx.Text{Vi: parts[1], En: parts[2]}})
		case len(parts) == 2:
			out = append(out, cx.Option{Label: cx.Text{Vi: parts[0], En: parts[1]}})
		case parts[0] != "":
			out = append(out, cx.Option{Label: cx.Text{Vi: parts[0]}})
		}
	}
	return out
}

// branch makes a condition from its three parts, as the text form and the
// controls both give them: a number compares a score, anything else is an
// option chosen.
func branch(field, question, op, value string) (*cx.Branch, error) {
	if question == "" {
		return nil, nil
	}
	b := &cx.Branch{Question: question, Op: op}
	if n, err := strconv.ParseFloat(value, 64); err == nil && op != "choice" {
		b.Value = n
	} else if value != "" && (op == "choice" || op == "=") {
		b.Op, b.Choice = "choice", value
	} else {
		return nil, cx.FieldErrorf(field, "write the condition as: question <= 6, question >= 9 or question = option")
	}
	return b, nil
}

// readQuestionRow reads the posted row i of the builder.
func readQuestionRow(pf map[string][]string, i int) questionRow {
	v := func(k string) string { return strings.TrimSpace(at(pf[k], i)) }
	row := questionRow{Key: v("q_key"), Type: at(pf["q_type"], i), TitleVi: v("q_title_vi"), TitleEn: v("q_title_en"),
		Required: at(pf["q_required"], i), Overall: at(pf["q_overall"], i), Posted: i,
		IfQuestion: v("q_if_question"), IfOp: v("q_if_op"), IfValue: v("q_if_value"),
		Options: at(pf["q_options"], i), OptionsWas: at(pf["q_options_was"], i), ShowIf: v("q_show_if"), ShowIfWas: v("q_show_if_was")}
	n := strconv.Itoa(i)
	keys, vis, ens := pf["q_opt_key_"+n], pf["q_opt_vi_"+n], pf["q_opt_en_"+n]
	for j := range vis {
		row.Opts = append(row.Opts, optionRow{Key: strings.TrimSpace(at(keys, j)), Vi: strings.TrimSpace(at(vis, j)), En: strings.TrimSpace(at(ens, j))})
	}
	return row
}

// empty reports whether nothing was typed in the row: it is left out.
func (row questionRow) empty() bool {
	if row.TitleVi != "" || row.TitleEn != "" || row.Key != "" {
		return false
	}
	for _, o := range row.Opts {
		if !o.blank() {
			return false
		}
	}
	return true
}

// question turns a row into a question, i being its place in the survey.
func (row questionRow) question(i int) (cx.Question, error) {
	q := cx.Question{Key: row.Key, Type: row.Type, Title: cx.Text{Vi: row.TitleVi, En: row.TitleEn}, Required: row.Required == "true", Overall: row.Overall == "true"}
	if changed(row.Options, row.OptionsWas) {
		q.Options = parseOptions(row.Options)
	} else {
		q.Options = rowOptions(row.Opts)
	}
	field := fmt.Sprintf("questions[%d].show_if", i)
	var err error
	if changed(row.ShowIf, row.ShowIfWas) {
		if row.ShowIf != "" {
			f := strings.Fields(row.ShowIf)
			if len(f) != 3 {
				return q, cx.FieldErrorf(field, "write the condition as: question <= 6, question >= 9 or question = option")
			}
			q.ShowIf, err = branch(field, f[0], f[1], f[2])
		}
	} else {
		q.ShowIf, err = branch(field, row.IfQuestion, row.IfOp, row.IfValue)
	}
	return q, err
}

// changed reports whether a text form was edited from what the page showed.
func changed(text, was string) bool {
	norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	return norm(text) != norm(was)
}

// builderOp is what a builder button asked for beyond saving: another
// option row for a question, or one removed.
type builderOp struct {
	kind        string // "", add_option or remove_option
	row, option int    // the posted row and option
}

func readBuilderOp(r *http.Request) builderOp {
	parts := strings.Split(r.PostFormValue("op"), ":")
	if len(parts) < 2 || parts[0] != "add_option" && parts[0] != "remove_option" {
		return builderOp{}
	}
	op := builderOp{kind: parts[0], option: -1}
	var err error
	if op.row, err = strconv.Atoi(parts[1]); err != nil {
		return builderOp{}
	}
	if len(parts) == 3 {
		op.option, _ = strconv.Atoi(parts[2])
	}
	return op
}

// apply carries the op out on the form's rows, and on the survey they
// preview, and readies the rows to show again: every question has an
// empty option row to fill at the end (two after "add an option").
func (op builderOp) apply(f *surveyForm, sv *cx.Survey) {
	for n := range f.Questions {
		row := &f.Questions[n]
		extra := 1
		if row.Posted == op.row && op.kind == "add_option" {
			extra = 2
		}
		if row.Posted == op.row && op.kind == "remove_option" && op.option >= 0 && op.option < len(row.Opts) {
			row.Opts = append(row.Opts[:op.option:op.option], row.Opts[op.option+1:]...)
			opts := rowOptions(row.Opts)
			row.Options, row.OptionsWas = optionsText(opts), optionsText(opts)
			if n < len(sv.Questions) {
				sv.Questions[n].Options = opts
			}
		}
		row.withBlank(extra)
	}
}

func rowOptions(opts []optionRow) []cx.Option {
	var out []cx.Option
	for _, o := range opts {
		if !o.blank() {
			out = append(out, cx.Option{Key: o.Key, Label: cx.Text{Vi: o.Vi, En: o.En}})
		}
	}
	return out
}

// Before returns the questions before row n: what its condition may ask
// about.
func (f *surveyForm) Before(n int) []questionRow { return f.Questions[:min(n, len(f.Questions))] }
