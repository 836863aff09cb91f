package parley_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The rooms of the house and the doors between them; docs/architecture.md
// says the same in prose. Every package of the module belongs to one room,
// and a package may import only from the rooms its room lists (its own
// included). A new package fails TestArchitecture until it is given a room
// here, so that where code goes stays a decision.
const module = "github.com/parley-talks/parley"

var rooms = map[string][]string{
	// The domain: the root's types, rules and interfaces, and the pure
	// engines and formats beside it. No storage, no transport, no service.
	"domain": {
		".", "analysis", "auditlog", "diff", "gap", "guard", "seal",
		"format/akn", "format/docx", "format/genius", "format/geniusweb",
		"format/internal/layout", "format/markdown", "format/pdf", "format/scenario",
		"inproc",
	},
	// Storage: the SQL shared by both dialects and the two backends.
	"storage": {"sqlstore", "sqlite", "postgres"},
	// The one service, on the root's interfaces only.
	"service": {"workspace"},
	// Transport: the JSON API and the pages, on the service.
	"transport": {"http", "http/internal/i18n"},
	// The demo scenario, loaded through the service.
	"demo": {"demo"},
	// Observability: the Prometheus metrics, fed by the transport's
	// Observer and the service's event broker; nothing but the command
	// imports it.
	"observability": {"metrics"},
	// The command wires everything together.
	"command": {"cmd/parley"},
	// Test support: suites, fixtures and helpers that tests import.
	"testsupport": {
		"auditlog/auditlogtest", "storetest", "postgres/pgtest",
		"internal/draftfixture", "internal/shareddata", "internal/testenv",
		"http/internal/schematest", "format/internal/formattest",
	},
}

// doors says which rooms each room may import from.
var doors = map[string][]string{
	"domain":        {"domain"},
	"storage":       {"domain", "storage"},
	"service":       {"domain"},
	"transport":     {"domain", "service", "transport"},
	"demo":          {"domain", "service"},
	"command":       {"domain", "storage", "service", "transport", "demo", "observability"},
	"observability": {"domain"},
	"testsupport":   {"domain", "storage", "service", "demo", "testsupport"},
}

// forbiddenStd lists standard-library packages a room must not import:
// the domain stays free of databases and HTTP (habit 1 of CONVENTIONS.md).
var forbiddenStd = map[string][]string{
	"domain": {"database/sql", "net/http"},
}

// TestArchitecture checks every non-test import of every package of the
// module against the rooms and doors above.
func TestArchitecture(t *testing.T) {
	for _, problem := range checkDoors(packageImports(t)) {
		t.Error(problem)
	}
}

// TestArchitectureCatchesWrongDoors makes sure the check can fail: storage
// importing the service, the domain importing storage or net/http, and a
// package without a room are each refused.
func TestArchitectureCatchesWrongDoors(t *testing.T) {
	for _, tc := range []struct {
		dir, imp, want string
	}{
		{"postgres", module + "/workspace", "postgres (storage) imports workspace (service)"},
		{".", module + "/sqlite", ". (domain) imports sqlite (storage)"},
		{"analysis", "net/http", "analysis (domain) imports net/http"},
		{"gap", module + "/http", "gap (domain) imports http (transport)"},
		{"newroom", "fmt", "package newroom has no room"},
	} {
		got := checkDoors(map[string][]string{tc.dir: {"fmt", tc.imp}})
		if len(got) != 1 || !strings.Contains(got[0], tc.want) {
			t.Errorf("%s importing %s: got %q, want one problem saying %q", tc.dir, tc.imp, got, tc.want)
		}
	}
	if got := checkDoors(map[string][]string{"http": {module + "/workspace", module}}); len(got) != 0 {
		t.Errorf("http importing workspace and the root: got %q, want no problem", got)
	}
}

// checkDoors returns one sentence for each import that goes through a
// door its room does not have, and for each package without a room.
func checkDoors(imports map[string][]string) []string {
	roomOf := map[string]string{}
	for room, pkgs := range rooms {
		for _, p := range pkgs {
			roomOf[p] = room
		}
	}
	var problems []string
	for dir, imps := range imports {
		room, ok := roomOf[dir]
		if !ok {
			problems = append(problems, fmt.Sprintf("package %s has no room: add it to rooms in architecture_test.go and to docs/architecture.md", dir))
			continue
		}
		for _, imp := range imps {
			rel, inModule := strings.CutPrefix(imp, module)
			if !inModule {
				if slices.Contains(forbiddenStd[room], imp) {
					problems = append(problems, fmt.Sprintf("%s (%s) imports %s, which the %s room must not", dir, room, imp, room))
				}
				continue
			}
			if rel = strings.TrimPrefix(rel, "/"); rel == "" {
				rel = "."
			}
			if to, known := roomOf[rel]; known && !slices.Contains(doors[room], to) {
				problems = append(problems, fmt.Sprintf("%s (%s) imports %s (%s): %s may import only from %v", dir, room, rel, to, room, doors[room]))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// TestSizes keeps the rooms small enough to see across: no non-test
// function over 80 lines and no non-test file over 500 lines.
func TestSizes(t *testing.T) {
	const maxFunc, maxFile = 80, 500
	fset := token.NewFileSet()
	for _, file := range goFiles(t, false) {
		f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if ast.IsGenerated(f) {
			continue
		}
		if n := fset.Position(f.End()).Line; n > maxFile {
			t.Errorf("%s has %d lines, more than %d: split it by meaning", file, n, maxFile)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
			if n > maxFunc {
				t.Errorf("%s: %s has %d lines, more than %d: split it by meaning", file, fn.Name.Name, n, maxFunc)
			}
		}
	}
}

// packageImports returns, for each package directory of the module
// (relative, "." for the root), the imports of its non-test files.
func packageImports(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string][]string{}
	for _, file := range goFiles(t, false) {
		f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		dir := path.Dir(filepath.ToSlash(file))
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(out[dir], imp) {
				out[dir] = append(out[dir], imp)
			}
		}
		if _, ok := out[dir]; !ok {
			out[dir] = nil
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %d packages: is the test running at the module root?", len(out))
	}
	return out
}

// goFiles lists the module's Go files, relative to the module root,
// skipping testdata and, unless tests is set, _test.go files.
func goFiles(t *testing.T, tests bool) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules") {
				return filepath.SkipDir
			}
			if p != "." {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") && (tests || !strings.HasSuffix(p, "_test.go")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
