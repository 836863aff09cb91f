package http

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"github.com/parley-talks/parley/http/internal/i18n"
	"golang.org/x/text/language"
)

// The catalogue test: every word a page or an API error shows is in the
// Russian and the Ukrainian catalogues. The templates' text is read from
// their parse trees: any text with letters outside the t function fails,
// and so does any key of t, of the Go code's translating calls (page.tr,
// Printer.Sprintf and T, the record's object forms) and of the errors
// made by parley.Errorf, Invalid and NotFound that has no entry.

// notWords are texts of the templates that are names, not words to
// translate.
var notWords = []string{"Parley", "English", "Русский", "Українська"}

// TestCatalogue fails on a template's text outside t, and on any key
// missing from the Russian or the Ukrainian catalogue.
func TestCatalogue(t *testing.T) {
	keys := map[string]string{} // key → where it is used
	for _, name := range templateNames(t) {
		src, err := fs.ReadFile(templateFS, "html/"+name)
		if err != nil {
			t.Fatal(err)
		}
		found, err := templateTexts(name, string(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range found.keys {
			keys[k] = name
			if strings.ContainsAny(k, "<>&") {
				t.Errorf("%s: the key %q holds markup: t's text is printed as it is", name, k)
			}
		}
		for _, w := range found.untranslated {
			t.Errorf("%s: %q is not translated: wrap it in {{t …}}", name, w)
		}
	}
	for k, where := range goKeys(t) {
		keys[k] = where
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for _, tag := range []language.Tag{language.Russian, language.Ukrainian} {
		var missing []string
		for k, where := range keys {
			if !i18n.Has(tag, k) {
				missing = append(missing, fmt.Sprintf("%q (%s)", k, where))
			}
		}
		for _, k := range i18n.Keys(tag) {
			tr := i18n.Text(tag, k)
			if strings.ContainsAny(tr, "<>&") {
				t.Errorf("%s: the translation of %q holds markup: t's text is printed as it is", tag, k)
			}
			for _, form := range forms(t, tr) {
				if !slices.Equal(verbs(form), verbs(k)) && !strings.Contains(form, "%[") {
					t.Errorf("%s: %q translates %q with other verbs", tag, form, k)
				}
			}
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Errorf("%s: no translation of %s", tag, m)
		}
	}
	t.Logf("%d keys, each in ru and uk", len(keys))
}

var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// verbs are the formatting verbs of a format, sorted, %% left out.
func verbs(format string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(format, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// forms are the texts of a catalogue entry: the string, or each plural
// form.
func forms(t *testing.T, entry string) []string {
	var s string
	if json.Unmarshal([]byte(entry), &s) == nil {
		return []string{s}
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(entry), &m); err != nil {
		t.Fatalf("entry %s: %v", entry, err)
	}
	var out []string
	for _, v := range m {
		if f, ok := v.(string); ok {
			out = append(out, f)
		}
	}
	return out
}

// TestCatalogueFindsWhatIsMissing: the scans behind TestCatalogue find
// a word outside t, in text and in a label, and a key of no catalogue.
func TestCatalogueFindsWhatIsMissing(t *testing.T) {
	src := `{{define "content"}}<h1>{{t "Drafts"}}</h1><p>Hello {{.Name}}</p>` +
		`<input aria-label="Search" value="{{.V}}"><a title="{{t "Drafts"}}">&rarr; Parley</a>` +
		`{{if .X}}<b>{{t "No such words anywhere"}}</b>{{end}}<script>var x = "words";</script>{{end}}`
	found, err := templateTexts("probe.tmpl", src)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Hello", "Search"}; !slices.Equal(found.untranslated, want) {
		t.Errorf("untranslated: %q, want %q", found.untranslated, want)
	}
	if want := []string{"Drafts", "Drafts", "No such words anywhere"}; !slices.Equal(found.keys, want) {
		t.Errorf("keys: %q, want %q", found.keys, want)
	}
	if i18n.Has(language.Ukrainian, "No such words anywhere") || !i18n.Has(language.Ukrainian, "Drafts") {
		t.Error("i18n.Has does not tell a key of the catalogue from one that is not")
	}
}

func templateNames(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(templateFS, "html/*.tmpl")
	if err != nil || len(names) < 20 {
		t.Fatalf("templates: %v, %v", names, err)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

// texts is what a template shows: the keys it translates, and the texts
// with letters it does not.
type texts struct {
	keys, untranslated []string
}

// templateTexts reads a template's parse trees.
func templateTexts(name, src string) (texts, error) {
	funcs := map[string]any{}
	for _, fn := range []string{"t", "lang", "static", "pct", "date", "label", "add", "list3", "list", "dict", "commonPasswords",
		"mul", "deref", "person", "name", "byParty", "term", "aka", "action", "object", "lower", "stanceName", "language",
		"scriptTexts", "textLang"} {
		funcs[fn] = fmt.Sprint
	}
	for _, fn := range builtinFuncs {
		funcs[fn] = fmt.Sprint
	}
	trees, err := parse.Parse(name, src, "", "", funcs)
	if err != nil {
		return texts{}, err
	}
	var out texts
	var names []string
	for n := range trees {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var sk strings.Builder
		skeleton(trees[n].Root, &sk, &out.keys)
		out.untranslated = append(out.untranslated, untranslatedIn(sk.String())...)
	}
	return out, nil
}

var builtinFuncs = []string{"and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
	"slice", "html", "js", "urlquery", "call"}

// skeleton writes a template's text with each action as \x00 (a
// translated one as \x01), and collects the keys of t.
func skeleton(n parse.Node, b *strings.Builder, keys *[]string) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			skeleton(c, b, keys)
		}
	case *parse.TextNode:
		b.Write(n.Text)
	case *parse.ActionNode:
		if pipeKeys(n.Pipe, keys) {
			b.WriteByte(1)
		} else {
			b.WriteByte(0)
		}
	case *parse.IfNode:
		branch(&n.BranchNode, b, keys)
	case *parse.RangeNode:
		branch(&n.BranchNode, b, keys)
	case *parse.WithNode:
		branch(&n.BranchNode, b, keys)
	case *parse.TemplateNode:
		pipeKeys(n.Pipe, keys)
		b.WriteByte(0)
	}
}

func branch(n *parse.BranchNode, b *strings.Builder, keys *[]string) {
	pipeKeys(n.Pipe, keys)
	b.WriteByte(0)
	skeleton(n.List, b, keys)
	b.WriteByte(0)
	skeleton(n.ElseList, b, keys)
	b.WriteByte(0)
}

// pipeKeys collects the keys of the calls of t in a pipeline and reports
// whether it is one.
func pipeKeys(p *parse.PipeNode, keys *[]string) bool {
	if p == nil {
		return false
	}
	isT := false
	for _, c := range p.Cmds {
		if id, ok := c.Args[0].(*parse.IdentifierNode); ok && id.Ident == "t" && len(c.Args) > 1 {
			if s, ok := c.Args[1].(*parse.StringNode); ok {
				*keys = append(*keys, s.Text)
				isT = true
			}
		}
		for _, a := range c.Args {
			if sub, ok := a.(*parse.PipeNode); ok {
				pipeKeys(sub, keys)
			}
		}
	}
	return isT
}

var (
	entityRE = regexp.MustCompile(`&#?[a-zA-Z0-9]+;`)
	// labelAttrs are the attributes whose value people read or hear.
	labelAttrs = []string{"aria-label", "title", "placeholder", "alt", "aria-roledescription", "aria-description"}
)

// untranslatedIn finds the texts with letters in a skeleton: in the
// content of elements (not scripts or styles) and in the attributes
// people read.
func untranslatedIn(sk string) []string {
	var out []string
	report := func(s string) {
		s = strings.TrimSpace(strings.Map(func(r rune) rune {
			if r < 2 {
				return ' '
			}
			return r
		}, entityRE.ReplaceAllString(s, " ")))
		rest := s
		for _, w := range notWords {
			rest = strings.ReplaceAll(rest, w, "")
		}
		if strings.IndexFunc(rest, unicode.IsLetter) >= 0 {
			out = append(out, s)
		}
	}
	for i := 0; i < len(sk); {
		lt := strings.IndexByte(sk[i:], '<')
		if lt < 0 {
			splitReport(sk[i:], report)
			break
		}
		splitReport(sk[i:i+lt], report)
		i += lt
		end := tagEnd(sk, i)
		tag := sk[i:end]
		for _, v := range attrValues(tag) {
			report(v)
		}
		i = end
		for _, raw := range []string{"script", "style"} {
			if strings.HasPrefix(strings.ToLower(tag), "<"+raw) {
				if j := strings.Index(sk[i:], "</"+raw); j >= 0 {
					i += j
				}
			}
		}
		if strings.HasPrefix(tag, "<!--") {
			if j := strings.Index(sk[i-len(tag):], "-->"); j >= 0 {
				i = i - len(tag) + j + 3
			}
		}
	}
	return out
}

// splitReport reports each stretch of text between actions.
func splitReport(text string, report func(string)) {
	for _, s := range strings.FieldsFunc(text, func(r rune) bool { return r == 0 || r == 1 }) {
		report(s)
	}
}

// tagEnd is the index after the '>' closing the tag at i, quotes minded.
func tagEnd(s string, i int) int {
	var quote byte
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		}
	}
	return len(s)
}

var attrRE = regexp.MustCompile(`\s([a-zA-Z-]+)\s*=\s*("[^"]*"|'[^']*')`)

// attrValues are the values of a tag's labelAttrs.
func attrValues(tag string) []string {
	var out []string
	for _, m := range attrRE.FindAllStringSubmatch(tag, -1) {
		if slices.Contains(labelAttrs, strings.ToLower(m[1])) {
			out = append(out, m[2][1:len(m[2])-1])
		}
	}
	return out
}

// goKeys collects the keys of the Go code: the English formats of its
// translating calls and of the errors the domain and the service make,
// with the words of the tables the pages translate by code.
func goKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	for _, tbl := range []map[string]string{terms, actionPhrases, stanceNames, adminDone} {
		for _, v := range tbl {
			keys[v] = "a table of http"
		}
	}
	for _, k := range scriptKeys() {
		keys[k] = "a script of static"
	}
	root := filepath.Join("..")
	var files [][2]string // path, relative path
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(d.Name(), ".") || slices.Contains([]string{"cmd", "demo", "storetest", "internal", "examples", "contrib", "scripts", "docs"}, rel) ||
				strings.HasSuffix(rel, "test") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		files = append(files, [2]string{p, rel})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	parsed := make([]*ast.File, len(files))
	for i, f := range files {
		if parsed[i], err = parser.ParseFile(token.NewFileSet(), f[0], nil, 0); err != nil {
			t.Fatal(err)
		}
		stringConsts(parsed[i], consts)
	}
	for i, f := range parsed {
		fileKeys(f, files[i][1], consts, keys)
	}
	return keys
}

