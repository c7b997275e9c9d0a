// Package internal_test keeps the direction of imports between cxm's
// packages, as docs/development.md draws it: requests flow from the web
// surfaces through the feature packages to the store and the domain, and
// never back.
package internal_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "cxm/"

// featureOrder lists the feature packages; each may import only those
// before it (so there are no cycles). docs/development.md writes the same
// order down.
var featureOrder = []string{"account", "ingest", "csvio", "feedback", "imports", "analytics", "cases", "alerts", "demo"}

// leaves import nothing of ours but cx; cx imports nothing of ours.
var leaves = []string{"text", "phone", "secret", "money", "jsonvalue", "worktime"}

// layerOf names the layer of an import path of ours.
func layerOf(path string) string {
	rel := strings.TrimPrefix(path, module)
	switch {
	case strings.HasPrefix(rel, "cmd/"):
		return "cmd"
	case rel == "internal/web", strings.HasPrefix(rel, "internal/web/"):
		return "web"
	case rel == "internal/cx":
		return "cx"
	case rel == "internal/store", strings.HasPrefix(rel, "internal/store/"):
		return "store"
	case slices.Contains(leaves, strings.TrimPrefix(rel, "internal/")):
		return "leaf"
	}
	return "feature"
}

// webSurfaces may not import each other: what they share is in httpio and
// view.
var webSurfaces = []string{"internal/web/api", "internal/web/ui", "internal/web/public"}

// allowed reports why from may not import to, or "" when it may.
func allowed(from, to string, test bool) string {
	if from == to {
		return ""
	}
	fl, tl := layerOf(from), layerOf(to)
	f, t := strings.TrimPrefix(from, module), strings.TrimPrefix(to, module)
	if f == "internal/store/storetest" || f == "internal/web/webtest" {
		test = true // test helpers: what they import counts as a test's
	}
	switch {
	case tl == "cmd":
		return "nothing imports cmd"
	case tl == "web" && fl != "web" && fl != "cmd":
		return "only cmd/cxm and web's own packages import web"
	case t == "internal/store/storetest" && !test:
		return "storetest is for tests"
	case t == "internal/web/webtest" && !test:
		return "webtest is for tests"
	}
	switch fl {
	case "cx":
		return "cx imports nothing of ours"
	case "leaf":
		if tl != "cx" {
			return "a leaf imports nothing of ours but cx"
		}
	case "store":
		if tl != "leaf" && tl != "cx" && !(test && tl == "store") {
			return "store imports only leaves and cx"
		}
	case "feature":
		if tl == "feature" {
			fi := slices.Index(featureOrder, strings.TrimPrefix(f, "internal/"))
			ti := slices.Index(featureOrder, strings.TrimPrefix(t, "internal/"))
			if fi < 0 || ti < 0 {
				return "a feature package missing from featureOrder (add it here and in docs/development.md)"
			}
			if ti > fi {
				return "a feature package imports only those before it in featureOrder"
			}
		}
	case "web":
		if t == "internal/web" && f != "internal/web/webtest" {
			return "web's sub-packages do not import web itself (web imports them)"
		}
		if slices.Contains(webSurfaces, t) && f != "internal/web" && f != "internal/web/webtest" {
			return "a surface is imported only by web's routes"
		}
	}
	return ""
}

// imports maps each package of ours below dir to the packages of ours its
// files import, apart for tests and the rest.
func imports(t *testing.T, dir string) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{} // "pkg test?" → imports
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := module + filepath.ToSlash(filepath.Dir(path))
		key := pkg + " " + strconv.FormatBool(strings.HasSuffix(path, "_test.go"))
		if out[key] == nil {
			out[key] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, module) {
				out[key][p] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportsPointInward(t *testing.T) {
	// The test runs in internal/; walk the module from its root.
	root := ".."
	found := 0
	for _, dir := range []string{"internal", "cmd"} {
		for key, deps := range imports(t, filepath.Join(root, dir)) {
			pkg, test, _ := strings.Cut(key, " ")
			pkg = module + strings.TrimPrefix(pkg, module+"../")
			for dep := range deps {
				found++
				if why := allowed(pkg, dep, test == "true"); why != "" {
					t.Errorf("%s imports %s: %s", pkg, dep, why)
				}
			}
		}
	}
	if found < 50 {
		t.Fatalf("found %d imports of ours, want many more: is the walk in the right folder?", found)
	}
}

// TestImportRulesRefuse checks that the rules above refuse what they must,
// so that the test above cannot pass by allowing everything.
func TestImportRulesRefuse(t *testing.T) {
	for _, c := range []struct{ from, to string }{
		{"cxm/internal/cx", "cxm/internal/store"},
		{"cxm/internal/store", "cxm/internal/ingest"},
		{"cxm/internal/phone", "cxm/internal/store"},
		{"cxm/internal/text", "cxm/internal/phone"},
		{"cxm/internal/ingest", "cxm/internal/web"},
		{"cxm/internal/ingest", "cxm/internal/feedback"},
		{"cxm/internal/web/ui", "cxm/internal/web"},
		{"cxm/internal/web/ui", "cxm/internal/web/api"},
		{"cxm/internal/web/view", "cxm/internal/web/public"},
		{"cxm/internal/feedback", "cxm/internal/store/storetest"},
		{"cxm/internal/nosuch", "cxm/internal/ingest"},
	} {
		if allowed(c.from, c.to, false) == "" {
			t.Errorf("%s may import %s; want refused", c.from, c.to)
		}
	}
}
