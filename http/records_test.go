package http

import (
	"github.com/parley-talks/parley/http/internal/i18n"
	"go/ast"
	"go/parser"
	"go/token"
	"golang.org/x/text/language"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// workspaceStrings returns the string constants of the workspace's
// non-test source.
func workspaceStrings(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../workspace/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no workspace source: %v", err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out
}

// actionCodeRE is the form of the audit log's action codes.
var actionCodeRE = regexp.MustCompile(`^[a-z]+(\.[a-z][a-z-]*)+$`)

// TestEveryActionHasAPhrase: every action code the workspace's source
// can write to the audit log has a plain phrase for the record pages,
// and no phrase is left for a code the workspace no longer writes.
func TestEveryActionHasAPhrase(t *testing.T) {
	written := map[string]bool{}
	for _, s := range workspaceStrings(t) {
		if actionCodeRE.MatchString(s) {
			written[s] = true
		}
	}
	if len(written) < 40 {
		t.Fatalf("found only %d action codes in the workspace's source: the scan is broken", len(written))
	}
	for code := range written {
		if p := actionPhrase(code); p == code || p == "" {
			t.Errorf("the action %q has no phrase in actionPhrases", code)
		}
	}
	for code := range actionPhrases {
		if !written[code] {
			t.Errorf("actionPhrases has %q, which the workspace never writes", code)
		}
	}
}

// TestEveryObjectHasALabel: every form of object the workspace's source
// names in its audit records is put into words, with the talks' parties
// and members by name.
func TestEveryObjectHasALabel(t *testing.T) {
	forms := 0
	for _, s := range workspaceStrings(t) {
		if !strings.HasPrefix(s, "talks/%d") && !strings.HasPrefix(s, "accounts/%d") {
			continue
		}
		forms++
		object := strings.ReplaceAll(strings.ReplaceAll(s, "%d", "7"), "%s", "ru")
		if got := objectLabel(english, nil, object); got == object || strings.Contains(got, "/") {
			t.Errorf("the object form %q has no label: got %q", s, got)
		}
	}
	if forms < 20 {
		t.Fatalf("found only %d object forms in the workspace's source: the scan is broken", forms)
	}
	tv := &workspace.TalksView{
		Parties: []parley.Party{{ID: 2, Name: "Russia"}},
		Members: []parley.Member{{ID: 5, PartyID: 2, Username: "russia-aide", DisplayName: "Mikhail Ivanov"}},
	}
	for object, want := range map[string]string{
		"talks/1/drafts/3/points/12/stances/2":      "Draft 3, point {#12}: Russia's stance",
		"talks/1/members/5":                         "Mikhail Ivanov",
		"talks/1/members/6":                         "A former member",
		"talks/1/analysis/profiles/2":               "Russia's preferences",
		"talks/1/drafts/2/points/9/translations/ru": "Draft 2, point {#9}: its ru text",
		"accounts/russia-aide":                      "Mikhail Ivanov",
		"talks/1/something/new":                     "talks/1/something/new",
	} {
		if got := objectLabel(english, tv, object); got != want {
			t.Errorf("objectLabel(%q) = %q, want %q", object, got, want)
		}
	}
}

// english is the printer of the interface's source language.
var english = i18n.For(language.English)
