package view

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"cxm/internal/cx"
)

func uiCatalogue(t *testing.T) *catalogue {
	t.Helper()
	c, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUICatalogueLanguagesHaveSameKeys(t *testing.T) {
	c := uiCatalogue(t)
	for _, pair := range [][2]string{{cx.LangVi, cx.LangEn}, {cx.LangEn, cx.LangVi}} {
		for k, v := range c.msgs[pair[0]] {
			if _, ok := c.msgs[pair[1]][k]; !ok {
				t.Errorf("%s.json has %q, %s.json does not", pair[0], k, pair[1])
			}
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s.json: %q is empty", pair[0], k)
			}
		}
	}
}

// uiTemplateTrees parses every template file into its parse trees.
func uiTemplateTrees(t *testing.T) map[string]map[string]*parse.Tree {
	t.Helper()
	out := map[string]map[string]*parse.Tree{}
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := templateFS.ReadFile(path)
		if err != nil {
			return err
		}
		trees := map[string]*parse.Tree{}
		tr := parse.New(path)
		tr.Mode = parse.SkipFuncCheck
		if _, err := tr.Parse(string(src), "", "", trees); err != nil {
			return err
		}
		out[path] = trees
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// uiWalk visits every node of a tree in document order.
func uiWalk(n parse.Node, visit func(parse.Node)) {
	if n == nil {
		return
	}
	visit(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				uiWalk(c, visit)
			}
		}
	case *parse.IfNode:
		uiWalk(n.Pipe, visit)
		uiWalk(n.List, visit)
		uiWalk(n.ElseList, visit)
	case *parse.RangeNode:
		uiWalk(n.Pipe, visit)
		uiWalk(n.List, visit)
		uiWalk(n.ElseList, visit)
	case *parse.WithNode:
		uiWalk(n.Pipe, visit)
		uiWalk(n.List, visit)
		uiWalk(n.ElseList, visit)
	case *parse.ActionNode:
		uiWalk(n.Pipe, visit)
	case *parse.TemplateNode:
		uiWalk(n.Pipe, visit)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				uiWalk(c, visit)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			uiWalk(a, visit)
		}
	}
}

// uiKeyArgs are the partials' arguments that hold catalogue keys.
var uiKeyArgs = []string{"Label", "Hint", "Question", "Confirm", "Empty"}

func TestUITemplatesUseKnownKeys(t *testing.T) {
	c := uiCatalogue(t)
	used := 0
	for path, trees := range uiTemplateTrees(t) {
		for _, tree := range trees {
			uiWalk(tree.Root, func(n parse.Node) {
				cmd, ok := n.(*parse.CommandNode)
				if !ok || len(cmd.Args) < 2 {
					return
				}
				id, ok := cmd.Args[0].(*parse.IdentifierNode)
				if !ok {
					return
				}
				var keys []string
				switch id.Ident {
				case "t":
					if s, ok := cmd.Args[1].(*parse.StringNode); ok {
						keys = append(keys, s.Text)
					}
				case "dict":
					for i := 1; i+1 < len(cmd.Args); i += 2 {
						k, ok1 := cmd.Args[i].(*parse.StringNode)
						v, ok2 := cmd.Args[i+1].(*parse.StringNode)
						if ok1 && ok2 && slices.Contains(uiKeyArgs, k.Text) {
							keys = append(keys, v.Text)
						}
					}
				}
				for _, k := range keys {
					used++
					for _, lang := range []string{cx.LangVi, cx.LangEn} {
						if _, ok := c.msgs[lang][k]; !ok {
							t.Errorf("%s uses key %q, missing from %s.json", path, k, lang)
						}
					}
				}
			})
		}
	}
	if used < 100 {
		t.Fatalf("found only %d key uses in the templates: is the test looking at them?", used)
	}
}

var (
	uiTag          = regexp.MustCompile(`(?s)<[^>]*>`)
	uiVisibleAttr  = regexp.MustCompile(`\b(title|placeholder|aria-label|alt|label)="([^"]*)"`)
	uiEntity       = regexp.MustCompile(`&[a-zA-Z]+;|&#[0-9]+;`)
	uiHTMLComments = regexp.MustCompile(`(?s)<!--.*?-->`)
)

// TestUITemplatesHaveNoRawText fails when a template shows words that do
// not come from the catalogue: letters in text between tags, or in
// attributes people read (title, placeholder, aria-label, alt, label).
func TestUITemplatesHaveNoRawText(t *testing.T) {
	hasLetter := func(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }
	for path, trees := range uiTemplateTrees(t) {
		for name, tree := range trees {
			var b strings.Builder
			uiWalk(tree.Root, func(n parse.Node) {
				switch n := n.(type) {
				case *parse.TextNode:
					b.Write(n.Text)
				case *parse.ActionNode, *parse.TemplateNode:
					b.WriteString("\x00")
				}
			})
			page := uiHTMLComments.ReplaceAllString(b.String(), "")
			page = strings.Replace(page, "<!doctype html>", "", 1)
			for _, tag := range uiTag.FindAllString(page, -1) {
				for _, m := range uiVisibleAttr.FindAllStringSubmatch(tag, -1) {
					if hasLetter(m[2]) {
						t.Errorf("%s (%s): attribute %s=%q is not translated", path, name, m[1], m[2])
					}
				}
			}
			for _, text := range uiTag.Split(page, -1) {
				text = uiEntity.ReplaceAllString(text, "")
				if hasLetter(text) {
					t.Errorf("%s (%s): text %q is not translated: use {{t \"key\"}}", path, name, strings.TrimSpace(text))
				}
			}
		}
	}
}