// stringConsts collects a file's string constants, by name.
func stringConsts(f *ast.File, consts map[string]string) {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						consts[n.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
}

// fileKeys collects the keys of one Go file.
func fileKeys(f *ast.File, rel string, consts, keys map[string]string) {
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		name, recv := callee(call)
		arg := -1
		suffix := ""
		switch {
		case name == "tr" || name == "T" && recv != "" || name == "Sprintf" && recv != "" && recv != "fmt" || name == "numbered" || name == "fixed":
			arg = 0
		case name == "Errorf" && (recv == "parley" || recv == "" && f.Name.Name == "parley"):
			if len(call.Args) > 0 && strings.HasSuffix(exprString(call.Args[0]), "EINTERNAL") {
				return true
			}
			arg = 1
		case name == "Invalid" && (recv == "parley" || recv == "" && f.Name.Name == "parley"):
			arg = 1
		case name == "NotFound" && (recv == "parley" || recv == "" && f.Name.Name == "parley"):
			arg, suffix = 0, " not found"
		case name == "waits" || name == "sprintf" || name == "timelineEntry":
			arg = map[string]int{"waits": 1, "sprintf": 0, "timelineEntry": 3}[name]
		case notFoundHelpers[name] > 0:
			// The helpers that make a NotFound of what they are given.
			arg, suffix = notFoundHelpers[name]-1, " not found"
		}
		if arg < 0 || arg >= len(call.Args) {
			return true
		}
		if s, ok := stringValue(call.Args[arg], consts); ok {
			keys[s+suffix] = rel
		}
		return true
	})
}

// stringValue is the value of a constant string expression: a literal, a
// string constant, or a sum of them.
func stringValue(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(e.Value)
		return s, err == nil && e.Kind == token.STRING
	case *ast.Ident:
		s, ok := consts[e.Name]
		return s, ok
	case *ast.ParenExpr:
		return stringValue(e.X, consts)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			x, okx := stringValue(e.X, consts)
			y, oky := stringValue(e.Y, consts)
			return x + y, okx && oky
		}
	}
	return "", false
}

// notFoundHelpers are the functions whose argument (at index n-1) names
// what a NotFound error says was not found; expectOne is sqlstore's,
// returning the function that takes it.
var notFoundHelpers = map[string]int{"notFound": 2, "only": 3, "pathID": 2, "expectOne": 1}

// callee is the name of a call's function and the name its selector is
// on ("fmt" for fmt.Sprintf, "" for a plain call).
func callee(call *ast.CallExpr) (name, recv string) {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name, ""
	case *ast.SelectorExpr:
		return fn.Sel.Name, exprString(fn.X)
	case *ast.CallExpr:
		if name, _ := callee(fn); name == "expectOne" {
			return name, ""
		}
	}
	return "", ""
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	}
	return "?"
}