// uiErrorFormats returns the literal format strings given to cx.Errorf and
// cx.FieldErrorf in the Go files that match the patterns.
func uiErrorFormats(t *testing.T, patterns ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, pat := range patterns {
		files, err := filepath.Glob(pat)
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files match %s", pat)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) < 2 {
					return true
				}
				var name string
				switch fn := call.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				if name != "Errorf" && name != "FieldErrorf" {
					return true
				}
				if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err == nil {
						out[s] = fset.Position(lit.Pos()).String()
					}
				}
				return true
			})
		}
	}
	return out
}

func TestUIErrorMessagesTranslated(t *testing.T) {
	c := uiCatalogue(t)
	// The messages people may see on a page: the domain, the feature
	// packages, and every surface but the JSON plumbing and /v1.
	formats := uiErrorFormats(t, "../../cx/*.go", "../../store/*.go", "../../ingest/*.go", "../../analytics/*.go", "../../csvio/*.go", "../../money/*.go", "../../feedback/*.go", "../../account/*.go", "../../cases/*.go",
		"../auth.go", "../httpio/session.go", "../httpio/filters.go", "*.go", "../ui/*.go", "../api/*.go",
		"../public/survey.go", "../public/widget.go", "../public/render.go")
	if len(formats) < 50 {
		t.Fatalf("found only %d error formats: is the test looking at the sources?", len(formats))
	}
	for f, where := range formats {
		vi, ok := c.msgs[cx.LangVi][f]
		if !ok {
			t.Errorf("%s: error format %q has no Vietnamese entry in i18n/vi.json", where, f)
			continue
		}
		if strings.Count(vi, "%") != strings.Count(f, "%") {
			t.Errorf("vi.json: %q and its translation %q have different verbs", f, vi)
		}
		if c.msgs[cx.LangEn][f] != f {
			t.Errorf("en.json: %q must map to itself", f)
		}
	}
	e := cx.FieldErrorf("name", "%s is required, in Vietnamese or English", "name")
	if got, want := c.errorText(cx.LangVi, e), "Cần nhập Tên, bằng tiếng Việt hoặc tiếng Anh"; got != want {
		t.Errorf("errorText(vi) = %q, want %q", got, want)
	}
	if got, want := c.errorText(cx.LangEn, e), "Name is required, in Vietnamese or English"; got != want {
		t.Errorf("errorText(en) = %q, want %q", got, want)
	}
}

func TestUIDomainValuesHaveLabels(t *testing.T) {
	c := uiCatalogue(t)
	roles := make([]string, 0, len(cx.Roles))
	for _, r := range cx.Roles {
		roles = append(roles, string(r))
	}
	for prefix, values := range map[string][]string{
		"phase": cx.Phases, "phase_long": cx.Phases, "channel": cx.Channels, "mode": cx.Modes,
		"status": cx.Statuses, "kpi": cx.KPIs, "comparator": cx.Comparators, "unit": cx.Units,
		"content": cx.ContentKinds, "role": roles, "role_help": roles,
		"template": append(slices.Clone(cx.Templates), cx.TemplateCustom),
		"key":      {cx.KeyWrite, cx.KeySecret}, "lang": {cx.LangVi, cx.LangEn},
		"scope":    {cx.ScopeJourney, cx.ScopeStage, cx.ScopeTouchpoint},
		"identity": cx.IdentityKinds, "event_type": cx.EventTypes, "source": cx.Sources,
		"notice": notices, "error.title": {"400", "403", "404", "409", "429", "500"},
	} {
		for _, v := range values {
			for _, lang := range []string{cx.LangVi, cx.LangEn} {
				if _, ok := c.msgs[lang][prefix+"."+v]; !ok {
					t.Errorf("%s.json has no label %q", lang, prefix+"."+v)
				}
			}
		}
	}
}

func TestUIAcceptLanguage(t *testing.T) {
	for header, want := range map[string]string{
		"": "vi", "en-US,en;q=0.9": "en", "vi-VN,vi;q=0.9,en;q=0.8": "vi", "fr,en;q=0.5": "en",
		"en;q=0.3,vi;q=0.8": "vi", "de": "vi",
	} {
		if got := AcceptLanguage(header); got != want {
			t.Errorf("AcceptLanguage(%q) = %s, want %s", header, got, want)
		}
	}
}
